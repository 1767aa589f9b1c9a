package dev.caretaker.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seasonal baselines on a run, from hourly rollups of a generated history with a daily pattern. */
@ExtendWith(TestDatabases.class)
class AnomalyTest {
    /** A Tuesday, 03:00 UTC: a quiet hour of the daily pattern. */
    static final Instant NOW = Instant.parse("2026-11-24T03:10:00Z");

    static final String CONFIG = """
            checks:
              api:
                type: http
                url: http://127.0.0.1:9/health
            baselines:
              - metric: http.latency_ms
                check: api
                %s
            """;

    /** Latency by hour of day: 100 ms ± 50 in a sine over the day, plus noise of about 5 ms. */
    static double normal(Instant at, Random noise) {
        int hour = at.atZone(java.time.ZoneOffset.UTC).getHour();
        return 100 + 50 * Math.sin(2 * Math.PI * hour / 24.0) + noise.nextGaussian() * 5;
    }

    private static void history(TestDatabase db, String system, int days, long seed) {
        Random r = new Random(seed);
        StringBuilder sql = new StringBuilder("INSERT INTO caretaker.measurement_rollup VALUES ");
        Instant start = NOW.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(days));
        for (Instant b = start; b.isBefore(NOW.truncatedTo(ChronoUnit.HOURS)); b = b.plus(Duration.ofHours(1))) {
            double v = normal(b, r);
            sql.append(b.equals(start) ? "" : ", ").append(String.format(Locale.ROOT,
                    "('1h', '%s', 'api', 'http.latency_ms', '{\"check\": \"api\"}', '%s', %f, %f, %f, 1)", system, b, v, v, v));
        }
        db.exec(sql.toString());
    }

    private static RunResult run(String system, Instant at, double latency) {
        return RunResult.of(system, "every", at.minusSeconds(1), at, List.of(new CheckResult("api", "http", Status.OK, 5, null,
                List.of(Measurement.of("http.latency_ms", latency, "check", "api")), List.of())));
    }

    private static List<Finding> anomalies(RunResult r) {
        return r.results().get(0).findings().stream().filter(f -> f.code().startsWith("anomaly.")).toList();
    }

    @Test
    void a_spike_at_a_quiet_hour_is_an_anomaly_its_seasonal_twin_is_not_and_the_band_is_measured(TestDatabase db, Store store) {
        CaretakerConfig config = db.config(CONFIG.formatted("for: 0m"));
        LongView view = new LongView(new Rollups(store.jdbi()), new RunHistory(store.jdbi()));
        history(db, "spike", 28, 1);
        double usual = 100 + 50 * Math.sin(2 * Math.PI * 3 / 24.0); // about 135 ms at 03:00
        // 250 ms is a normal afternoon (all hours' spread is wide) but far beyond what 03:00 has ever seen
        RunResult judged = view.judge(run("spike", NOW, 250), config);
        List<Finding> found = anomalies(judged);
        assertThat(found).hasSize(1);
        Finding f = found.get(0);
        assertThat(f.code()).isEqualTo("anomaly.high");
        assertThat(f.subject()).isEqualTo("api");
        assertThat(f.message()).startsWith("http.latency_ms of api is 250, above its normal 1").contains("for Tue 03:00");
        assertThat((double) f.evidence().get("baseline")).isBetween(usual - 6, usual + 6);
        assertThat((double) f.evidence().get("spread")).isBetween(1.0, 15.0);
        assertThat(f.evidence()).containsEntry("hour", "Tue 03:00").containsEntry("seasonal", true).containsEntry("value", 250.0);
        assertThat(judged.results().get(0).status()).isEqualTo(Status.WARNING);
        List<Measurement> band = judged.results().get(0).measurements().stream().filter(m -> m.metric().startsWith("baseline.")).toList();
        assertThat(band).extracting(Measurement::metric).containsExactly("baseline.low", "baseline.centre", "baseline.high");
        assertThat(band.get(0).labels()).containsEntry("metric", "http.latency_ms").containsEntry("check", "api");
        assertThat(band.get(0).value()).isLessThan(usual).isGreaterThan(usual - 80);
        assertThat(band.get(2).value()).isGreaterThan(usual).isLessThan(250);

        // the twin: the same season, the value 03:00 usually has
        assertThat(anomalies(view.judge(run("spike", NOW, usual + 4), config))).as("a usual 03:00").isEmpty();
        // a dip: far below 03:00's band
        assertThat(anomalies(view.judge(run("spike", NOW, 60), config))).extracting(Finding::code).containsExactly("anomaly.low");
        // direction: high only ignores the dip
        CaretakerConfig highOnly = db.config(CONFIG.formatted("for: 0m\n    direction: high"));
        assertThat(anomalies(view.judge(run("spike", NOW, 60), highOnly))).isEmpty();
    }

    @Test
    void without_its_season_or_with_too_little_history_the_same_spike_says_nothing(TestDatabase db, Store store) {
        CaretakerConfig config = db.config(CONFIG.formatted("for: 0m"));
        LongView view = new LongView(new Rollups(store.jdbi()), new RunHistory(store.jdbi()));
        // five days: fewer than 3 values per hour of the week, so the band is all hours' (wide), and under min_history 7d
        history(db, "young", 5, 2);
        RunResult judged = view.judge(run("young", NOW, 250), config);
        assertThat(anomalies(judged)).isEmpty();
        assertThat(judged.results().get(0).measurements()).as("the band is drawn even before it judges")
                .anyMatch(m -> m.metric().equals("baseline.centre"));
        // with min_history 1d the band judges, but all hours' band holds 250 ms: 1.5 × the sine's amplitude from the middle
        CaretakerConfig eager = db.config(CONFIG.formatted("for: 0m\n    min_history: 1d"));
        assertThat(anomalies(view.judge(run("young", NOW, 250), eager))).isEmpty();
        assertThat(anomalies(view.judge(run("young", NOW, 2500), eager))).as("an outage-sized spike still counts").hasSize(1);
    }

    @Test
    void an_anomaly_waits_for_its_for_across_stored_runs(TestDatabase db, Store store) {
        CaretakerConfig config = db.config(CONFIG.formatted("for: 15m"));
        RunHistory history = new RunHistory(store.jdbi());
        LongView view = new LongView(new Rollups(store.jdbi()), history);
        history(db, "slow", 28, 3);
        history.save(run("slow", NOW.minus(Duration.ofMinutes(20)), 140), List.of("api"));
        history.save(run("slow", NOW.minus(Duration.ofMinutes(10)), 260), List.of("api"));
        assertThat(anomalies(view.judge(run("slow", NOW, 270), config))).as("beyond for 10 minutes").isEmpty();
        history.save(run("slow", NOW, 270), List.of("api"));
        Instant later = NOW.plus(Duration.ofMinutes(6));
        List<Finding> found = anomalies(view.judge(run("slow", later, 255), config));
        assertThat(found).as("beyond for 16 minutes").hasSize(1);
        assertThat(found.get(0).message()).endsWith("so since 16m");
        assertThat(found.get(0).evidence()).containsEntry("since", NOW.minus(Duration.ofMinutes(10)).toString());
    }
}
