package dev.caretaker.bench;

import com.sun.net.httpserver.HttpServer;
import dev.caretaker.store.EmbeddedPostgres;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Tick lateness on a cluster: three {@code caretaker run} processes on one store (an embedded PostgreSQL of its own), one
 * suite {@code every: 5s} whose run takes about 0.7 s (an HTTP check against a slow local endpoint). After a warm-up, it
 * reads the stored runs: how late each tick's run started (p50, p99, max), the 5 s slots with no run (folded into the
 * next) and the slots run twice. The nodes run from {@code --nodes-from DIR} (a build's {@code target/classes}; default
 * this one's), so an older build is measured by the same bench. Run with {@code bench/ticks}. Not part of the test suite.
 */
public final class TicksBench {
    static final int NODES = 3;

    public static void main(String[] args) throws Exception {
        String nodesFrom = Path.of("target/classes").toAbsolutePath().toString();
        int seconds = 180;
        int warmup = 30;
        String label = "this build";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes-from" -> nodesFrom = Path.of(args[++i]).toAbsolutePath().toString();
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--label" -> label = args[++i];
                default -> throw new IllegalArgumentException("usage: bench/ticks [--nodes-from DIR] [--seconds N] [--label TEXT]");
            }
        }
        Path work = Path.of("bench/work/ticks").toAbsolutePath();
        Files.createDirectories(work);
        HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        slow.createContext("/", ex -> {
            try (ex) {
                Thread.sleep(700);
                ex.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        slow.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "ticks-bench-endpoint");
            t.setDaemon(true);
            return t;
        }));
        slow.start();
        List<Process> nodes = new ArrayList<>();
        try (EmbeddedPostgres pg = EmbeddedPostgres.open(work.resolve("store"), new EmbeddedPostgres.Options(0, false), System.err::println)) {
            String db = "ticks_" + System.currentTimeMillis();
            pg.createDatabase(db);
            Path config = work.resolve("ticks.yml");
            Files.writeString(config, """
                    system: ticks-bench
                    store: {url: "%s", user: %s, password: "%s"}
                    checks:
                      api: {type: http, url: "http://127.0.0.1:%d/health", timeout: 10s}
                    suites:
                      often:
                        every: 5s
                        checks: [api]
                    rules:
                      - {name: health-score-low, enabled: false}
                    """.formatted(pg.jdbcUrl(db), EmbeddedPostgres.SUPERUSER, pg.password(), slow.getAddress().getPort()));
            // the nodes see that build's classes and the libraries only (not this build's migrations)
            String classpath = nodesFrom + File.pathSeparator + Files.readString(Path.of("target/bench.classpath")).strip();
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            for (int n = 1; n <= NODES; n++) {
                ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", classpath, "dev.caretaker.cli.Main", "run", "-c",
                        config.toString(), "--node", "n" + n, "--port", "0").redirectErrorStream(true)
                        .redirectOutput(work.resolve("n" + n + ".log").toFile());
                pb.environment().put("CARETAKER_HOME", work.resolve("home").toString());
                nodes.add(pb.start());
            }
            System.err.printf("%d nodes from %s; warming up %d s, then measuring %d s%n", NODES, nodesFrom, warmup, seconds);
            Thread.sleep(warmup * 1000L);
            long from = System.currentTimeMillis();
            Thread.sleep(seconds * 1000L);
            long to = System.currentTimeMillis();
            report(pg, db, from, to, label);
        } finally {
            for (Process p : nodes) {
                p.destroy();
            }
            for (Process p : nodes) {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            slow.stop(0);
        }
    }

    private static void report(EmbeddedPostgres pg, String db, long from, long to, String label) throws Exception {
        String window = "suite = 'often' AND tick >= to_timestamp(" + from / 1000.0 + ") AND tick < to_timestamp(" + to / 1000.0 + ")";
        try (Connection c = pg.connect(db, "ticks-bench"); Statement st = c.createStatement()) {
            st.execute("SET search_path TO caretaker");
            List<Double> late = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT extract(epoch FROM started_at - tick) * 1000 FROM run WHERE " + window + " ORDER BY 1")) {
                while (rs.next()) {
                    late.add(rs.getDouble(1));
                }
            }
            long slots = Math.floorDiv(to - 1, 5000) - Math.floorDiv(from + 4999, 5000) + 1; // 5 s slots starting within the window
            long ticks;
            long runs;
            try (ResultSet rs = st.executeQuery("SELECT count(DISTINCT tick), count(*) FROM run WHERE " + window)) {
                rs.next();
                ticks = rs.getLong(1);
                runs = rs.getLong(2);
            }
            System.out.println("| build | slots | runs | p50 start lateness | p99 | max | slots folded (no run) | slots run twice |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.0f ms | %.0f ms | %.0f ms | %d | %d |%n", label, slots, runs, pct(late, 50), pct(late, 99),
                    late.isEmpty() ? 0 : late.get(late.size() - 1), Math.max(0, slots - ticks), runs - ticks);
        }
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
