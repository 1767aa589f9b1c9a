package dev.caretaker.demo.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mailgun's stats API on 127.0.0.1, as its public reference documents it. What each part follows:
 * <ul>
 * <li>"Stats" → "Totals for entire domain" (GET /v3/{domain}/stats/total; {@code event} required and repeatable —
 * accepted, delivered, failed, opened, clicked, unsubscribed, complained, stored; {@code start} and {@code end} as RFC 2822
 * dates or Unix epochs; {@code resolution} hour, day or month, default day; {@code duration} such as {@code 24h}). The answer
 * is one object: {@code start}, {@code end}, {@code resolution}, {@code description} and a {@code stats} array with one entry
 * per hour or day ({@code time} in RFC 2822), each event as an object: {@code delivered} {smtp, http, optimized, total},
 * {@code failed} {temporary {espblock}, permanent {suppress-bounce, suppress-unsubscribe, suppress-complaint, bounce,
 * delayed-bounce, total}}, {@code complained} {total}. It is not paginated, and the reference documents no ETag for it, so
 * this stand-in sends none.</li>
 * <li>"API Reference" → "Authentication": HTTP Basic, user {@code api}, the API key as the password. A wrong key is answered
 * 401 with the plain-text body {@code Forbidden} (what Mailgun's client libraries report, e.g. mailgun/mailgun.js#393).</li>
 * <li>"API Response Codes": 400 and 404 with a JSON {@code message}; 429 for its rate limits, to retry "as defined in the
 * response" (here {@code Retry-After}, added by the base). The reference names no rate-limit budget header, so none is sent.
 * The words of the 400, 404 and 429 messages are this stand-in's own.</li>
 * </ul>
 */
public final class MailgunStandIn extends ApiStandIn {
    private static final Pattern TOTAL = Pattern.compile("/v3/([^/]+)/stats/total");
    private static final DateTimeFormatter RFC2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** One hour of a domain's events. */
    public record Hour(long delivered, long bounce, long delayedBounce, long suppressBounce, long espblock, long complained) {
        long permanent() {
            return bounce + delayedBounce + suppressBounce;
        }
    }

    private final Map<String, NavigableMap<Instant, Hour>> domains = new ConcurrentHashMap<>();
    private final String key;

    /** A stand-in that takes Basic {@code api:key} ({@code key} null: any request) on {@code port} (0: any free port). */
    public MailgunStandIn(String key, int port) throws IOException {
        super("mailgun", port);
        this.key = key;
        start();
    }

    public MailgunStandIn(String key) throws IOException {
        this(key, 0);
    }

    /**
     * The demo's Mailgun: mg.retail.example over the last 24 hours, 1,056 delivered and 132 failed for good — 120 of them
     * dropped because the address bounced before (suppress-bounce: the order notifications still go to a list with dead
     * addresses), 12 hard bounces — so 88.9 % delivered (under 90 %: critical) while the bounce rate stays at 1 %.
     */
    public static MailgunStandIn demo(int port, String key) throws IOException {
        MailgunStandIn m = new MailgunStandIn(key, port);
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        // the hours ahead too, so a demo left serving for weeks still finds the same story in its last 24 hours
        for (int h = -24 * 30; h < 24; h++) {
            int k = Math.floorMod(h, 24);
            m.hour("mg.retail.example", now.minus(h, ChronoUnit.HOURS), new Hour(44, k < 12 ? 1 : 0, 0, 5, k % 6 == 0 ? 1 : 0,
                    k % 12 == 0 ? 1 : 0));
        }
        return m;
    }

    /** Plants the events of the hour starting at {@code hour} for {@code domain} (an hour planted twice is replaced). */
    public void hour(String domain, Instant hour, Hour events) {
        domains.computeIfAbsent(domain, d -> new ConcurrentSkipListMap<>()).put(hour.truncatedTo(ChronoUnit.HOURS), events);
    }

    /** A domain Mailgun knows that sent nothing. */
    public void domain(String domain) {
        domains.computeIfAbsent(domain, d -> new ConcurrentSkipListMap<>());
    }

    @Override
    protected boolean authorized(Request r) {
        return key == null || ("Basic " + Base64.getEncoder().encodeToString(("api:" + key).getBytes(StandardCharsets.UTF_8)))
                .equals(r.header("authorization"));
    }

    @Override
    protected Reply unauthorized(Request r) {
        return new Reply(401, Map.of("content-type", "text/plain; charset=utf-8"), "Forbidden");
    }

    @Override
    protected Reply rateLimited(Request r) {
        return message(429, "Too many requests, retry later");
    }

    @Override
    protected Reply notFound(Request r) {
        return new Reply(404, Map.of("content-type", "text/plain; charset=utf-8"), "404 page not found");
    }

    @Override
    protected Reply answer(Request r) {
        Matcher m = TOTAL.matcher(r.path());
        if (!"GET".equals(r.method()) || !m.matches()) {
            return null;
        }
        NavigableMap<Instant, Hour> hours = domains.get(m.group(1));
        if (hours == null) {
            return message(404, "Domain not found: " + m.group(1));
        }
        List<String> events = r.params("event");
        if (events.isEmpty()) {
            return message(400, "'event' is required");
        }
        String resolution = r.param("resolution", "day");
        ChronoUnit unit = switch (resolution) {
            case "hour" -> ChronoUnit.HOURS;
            case "day" -> ChronoUnit.DAYS;
            default -> null;
        };
        if (unit == null) {
            return message(400, "resolution must be hour or day here");
        }
        Instant end = Instant.ofEpochSecond(Long.parseLong(r.param("end", String.valueOf(Instant.now().getEpochSecond()))));
        Instant start = Instant.ofEpochSecond(Long.parseLong(r.param("start", String.valueOf(end.minus(7, ChronoUnit.DAYS)
                .getEpochSecond())))).truncatedTo(unit);
        ObjectNode body = JSON.createObjectNode();
        body.put("description", "");
        body.put("start", RFC2822.format(start));
        body.put("end", RFC2822.format(end));
        body.put("resolution", resolution);
        ArrayNode stats = body.putArray("stats");
        for (Instant t = start; !t.isAfter(end); t = t.plus(1, unit)) {
            Instant to = t.plus(1, unit);
            long[] sum = new long[6];
            hours.subMap(t, true, to, false).values().forEach(h -> {
                sum[0] += h.delivered();
                sum[1] += h.bounce();
                sum[2] += h.delayedBounce();
                sum[3] += h.suppressBounce();
                sum[4] += h.espblock();
                sum[5] += h.complained();
            });
            stats.add(entry(t, events, sum));
        }
        return Reply.json(200, body);
    }

    private static ObjectNode entry(Instant time, List<String> events, long[] s) {
        ObjectNode e = JSON.createObjectNode();
        e.put("time", RFC2822.format(time));
        if (events.contains("delivered")) {
            ObjectNode d = e.putObject("delivered");
            d.put("smtp", s[0]);
            d.put("http", 0);
            d.put("optimized", 0);
            d.put("total", s[0]);
        }
        if (events.contains("failed")) {
            ObjectNode f = e.putObject("failed");
            f.putObject("temporary").put("espblock", s[4]);
            ObjectNode p = f.putObject("permanent");
            p.put("suppress-bounce", s[3]);
            p.put("suppress-unsubscribe", 0);
            p.put("suppress-complaint", 0);
            p.put("bounce", s[1]);
            p.put("delayed-bounce", s[2]);
            p.put("total", s[1] + s[2] + s[3]);
        }
        if (events.contains("complained")) {
            e.putObject("complained").put("total", s[5]);
        }
        return e;
    }

    private static Reply message(int status, String message) {
        return Reply.json(status, JSON.createObjectNode().put("message", message));
    }
}
