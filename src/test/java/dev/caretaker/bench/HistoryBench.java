package dev.caretaker.bench;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.EmbeddedPostgres;
import dev.caretaker.store.SigningKey;
import dev.caretaker.store.Store;
import dev.caretaker.web.WebServer;
import dev.caretaker.access.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A store with a year of history for 200 checks run every minute, generated with SQL: the rollups a year of those runs
 * leaves (5 minutes, hourly, daily), the last 7 days of raw runs, results and measurements (store.retention.raw: 7d), 10,000
 * incidents. Then the dashboard's overview, a check's 30-day and 1-year charts, the incidents list and the API's incident
 * page, each requested 200 times after 50 warm-up requests; p50 and p95 of the time to the last byte on 127.0.0.1.
 * Run with {@code bench/history}; not part of the test suite.
 */
public final class HistoryBench {
    static final Path WORK = Path.of("bench/work").toAbsolutePath();
    static final int CHECKS = 200;
    static final String SYSTEM = "history-bench";

    public static void main(String[] args) throws Exception {
        Files.createDirectories(WORK);
        try (EmbeddedPostgres pg = EmbeddedPostgres.open(WORK.resolve("history-home"), new EmbeddedPostgres.Options(0, false), m -> { })) {
            boolean fresh = pg.createDatabase("bench_history");
            StringBuilder yaml = new StringBuilder("system: " + SYSTEM + "\nstore: {url: \"" + pg.jdbcUrl("bench_history") + "\", user: "
                    + EmbeddedPostgres.SUPERUSER + ", password: \"" + pg.password() + "\", retention: {raw: 7d, rollups: 400d}}\nchecks:\n");
            for (int i = 1; i <= CHECKS; i++) {
                yaml.append(String.format(Locale.ROOT, "  c%03d: {type: http, url: \"http://127.0.0.1:1/%d\", every: 1m}%n", i, i));
            }
            Path configFile = WORK.resolve("history.yml");
            Files.writeString(configFile, yaml);
            CaretakerConfig config = Engine.configLoader(Map.of()).read(configFile);
            try (Store store = Store.open(config.store(), m -> { })) {
                if (fresh || count(pg, "SELECT count(*) FROM caretaker.measurement_rollup") == 0) {
                    dev.caretaker.history.Partitions partitions = new dev.caretaker.history.Partitions(store.jdbi());
                    for (int d = 8; d >= 0; d--) {
                        partitions.ensure(java.time.Instant.now().minus(java.time.Duration.ofDays(d))); // the raw week's day partitions
                    }
                    generate(pg);
                } else {
                    System.out.println("(reusing the generated store in bench/work/history-home; delete it to generate again)");
                }
                report(pg);
                SigningKey key = SigningKey.load(Map.of(), WORK.resolve("history-home"));
                Server server = new Server(store, config, c -> Engine.builder(c, store).signingKey(key).build(), Server.Options.defaults("bench"),
                        Clock.systemUTC());
                try (WebServer web = new WebServer(server, Clock.systemUTC())) {
                    String base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
                    var u = WebServer.users(server, Clock.systemUTC());
                    if (u.get("bench").isEmpty()) {
                        u.add("bench", Role.ADMIN, "bench-passw0rd".toCharArray(), "bench");
                    }
                    String token = u.createToken("bench", "bench", java.time.Duration.ofHours(1), "bench").secret();
                    String cookie = login(base);
                    Map<String, String> pages = new LinkedHashMap<>();
                    pages.put("overview `/`", "/");
                    pages.put("a check, 30 days `/checks/c042?range=30d`", "/checks/c042?range=30d");
                    pages.put("a check, 1 year `/checks/c042?range=1y`", "/checks/c042?range=1y");
                    pages.put("incidents list `/incidents`", "/incidents");
                    pages.put("API: incidents page `/api/v1/incidents`", "/api/v1/incidents");
                    pages.put("API: a year of a series per day", "/api/v1/checks/c042/series?metric=http.latency_ms&step=1d&from="
                            + java.time.Instant.now().minus(java.time.Duration.ofDays(365)));
                    System.out.println("\n| page | p50 | p95 | goal |");
                    System.out.println("|---|---|---|---|");
                    HttpClient http = HttpClient.newHttpClient();
                    for (var p : pages.entrySet()) {
                        for (int i = 0; i < 50; i++) {
                            fetch(http, base + p.getValue(), cookie, token);
                        }
                        List<Double> times = new ArrayList<>();
                        for (int i = 0; i < 200; i++) {
                            long t0 = System.nanoTime();
                            fetch(http, base + p.getValue(), cookie, token);
                            times.add((System.nanoTime() - t0) / 1e6);
                        }
                        Collections.sort(times);
                        System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | p95 < 100 ms |%n", p.getKey(), times.get(99), times.get(189));
                    }
                } finally {
                    server.close();
                }
            }
        }
        System.exit(0);
    }

