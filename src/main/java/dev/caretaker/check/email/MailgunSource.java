package dev.caretaker.check.email;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.check.api.ApiClient;
import dev.caretaker.check.api.ApiException;
import dev.caretaker.config.EmailDeliveryConfig;
import dev.caretaker.config.Section;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code source: mailgun}: a sending domain's totals from Mailgun's stats API, "Stats" → "Totals for entire domain":
 * {@code GET /v3/{domain}/stats/total} with {@code event=delivered&event=failed&event=complained}, {@code start} and
 * {@code end} as Unix epochs, {@code resolution} {@code hour} (Mailgun keeps hourly stats for about a month) or {@code day}.
 * The answer is one object whose {@code stats} array has one entry per hour or day; it is not paginated and sends no ETag.
 * HTTP Basic auth with user {@code api} and the API key as the password ("API Reference" → "Authentication").
 */
final class MailgunSource extends EmailSource {
    static final String NAME = "mailgun";
    private static final String DOMAIN = "[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?";
    /** Hourly stats are kept for a month: a longer window is counted by the day. */
    private static final Duration HOURLY_UP_TO = Duration.ofDays(30);
    /** The permanent failures of the "failed" event, as the stats API names them. */
    private static final List<String> PERMANENT = List.of("bounce", "delayed-bounce", "suppress-bounce", "suppress-unsubscribe",
            "suppress-complaint");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    String provider() {
        return "Mailgun";
    }

    @Override
    List<String> ownKeys() {
        return List.of("domain");
    }

    @Override
    URI defaultBaseUrl() {
        return EmailDeliveryConfig.MAILGUN_BASE_URL;
    }

    @Override
    String[] sender(Section s, boolean strict) {
        String domain = strict ? s.required("domain").orElse(null) : s.string("domain", null);
        if (domain != null && !domain.matches(DOMAIN)) {
            s.problem("domain", "'" + domain + "' is not a domain name; write the sending domain as Mailgun lists it, e.g. mg.example.com");
        }
        return new String[] {domain, null, null};
    }

    @Override
    ApiClient client(EmailDeliveryConfig config, Clock clock) {
        return new ApiClient("Mailgun", config.api(), Map.of("Accept", "application/json"), config.name(), clock,
                ApiClient.Auth.basic("api")).readScope("a Mailgun API key with read access to the domain; a domain sending key "
                + "can only send");
    }

    @Override
    DeliveryCounts count(EmailDeliveryConfig config, ApiClient api, Instant now) throws ApiException, InterruptedException {
        boolean hourly = config.window().compareTo(HOURLY_UP_TO) <= 0;
        Instant from = now.minus(config.window()).truncatedTo(hourly ? ChronoUnit.HOURS : ChronoUnit.DAYS);
        String query = "?event=delivered&event=failed&event=complained&start=" + from.getEpochSecond() + "&end=" + now.getEpochSecond()
                + "&resolution=" + (hourly ? "hour" : "day");
        JsonNode body = api.get(api.url("/v3/" + config.domain() + "/stats/total" + query)).body();
        long delivered = 0;
        long failed = 0;
        long complained = 0;
        long deferred = 0;
        Map<String, Long> failures = new LinkedHashMap<>();
        for (JsonNode entry : body.path("stats")) {
            delivered += entry.path("delivered").path("total").asLong(0);
            complained += entry.path("complained").path("total").asLong(0);
            JsonNode permanent = entry.path("failed").path("permanent");
            long parts = 0;
            for (String reason : PERMANENT) {
                long n = permanent.path(reason).asLong(0);
                parts += n;
                if (n > 0) {
                    failures.merge(reason, n, Long::sum);
                }
            }
            failed += permanent.has("total") ? permanent.path("total").asLong(0) : parts;
            JsonNode temporary = entry.path("failed").path("temporary");
            deferred += temporary.has("total") ? temporary.path("total").asLong(0) : temporary.path("espblock").asLong(0);
        }
        long bounced = failures.getOrDefault("bounce", 0L) + failures.getOrDefault("delayed-bounce", 0L);
        return new DeliveryCounts(delivered, failed, bounced, complained, deferred, failures, from);
    }
}
