package dev.caretaker.bench;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ReportPeriod;
import dev.caretaker.engine.Engine;
import dev.caretaker.history.LongView;
import dev.caretaker.history.Rollups;
import dev.caretaker.history.RunHistory;
import dev.caretaker.review.Review;
import dev.caretaker.review.Reviews;
import dev.caretaker.store.EmbeddedPostgres;
import dev.caretaker.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Baselines, forecasts and a trends report over the store {@link HistoryBench} generates (a year of rollups of 200 checks
 * run every minute, the last 7 days raw): judging one run of all 200 series (a 4-week hour-of-week baseline and a 30-day
 * Theil–Sen forecast each), and a weekly trends report over the 200 checks. Each is timed against reading the same rows
 * from the store in the same run, so the ratio says what the computation adds to the data access. Run with
 * {@code bench/longview}; not part of the test suite.
 */
public final class LongViewBench {
    static final int RUNS = 7;

    public static void main(String[] args) throws Exception {
        Files.createDirectories(HistoryBench.WORK);
        try (EmbeddedPostgres pg = EmbeddedPostgres.open(HistoryBench.WORK.resolve("history-home"), new EmbeddedPostgres.Options(0, false), m -> { })) {
            boolean fresh = pg.createDatabase("bench_history");
            StringBuilder yaml = new StringBuilder("system: " + HistoryBench.SYSTEM + "\nstore: {url: \"" + pg.jdbcUrl("bench_history") + "\", user: "
                    + EmbeddedPostgres.SUPERUSER + ", password: \"" + pg.password() + "\", retention: {raw: 7d, rollups: 400d}}\nchecks:\n");
            for (int i = 1; i <= HistoryBench.CHECKS; i++) {
                yaml.append(String.format(Locale.ROOT, "  c%03d: {type: http, url: \"http://127.0.0.1:1/%d\", every: 1m}%n", i, i));
            }
            yaml.append("baselines:\n  - {metric: http.latency_ms, for: 0m, min_history: 1d}\n");
            yaml.append("forecasts:\n  series:\n    - {metric: http.latency_ms, limit: 100000}\n");
            yaml.append("reports:\n  trends: {type: trends, period: 7d}\n");
            Path configFile = HistoryBench.WORK.resolve("longview.yml");
            Files.writeString(configFile, yaml);
            CaretakerConfig config = Engine.configLoader(Map.of()).read(configFile);
            try (Store store = Store.open(config.store(), m -> { })) {
                if (fresh || HistoryBench.count(pg, "SELECT count(*) FROM caretaker.measurement_rollup") == 0) {
                    dev.caretaker.history.Partitions partitions = new dev.caretaker.history.Partitions(store.jdbi());
                    for (int d = 8; d >= 0; d--) {
                        partitions.ensure(Instant.now().minus(Duration.ofDays(d)));
                    }
                    HistoryBench.generate(pg);
                }
                Instant now = Instant.ofEpochMilli(HistoryBench.count(pg, "SELECT (extract(epoch FROM max(bucket)) * 1000)::bigint + 3600000 FROM "
                        + "caretaker.measurement_rollup WHERE resolution = '1h'"));
                long points = HistoryBench.count(pg, "SELECT count(*) FROM caretaker.measurement_rollup WHERE resolution = '1h'");
                System.out.printf(Locale.ROOT, "store: %,d hourly rollup rows (a year of %d series); judged as of %s%n", points, HistoryBench.CHECKS, now);

                List<CheckResult> results = new ArrayList<>();
                for (int i = 1; i <= HistoryBench.CHECKS; i++) {
                    String name = String.format(Locale.ROOT, "c%03d", i);
                    results.add(new CheckResult(name, "http", Status.OK, 5, null, List.of(Measurement.of("http.latency_ms", 130, "check", name)), List.of()));
                }
                RunResult run = RunResult.of(HistoryBench.SYSTEM, "bench", now.minusSeconds(1), now, results);
                LongView view = new LongView(new Rollups(store.jdbi()), new RunHistory(store.jdbi()));
                Rollups rollups = new Rollups(store.jdbi());
                // the data alone: each series' 4 weeks and 30 days of hourly rollups, read as the judging reads them
                Callable<Integer> read = () -> {
                    int n = 0;
                    for (int i = 1; i <= HistoryBench.CHECKS; i++) {
                        String name = String.format(Locale.ROOT, "c%03d", i);
                        n += rollups.series(HistoryBench.SYSTEM, name, "http.latency_ms", Rollups.Resolution.HOUR, Duration.ofHours(1), now.minus(Duration.ofDays(28)), now).size();
                        n += rollups.series(HistoryBench.SYSTEM, name, "http.latency_ms", Rollups.Resolution.HOUR, Duration.ofHours(1), now.minus(Duration.ofDays(30)), now).size();
                    }
                    return n;
                };
                Callable<Integer> judge = () -> {
                    RunResult judged = view.judge(run, config);
                    return judged.results().stream().mapToInt(r -> r.measurements().size()).sum();
                };
                double readMs = median(read);
                double judgeMs = median(judge);
                System.out.printf(Locale.ROOT, "%n| what | median of %d | ratio |%n|---|---|---|%n", RUNS);
                System.out.printf(Locale.ROOT, "| reading 200 series' 4 weeks + 30 days of hourly rollups (baseline) | %.0f ms | 1.0 |%n", readMs);
                System.out.printf(Locale.ROOT, "| judging one run of 200 series: baseline bands, anomalies, forecasts | %.0f ms | %.2f |%n", judgeMs, judgeMs / readMs);

                var report = config.reports().get("trends");
                ReportPeriod.Range range = report.period().resolve(now, config.timezone());
                Callable<Integer> rawRead = () -> (int) HistoryBench.count(pg, "SELECT count(*) + sum(value)::bigint * 0 FROM caretaker.measurement m "
                        + "WHERE m.at >= '" + range.previous().from() + "' AND m.at < '" + range.to() + "'");
                Callable<Integer> trends = () -> {
                    Review r = dev.caretaker.engine.Engine.builder(config, store).build().reports().preview(report, range, now);
                    return r.sections().get(0).rows().size();
                };
                double rawMs = median(rawRead);
                double trendsMs = median(trends);
                System.out.printf(Locale.ROOT, "| reading the two periods' raw measurements once (baseline) | %.0f ms | 1.0 |%n", rawMs);
                System.out.printf(Locale.ROOT, "| a trends report over 200 checks (%d series, %d charts) | %.0f ms | %.2f |%n", trends.call(),
                        Math.min(8, HistoryBench.CHECKS), trendsMs, trendsMs / rawMs);
            }
        }
    }

    /** The median time of {@link #RUNS} calls after two warm-up calls. */
    static double median(Callable<Integer> work) throws Exception {
        work.call();
        work.call();
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            work.call();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }
}
