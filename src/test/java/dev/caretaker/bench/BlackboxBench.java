package dev.caretaker.bench;

import dev.caretaker.store.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Caretaker against Prometheus + blackbox_exporter probing the same nginx targets once a minute, both sides running at the
 * same time so the machine's noise hits both. For each side, from /proc: CPU-seconds of every process (Prometheus and
 * blackbox_exporter; Caretaker's JVM and its store's PostgreSQL, the postmaster with every backend and worker it forked),
 * resident and proportional memory, and the probes that reached nginx.
 * <ul>
 *   <li>{@code scale N…}: per N, a fresh pair of sides, {@code BENCH_WARMUP_MINUTES} (3) minutes of warm-up, then
 *   {@code BENCH_MINUTES} (5) measured: CPU-seconds per 1,000 probes, peak RSS and PSS, probes a minute.</li>
 *   <li>{@code soak N MINUTES}: one pair of sides for MINUTES minutes, CPU-seconds per minute of each, minute by minute,
 *   and the change from minute 5 to the last.</li>
 * </ul>
 * Run with {@code bench/blackbox}, which installs Debian's nginx, prometheus and prometheus-blackbox-exporter and ends
 * whatever this started if it dies. Not part of the test suite.
 */
public final class BlackboxBench {
    static final Path WORK = ServerBench.WORK.resolve("blackbox");
    /** Pid, start time and name of every process started, for the wrapper to end them if this JVM is killed. */
    static final Path PIDS = WORK.resolve("pids");
    private static final int WARM_UP_MINUTES = intEnv("BENCH_WARMUP_MINUTES", 3);
    private static final int WINDOW_MINUTES = intEnv("BENCH_MINUTES", 5);
    /** The soak's comparison starts here: the "flat from minute 5". */
    private static final int SOAK_FROM_MINUTE = 5;
    /** The scheduling priority of both sides (the wrapper runs the harness at it): see {@link #raise(long)}. */
    private static final int NICE = intEnv("BENCH_NICE", 0);

    private static volatile BlackboxRig current;
    private static volatile boolean stopping;

    public static void main(String[] args) {
        int code = 0;
        try {
            run(args);
        } catch (Exception e) {
            if (stopping) {
                System.err.println("stopped before the end: the sides are ended");
            } else {
                e.printStackTrace();
            }
            code = 1;
        }
        System.exit(code); // the HTTP client's and the children's threads must not keep a finished bench alive
    }