    static void fetch(HttpClient http, String url, String cookie, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (url.contains("/api/")) {
            b.header("Authorization", "Bearer " + token);
        } else {
            b.header("Cookie", "caretaker_session=" + cookie);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    static String login(String base) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        String loginCookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("caretaker_login="))
                .findFirst().orElseThrow().split(";")[0];
        String csrf = loginCookie.substring(loginCookie.indexOf('=') + 1);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Cookie", loginCookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf + "&next=/&user=bench&password=bench-passw0rd")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("caretaker_session=")).findFirst()
                .orElseThrow(() -> new IllegalStateException("login failed: " + r.statusCode())).split(";")[0].split("=", 2)[1];
    }

    static long count(EmbeddedPostgres pg, String sql) throws Exception {
        try (Connection c = pg.connect("bench_history", "bench"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void exec(EmbeddedPostgres pg, String label, String sql) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = pg.connect("bench_history", "bench"); Statement st = c.createStatement()) {
            st.execute("SET search_path TO caretaker");
            st.execute(sql);
        }
        System.out.printf(Locale.ROOT, "generated %s in %.0f s%n", label, (System.nanoTime() - t0) / 1e9);
    }

    /** A year of rollups, 7 days of raw runs, 10,000 incidents: what a year of 200 checks a minute leaves in the store. */
    static void generate(EmbeddedPostgres pg) throws Exception {
        String checks = "(SELECT i, 'c' || lpad(i::text, 3, '0') AS name FROM generate_series(1, " + CHECKS + ") i) c";
        // a latency that wanders by time of day and by check, so charts have a shape
        String value = "(100 + 40 * sin(extract(epoch FROM t) / 3600.0 + c.i) + (c.i % 7) * 10)";
        // what the store keeps after a year: 5-minute buckets for the last 35 days, hourly and daily ones for the year
        exec(pg, "35 days of 5-minute rollups", "ALTER TABLE measurement_rollup DROP CONSTRAINT measurement_rollup_pkey; "
                + "INSERT INTO measurement_rollup SELECT '5m', '" + SYSTEM + "', c.name, 'http.latency_ms', jsonb_build_object('check', c.name), t, "
                + value + " - 5, " + value + " + 5, " + value + " * 5, 5 FROM " + checks + ", "
                + "generate_series(date_trunc('hour', now()) - interval '35 days', now(), interval '5 minutes') t");
        exec(pg, "a year of hourly rollups", "INSERT INTO measurement_rollup SELECT '1h', '" + SYSTEM + "', c.name, 'http.latency_ms', "
                + "jsonb_build_object('check', c.name), t, " + value + " - 8, " + value + " + 8, " + value + " * 60, 60 FROM " + checks + ", "
                + "generate_series(date_trunc('hour', now()) - interval '365 days', now(), interval '1 hour') t");
        exec(pg, "a year of daily rollups", "INSERT INTO measurement_rollup SELECT '1d', system, check_name, metric, labels, "
                + "date_trunc('day', bucket), min(min), max(max), sum(sum), sum(count) FROM measurement_rollup WHERE resolution = '1h' GROUP BY 1, 2, 3, 4, 5, 6");
        exec(pg, "the rollups' primary key", "ALTER TABLE measurement_rollup ADD PRIMARY KEY (system, check_name, metric, resolution, bucket, labels)");
        exec(pg, "7 days of runs, one a minute", "INSERT INTO run (system, suite, started_at, finished_at, status, health_score, system_health) "
                + "SELECT '" + SYSTEM + "', 'every 1m', t - interval '2 seconds', t, CASE WHEN extract(minute FROM t) = 0 THEN 'warning' ELSE 'ok' END, "
                + "CASE WHEN extract(minute FROM t) = 0 THEN 97 ELSE 100 END, 100 "
                + "FROM generate_series(now() - interval '7 days', now(), interval '1 minute') t");
        exec(pg, "their check results", "INSERT INTO check_result (run_id, check_name, check_type, status, duration_ms) "
                + "SELECT r.id, c.name, 'http', CASE WHEN c.i = 42 AND extract(minute FROM r.finished_at) = 0 THEN 'warning' ELSE 'ok' END, 20 + c.i % 30 "
                + "FROM run r, " + checks + " WHERE r.system = '" + SYSTEM + "'");
        exec(pg, "their raw measurements", "INSERT INTO measurement (run_id, check_name, metric, labels, value, at) "
                + "SELECT r.id, c.name, 'http.latency_ms', jsonb_build_object('check', c.name), 100 + c.i % 50, r.finished_at "
                + "FROM run r, " + checks + " WHERE r.system = '" + SYSTEM + "'");
        exec(pg, "each check's latest state", "INSERT INTO check_state (system, check_name, check_type, run_id, status, finished_at) "
                + "SELECT '" + SYSTEM + "', c.name, 'http', r.id, 'ok', r.finished_at FROM " + checks + ", "
                + "(SELECT id, finished_at FROM run WHERE system = '" + SYSTEM + "' ORDER BY id DESC LIMIT 1) r ON CONFLICT DO NOTHING");
        exec(pg, "10,000 incidents, 20 of them open", "INSERT INTO incident (system, fingerprint, source, kind, check_name, subject, severity, priority, "
                + "state, title, opened_at, last_seen_at, resolved_at, resolved_by) "
                + "SELECT '" + SYSTEM + "', 'http.slow|c' || lpad((n % 200 + 1)::text, 3, '0') || '|' || n, 'http.slow', 'finding', "
                + "'c' || lpad((n % 200 + 1)::text, 3, '0'), 'slow ' || n, 'warning', 'P2', CASE WHEN n > 9980 THEN 'open' ELSE 'resolved' END, "
                + "'c' || lpad((n % 200 + 1)::text, 3, '0') || ' answers slowly', now() - (10000 - n) * interval '52 minutes', "
                + "now() - (10000 - n) * interval '52 minutes' + interval '20 minutes', "
                + "CASE WHEN n > 9980 THEN NULL ELSE now() - (10000 - n) * interval '52 minutes' + interval '20 minutes' END, "
                + "CASE WHEN n > 9980 THEN NULL ELSE 'caretaker' END FROM generate_series(1, 10000) n");
        exec(pg, "their timelines", "INSERT INTO incident_event (incident_id, at, kind, actor, detail) "
                + "SELECT id, opened_at, 'opened', 'caretaker', title FROM incident WHERE system = '" + SYSTEM + "'");
        exec(pg, "statistics", "ANALYZE");
    }

    static void report(EmbeddedPostgres pg) throws Exception {
        long rollups = count(pg, "SELECT count(*) FROM caretaker.measurement_rollup");
        long raw = count(pg, "SELECT count(*) FROM caretaker.measurement");
        long db = count(pg, "SELECT pg_database_size('bench_history')");
        long rollupBytes = count(pg, "SELECT pg_total_relation_size('caretaker.measurement_rollup')");
        long rawBytes = count(pg, "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                + "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'measurement'") + count(pg, "SELECT pg_total_relation_size('caretaker.check_result') "
                + "+ pg_total_relation_size('caretaker.run')");
        System.out.printf(Locale.ROOT, "%n| store | rows | size |%n|---|---|---|%n");
        System.out.printf(Locale.ROOT, "| rollups (a year hourly and daily, 35 days of 5 minutes) | %,d | %,d MB |%n", rollups, rollupBytes >> 20);
        System.out.printf(Locale.ROOT, "| raw runs, results, measurements (7 days) | %,d measurements | %,d MB |%n", raw, rawBytes >> 20);
        System.out.printf(Locale.ROOT, "| the whole store database | | %,d MB |%n", db >> 20);
        long coarse = count(pg, "SELECT count(*) FROM caretaker.measurement_rollup WHERE resolution <> '5m'");
        System.out.printf(Locale.ROOT, "| growth per month after the first weeks (hourly and daily rollups; raw and 5-minute ones stay at 7 and 35 days) | | %,d MB |%n",
                rollups == 0 ? 0 : (rollupBytes * coarse / rollups / 12) >> 20);
    }
}
