package dev.caretaker.bench;

import com.sun.net.httpserver.HttpServer;
import dev.caretaker.store.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Outage to notification: a service on 127.0.0.1 is killed with -9 at a random moment, and the time until a webhook
 * receiver has the alert is measured for Caretaker (a suite {@code every: 5s} with one HTTP check and a webhook channel, a
 * real {@code caretaker run} process) and, in the same run against the same service, for the anchor: Prometheus scraping
 * blackbox_exporter every 5 s, evaluating {@code probe_success == 0} (no {@code for}) every 5 s, and Alertmanager with
 * {@code group_wait: 1s} posting to a webhook. Both recover between trials (each sends its "resolved") before the next
 * kill. Run with {@code bench/outage [TRIALS]}, which installs Debian's prometheus, prometheus-blackbox-exporter and
 * prometheus-alertmanager first.
 */
public final class OutageBench {
    private static final Path WORK = ServerBench.WORK.resolve("outage");

    /** The service that is killed: a process of its own answering 200 on every path. */
    public static final class Target {
        public static void main(String[] args) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 64);
            server.createContext("/", ex -> {
                byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            server.start();
            System.out.println("up");
        }
    }

    /** A webhook receiver noting when each POST came, by path and whether it announces an outage or its end. */
    static final class Receiver implements AutoCloseable {
        record Post(long at, String path, boolean firing, boolean resolved) {
        }

        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

        final HttpServer server;
        final ConcurrentLinkedQueue<Post> posts = new ConcurrentLinkedQueue<>();

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.createContext("/", ex -> {
                long at = System.currentTimeMillis();
                com.fasterxml.jackson.databind.JsonNode body;
                try (InputStream in = ex.getRequestBody()) {
                    body = JSON.readTree(in);
                }
                // Caretaker: {"event": "incident_opened" | "incident_resolved", …}; Alertmanager: {"status": "firing" | "resolved", …}
                String state = body.path("event").asText(body.path("status").asText(""));
                boolean firing = state.equals("incident_opened") || state.equals("firing");
                boolean resolved = state.equals("incident_resolved") || state.equals("resolved");
                posts.add(new Post(at, ex.getRequestURI().getPath(), firing, resolved));
                ex.sendResponseHeaders(200, -1);
                ex.close();
            });
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        long first(String path, long after, boolean firing) {
            return posts.stream().filter(p -> p.path().equals(path) && p.at() >= after && (firing ? p.firing() : p.resolved()))
                    .mapToLong(Post::at).min().orElse(0);
        }

        @Override
        public void close() {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }

    public static void main(String[] args) throws Exception {
        try {
            bench(args.length > 0 ? Integer.parseInt(args[0]) : 10);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1); // the receiver's and the children's threads must not keep a failed bench alive
        }
        System.exit(0);
    }

