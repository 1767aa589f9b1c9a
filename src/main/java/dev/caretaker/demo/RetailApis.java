package dev.caretaker.demo;

import dev.caretaker.demo.api.GithubStandIn;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What manual 002's retail integration keeps outside its database, planted in stand-ins of the providers' APIs: its
 * workflows in GitHub Actions (one repository, one workflow per retailer and kind, run hourly).
 */
final class RetailApis {
    static final String REPOSITORY = "greenline/retail-integration";
    private static final List<String> RETAILERS = List.of("nationwide-plants", "botanical-interests", "epic-gardening", "test-retail-store");
    private static final Map<String, Integer> KINDS = Map.of("order-import", 5, "fulfillment-push", 20, "inventory-sync", 40);
    private static final int HOURS = 48;

    private RetailApis() {
    }

    /**
     * Two days of hourly runs of every workflow, with what manual 002's troubleshooting is about planted: Epic Gardening's
     * fulfilment push fails one run in five (a rotated Shopify token), Test Retail Store's order import stopped five hours
     * ago, and Botanical Interests' inventory sync runs before anyone listed it.
     */
    static GithubStandIn github(int port, String token) throws IOException {
        GithubStandIn gh = new GithubStandIn(token, port);
        Instant now = Instant.now();
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        long id = 9_100_000_000L;
        for (String retailer : RETAILERS) {
            for (String kind : List.of("order-import", "fulfillment-push", "inventory-sync")) {
                boolean live = !kind.equals("inventory-sync") || retailer.equals("nationwide-plants");
                boolean tried = kind.equals("inventory-sync") && retailer.equals("botanical-interests");
                if (!live && !tried) {
                    continue;
                }
                String file = retailer + "-" + kind + ".yml";
                String name = title(retailer) + ": " + kind.replace('-', ' ');
                gh.workflow(REPOSITORY, name, file);
                for (int g = 0; g <= (tried ? 3 : HOURS); g++) {
                    Instant created = hour.minus(g, ChronoUnit.HOURS).plus(KINDS.get(kind), ChronoUnit.MINUTES);
                    if (created.isAfter(now) || retailer.equals("test-retail-store") && kind.equals("order-import") && g <= 5) {
                        continue; // this hour's run only once its minute has come; the stalled import not for five hours
                    }
                    boolean failed = retailer.equals("epic-gardening") && kind.equals("fulfillment-push") && g > 0 && g % 5 == 0;
                    long runId = id++;
                    gh.run(REPOSITORY, runId, name, file, failed ? "failure" : "success", created, 1 + g % 3);
                    if (failed) {
                        Map<String, String> steps = new LinkedHashMap<>();
                        steps.put("Set up job", "success");
                        steps.put("Load retailer config", "success");
                        steps.put("Push fulfilments to Shopify", "failure");
                        steps.put("Email the summary", "skipped");
                        gh.job(REPOSITORY, runId, "push-fulfillments", "failure", steps);
                    }
                }
            }
        }
        return gh;
    }

    private static String title(String slug) {
        StringBuilder out = new StringBuilder();
        for (String w : slug.split("-")) {
            out.append(out.isEmpty() ? "" : " ").append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        return out.toString();
    }
}