    private static void run(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "scale";
        Files.createDirectories(WORK);
        raise(ProcessHandle.current().pid());
        try (EmbeddedPostgres pg = EmbeddedPostgres.open(WORK.resolve("store"), new EmbeddedPostgres.Options(0, false), m -> { })) {
            remember(Long.parseLong(Files.readAllLines(pg.home().resolve("pgdata/postmaster.pid")).get(0).trim()), "postgres");
            // Ctrl-C or a TERM from the wrapper: the sides stop with the bench, not after it
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopping = true;
                BlackboxRig rig = current;
                if (rig != null) {
                    rig.close();
                }
                pg.close();
            }));
            switch (mode) {
                case "scale" -> {
                    List<Integer> counts = new ArrayList<>();
                    for (int i = 1; i < args.length; i++) {
                        counts.add(Integer.parseInt(args[i]));
                    }
                    scale(pg, counts.isEmpty() ? List.of(10_000, 20_000) : counts);
                }
                case "soak" -> soak(pg, args.length > 1 ? Integer.parseInt(args[1]) : 10_000, args.length > 2 ? Integer.parseInt(args[2]) : 60);
                default -> throw new IllegalArgumentException("unknown mode '" + mode + "': use scale [N…] or soak [N] [MINUTES]");
            }
        }
    }

    /** One side's use over an interval, and the probes it sent that reached nginx. */
    record SideFigures(double cpuSeconds, long peakRssKb, long peakPssKb, long probes) {
        double perThousandProbes() {
            return probes == 0 ? Double.NaN : cpuSeconds / (probes / 1000.0);
        }
    }

    /** A scale row: N, the anchor, Caretaker's JVM alone, its store, and how the probes came. */
    record ScaleRow(int n, SideFigures anchor, SideFigures caretaker, SideFigures store, SideFigures withStore, double busyShare,
                    double anchorPerMinute, int anchorFewest, int anchorTargets, double caretakerPerMinute, int caretakerFewest,
                    int caretakerTargets) {
    }

    /** What each side had used at one moment, and the machine's busy and total jiffies. */
    record Snapshot(ProcUsage prometheus, ProcUsage blackbox, ProcUsage caretaker, ProcUsage store, long[] machine) {
        static Snapshot of(BlackboxRig rig) throws IOException {
            return new Snapshot(rig.prometheusUsage(), rig.blackboxUsage(), rig.caretakerUsage(), rig.storeUsage(), ProcUsage.machine());
        }

        ProcUsage anchor() {
            return prometheus.plus(blackbox);
        }

        ProcUsage withStore() {
            return caretaker.plus(store);
        }

        double busyShareSince(Snapshot before) {
            return (machine[0] - before.machine[0]) / (double) (machine[1] - before.machine[1]);
        }
    }

    // ---- scale ----

    static void scale(EmbeddedPostgres pg, List<Integer> counts) throws Exception {
        List<ScaleRow> rows = new ArrayList<>();
        for (int n : counts) {
            rows.add(scaleOne(pg, n));
        }
        System.out.printf(Locale.ROOT, "%n## Side by side with Prometheus + blackbox_exporter (both at once; warm-up %d min, %d min measured)%n%n",
                WARM_UP_MINUTES, WINDOW_MINUTES);
        System.out.println("CPU-seconds per 1,000 probes that reached nginx:\n");
        System.out.println("| checks a minute | anchor: Prometheus + blackbox_exporter | Caretaker alone (JVM) | its store (PostgreSQL) | Caretaker with its store "
                + "| alone ÷ anchor | with store ÷ anchor | machine busy (2 cores) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (ScaleRow r : rows) {
            System.out.printf(Locale.ROOT, "| %,d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f %% |%n", r.n(), r.anchor().perThousandProbes(),
                    r.caretaker().perThousandProbes(), r.store().perThousandProbes(), r.withStore().perThousandProbes(),
                    r.caretaker().perThousandProbes() / r.anchor().perThousandProbes(),
                    r.withStore().perThousandProbes() / r.anchor().perThousandProbes(), r.busyShare() * 100);
        }
        System.out.println("\nMemory, peak over the measured minutes (sampled every 10 s), RSS / PSS:\n");
        System.out.println("| checks a minute | anchor | Caretaker alone (JVM) | its store (PostgreSQL) | Caretaker with its store | alone ÷ anchor (RSS / PSS) "
                + "| with store ÷ anchor (RSS / PSS) |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (ScaleRow r : rows) {
            System.out.printf(Locale.ROOT, "| %,d | %s | %s | %s | %s | %.2f / %.2f | %.2f / %.2f |%n", r.n(), mb(r.anchor()), mb(r.caretaker()), mb(r.store()),
                    mb(r.withStore()), ratio(r.caretaker().peakRssKb(), r.anchor().peakRssKb()), ratio(r.caretaker().peakPssKb(), r.anchor().peakPssKb()),
                    ratio(r.withStore().peakRssKb(), r.anchor().peakRssKb()), ratio(r.withStore().peakPssKb(), r.anchor().peakPssKb()));
        }
        System.out.println("\nCadence: probes that reached nginx a minute (mean over the measured minutes; the fewest in one minute; distinct targets):\n");
        System.out.println("| checks a minute | anchor: mean / fewest / targets | kept | Caretaker: mean / fewest / targets | kept |");
        System.out.println("|---|---|---|---|---|");
        for (ScaleRow r : rows) {
            System.out.printf(Locale.ROOT, "| %,d | %,.0f / %,d / %,d | %.1f %% | %,.0f / %,d / %,d | %.1f %% |%n", r.n(), r.anchorPerMinute(), r.anchorFewest(),
                    r.anchorTargets(), r.anchorPerMinute() / r.n() * 100, r.caretakerPerMinute(), r.caretakerFewest(), r.caretakerTargets(),
                    r.caretakerPerMinute() / r.n() * 100);
        }
    }

    private static ScaleRow scaleOne(EmbeddedPostgres pg, int n) throws Exception {
        try (BlackboxRig rig = new BlackboxRig(pg, n)) {
            current = rig;
            long t0 = System.currentTimeMillis();
            rig.anchorProbes.startAt(t0);
            rig.caretakerProbes.startAt(t0);
            log("N=%d: both sides started; warm-up %d min, then %d min measured", n, WARM_UP_MINUTES, WINDOW_MINUTES);
            sleepUntil(rig, t0 + WARM_UP_MINUTES * 60_000L);
            resetStatements(pg);
            Snapshot before = Snapshot.of(rig);
            long[] peak = new long[8]; // RSS and PSS of: anchor, Caretaker, store, Caretaker with store
            long end = t0 + (WARM_UP_MINUTES + WINDOW_MINUTES) * 60_000L;
            while (System.currentTimeMillis() < end) {
                Snapshot s = Snapshot.of(rig);
                ProcUsage[] sides = {s.anchor(), s.caretaker(), s.store(), s.withStore()};
                for (int i = 0; i < sides.length; i++) {
                    peak[2 * i] = Math.max(peak[2 * i], sides[i].rssKb());
                    peak[2 * i + 1] = Math.max(peak[2 * i + 1], sides[i].pssKb());
                }
                sleepUntil(rig, Math.min(end, System.currentTimeMillis() + 10_000));
            }
            Snapshot after = Snapshot.of(rig);
            Thread.sleep(3_000); // nginx flushes its log buffers every second
            rig.anchorProbes.read();
            rig.caretakerProbes.read();
            long anchorProbes = 0;
            long caretakerProbes = 0;
            int anchorFewest = Integer.MAX_VALUE;
            int caretakerFewest = Integer.MAX_VALUE;
            for (int m = WARM_UP_MINUTES; m < WARM_UP_MINUTES + WINDOW_MINUTES; m++) {
                anchorProbes += rig.anchorProbes.count(m);
                caretakerProbes += rig.caretakerProbes.count(m);
                anchorFewest = Math.min(anchorFewest, rig.anchorProbes.count(m));
                caretakerFewest = Math.min(caretakerFewest, rig.caretakerProbes.count(m));
            }
            SideFigures anchor = new SideFigures(after.anchor().cpuSeconds() - before.anchor().cpuSeconds(), peak[0], peak[1], anchorProbes);
            SideFigures caretaker = new SideFigures(after.caretaker().cpuSeconds() - before.caretaker().cpuSeconds(), peak[2], peak[3], caretakerProbes);
            SideFigures store = new SideFigures(after.store().cpuSeconds() - before.store().cpuSeconds(), peak[4], peak[5], caretakerProbes);
            SideFigures withStore = new SideFigures(caretaker.cpuSeconds() + store.cpuSeconds(), peak[6], peak[7], caretakerProbes);
            int to = WARM_UP_MINUTES + WINDOW_MINUTES;
            ScaleRow row = new ScaleRow(n, anchor, caretaker, store, withStore, after.busyShareSince(before),
                    anchorProbes / (double) WINDOW_MINUTES, anchorFewest, rig.anchorProbes.distinctTargets(WARM_UP_MINUTES, to),
                    caretakerProbes / (double) WINDOW_MINUTES, caretakerFewest, rig.caretakerProbes.distinctTargets(WARM_UP_MINUTES, to));
            printDetail(rig, row, before, after);
            printStatements(pg, "over the measured minutes");
            current = null;
            return row;
        }
    }

    private static void printDetail(BlackboxRig rig, ScaleRow r, Snapshot before, Snapshot after) {
        System.out.printf(Locale.ROOT, "%n### %,d checks a minute: minutes %d–%d after start (%d processes in the store at the end)%n%n", r.n(),
                WARM_UP_MINUTES + 1, WARM_UP_MINUTES + WINDOW_MINUTES, after.store().processes());
        System.out.println("| process(es) | CPU-seconds | probes | CPU-s per 1,000 probes | peak RSS / PSS |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| Prometheus | %.1f | | | |%n", after.prometheus().cpuSeconds() - before.prometheus().cpuSeconds());
        System.out.printf(Locale.ROOT, "| blackbox_exporter | %.1f | | | |%n", after.blackbox().cpuSeconds() - before.blackbox().cpuSeconds());
        detailRow("anchor (both)", r.anchor());
        detailRow("Caretaker's JVM", r.caretaker());
        detailRow("its store's PostgreSQL", r.store());
        detailRow("Caretaker with its store", r.withStore());
        System.out.printf(Locale.ROOT, "%nMachine busy %.0f %% of 2 cores over the window; logs and configs in %s%n", r.busyShare() * 100, rig.dir);
    }

    private static void detailRow(String name, SideFigures f) {
        System.out.printf(Locale.ROOT, "| %s | %.1f | %,d | %.2f | %s |%n", name, f.cpuSeconds(), f.probes(), f.perThousandProbes(), mb(f));
    }

    // ---- soak ----

    static void soak(EmbeddedPostgres pg, int n, int minutes) throws Exception {
        try (BlackboxRig rig = new BlackboxRig(pg, n)) {
            current = rig;
            long t0 = System.currentTimeMillis();
            rig.anchorProbes.startAt(t0);
            rig.caretakerProbes.startAt(t0);
            resetStatements(pg);
            System.out.printf(Locale.ROOT, "%n## Soak: %,d checks a minute for %d minutes, both sides at once (started %s)%n%n", n, minutes,
                    LocalTime.now().truncatedTo(ChronoUnit.SECONDS));
            System.out.println("CPU-seconds in each minute since start; memory at the minute's end (PSS, MB); probes that reached nginx in the minute.\n");
            System.out.println("| minute | Caretaker's JVM | its store | Caretaker with store | Prometheus | blackbox_exporter | anchor | with store ÷ anchor "
                    + "| per 1,000 probes: with store / anchor | PSS with store / anchor | probes Caretaker / anchor | machine busy |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
            List<double[]> perMinute = new ArrayList<>(); // CPU-s of JVM, store, with store, anchor; probes of Caretaker, anchor
            Snapshot previous = Snapshot.of(rig);
            for (int m = 1; m <= minutes; m++) {
                sleepUntil(rig, t0 + m * 60_000L);
                Snapshot s = Snapshot.of(rig);
                Thread.sleep(2_000); // nginx flushes its log buffers every second
                rig.anchorProbes.read();
                rig.caretakerProbes.read();
                double jvm = s.caretaker().cpuSeconds() - previous.caretaker().cpuSeconds();
                double store = s.store().cpuSeconds() - previous.store().cpuSeconds();
                double prometheus = s.prometheus().cpuSeconds() - previous.prometheus().cpuSeconds();
                double blackbox = s.blackbox().cpuSeconds() - previous.blackbox().cpuSeconds();

                int ours = rig.caretakerProbes.count(m - 1);
                int theirs = rig.anchorProbes.count(m - 1);
                perMinute.add(new double[] {jvm, store, jvm + store, prometheus + blackbox, ours, theirs});
                System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %s / %s | %d / %d MB | %,d / %,d | %.0f %% |%n", m, jvm, store,
                        jvm + store, prometheus, blackbox, prometheus + blackbox, (jvm + store) / (prometheus + blackbox), perThousand(jvm + store, ours),
                        perThousand(prometheus + blackbox, theirs), s.withStore().pssKb() / 1024, s.anchor().pssKb() / 1024, ours, theirs,
                        s.busyShareSince(previous) * 100);
                System.out.flush();
                previous = s;
            }
            printSoakChange(perMinute, n);
            printStatements(pg, "over the whole soak");
            current = null;
        }
    }

    private static void printSoakChange(List<double[]> perMinute, int n) {
        int last = perMinute.size();
        // CPU per minute compares only while a side does the same work: say up to which minute each kept its cadence
        System.out.printf(Locale.ROOT, "%nEvery minute with at least 99 %% of %,d probes: Caretaker %s; the anchor %s.%n", n, kept(perMinute, 4, n),
                kept(perMinute, 5, n));
        if (last < SOAK_FROM_MINUTE + 1) {
            System.out.println("\n(fewer than " + (SOAK_FROM_MINUTE + 1) + " minutes: no change from minute " + SOAK_FROM_MINUTE + " to report)");
            return;
        }
        String[] names = {"Caretaker's JVM", "its store", "Caretaker with its store", "anchor: Prometheus + blackbox_exporter"};
        int span = Math.min(5, (last - SOAK_FROM_MINUTE + 1) / 2);
        System.out.printf(Locale.ROOT, "%n| CPU-seconds a minute | minute %d | minute %d | change | mean of minutes %d–%d | mean of minutes %d–%d | change |%n",
                SOAK_FROM_MINUTE, last, SOAK_FROM_MINUTE, SOAK_FROM_MINUTE + span - 1, last - span + 1, last);
        System.out.println("|---|---|---|---|---|---|---|");
        for (int i = 0; i < names.length; i++) {
            double from = perMinute.get(SOAK_FROM_MINUTE - 1)[i];
            double to = perMinute.get(last - 1)[i];
            double fromMean = mean(perMinute, SOAK_FROM_MINUTE, SOAK_FROM_MINUTE + span - 1, i);
            double toMean = mean(perMinute, last - span + 1, last, i);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %+.0f %% | %.1f | %.1f | %+.0f %% |%n", names[i], from, to, (to / from - 1) * 100, fromMean, toMean,
                    (toMean / fromMean - 1) * 100);
        }
    }

    private static String kept(List<double[]> rows, int column, int n) {
        List<Integer> shortMinutes = new ArrayList<>();
        for (int m = 2; m <= rows.size(); m++) { // minute 1 holds the start-up
            if (rows.get(m - 1)[column] < 0.99 * n) {
                shortMinutes.add(m);
            }
        }
        return shortMinutes.isEmpty() ? "from minute 2 to the last" : "from minute 2 to minute " + (shortMinutes.get(0) - 1) + " (short in "
                + shortMinutes.size() + " of " + (rows.size() - 1) + " minutes after the first)";
    }

    private static double mean(List<double[]> rows, int fromMinute, int toMinute, int column) {
        double sum = 0;
        for (int m = fromMinute; m <= toMinute; m++) {
            sum += rows.get(m - 1)[column];
        }
        return sum / (toMinute - fromMinute + 1);
    }

    // ---- the store's statements ----

    private static void resetStatements(EmbeddedPostgres pg) throws Exception {
        try (Connection c = pg.connect(BlackboxRig.DATABASE, "bench"); Statement st = c.createStatement()) {
            st.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /** The store's five costliest statements by execution time (pg_stat_statements), to say where its CPU went. */
    private static void printStatements(EmbeddedPostgres pg, String when) throws Exception {
        String sql = """
                SELECT calls, total_exec_time, total_exec_time / nullif(sum(total_exec_time) OVER (), 0) AS share,
                       left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS query
                FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                ORDER BY total_exec_time DESC LIMIT 5""";
        System.out.printf("%nThe store's costliest statements %s (pg_stat_statements, execution time):%n%n", when);
        System.out.println("| calls | total | share | statement |");
        System.out.println("|---|---|---|---|");
        try (Connection c = pg.connect(BlackboxRig.DATABASE, "bench"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                System.out.printf(Locale.ROOT, "| %,d | %.1f s | %.0f %% | `%s` |%n", rs.getLong(1), rs.getDouble(2) / 1000, rs.getDouble(3) * 100,
                        rs.getString(4).replace("|", "\\|").replace("`", "'"));
            }
        }
    }

    // ---- helpers ----

    /** Appends a started process to the pid list the wrapper script ends on exit (pid, start time, name). */
    static void remember(long pid, String name) throws IOException {
        BlackboxRig.append(PIDS, pid + " " + ProcUsage.startTime(pid) + " " + name);
    }

    /**
     * Gives a process's autogroup the bench's nice. With autogroups on (Linux's default), nice weighs only inside a session's
     * group and the groups share the CPU equally; on a shared machine a busy neighbour of many sessions starved blackbox_exporter
     * until Prometheus's scrapes filled its accept queue. The harness has a session of its own (the wrapper starts it with
     * setsid) that its nginx, Prometheus, blackbox_exporter and Caretaker share; PostgreSQL gives each backend a session of
     * its own, so the store's processes are raised one by one as they appear.
     */
    static void raise(long pid) {
        if (NICE == 0) {
            return;
        }
        Path group = Path.of("/proc", String.valueOf(pid), "autogroup");
        try {
            if (!Files.readString(group).trim().endsWith("nice " + NICE)) {
                Files.writeString(group, String.valueOf(NICE));
            }
        } catch (IOException e) {
            // gone, or autogroups off, or not root: the priority stays what nice gave it
        }
    }

    private static void sleepUntil(BlackboxRig rig, long until) throws Exception {
        while (System.currentTimeMillis() < until) {
            rig.raiseStore();
            rig.assertAlive();
            Thread.sleep(Math.min(5_000, Math.max(1, until - System.currentTimeMillis())));
        }
        rig.assertAlive();
    }

    /** CPU-seconds per 1,000 probes, or a dash in a minute without a probe (a side that stopped probing). */
    private static String perThousand(double cpuSeconds, int probes) {
        return probes == 0 ? "–" : String.format(Locale.ROOT, "%.2f", cpuSeconds / (probes / 1000.0));
    }

    private static String mb(SideFigures f) {
        return String.format(Locale.ROOT, "%d / %d MB", f.peakRssKb() / 1024, f.peakPssKb() / 1024);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : a / (double) b;
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[%s] " + format + "%n", add(LocalTime.now().truncatedTo(ChronoUnit.SECONDS), args));
    }

    private static Object[] add(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static int intEnv(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }
}
