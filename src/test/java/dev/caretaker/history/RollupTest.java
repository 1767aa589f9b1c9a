package dev.caretaker.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.ConfigException;
import dev.caretaker.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Rollups kept as runs are stored, read without the raw rows, and safe when runs are stored at once. */
@ExtendWith(TestDatabases.class)
class RollupTest {
    private static RunResult run(String system, Instant at, double latency) {
        CheckResult r = new CheckResult("crm", "http", Status.OK, 10, null,
                List.of(Measurement.of("http.latency_ms", latency, "check", "crm")), List.of());
        return RunResult.of(system, "watch", at.minusSeconds(1), at, List.of(r));
    }

    @Test
    void each_resolution_holds_min_max_sum_and_count_and_answers_without_the_raw_rows(TestDatabase db, Store store) {
        RunHistory history = new RunHistory(store.jdbi());
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        double[] values = {100, 300, 200, 400, 50, 250}; // every 2 minutes: 10:00 … 10:10
        for (int i = 0; i < values.length; i++) {
            history.save(run("roll", t0.plus(Duration.ofMinutes(2L * i)), values[i]), List.of("crm"));
        }
        history.save(run("other-system", t0, 9999), List.of("crm"));
        db.exec("DELETE FROM caretaker.measurement"); // what follows reads the rollups only
        Rollups rollups = new Rollups(store.jdbi());

        List<Rollups.Bucket> fiveMinutes = rollups.series("roll", "crm", "http.latency_ms", Rollups.Resolution.FIVE_MINUTES,
                Duration.ofMinutes(5), t0, t0.plus(Duration.ofHours(1)));
        assertThat(fiveMinutes).extracting(b -> b.at().toString())
                .containsExactly("2026-11-23T10:00:00Z", "2026-11-23T10:05:00Z", "2026-11-23T10:10:00Z");
        assertThat(fiveMinutes.get(0).count()).isEqualTo(3); // 10:00, 10:02, 10:04
        assertThat(fiveMinutes.get(0).min()).isEqualTo(100);
        assertThat(fiveMinutes.get(0).max()).isEqualTo(300);
        assertThat(fiveMinutes.get(0).mean()).isEqualTo(200);

        List<Rollups.Bucket> hour = rollups.series("roll", "crm", "http.latency_ms", Rollups.Resolution.HOUR, Duration.ofHours(1),
                t0, t0.plus(Duration.ofHours(1)));
        assertThat(hour).hasSize(1);
        assertThat(hour.get(0).count()).isEqualTo(6);
        assertThat(hour.get(0).sum()).isEqualTo(1300);
        assertThat(hour.get(0).min()).isEqualTo(50);
        assertThat(hour.get(0).max()).as("the other system's value is not in this one's rollup").isEqualTo(400);
        assertThat(hour.get(0).labels()).containsEntry("check", "crm");

        List<Rollups.Bucket> day = rollups.series("roll", "crm", "http.latency_ms", Rollups.Resolution.DAY, Duration.ofDays(1),
                t0.minus(Duration.ofDays(1)), t0.plus(Duration.ofDays(1)));
        assertThat(day).singleElement().satisfies(b -> assertThat(b.count()).isEqualTo(6));
        assertThat(Rollups.Resolution.forStep(Duration.ofMinutes(15))).isEqualTo(Rollups.Resolution.FIVE_MINUTES);
        assertThat(Rollups.Resolution.forStep(Duration.ofHours(3))).isEqualTo(Rollups.Resolution.HOUR);
        assertThat(Rollups.Resolution.forStep(Duration.ofDays(7))).isEqualTo(Rollups.Resolution.DAY);
        assertThat(Rollups.Resolution.forStep(Duration.ofMinutes(1))).as("finer than any rollup: raw rows").isNull();

        assertThat(rollups.prune("roll", t0.plus(Duration.ofDays(36)), t0.minus(Duration.ofDays(400))))
                .as("35 days on, the 5-minute buckets go; hourly and daily stay").isEqualTo(3);
        assertThat(rollups.series("roll", "crm", "http.latency_ms", Rollups.Resolution.HOUR, Duration.ofHours(1), t0, t0.plus(Duration.ofHours(1))))
                .hasSize(1);
        assertThat(rollups.prune("roll", t0.plus(Duration.ofDays(401)), t0.plus(Duration.ofDays(1)))).isEqualTo(1 + 1);
        assertThat(db.number("SELECT count(*) FROM caretaker.measurement_rollup WHERE system = 'other-system'")).isEqualTo(3);
    }

