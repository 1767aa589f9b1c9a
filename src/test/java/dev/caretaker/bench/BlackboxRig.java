package dev.caretaker.bench;

import dev.caretaker.store.EmbeddedPostgres;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One run of both sides against one nginx on 127.0.0.1: nginx serves /t/0 … /t/N-1 on two ports, one per side, each with
 * an access log of its own; the anchor is blackbox_exporter (module http_2xx) with Prometheus scraping the N targets
 * through it every 60 s into a TSDB of its own; Caretaker is a real {@code caretaker run} process through the launcher
 * with N HTTP checks {@code every: 60s}, its store a database in the bench's embedded PostgreSQL. Every process started is
 * written to {@link BlackboxBench#PIDS} (pid and start time) so the wrapper script can end them if this JVM dies.
 */
final class BlackboxRig implements AutoCloseable {
    static final String DATABASE = "bench_blackbox";

    final int n;
    final Path dir;
    final EmbeddedPostgres pg;
    final long postmaster;
    final Process nginx;
    final Process blackbox;
    final Process prometheus;
    final Process caretaker;
    final ProbeLog anchorProbes;
    final ProbeLog caretakerProbes;
    private final List<Process> started = new ArrayList<>();

    BlackboxRig(EmbeddedPostgres pg, int n) throws Exception {
        this.n = n;
        this.pg = pg;
        this.dir = BlackboxBench.WORK.resolve("run-" + n);
        deleteTree(dir);
        Files.createDirectories(dir.resolve("nginx-temp"));
        postmaster = Long.parseLong(Files.readAllLines(pg.home().resolve("pgdata/postmaster.pid")).get(0).trim());
        try {
            int anchorPort = freePort();
            int caretakerPort = freePort();
            nginx = start("nginx", List.of(tool("nginx"), "-p", dir.toString(), "-c", writeNginx(anchorPort, caretakerPort).toString(),
                    "-e", dir.resolve("nginx-error.log").toString()));
            waitPort(anchorPort, nginx, "nginx");
            waitPort(caretakerPort, nginx, "nginx");
            anchorProbes = new ProbeLog(dir.resolve("anchor-access.log"));
            caretakerProbes = new ProbeLog(dir.resolve("caretaker-access.log"));

            int blackboxPort = freePort();
            int prometheusPort = freePort();
            Files.writeString(dir.resolve("blackbox.yml"), """
                    modules:
                      http_2xx: {prober: http, timeout: 5s, http: {preferred_ip_protocol: ip4}}
                    """);
            blackbox = start("blackbox", List.of(tool("prometheus-blackbox-exporter"), "--config.file=" + dir.resolve("blackbox.yml"),
                    "--web.listen-address=127.0.0.1:" + blackboxPort));
            waitHttp("http://127.0.0.1:" + blackboxPort + "/metrics", blackbox, "blackbox_exporter");
            prometheus = start("prometheus", List.of(tool("prometheus"), "--config.file=" + writePrometheus(anchorPort, blackboxPort),
                    "--storage.tsdb.path=" + dir.resolve("prometheus-data"), "--web.listen-address=127.0.0.1:" + prometheusPort));

            // the store: a fresh database, with pg_stat_statements to name the statements its CPU goes to
            pg.dropDatabase(DATABASE);
            pg.createDatabase(DATABASE);
            try (Connection c = pg.connect(DATABASE, "bench"); Statement st = c.createStatement()) {
                st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
            caretaker = startCaretaker(writeCaretaker(caretakerPort));
            waitHttp("http://127.0.0.1:" + prometheusPort + "/-/ready", prometheus, "Prometheus");
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** Fails with the side's log when one of the processes has exited. */
    void assertAlive() throws IOException {
        for (Process p : started) {
            if (!p.isAlive()) {
                String name = p == nginx ? "nginx" : p == blackbox ? "blackbox" : p == prometheus ? "prometheus" : "caretaker";
                throw new IllegalStateException(name + " exited (" + p.exitValue() + "); the end of " + dir.resolve(name + ".log") + ":\n"
                        + tail(dir.resolve(name + ".log")));
            }
        }
    }

    /** The store's postmaster and its backends to the bench's priority (see {@link BlackboxBench#raise(long)}). */
    void raiseStore() throws IOException {
        BlackboxBench.raise(postmaster);
        for (long child : ProcUsage.children(postmaster)) {
            BlackboxBench.raise(child);
        }
    }

    ProcUsage prometheusUsage() {
        return ProcUsage.of(prometheus.pid());
    }

    ProcUsage blackboxUsage() {
        return ProcUsage.of(blackbox.pid());
    }

    ProcUsage caretakerUsage() {
        return ProcUsage.of(caretaker.pid());
    }

    ProcUsage storeUsage() throws IOException {
        return ProcUsage.tree(postmaster);
    }

    @Override
    public void close() {
        List<Process> reversed = new ArrayList<>(started);
        Collections.reverse(reversed); // Caretaker and Prometheus before their targets
        for (Process p : reversed) {
            p.destroy();
        }
        for (Process p : reversed) {
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- configuration of each side ----

    private Path writeNginx(int anchorPort, int caretakerPort) throws IOException {
        Path temp = dir.resolve("nginx-temp");
        String server = """
                  server {
                    listen 127.0.0.1:%d;
                    access_log %s probe buffer=64k flush=1s;
                    location /t/ { default_type text/plain; return 200 "ok\\n"; }
                    location / { return 404; }
                  }
                """;
        String conf = """
                daemon off;
                worker_processes 1;
                pid %s;
                error_log %s warn;
                events { worker_connections 4096; }
                http {
                  log_format probe '$msec $uri';
                  access_log off;
                  keepalive_requests 100000;
                  client_body_temp_path %s/body;
                  proxy_temp_path %s/proxy;
                  fastcgi_temp_path %s/fastcgi;
                  uwsgi_temp_path %s/uwsgi;
                  scgi_temp_path %s/scgi;
                %s%s}
                """.formatted(dir.resolve("nginx.pid"), dir.resolve("nginx-error.log"), temp, temp, temp, temp, temp,
                server.formatted(anchorPort, dir.resolve("anchor-access.log")),
                server.formatted(caretakerPort, dir.resolve("caretaker-access.log")));
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        return file;
    }

    private Path writePrometheus(int anchorPort, int blackboxPort) throws IOException {
        StringBuilder yaml = new StringBuilder("""
                global: {scrape_interval: 60s, scrape_timeout: 10s, evaluation_interval: 60s}
                scrape_configs:
                  - job_name: blackbox
                    metrics_path: /probe
                    params: {module: [http_2xx]}
                    relabel_configs:
                      - {source_labels: [__address__], target_label: __param_target}
                      - {source_labels: [__param_target], target_label: instance}
                """);
        yaml.append("      - {target_label: __address__, replacement: \"127.0.0.1:").append(blackboxPort).append("\"}\n");
        yaml.append("    static_configs:\n      - targets:\n");
        for (int i = 0; i < n; i++) {
            yaml.append("          - \"http://127.0.0.1:").append(anchorPort).append("/t/").append(i).append("\"\n");
        }
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, yaml);
        return file;
    }

    private Path writeCaretaker(int caretakerPort) throws IOException {
        StringBuilder yaml = new StringBuilder("system: blackbox-bench\n");
        yaml.append("store: {url: \"").append(pg.jdbcUrl(DATABASE)).append("\", user: ").append(EmbeddedPostgres.SUPERUSER)
                .append(", password: \"").append(pg.password()).append("\"}\n");
        // as bench/server: the one built-in rule off, so the checks and the store's bookkeeping are what is measured
        yaml.append("rules:\n  - {name: health-score-low, enabled: false}\nchecks:\n");
        for (int i = 0; i < n; i++) {
            yaml.append("  c").append(i).append(": {type: http, url: \"http://127.0.0.1:").append(caretakerPort).append("/t/").append(i)
                    .append("\", every: 60s, timeout: 5s}\n");
        }
        Path file = dir.resolve("caretaker.yml");
        Files.writeString(file, yaml);
        return file;
    }

    private Process startCaretaker(Path config) throws IOException {
        List<String> cmd = List.of(ServerBench.LAUNCHER.toString(), "run", "-c", config.toString(), "--node", "bench", "--port", "0",
                "--parallel", "64");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("caretaker.log").toFile());
        pb.environment().put("CARETAKER_HOME", BlackboxBench.WORK.resolve("node-home").toString());
        return register(pb.start(), "caretaker");
    }

    private Process start(String name, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
        return register(p, name);
    }

    private Process register(Process p, String name) throws IOException {
        started.add(p);
        BlackboxBench.remember(p.pid(), name);
        return p;
    }

    // ---- small helpers ----

    static String tool(String name) {
        for (String d : (System.getenv().getOrDefault("PATH", "/usr/bin") + ":/usr/sbin:/sbin").split(":")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException(name + " is not installed: run bench/blackbox, which installs it from Debian's packages");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void waitPort(int port, Process p, String name) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(100); // not yet listening
            }
        }
        throw new IllegalStateException(name + " did not listen on " + port + " within 30 s; see " + dir);
    }

    private void waitHttp(String url, Process p, String name) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && p.isAlive()) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not answer " + url + " within 120 s; see " + dir);
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path p : paths.sorted(Collections.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * One side's nginx access log, read as it grows: the requests that reached nginx, by the minute (counted from a start
     * the bench sets) they arrived in, and which targets were asked in each minute.
     */
    static final class ProbeLog {
        private final Path file;
        private long offset;
        private long start;
        private final TreeMap<Long, Integer> perMinute = new TreeMap<>();
        private final TreeMap<Long, BitSet> targetsPerMinute = new TreeMap<>();

        ProbeLog(Path file) {
            this.file = file;
        }

        /** Counts from here on, in minutes from {@code startMillis}; what came before is read and dropped. */
        synchronized void startAt(long startMillis) throws IOException {
            read();
            start = startMillis;
            perMinute.clear();
            targetsPerMinute.clear();
        }

        /** Reads the lines nginx has written since the last read (it flushes its buffer every second). */
        synchronized void read() throws IOException {
            if (!Files.exists(file)) {
                return;
            }
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                long length = f.length();
                if (length <= offset) {
                    return;
                }
                byte[] bytes = new byte[(int) (length - offset)];
                f.seek(offset);
                f.readFully(bytes);
                int end = lastNewline(bytes);
                offset += end + 1;
                for (String line : new String(bytes, 0, end + 1, StandardCharsets.US_ASCII).split("\n")) {
                    int space = line.indexOf(' ');
                    if (space < 0 || !line.startsWith("/t/", space + 1)) {
                        continue;
                    }
                    long at = Math.round(Double.parseDouble(line.substring(0, space)) * 1000);
                    long minute = Math.floorDiv(at - start, 60_000);
                    perMinute.merge(minute, 1, Integer::sum);
                    targetsPerMinute.computeIfAbsent(minute, k -> new BitSet()).set(Integer.parseInt(line.substring(space + 4).trim()));
                }
            }
        }

        private static int lastNewline(byte[] bytes) {
            for (int i = bytes.length - 1; i >= 0; i--) {
                if (bytes[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        /** Requests in minute {@code minute} (0 is the first after the start). */
        synchronized int count(long minute) {
            return perMinute.getOrDefault(minute, 0);
        }

        /** Distinct targets asked at least once over minutes [from, to). */
        synchronized int distinctTargets(long from, long to) {
            BitSet all = new BitSet();
            targetsPerMinute.subMap(from, to).values().forEach(all::or);
            return all.cardinality();
        }
    }

    /** Appends a line to a file, creating it: the pid list the wrapper reads. */
    static void append(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
