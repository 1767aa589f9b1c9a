package dev.caretaker.demo.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SendGrid's v3 statistics on 127.0.0.1, as its public reference documents them. What each part follows:
 * <ul>
 * <li>"Stats" → "Retrieve global email statistics" (GET /v3/stats: {@code start_date} required, {@code end_date} default
 * today, both YYYY-MM-DD; {@code aggregated_by} day, week or month; {@code limit} and {@code offset}); and "Categories" →
 * "Retrieve Email Statistics for Categories" (GET /v3/categories/stats with {@code categories}). The answer is an array of
 * days, {@code [{"date": "2015-11-03", "stats": [{"metrics": {blocks, bounce_drops, bounces, clicks, deferred, delivered,
 * invalid_emails, opens, processed, requests, spam_report_drops, spam_reports, unique_clicks, unique_opens,
 * unsubscribe_drops, unsubscribes}}]}]} (a category's entry adds {@code name} and {@code type: "category"}); a day without
 * mail has every metric 0. Pages are asked for with {@code limit}/{@code offset}: no Link header, and no ETag is documented,
 * so none is sent.</li>
 * <li>"How to use the SendGrid v3 API" → "Authorization" ({@code Authorization: Bearer KEY}) and the
 * {@code on-behalf-of} header (a parent account reading a subuser's statistics).</li>
 * <li>"Rate Limits": every answer carries {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and
 * {@code X-RateLimit-Reset} (a Unix time); a spent limit is answered 429 with {@code X-RateLimit-Remaining: 0} and
 * {@code {"errors":[{"field":null,"message":"too many requests"}]}} ({@link #spend}; the reference names no
 * {@code Retry-After}, which the base's {@link #rateLimitNext} adds).</li>
 * <li>"Errors": a failed request returns {@code {"errors":[{"field":…,"message":…}]}}; 401 "Requires authentication" (the
 * message "authorization required" is this stand-in's words, as are those of its 400s).</li>
 * </ul>
 */
public final class SendgridStandIn extends ApiStandIn {
    static final List<String> METRICS = List.of("blocks", "bounce_drops", "bounces", "clicks", "deferred", "delivered",
            "invalid_emails", "opens", "processed", "requests", "spam_report_drops", "spam_reports", "unique_clicks", "unique_opens",
            "unsubscribe_drops", "unsubscribes");
    private static final int LIMIT = 600;
    private static final String ACCOUNT = "";

    /** Category ("" for the whole account) → day → its metrics. */
    private final Map<String, Map<LocalDate, Map<String, Long>>> days = new ConcurrentHashMap<>();
    private final AtomicInteger remaining = new AtomicInteger(LIMIT);
    private final AtomicInteger spent = new AtomicInteger();
    private final String key;

    /** A stand-in that takes {@code Authorization: Bearer key} ({@code key} null: any request) on {@code port} (0: any). */
    public SendgridStandIn(String key, int port) throws IOException {
        super("sendgrid", port);
        this.key = key;
        start();
    }

    public SendgridStandIn(String key) throws IOException {
        this(key, 0);
    }

    /** Plants a day of the whole account's statistics; metrics not named are 0. */
    public void day(LocalDate date, Map<String, Long> metrics) {
        category(ACCOUNT, date, metrics);
    }

    /** Plants a day of {@code category}'s statistics. */
    public void category(String category, LocalDate date, Map<String, Long> metrics) {
        days.computeIfAbsent(category, c -> new ConcurrentHashMap<>()).put(date, Map.copyOf(metrics));
    }

    /** The next {@code n} requests find the rate limit spent: 429, {@code X-RateLimit-Remaining: 0}, reset in a second. */
    public void spend(int n) {
        spent.set(n);
    }

    @Override
    protected boolean authorized(Request r) {
        return key == null || ("Bearer " + key).equals(r.header("authorization"));
    }

    @Override
    protected Reply unauthorized(Request r) {
        return errors(401, "authorization required");
    }

    @Override
    protected Reply rateLimited(Request r) {
        return errors(429, "too many requests").with("X-RateLimit-Remaining", "0");
    }

    @Override
    protected Reply notFound(Request r) {
        return errors(404, "resource not found");
    }

    @Override
    protected Map<String, String> common(Request r, int status) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "application/json");
        h.put("X-RateLimit-Limit", String.valueOf(LIMIT));
        h.put("X-RateLimit-Remaining", String.valueOf(status == 429 ? 0 : Math.max(0, remaining.decrementAndGet())));
        h.put("X-RateLimit-Reset", String.valueOf(Instant.now().plusSeconds(status == 429 ? 1 : 60).getEpochSecond()));
        return h;
    }

    @Override
    protected Reply answer(Request r) {
        if (!"GET".equals(r.method())) {
            return null;
        }
        String category;
        if (r.path().equals("/v3/stats")) {
            category = ACCOUNT;
        } else if (r.path().equals("/v3/categories/stats")) {
            category = r.param("categories", null);
            if (category == null) {
                return errors(400, "categories", "categories is required");
            }
        } else {
            return null;
        }
        if (spent.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return rateLimited(r);
        }
        LocalDate from;
        LocalDate to;
        try {
            from = LocalDate.parse(r.param("start_date", ""));
            to = LocalDate.parse(r.param("end_date", LocalDate.now(ZoneOffset.UTC).toString()));
        } catch (DateTimeParseException e) {
            return errors(400, "start_date", "must be a date in the format YYYY-MM-DD");
        }
        if (!"day".equals(r.param("aggregated_by", "day"))) {
            return errors(400, "aggregated_by", "this stand-in aggregates by day only");
        }
        int limit = Integer.parseInt(r.param("limit", "500"));
        int offset = Integer.parseInt(r.param("offset", "0"));
        Map<LocalDate, Map<String, Long>> planted = days.getOrDefault(category, Map.of());
        ArrayNode out = JSON.createArrayNode();
        LocalDate d = from.plusDays(offset);
        for (int i = 0; i < limit && !d.isAfter(to); i++, d = d.plusDays(1)) {
            ObjectNode day = out.addObject();
            day.put("date", d.toString());
            ObjectNode stat = day.putArray("stats").addObject();
            ObjectNode m = stat.putObject("metrics");
            Map<String, Long> values = planted.getOrDefault(d, Map.of());
            METRICS.forEach(k -> m.put(k, values.getOrDefault(k, 0L)));
            if (!category.equals(ACCOUNT)) {
                stat.put("name", category);
                stat.put("type", "category");
            }
        }
        return Reply.json(200, out);
    }

    private static Reply errors(int status, String message) {
        return errors(status, null, message);
    }

    private static Reply errors(int status, String field, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode e = body.putArray("errors").addObject();
        if (field == null) {
            e.putNull("field");
        } else {
            e.put("field", field);
        }
        e.put("message", message);
        return Reply.json(status, body);
    }
}