    @Test
    void runs_stored_at_once_into_the_same_buckets_all_count(TestDatabase db, Store store) throws Exception {
        RunHistory history = new RunHistory(store.jdbi());
        Instant at = Instant.parse("2026-11-23T10:01:00Z");
        int n = 8;
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double v = i;
                done.add(pool.submit(() -> {
                    start.await();
                    return history.save(run("busy", at, v), List.of("crm"));
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Rollups.Resolution r : Rollups.Resolution.values()) {
            List<Rollups.Bucket> b = new Rollups(store.jdbi()).series("busy", "crm", "http.latency_ms", r, r.width,
                    at.minus(Duration.ofDays(1)), at.plus(Duration.ofDays(1)));
            assertThat(b).singleElement().satisfies(x -> {
                assertThat(x.count()).isEqualTo(n);
                assertThat(x.sum()).isEqualTo(28); // 0 + 1 + … + 7
            });
        }
    }

    @Test
    void retention_is_a_duration_or_raw_and_rollups(TestDatabase db) {
        assertThat(db.config("system: r\nstore: {retention: 30d}\n").store().retention()).isEqualTo(Duration.ofDays(30));
        var both = db.config("system: r\nstore: {retention: {raw: 7d, rollups: 400d}}\n").store();
        assertThat(both.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(both.rollupRetention()).isEqualTo(Duration.ofDays(400));
        assertThatThrownBy(() -> db.config("system: r\nstore: {retention: {raw: 30d, rollups: 7d}}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("shorter than store.retention.raw");
        assertThatThrownBy(() -> db.config("system: r\nstore: {retention: {raw: 7d, rollup: 400d}}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rollups");
    }

    @Test
    void rollups_summed_from_each_run_equal_a_group_by_over_the_stored_measurements(TestDatabase db, Store store) {
        RunHistory history = new RunHistory(store.jdbi());
        // a moment the store rounds up into the next 5-minute bucket (with 10:07:30), three in one hour, one the next hour and one the next day
        List<Instant> moments = List.of(Instant.parse("2026-11-23T10:04:59.9999996Z"), Instant.parse("2026-11-23T10:07:30Z"),
                Instant.parse("2026-11-23T10:58:00Z"), Instant.parse("2026-11-23T11:02:00Z"), Instant.parse("2026-11-24T00:00:00Z"));
        for (int i = 0; i < moments.size(); i++) {
            double v = 1.25 * (i + 1);
            java.util.Map<String, String> ab = new java.util.LinkedHashMap<>();
            ab.put("b", "x");
            ab.put("a", "2");
            java.util.Map<String, String> ba = new java.util.TreeMap<>(ab); // the same labels in another order
            CheckResult web = new CheckResult("web", "http", Status.OK, 10, null, List.of(Measurement.of("http.latency_ms", 100 + v, "check", "web"),
                    new Measurement("probe.value", ab, v), new Measurement("probe.value", ba, -v), Measurement.of("probe.value", 3 * v, "a", "1")),
                    List.of());
            CheckResult db2 = new CheckResult("db", "postgres", Status.OK, 10, null, List.of(Measurement.of("probe.value", v / 2, "a", "1")), List.of());
            history.save(RunResult.of("sums", "watch", moments.get(i).minusSeconds(1), moments.get(i), List.of(web, db2)), List.of("web", "db"));
        }
        String stored = "SELECT resolution, check_name, metric, labels::text, bucket, min, max, sum, count FROM caretaker.measurement_rollup "
                + "WHERE system = 'sums' ORDER BY 1, 2, 3, 4, 5";
        String grouped = "SELECT res.name, m.check_name, m.metric, m.labels::text, "
                + "to_timestamp(floor(extract(epoch FROM m.at) / res.seconds) * res.seconds) AS bucket, min(m.value), max(m.value), sum(m.value), "
                + "count(*) FROM caretaker.measurement m JOIN caretaker.run r ON r.id = m.run_id "
                + "CROSS JOIN (VALUES ('5m', 300), ('1h', 3600), ('1d', 86400)) AS res (name, seconds) WHERE r.system = 'sums' "
                + "GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5";
        List<String> expected = rows(db, grouped);
        assertThat(rows(db, stored)).isEqualTo(expected);
        assertThat(expected).as("three resolutions of several series and buckets").hasSizeGreaterThan(30)
                .contains("5m|web|probe.value|{\"a\": \"2\", \"b\": \"x\"}|2026-11-23 10:05:00+00|-2.5|2.5|0|4");
    }

    private static List<String> rows(TestDatabase db, String sql) {
        List<String> out = new ArrayList<>();
        try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
            try (java.sql.ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= 9; i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(String.join("|", row));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
