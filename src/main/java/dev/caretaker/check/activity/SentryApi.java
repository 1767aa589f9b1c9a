package dev.caretaker.check.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.check.api.ApiClient;
import dev.caretaker.check.api.ApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Sentry endpoints the sentry source reads (https://docs.sentry.io/api/): "List an Organization's Projects" (slug to
 * id), "Retrieve Event Counts for an Organization (v2)" ({@code stats_v2}: hourly event counts per outcome) and "List an
 * Organization's Issues" (the issues first seen since a time). Authentication is "Authentication" (a bearer token);
 * pagination is "Paginating Results" (a {@code Link} header whose links carry {@code results="true|false"}).
 */
final class SentryApi {
    /** The outcomes counted as events the app sent: stored, or dropped for the organization's quota ("Stats" outcomes). */
    static final Set<String> COUNTED = Set.of("accepted", "rate_limited");
    static final String FIELD = "sum(quantity)";

    /** Hourly counts: index 0 is the hour in progress, 1 the hour before it, and so on; with the outcomes of the window. */
    record Hours(long[] counts, Map<String, Long> outcomes) {
    }

    /** One issue as "List an Organization's Issues" returns it. */
    record Issue(String id, String shortId, String title, String culprit, Instant firstSeen, long count, String level,
                 String permalink, String project) {
        static Issue of(JsonNode n) {
            Instant first = null;
            try {
                first = Instant.parse(n.path("firstSeen").asText());
            } catch (DateTimeParseException e) {
                // left null: said as unknown
            }
            long count;
            try {
                count = Long.parseLong(n.path("count").asText("0")); // Sentry sends the count as a string
            } catch (NumberFormatException e) {
                count = 0;
            }
            return new Issue(n.path("id").asText(), n.path("shortId").asText(null), n.path("title").asText(""),
                    n.path("culprit").asText(""), first, count, n.path("level").asText("error"), n.path("permalink").asText(null),
                    n.path("project").path("slug").asText(""));
        }
    }

    private final ApiClient api;
    private final String org;

    SentryApi(ApiClient api, String org) {
        this.api = api;
        this.org = org;
    }

    /** The ids of the projects named by slug; a slug the organization does not have is an error listing those it has. */
    Map<String, String> projectIds(List<String> slugs) throws ApiException, InterruptedException {
        Map<String, String> all = new TreeMap<>();
        for (JsonNode p : api.all(api.url("/api/0/organizations/" + enc(org) + "/projects/?per_page=100"), null)) {
            all.put(p.path("slug").asText(), p.path("id").asText());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String slug : slugs) {
            String id = all.get(slug);
            if (id == null) {
                throw new ApiException("Sentry organization " + org + " has no project '" + slug + "' the token can see"
                        + (all.isEmpty() ? " (it sees none)" : "; its projects: " + String.join(", ", all.keySet())), 404);
            }
            out.put(slug, id);
        }
        return out;
    }

    /**
     * The events of {@code category} ({@code error}, {@code transaction}) of one project per hour over the last
     * {@code hours} hours and the hour in progress, counting the {@link #COUNTED} outcomes; the window's first
     * {@code windowHours + 1} hours' outcomes are summed apart for the evidence.
     */
    Hours hourly(String projectId, String category, int hours, int windowHours, Instant now) throws ApiException, InterruptedException {
        String query = "?field=" + enc(FIELD) + "&groupBy=outcome&category=" + enc(category) + "&interval=1h&statsPeriod=" + (hours + 1)
                + "h&project=" + enc(projectId);
        JsonNode body = api.get(api.url("/api/0/organizations/" + enc(org) + "/stats_v2/" + query)).body();
        Instant current = now.truncatedTo(ChronoUnit.HOURS);
        List<Integer> index = new ArrayList<>();
        for (JsonNode i : body.path("intervals")) {
            try {
                long h = Duration.between(Instant.parse(i.asText()), current).toHours();
                index.add(h >= 0 && h <= hours ? (int) h : -1);
            } catch (DateTimeParseException e) {
                index.add(-1);
            }
        }
        long[] counts = new long[hours + 1];
        Map<String, Long> outcomes = new TreeMap<>();
        for (JsonNode g : body.path("groups")) {
            String outcome = g.path("by").path("outcome").asText("");
            JsonNode series = g.path("series").path(FIELD);
            for (int k = 0; k < series.size() && k < index.size(); k++) {
                int h = index.get(k);
                long n = series.get(k).asLong();
                if (h < 0 || n == 0) {
                    continue;
                }
                if (h <= windowHours) {
                    outcomes.merge(outcome, n, Long::sum);
                }
                if (COUNTED.contains(outcome)) {
                    counts[h] += n;
                }
            }
        }
        return new Hours(counts, outcomes);
    }

    /** The unresolved issues of the projects first seen after {@code since}, newest first, every page. */
    List<Issue> newIssues(List<String> projectIds, String environment, Instant since, Instant now) throws ApiException, InterruptedException {
        long hours = Math.max(1, Duration.between(since, now).toHours() + 1);
        StringBuilder q = new StringBuilder("?query=" + enc("is:unresolved firstSeen:>" + since.truncatedTo(ChronoUnit.SECONDS))
                + "&sort=new&limit=100&statsPeriod=" + hours + "h");
        projectIds.forEach(id -> q.append("&project=").append(enc(id)));
        if (environment != null) {
            q.append("&environment=").append(enc(environment));
        }
        List<Issue> out = new ArrayList<>();
        for (JsonNode n : api.all(api.url("/api/0/organizations/" + enc(org) + "/issues/" + q), null)) {
            Issue i = Issue.of(n);
            if (i.firstSeen() == null || i.firstSeen().isAfter(since)) {
                out.add(i);
            }
        }
        return out;
    }

    private static String enc(Object value) {
        return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8).replace("+", "%20");
    }
}
