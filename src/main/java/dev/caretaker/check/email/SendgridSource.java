package dev.caretaker.check.email;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.check.api.ApiClient;
import dev.caretaker.check.api.ApiException;
import dev.caretaker.config.EmailDeliveryConfig;
import dev.caretaker.config.Section;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code source: sendgrid}: SendGrid's v3 statistics, "Stats" → "Retrieve global email statistics" ({@code GET /v3/stats})
 * or, with {@code category}, "Categories" → "Retrieve Email Statistics for Categories" ({@code GET /v3/categories/stats}),
 * with {@code start_date}, {@code end_date} (YYYY-MM-DD), {@code aggregated_by=day}, and {@code limit}/{@code offset} to
 * page through the days. With {@code subuser} a parent account's key reads the subuser's statistics through the
 * {@code on-behalf-of} header. A bearer API key ("How to use the SendGrid v3 API" → "Authorization"); the rate limit in
 * {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset} ("Rate Limits"); errors as {@code {"errors":[{"message":…}]}}.
 * SendGrid counts by the day, so the window is widened to whole days.
 */
final class SendgridSource extends EmailSource {
    static final String NAME = "sendgrid";
    /** Days asked for per page. */
    static final int PAGE = 100;
    /** The metrics of "failed for good": bounced, blocked by the receiver, invalid, or dropped by SendGrid. */
    private static final List<String> FAILED = List.of("bounces", "blocks", "invalid_emails", "bounce_drops", "spam_report_drops",
            "unsubscribe_drops");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    String provider() {
        return "SendGrid";
    }

    @Override
    List<String> ownKeys() {
        return List.of("category", "subuser", "domain");
    }

    @Override
    URI defaultBaseUrl() {
        return EmailDeliveryConfig.SENDGRID_BASE_URL;
    }

    @Override
    String[] sender(Section s, boolean strict) {
        if (s.has("domain")) {
            s.problem("domain", "SendGrid's statistics are per account, category or subuser, not per sending domain; remove 'domain' "
                    + "and write 'category' or 'subuser' (or neither, for the whole account)");
        }
        if (s.has("category") && s.has("subuser")) {
            s.problem("subuser", "'" + s.path() + "' has both 'category' and 'subuser'; keep one");
        }
        return new String[] {null, s.string("category", null), s.string("subuser", null)};
    }

    @Override
    ApiClient client(EmailDeliveryConfig config, Clock clock) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (config.subuser() != null) {
            headers.put("on-behalf-of", config.subuser());
        }
        return new ApiClient("SendGrid", config.api(), headers, config.name(), clock)
                .readScope("a restricted API key with the '" + (config.category() != null ? "categories.stats.read" : "stats.read")
                        + "' scope");
    }

    @Override
    DeliveryCounts count(EmailDeliveryConfig config, ApiClient api, Instant now) throws ApiException, InterruptedException {
        LocalDate from = LocalDate.ofInstant(now.minus(config.window()), ZoneOffset.UTC);
        String path = config.category() != null ? "/v3/categories/stats?categories=" + enc(config.category()) + "&" : "/v3/stats?";
        String query = path + "start_date=" + from + "&end_date=" + LocalDate.ofInstant(now, ZoneOffset.UTC) + "&aggregated_by=day"
                + "&limit=" + PAGE + "&offset=";
        Map<String, Long> m = new LinkedHashMap<>();
        for (int page = 0; ; page++) {
            if (page >= ApiClient.MAX_PAGES) {
                throw new ApiException("SendGrid has more than " + ApiClient.MAX_PAGES + " pages of days; shorten 'window'", 0);
            }
            JsonNode days = api.get(api.url(query + page * PAGE)).body();
            for (JsonNode day : days) {
                for (JsonNode stat : day.path("stats")) {
                    stat.path("metrics").fields().forEachRemaining(f -> m.merge(f.getKey(), f.getValue().asLong(0), Long::sum));
                }
            }
            if (!days.isArray() || days.size() < PAGE) {
                break;
            }
        }
        Map<String, Long> failures = new LinkedHashMap<>();
        long failed = 0;
        for (String k : FAILED) {
            long n = m.getOrDefault(k, 0L);
            failed += n;
            if (n > 0) {
                failures.put(k, n);
            }
        }
        return new DeliveryCounts(m.getOrDefault("delivered", 0L), failed, m.getOrDefault("bounces", 0L),
                m.getOrDefault("spam_reports", 0L), m.getOrDefault("deferred", 0L), failures,
                from.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** SendGrid counts whole days: "since 2026-12-06 (UTC)", the first day read. */
    @Override
    String period(EmailDeliveryConfig config, DeliveryCounts counts) {
        return "since " + LocalDate.ofInstant(counts.from(), ZoneOffset.UTC) + " (UTC)";
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