    static void bench(int trials) throws Exception {
        for (String tool : List.of("prometheus", "prometheus-blackbox-exporter", "prometheus-alertmanager")) {
            if (which(tool) == null) {
                throw new IllegalStateException(tool + " is not installed: run bench/outage, which installs it");
            }
        }
        deleteTree(WORK);
        Files.createDirectories(WORK);
        int targetPort = freePort();
        int blackboxPort = freePort();
        int alertmanagerPort = freePort();
        int prometheusPort = freePort();
        String target = "http://127.0.0.1:" + targetPort + "/";
        List<Process> services = new ArrayList<>();
        try (EmbeddedPostgres pg = EmbeddedPostgres.open(ServerBench.WORK.resolve("server-home"), new EmbeddedPostgres.Options(0, false), m -> { });
             Receiver hooks = new Receiver()) {
            Process service = startTarget(targetPort);
            Path config = WORK.resolve("caretaker.yml");
            Files.writeString(config, """
                    system: outage-bench
                    %s
                    rules:
                      - {name: health-score-low, enabled: false}
                    incidents:
                      flapping: {changes: 100, window: 1h}
                    notify:
                      channels:
                        hook: {type: webhook, url: "%s"}
                    checks:
                      target: {type: http, url: "%s", timeout: 2s}
                    suites:
                      watch:
                        every: 5s
                        checks: [target]
                    """.formatted(ServerBench.newDatabase(pg, "bench_outage"), hooks.url("/caretaker"), target));
            Files.writeString(WORK.resolve("blackbox.yml"), """
                    modules:
                      http_2xx: {prober: http, timeout: 2s, http: {preferred_ip_protocol: ip4}}
                    """);
            Files.writeString(WORK.resolve("alertmanager.yml"), """
                    route: {receiver: hook, group_wait: 1s, group_interval: 1s, repeat_interval: 1h}
                    receivers:
                      - name: hook
                        webhook_configs: [{url: "%s", send_resolved: true}]
                    """.formatted(hooks.url("/alertmanager")));
            Files.writeString(WORK.resolve("rules.yml"), """
                    groups:
                      - name: outage
                        rules:
                          - {alert: TargetDown, expr: probe_success == 0}
                    """);
            Files.writeString(WORK.resolve("prometheus.yml"), """
                    global: {scrape_interval: 5s, evaluation_interval: 5s, scrape_timeout: 4s}
                    rule_files: [rules.yml]
                    alerting:
                      alertmanagers:
                        - static_configs: [{targets: ["127.0.0.1:%d"]}]
                    scrape_configs:
                      - job_name: blackbox
                        metrics_path: /probe
                        params: {module: [http_2xx]}
                        static_configs: [{targets: ["%s"]}]
                        relabel_configs:
                          - {source_labels: [__address__], target_label: __param_target}
                          - {source_labels: [__param_target], target_label: instance}
                          - {target_label: __address__, replacement: "127.0.0.1:%d"}
                    """.formatted(alertmanagerPort, target, blackboxPort));
            services.add(start("blackbox", "prometheus-blackbox-exporter", "--config.file=" + WORK.resolve("blackbox.yml"),
                    "--web.listen-address=127.0.0.1:" + blackboxPort));
            services.add(start("alertmanager", "prometheus-alertmanager", "--config.file=" + WORK.resolve("alertmanager.yml"),
                    "--storage.path=" + WORK.resolve("alertmanager-data"), "--web.listen-address=127.0.0.1:" + alertmanagerPort,
                    "--cluster.listen-address="));
            services.add(start("prometheus", "prometheus", "--config.file=" + WORK.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + WORK.resolve("prometheus-data"), "--web.listen-address=127.0.0.1:" + prometheusPort));
            Process caretaker = ServerBench.node(config, "outage", WORK.resolve("caretaker.log"));
            services.add(caretaker);
            waitUp("http://127.0.0.1:" + prometheusPort + "/-/ready");
            waitUp("http://127.0.0.1:" + alertmanagerPort + "/-/ready");
            Thread.sleep(20_000); // both have judged the service up a few times
            if (!caretaker.isAlive()) {
                throw new IllegalStateException("the Caretaker node exited (" + caretaker.exitValue() + "): " + Files.readString(WORK.resolve("caretaker.log")));
            }

            System.out.println("\n## Outage → notification: a service killed with -9 at a random moment, until the webhook has the alert\n");
            System.out.println("| trial | Caretaker (`every: 5s`) | Prometheus + blackbox_exporter + Alertmanager (5 s scrape and evaluation, `group_wait: 1s`) |");
            System.out.println("|---|---|---|");
            Random random = new Random();
            List<Long> ours = new ArrayList<>();
            List<Long> anchor = new ArrayList<>();
            for (int trial = 1; trial <= trials; trial++) {
                Thread.sleep(2_000 + random.nextInt(5_000)); // a random phase against both five-second cycles
                long killed = System.currentTimeMillis();
                service.destroyForcibly();
                service.waitFor();
                long deadline = killed + 60_000;
                while ((hooks.first("/caretaker", killed, true) == 0 || hooks.first("/alertmanager", killed, true) == 0)
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                long c = hooks.first("/caretaker", killed, true);
                long a = hooks.first("/alertmanager", killed, true);
                ours.add(c == 0 ? Long.MAX_VALUE : c - killed);
                anchor.add(a == 0 ? Long.MAX_VALUE : a - killed);
                System.out.printf(Locale.ROOT, "| %d | %s | %s |%n", trial, seconds(ours.get(ours.size() - 1)), seconds(anchor.get(anchor.size() - 1)));
                long restarted = System.currentTimeMillis();
                service = startTarget(targetPort);
                deadline = restarted + 90_000;
                while ((hooks.first("/caretaker", restarted, false) == 0 || hooks.first("/alertmanager", restarted, false) == 0)
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                if (System.currentTimeMillis() >= deadline) {
                    throw new IllegalStateException("trial " + trial + ": no \"resolved\" from both within 90 s of the service's return; see "
                            + WORK);
                }
            }
            service.destroyForcibly();
            System.out.println();
            System.out.println("| | median | worst | goal |");
            System.out.println("|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| Caretaker | %s | %s | worst ≤ 6 s, median below the anchor's |%n", seconds(median(ours)),
                    seconds(Collections.max(ours)));
            System.out.printf(Locale.ROOT, "| anchor | %s | %s | |%n", seconds(median(anchor)), seconds(Collections.max(anchor)));
            System.out.printf(Locale.ROOT, "| anchor's median ÷ Caretaker's | %.2f | | > 1 |%n", median(anchor) / (double) median(ours));
        } finally {
            for (Process p : services) {
                p.destroy();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static Process startTarget(int port) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Target.class.getName(), String.valueOf(port))
                .redirectErrorStream(true).start();
        byte[] line = new byte[3];
        if (p.getInputStream().readNBytes(line, 0, 2) != 2) {
            throw new IllegalStateException("the target service did not start on port " + port);
        }
        return p;
    }

    private static Process start(String name, String tool, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(which(tool));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(WORK.toFile()).redirectErrorStream(true).redirectOutput(WORK.resolve(name + ".log").toFile()).start();
    }

    private static void waitUp(String url) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(url + " did not answer within 60 s; see the logs in " + WORK);
    }

    private static String which(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static String seconds(long millis) {
        return millis == Long.MAX_VALUE ? "none within 60 s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Collections.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
