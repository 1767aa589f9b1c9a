package dev.caretaker.demo.api;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One check of Healthchecks on 127.0.0.1, as its Pinging API is documented (healthchecks.io/docs/http_api, "Endpoints"): a
 * success at {@code /ping/UUID}, a start at {@code /ping/UUID/start}, a failure at {@code /ping/UUID/fail} or
 * {@code /ping/UUID/EXIT} (1–255; 0 is a success), a log entry at {@code /ping/UUID/log}, each by HEAD, GET or POST with an
 * optional body and an optional {@code rid}; "200 OK" with the body {@code OK}, and for a check it does not know 404 with
 * {@code not found}. The check is judged as Healthchecks does ("Configuring checks": period and grace): {@code down}
 * after a failure, or once period plus grace have passed since the last ping, by the clock given; {@code new} before the
 * first ping; {@code up} otherwise. Of the Management API (healthchecks.io/docs/api, "Get a single check"), only
 * {@code GET /api/v3/checks/UUID} with {@code X-Api-Key}: the check's {@code name}, {@code status}, {@code n_pings},
 * {@code last_ping}, {@code timeout} and {@code grace} in seconds, {@code ping_url}; without the key 401
 * {@code {"error": "missing api key"}}, a wrong one {@code wrong api key}. The demo points {@code self_check.url} here, and
 * the tests watch the watcher with it.
 */
public final class HealthchecksStandIn extends ApiStandIn {
    /** A ping as the check's log shows it: its kind ({@code success}, {@code start}, {@code fail}, {@code log}), rid and body. */
    public record Ping(Instant at, String method, String kind, String rid, String body, String userAgent) {
    }

    private final String uuid;
    private final String apiKey;
    private final Clock clock;
    private final Duration period;
    private final Duration grace;
    private final List<Ping> pings = new CopyOnWriteArrayList<>();
    private volatile Instant last;
    private volatile boolean failed;

    /** One check, {@code uuid}, with {@code period} and {@code grace}, judged by {@code clock}, on {@code port} (0: any free one). */
    public HealthchecksStandIn(String uuid, Clock clock, Duration period, Duration grace, int port) throws IOException {
        this(uuid, null, clock, period, grace, port);
    }

    /** As above, with {@code apiKey} for the Management API (null: none). */
    public HealthchecksStandIn(String uuid, String apiKey, Clock clock, Duration period, Duration grace, int port) throws IOException {
        super("healthchecks", port);
        this.uuid = uuid;
        this.apiKey = apiKey;
        this.clock = clock;
        this.period = period;
        this.grace = grace;
        start();
    }

    /** For the demo: a check pinged every minute, with five minutes' grace. */
    public static HealthchecksStandIn demo(int port, String apiKey) throws IOException {
        return new HealthchecksStandIn(java.util.UUID.randomUUID().toString(), apiKey, Clock.systemUTC(), Duration.ofMinutes(1),
                Duration.ofMinutes(5), port);
    }

    /** The Management API's address of this check, for {@code curl -H "X-Api-Key: KEY"}. */
    public String checkUrl() {
        return url() + "/api/v3/checks/" + uuid;
    }

    /** The check's ping URL, as Healthchecks shows it: {@code http://127.0.0.1:PORT/ping/UUID}. */
    @Override
    public String clientUrl() {
        return url() + "/ping/" + uuid;
    }

    public List<Ping> pings() {
        return List.copyOf(pings);
    }

    public List<Ping> of(String kind) {
        return pings.stream().filter(p -> p.kind().equals(kind)).toList();
    }

    /** {@code new} before the first ping, {@code down} after a failure or when late past period and grace, else {@code up}. */
    public String status() {
        Instant l = last;
        if (l == null) {
            return "new";
        }
        return failed || clock.instant().isAfter(l.plus(period).plus(grace)) ? "down" : "up";
    }

    @Override
    public List<String> messages() {
        return pings.stream().filter(p -> !p.kind().equals("log"))
                .map(p -> "Healthchecks: " + p.kind() + (p.body().isBlank() ? "" : " — " + p.body().lines().findFirst().orElse(""))).toList();
    }

    @Override
    protected boolean authorized(Request r) {
        // a ping's UUID is its credential (an unknown one is "not found"); the Management API takes the project's key
        return !r.path().startsWith("/api/") || apiKey != null && apiKey.equals(r.header("x-api-key"));
    }

    @Override
    protected Reply unauthorized(Request r) {
        return Reply.json(401, Map.of("error", r.header("x-api-key") == null ? "missing api key" : "wrong api key"));
    }

    @Override
    protected Reply rateLimited(Request r) {
        return new Reply(429, Map.of(), "rate limited");
    }

    @Override
    protected Reply answer(Request r) {
        if (r.path().startsWith("/api/")) {
            return r.method().equals("GET") && r.path().replaceAll("/+$", "").equals("/api/v3/checks/" + uuid) ? check() : null;
        }
        String prefix = "/ping/" + uuid;
        if (!r.path().equals(prefix) && !r.path().startsWith(prefix + "/")) {
            return null;
        }
        String suffix = r.path().substring(prefix.length()).replaceFirst("^/", "");
        String kind = switch (suffix) {
            case "", "0" -> "success";
            case "start", "fail", "log" -> suffix;
            default -> suffix.matches("[0-9]{1,3}") && Integer.parseInt(suffix) <= 255 ? "fail" : null;
        };
        if (kind == null) {
            return null;
        }
        Instant now = clock.instant();
        pings.add(new Ping(now, r.method().toUpperCase(Locale.ROOT), kind, r.param("rid", null), r.body(), r.header("user-agent")));
        if (!kind.equals("log")) {
            last = now;
        }
        if (kind.equals("success") || kind.equals("fail")) {
            failed = kind.equals("fail");
        }
        return new Reply(200, Map.of(), "OK");
    }

    private Reply check() {
        Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("name", "caretaker");
        c.put("status", status());
        c.put("n_pings", pings.stream().filter(p -> !p.kind().equals("log")).count());
        c.put("last_ping", last == null ? null : last.toString());
        c.put("timeout", period.toSeconds());
        c.put("grace", grace.toSeconds());
        c.put("ping_url", clientUrl());
        return Reply.json(200, c);
    }

    @Override
    protected Reply notFound(Request r) {
        return r.path().startsWith("/api/") ? Reply.json(404, Map.of("error", "not found")) : new Reply(404, Map.of(), "not found");
    }

    @Override
    protected Map<String, String> common(Request r, int status) {
        return Map.of("content-type", r.path().startsWith("/api/") ? "application/json" : "text/plain; charset=utf-8");
    }
}
