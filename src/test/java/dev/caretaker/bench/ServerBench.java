package dev.caretaker.bench;

import com.sun.net.httpserver.HttpServer;
import dev.caretaker.schedule.Ticks;
import dev.caretaker.store.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The server's figures, each against a baseline measured in the same run where there is one: {@code scale} (how many HTTP
 * checks every 60 s one node holds on two cores), {@code failover} (three nodes, one killed with -9), {@code store-load}
 * (queries three idle nodes put on the store). The outage-to-notification race against Prometheus, blackbox_exporter and
 * Alertmanager is {@link OutageBench}. Run with {@code bench/server WHAT}; not part of the test suite.
 */
public final class ServerBench {
    static final Path WORK = Path.of("bench/work").toAbsolutePath();
    /** The launcher an operator runs (and the systemd unit in the README), with its JVM options for the server. */
    static final Path LAUNCHER = Path.of("caretaker").toAbsolutePath();
    /** Whole periods {@code scale} measures after start-up, unless {@code --minutes N} says otherwise. */
    static final int DEFAULT_SCALE_MINUTES = 3;

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        Files.createDirectories(WORK);
        try (EmbeddedPostgres pg = EmbeddedPostgres.open(WORK.resolve("server-home"), new EmbeddedPostgres.Options(0, false), m -> { })) {
            if (what.equals("scale") || what.equals("all")) {
                List<Integer> counts = new ArrayList<>();
                int minutes = DEFAULT_SCALE_MINUTES;
                for (int i = 1; i < args.length; i++) {
                    if (args[i].equals("--minutes")) {
                        minutes = Integer.parseInt(args[++i]);
                    } else {
                        counts.add(Integer.parseInt(args[i]));
                    }
                }
                scale(pg, counts.isEmpty() ? List.of(1000, 2500, 5000, 10000) : counts, minutes);
            }
            if (what.equals("failover") || what.equals("all")) {
                failover(pg);
            }
            if (what.equals("store-load") || what.equals("all")) {
                storeLoad(pg);
            }
        }
    }

    // ---- shared pieces ----

    /** A stub service on 127.0.0.1 answering 200 on every path, noting when each request arrived. */
    static final class Stub implements AutoCloseable {
        final HttpServer server;
        final ConcurrentLinkedQueue<long[]> arrivals = new ConcurrentLinkedQueue<>();
        final java.util.concurrent.ExecutorService threads = Executors.newFixedThreadPool(16);
        volatile long delayMillis;

        Stub() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            server.createContext("/", ex -> {
                long at = System.currentTimeMillis();
                String path = ex.getRequestURI().getPath();
                int n = path.startsWith("/c") ? Integer.parseInt(path.substring(2)) : -1;
                arrivals.add(new long[] {at, n});
                if (delayMillis > 0) {
                    try {
                        Thread.sleep(delayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            server.setExecutor(threads);
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    static String newDatabase(EmbeddedPostgres pg, String name) {
        pg.dropDatabase(name);
        pg.createDatabase(name);
        return "store: {url: \"" + pg.jdbcUrl(name) + "\", user: " + EmbeddedPostgres.SUPERUSER + ", password: \"" + pg.password() + "\"}";
    }

    static Process node(Path config, String name, Path log, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString(), "run", "-c", config.toString(), "--node", name, "--port", "0"));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CARETAKER_HOME", WORK.resolve("server-node-home").toString());
        Process p = pb.start();
        // a bench stopped early (Ctrl-C) takes its nodes with it rather than leaving them to load the machine
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return p;
    }

    static long number(EmbeddedPostgres pg, String database, String sql) throws Exception {
        try (Connection c = pg.connect(database, "bench"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Resident memory (kB) and CPU time (ms, user and system) of a process, from /proc. */
    static long[] usage(long pid) throws IOException {
        long rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        return new long[] {rss, ticks * 10};
    }

    /**
     * CPU time (ms) of the embedded PostgreSQL serving {@code pg}: its postmaster's own and reaped children's, plus every
     * live backend's, so connections that came and went are counted too.
     */
    static long storeCpu(EmbeddedPostgres pg) throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(pg.home().resolve("pgdata/postmaster.pid")).get(0).trim());
        long ticks = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                String stat;
                try {
                    stat = Files.readString(proc.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long pid = Long.parseLong(proc.getFileName().toString());
                if (pid == postmaster) {
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                } else if (Long.parseLong(f[1]) == postmaster) {
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        }
        return ticks * 10;
    }

    /** The statements that took the store's time since the last reset, most first, as Markdown table rows. */
    static List<String> topStatements(EmbeddedPostgres pg, String database, int limit) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = pg.connect(database, "bench"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT round(total_exec_time::numeric / 1000, 1), round(100 * total_exec_time / "
                     + "sum(total_exec_time) OVER ())::int, calls, round(mean_exec_time::numeric, 2), rows, "
                     + "left(regexp_replace(query, '\\s+', ' ', 'g'), 140) FROM pg_stat_statements "
                     + "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY total_exec_time DESC LIMIT " + limit)) {
            while (rs.next()) {
                rows.add(String.format(Locale.ROOT, "| %s s | %d %% | %d | %s ms | %d | `%s` |", rs.getString(1), rs.getInt(2), rs.getLong(3),
                        rs.getString(4), rs.getLong(5), rs.getString(6).replace("|", "\\|")));
            }
        }
        return rows;
    }

    static void resetStatements(EmbeddedPostgres pg, String database) throws Exception {
        try (Connection c = pg.connect(database, "bench"); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            st.execute("SELECT pg_stat_statements_reset()");
        }
    }

    static double percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p / 100 * sorted.size()) - 1));
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    // ---- scale ----

    /**
     * N HTTP checks with {@code every: 60s} against one stub serving N paths, one node, {@code minutes} whole periods after
     * start-up: whether every check ran once in each, the p50 and p99 of how late each check's request arrived after its
     * tick (its period's multiple plus its slot's offset), peak RSS, CPU of the node and of its store as a share of the
     * machine's two cores, both per minute (flat, or growing with uptime?), and the statements that took the store's time.
     */
    static void scale(EmbeddedPostgres pg, List<Integer> counts, int minutes) throws Exception {
        System.out.println("\n## Scale of one node: N HTTP checks every 60 s (" + minutes + " periods measured after start-up)\n");
        System.out.println("| checks | each check once a minute? | start lateness after its slot, p50 / p99 | peak RSS | CPU (share of 2 cores) "
                + "| store CPU (share of 2 cores) | CPU-seconds per 1,000 probes, node + store | holds? |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        List<String> details = new ArrayList<>();
        for (int n : counts) {
            try (Stub stub = new Stub()) {
                Path config = WORK.resolve("scale-" + n + ".yml");
                StringBuilder yaml = new StringBuilder("system: scale-bench\n" + newDatabase(pg, "bench_scale") + "\nrules:\n"
                        + "  - {name: health-score-low, enabled: false}\nchecks:\n");
                for (int i = 0; i < n; i++) {
                    yaml.append("  c").append(i).append(": {type: http, url: \"").append(stub.url("/c" + i)).append("\", every: 60s, timeout: 5s}\n");
                }
                Files.writeString(config, yaml);
                Process p = node(config, "scale", WORK.resolve("scale-" + n + ".log"), "--parallel", "64");
                try {
                    long first = System.currentTimeMillis() / 60_000 + 2; // the first period wholly after start-up
                    long end = (first + minutes) * 60_000 + 60_000 + 2_000; // the last period's last slot and its run
                    Thread.sleep(Math.max(0, first * 60_000 - System.currentTimeMillis()));
                    stub.arrivals.clear();
                    resetStatements(pg, "bench_scale");
                    long[] before = usage(p.pid());
                    long storeBefore = storeCpu(pg);
                    long peak = before[0];
                    long started = System.currentTimeMillis();
                    List<long[]> perMinute = new ArrayList<>(); // node and store CPU (ms) at each minute's start
                    perMinute.add(new long[] {before[1], storeBefore});
                    while (System.currentTimeMillis() < end) {
                        Thread.sleep(1000);
                        long[] u = usage(p.pid());
                        peak = Math.max(peak, u[0]);
                        if (System.currentTimeMillis() >= (first + perMinute.size()) * 60_000 && perMinute.size() <= minutes) {
                            perMinute.add(new long[] {u[1], storeCpu(pg)});
                        }
                    }
                    long[] after = usage(p.pid());
                    long storeAfter = storeCpu(pg);
                    long elapsed = System.currentTimeMillis() - started;
                    double cpu = (after[1] - before[1]) / (double) elapsed / 2 * 100;
                    double storeShare = (storeAfter - storeBefore) / (double) elapsed / 2 * 100;
                    // each check's ticks are its period's multiples plus its slot's offset (Ticks.offset)
                    Map<Long, Map<Long, Integer>> perPeriod = new LinkedHashMap<>();
                    List<Long> lateness = new ArrayList<>();
                    for (long[] a : stub.arrivals) {
                        long offset = Ticks.offset("scale-bench", "c" + a[1], Duration.ofMinutes(1)).toMillis();
                        long period = Math.floorDiv(a[0] - offset, 60_000);
                        if (period < first || period >= first + minutes) {
                            continue;
                        }
                        perPeriod.computeIfAbsent(period, k -> new LinkedHashMap<>()).merge(a[1], 1, Integer::sum);
                        lateness.add(a[0] - (period * 60_000 + offset));
                    }
                    boolean everyMinute = perPeriod.size() == minutes && perPeriod.values().stream()
                            .allMatch(m -> m.size() == n && m.values().stream().allMatch(c -> c == 1));
                    int fewest = perPeriod.size() < minutes ? 0 : perPeriod.values().stream().mapToInt(Map::size).min().orElse(0);
                    double p50 = percentile(lateness, 50);
                    double p99 = percentile(lateness, 99);
                    boolean holds = everyMinute && p99 < 1000 && peak < 512 * 1024 && cpu < 50;
                    long probes = stub.arrivals.size();
                    double perThousand = (after[1] - before[1] + storeAfter - storeBefore) / 1000.0 / Math.max(1, probes) * 1000;
                    System.out.printf(Locale.ROOT, "| %d | %s (fewest checks in a minute: %d; %d requests in %d minutes) | %.0f ms / %.0f ms | %d MB "
                                    + "| %.0f %% | %.0f %% | %.2f | %s |%n", n, everyMinute ? "yes" : "no", fewest, lateness.size(), minutes, p50, p99,
                            peak / 1024, cpu, storeShare, perThousand, holds ? "yes" : "no");
                    details.add("\n**" + n + " checks: CPU-seconds per minute of uptime** (minute 1 is the first whole period after start-up)\n");
                    details.add("| minute | node | store |");
                    details.add("|---|---|---|");
                    for (int i = 1; i < perMinute.size(); i++) {
                        details.add(String.format(Locale.ROOT, "| %d | %.1f s | %.1f s |", i, (perMinute.get(i)[0] - perMinute.get(i - 1)[0]) / 1000.0,
                                (perMinute.get(i)[1] - perMinute.get(i - 1)[1]) / 1000.0));
                    }
                    details.add("\n**" + n + " checks: the statements that took the store's time** (pg_stat_statements over the measured periods)\n");
                    details.add("| total | share | calls | mean | rows | statement |");
                    details.add("|---|---|---|---|---|---|");
                    details.addAll(topStatements(pg, "bench_scale", 8));
                } finally {
                    stop(p);
                }
            }
        }
        details.forEach(System.out::println);
    }

    // ---- failover ----

    /**
     * Three nodes, a suite every 10 s whose check takes 6 s; after a minute the node running a tick is killed with -9; two
     * more minutes. Ticks lost (a tick of the grid with no run) and run twice, outside the takeover window, and how long the
     * killed node's tick waited for another node.
     */
    static void failover(EmbeddedPostgres pg) throws Exception {
        System.out.println("\n## Failover: three nodes, a suite every 10 s (a 6 s check), the node running a tick killed with -9\n");
        try (Stub stub = new Stub()) {
            stub.delayMillis = 6_000;
            Path config = WORK.resolve("failover.yml");
            Files.writeString(config, """
                    system: failover-bench
                    %s
                    rules:
                      - {name: health-score-low, enabled: false}
                    checks:
                      api: {type: http, url: "%s", timeout: 20s}
                    suites:
                      tick:
                        every: 10s
                        checks: [api]
                    """.formatted(newDatabase(pg, "bench_failover"), stub.url("/slow")));
            Map<String, Process> nodes = new LinkedHashMap<>();
            for (String n : List.of("f1", "f2", "f3")) {
                nodes.put(n, node(config, n, WORK.resolve("failover-" + n + ".log")));
            }
            try {
                Thread.sleep(60_000);
                String victim = null;
                long tick = 0;
                while (victim == null) {
                    try (Connection c = pg.connect("bench_failover", "bench"); Statement st = c.createStatement();
                         ResultSet rs = st.executeQuery("SELECT picked_by, (extract(epoch FROM execution_time) * 1000)::bigint "
                                 + "FROM caretaker.scheduled_tasks WHERE task_instance = 'suite:tick' AND picked")) {
                        if (rs.next()) {
                            victim = rs.getString(1);
                            tick = rs.getLong(2);
                        }
                    }
                    Thread.sleep(100);
                }
                long killed = System.currentTimeMillis();
                nodes.get(victim).destroyForcibly();
                nodes.get(victim).waitFor();
                long rerun = 0;
                while (rerun == 0 && System.currentTimeMillis() < killed + 120_000) {
                    rerun = number(pg, "bench_failover", "SELECT coalesce(min((extract(epoch FROM started_at) * 1000)::bigint), 0) "
                            + "FROM caretaker.run WHERE tick = to_timestamp(" + tick + " / 1000.0)");
                    Thread.sleep(200);
                }
                Thread.sleep(120_000);
                long from = number(pg, "bench_failover", "SELECT (extract(epoch FROM min(tick)) * 1000)::bigint FROM caretaker.run");
                long to = number(pg, "bench_failover", "SELECT (extract(epoch FROM max(tick)) * 1000)::bigint FROM caretaker.run");
                long expected = (to - from) / 10_000 + 1;
                long distinct = number(pg, "bench_failover", "SELECT count(DISTINCT tick) FROM caretaker.run");
                long runs = number(pg, "bench_failover", "SELECT count(*) FROM caretaker.run");
                java.util.Set<Long> ran = new java.util.HashSet<>();
                try (Connection c = pg.connect("bench_failover", "bench"); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT DISTINCT (extract(epoch FROM tick) * 1000)::bigint FROM caretaker.run")) {
                    while (rs.next()) {
                        ran.add(rs.getLong(1));
                    }
                }
                // a tick due while the killed node still held its tick is covered by that tick's re-run (one run, not one
                // per missed tick): those are the takeover window's; any other tick without a run is lost
                long inWindow = 0;
                long outside = 0;
                for (long t = from; t <= to; t += 10_000) {
                    if (!ran.contains(t)) {
                        if (t > tick && t <= rerun) {
                            inWindow++;
                        } else {
                            outside++;
                        }
                    }
                }
                long skipped = 0;
                for (String n : nodes.keySet()) {
                    for (String line : Files.readAllLines(WORK.resolve("failover-" + n + ".log"))) {
                        if (line.contains("tick(s) skipped")) {
                            skipped += Long.parseLong(line.replaceAll(".*: (\\d+) tick\\(s\\) skipped.*", "$1"));
                        }
                    }
                }
                System.out.println("| measurement | value | goal |");
                System.out.println("|---|---|---|");
                System.out.printf(Locale.ROOT, "| ticks on the grid over the run | %d | |%n", expected);
                System.out.printf(Locale.ROOT, "| ticks with a run | %d | |%n", distinct);
                System.out.printf(Locale.ROOT, "| ticks due inside the takeover window, covered by the killed tick's one re-run | %d | |%n", inWindow);
                System.out.printf(Locale.ROOT, "| ticks lost outside the takeover window (no run, not logged as skipped) | %d | 0 |%n",
                        Math.max(0, outside - skipped));
                System.out.printf(Locale.ROOT, "| ticks skipped while a tick ran late (the taken-over one) | %d | |%n", skipped);
                System.out.printf(Locale.ROOT, "| ticks run twice | %d | 0 |%n", runs - distinct);
                System.out.printf(Locale.ROOT, "| takeover: kill -9 to the killed tick's re-run starting | %.1f s | ≤ 30 s |%n", (rerun - killed) / 1000.0);
            } finally {
                for (Process p : nodes.values()) {
                    if (p.isAlive()) {
                        stop(p);
                    }
                }
            }
        }
    }

    // ---- store load ----

    /**
     * Three idle nodes (no suite; the housekeeping tick only) for two minutes: transactions per second they put on the store,
     * from PostgreSQL's own counters (each idle query is a transaction of its own), against the same two minutes with no
     * node running.
     */
    static void storeLoad(EmbeddedPostgres pg) throws Exception {
        System.out.println("\n## Store load: three idle nodes, two minutes\n");
        Path config = WORK.resolve("idle.yml");
        Files.writeString(config, """
                system: idle-bench
                %s
                checks:
                  api: {type: http, url: "http://127.0.0.1:1/"}
                """.formatted(newDatabase(pg, "bench_idle")));
        String xacts = "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'bench_idle'";
        long base0 = number(pg, "bench_idle", xacts);
        Thread.sleep(60_000);
        long base1 = number(pg, "bench_idle", xacts);
        List<Process> nodes = new ArrayList<>();
        for (String n : List.of("i1", "i2", "i3")) {
            nodes.add(node(config, n, WORK.resolve("idle-" + n + ".log")));
        }
        try {
            Thread.sleep(30_000); // started and settled
            long a = number(pg, "bench_idle", xacts);
            Instant t0 = Instant.now();
            Thread.sleep(120_000);
            long b = number(pg, "bench_idle", xacts);
            double seconds = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
            double baseline = (base1 - base0) / 60.0;
            System.out.println("| measurement | transactions per second | goal |");
            System.out.println("|---|---|---|");
            System.out.printf(Locale.ROOT, "| no node (the counter's own reads) | %.2f | |%n", baseline);
            System.out.printf(Locale.ROOT, "| three idle nodes | %.2f | ≤ 5 |%n", (b - a) / seconds);
            System.out.printf(Locale.ROOT, "| per node, less the baseline | %.2f | |%n", ((b - a) / seconds - baseline) / 3);
        } finally {
            for (Process p : nodes) {
                stop(p);
            }
        }
    }
}
