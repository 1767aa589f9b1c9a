package dev.caretaker.bench;

import dev.caretaker.store.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/flood}: one {@code caretaker run} node on an embedded store, a suite every 5 s, and CLIENTS anonymous clients
 * posting wrong logins with made-up names for SECONDS; meanwhile {@code /readyz}, {@code /ping/TOKEN} and an API call with a
 * token are timed one after another, quiet for 10 s first and then during the flood. Prints Markdown tables: latencies
 * (p50, p99, worst, failures), what the logins were answered, and the suite's ticks in the flood window (run, missing,
 * skipped, how late). Usage: bench/flood [SECONDS] [CLIENTS] (defaults 20 and 150).
 */
public final class FloodBench {
    private static final Path WORK = ServerBench.WORK;
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30)).executor(Executors.newFixedThreadPool(8)).build();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final String[] PROBES = {"/readyz", "/ping/TOKEN", "/api/v1/status"};

    private FloodBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        Path dir = WORK.resolve("flood");
        Files.createDirectories(dir);
        try (EmbeddedPostgres pg = EmbeddedPostgres.open(WORK.resolve("server-home"), new EmbeddedPostgres.Options(0, false), m -> { });
             ServerBench.Stub stub = new ServerBench.Stub()) {
            String store = ServerBench.newDatabase(pg, "bench_flood");
            Path config = dir.resolve("caretaker.yml");
            Files.writeString(config, """
                    system: flood
                    %s
                    checks:
                      up: {type: http, url: "%s"}
                      backup-job: {type: heartbeat, every: 1h, grace: 5m, pings_per_minute: 6000}
                    suites:
                      often: {every: 5s, checks: [up]}
                    """.formatted(store, stub.url("/up")));
            cli(config, "bob-passw0rd-1\n", "users", "add", "bob", "--role", "viewer", "--password-stdin");
            String token = cli(config, null, "tokens", "create", "--user", "bob").strip();
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String base = "http://127.0.0.1:" + port;
            Matcher ping = Pattern.compile("/ping/([A-Za-z0-9_-]+)").matcher(cli(config, null, "heartbeats", "--base-url", base, "--format", "json"));
            if (!ping.find()) {
                throw new IllegalStateException("no ping URL from 'caretaker heartbeats'");
            }
            String pingToken = ping.group(1);
            Path log = dir.resolve("node.log");
            List<String> cmd = List.of(ServerBench.LAUNCHER.toString(), "run", "-c", config.toString(), "--node", "flood", "--port", String.valueOf(port));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("CARETAKER_HOME", WORK.resolve("server-node-home").toString());
            Process node = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(node::destroyForcibly));
            try {
                waitReady(base);
                Thread.sleep(6000); // the first ticks
                Map<String, List<long[]>> quiet = probe(base, token, pingToken, Duration.ofSeconds(10), null);
                Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
                Instant from = Instant.now();
                Map<String, List<long[]>> flooded = probe(base, token, pingToken, Duration.ofSeconds(seconds), () -> flood(base, clients, seconds, answers));
                Instant to = Instant.now();
                Thread.sleep(6000); // a tick that was due in the window and runs late still counts
                report(seconds, clients, quiet, flooded, answers, ticks(pg, from, to), skippedLines(log), ServerBench.usage(node.pid())[0]);
            } finally {
                ServerBench.stop(node);
            }
        }
        System.exit(0); // the clients' and the stub's pools are not daemons
    }

    private static String cli(Path config, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ServerBench.LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-c", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("CARETAKER_HOME", WORK.resolve("server-node-home").toString());
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("caretaker " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    private static void waitReady(String base) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < until) {
            try {
                if (get(base + "/readyz", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the node did not get ready in 120 s");
    }

    private static HttpResponse<String> get(String url, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Each probe in a loop of its own for {@code span}, while {@code load} runs: per path, {latency ms, status} of each call. */
    private static Map<String, List<long[]>> probe(String base, String token, String pingToken, Duration span, Runnable load) throws Exception {
        Map<String, List<long[]>> out = new TreeMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(PROBES.length + 1);
        long until = System.nanoTime() + span.toNanos();
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        for (String path : PROBES) {
            List<long[]> calls = Collections.synchronizedList(new ArrayList<>());
            out.put(path, calls);
            running.add(threads.submit(() -> {
                while (System.nanoTime() < until) {
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = get(base + path.replace("TOKEN", pingToken), path.startsWith("/api") ? token : null).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    calls.add(new long[] {(System.nanoTime() - t0) / 1_000_000, status});
                    Thread.sleep(100);
                }
                return null;
            }));
        }
        if (load != null) {
            running.add(threads.submit(load));
        }
        for (java.util.concurrent.Future<?> f : running) {
            f.get();
        }
        threads.shutdown();
        return out;
    }

    /** {@code clients} threads, each opening the login form and posting a made-up name and password, again and again. */
    private static void flood(String base, int clients, int seconds, Map<Integer, AtomicInteger> answers) {
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(30)).build();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int i = 0; i < clients; i++) {
            threads.submit(() -> {
                while (System.nanoTime() < until) {
                    int status;
                    try {
                        status = login(http, base, "user-" + UUID.randomUUID(), "pw-" + UUID.randomUUID());
                    } catch (Exception e) {
                        status = -1;
                    }
                    answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                }
            });
        }
        threads.shutdown();
        try {
            threads.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int login(HttpClient http, String base, String user, String password) throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            return page.statusCode() == 200 ? -2 : page.statusCode();
        }
        List<String> cookies = new ArrayList<>();
        page.headers().allValues("Set-Cookie").forEach(c -> cookies.add(c.split(";", 2)[0]));
        String body = "csrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8) + "&user=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&next=%2F";
        return http.send(HttpRequest.newBuilder(URI.create(base + "/login")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", String.join("; ", cookies))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The 5 s suite's ticks due in [from, to): how many ran, how many are missing, and the worst start lateness (ms). */
    private static long[] ticks(EmbeddedPostgres pg, Instant from, Instant to) throws Exception {
        long first = (from.toEpochMilli() + 4999) / 5000 * 5000;
        long due = 0;
        for (long t = first; t < to.toEpochMilli(); t += 5000) {
            due++;
        }
        try (Connection c = pg.connect("bench_flood", "bench");
             PreparedStatement st = c.prepareStatement("SELECT count(DISTINCT tick), coalesce(max(extract(epoch FROM started_at - tick) * 1000), 0)::bigint "
                     + "FROM caretaker.run WHERE suite = 'often' AND tick >= ? AND tick < ?")) {
            st.setTimestamp(1, new java.sql.Timestamp(first));
            st.setTimestamp(2, java.sql.Timestamp.from(to));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new long[] {due, rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private static long skippedLines(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains("skipped")).count();
    }

    private static void report(int seconds, int clients, Map<String, List<long[]>> quiet, Map<String, List<long[]>> flooded,
                               Map<Integer, AtomicInteger> answers, long[] ticks, long skipped, long rssKb) {
        System.out.println("| endpoint | quiet p50 | quiet p99 | flood p50 | flood p99 | flood worst | flood calls | flood not 200 |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String path : PROBES) {
            List<Long> q = quiet.get(path).stream().map(c -> c[0]).toList();
            List<long[]> f = flooded.get(path);
            List<Long> fl = f.stream().map(c -> c[0]).toList();
            long bad = f.stream().filter(c -> c[1] != 200).count();
            System.out.printf("| `%s` | %s | %s | %s | %s | %s | %d | %d |%n", path, ms(ServerBench.percentile(q, 50)), ms(ServerBench.percentile(q, 99)),
                    ms(ServerBench.percentile(fl, 50)), ms(ServerBench.percentile(fl, 99)), ms(fl.stream().mapToLong(Long::longValue).max().orElse(0)),
                    f.size(), bad);
        }
        System.out.println();
        System.out.println("| " + clients + " clients, " + seconds + " s: `POST /login` answered | count |");
        System.out.println("|---|---|");
        new TreeMap<>(answers).forEach((status, n) -> System.out.printf("| %s | %d |%n", status < 0 ? "no answer (error)" : status, n.get()));
        System.out.println();
        System.out.println("| 5 s suite during the flood | |");
        System.out.println("|---|---|");
        System.out.printf("| ticks due | %d |%n| ticks run | %d |%n| ticks missing | %d |%n| ticks skipped (log) | %d |%n| worst start lateness | %s |%n"
                + "| node RSS after | %d MB |%n", ticks[0], ticks[1], Math.max(0, ticks[0] - ticks[1]), skipped, ms(ticks[2]), rssKb / 1024);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "–" : v >= 1000 ? String.format("%.2f s", v / 1000) : String.format("%.0f ms", v);
    }
}
