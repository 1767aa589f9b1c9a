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
import dev.caretaker.config.Severity;
import dev.caretaker.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Capacity forecasts on a run, from hourly rollups written as a real history would leave them. */
@ExtendWith(TestDatabases.class)
class ForecastTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    /** {@code days} of hourly rollups of {@code metric} for check {@code db}, starting at {@code start} and adding {@code perDay}. */
    private static void history(TestDatabase db, String system, String metric, String labels, int days, double start, double perDay, long seed) {
        Random r = new Random(seed);
        StringBuilder sql = new StringBuilder("INSERT INTO caretaker.measurement_rollup VALUES ");
        for (int h = days * 24; h >= 1; h--) {
            Instant bucket = NOW.minus(Duration.ofHours(h)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            double v = start + perDay * (days * 24 - h) / 24.0 + r.nextGaussian() * Math.abs(perDay) * 0.05 + (perDay == 0 ? r.nextGaussian() : 0);
            sql.append(h == days * 24 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "('1h', '%s', 'db', '%s', '%s', '%s', %f, %f, %f, 1)",
                    system, metric, labels, bucket, v, v, v));
        }
        db.exec(sql.toString());
    }

    private static RunResult run(String system, String metric, double value, String... labels) {
        return RunResult.of(system, "daily", NOW.minusSeconds(2), NOW, List.of(new CheckResult("db", "postgres", Status.OK, 5, null,
                List.of(Measurement.of(metric, value, labels)), List.of())));
    }

    @Test
    void growing_connections_are_forecast_with_the_date_and_a_flat_twin_or_a_short_history_is_not(TestDatabase db, Store store) {
        CaretakerConfig config = db.config(TestDatabase.oneCheck("db", "postgres", ""));
        LongView view = new LongView(new Rollups(store.jdbi()), new RunHistory(store.jdbi()));
        // 40 % ten days ago, 4 points a day: 80 % now, 100 % in five days
        history(db, "grow", "postgres.connection_usage_percent", "{\"check\": \"db\", \"database\": \"app\"}", 10, 40, 4, 1);
        RunResult judged = view.judge(run("grow", "postgres.connection_usage_percent", 80, "check", "db", "database", "app"), config);
        Finding f = judged.results().get(0).findings().get(0);
        assertThat(f.code()).isEqualTo("capacity.forecast");
        assertThat(f.severity()).as("within 7 days").isEqualTo(Severity.CRITICAL);
        assertThat(f.subject()).isEqualTo("app");
        assertThat(f.message()).startsWith("connections of app reaches 100.0 % around 2026-11-29, in 5 days; growing 4.0 %/day");
        assertThat(judged.results().get(0).status()).isEqualTo(Status.CRITICAL);
        assertThat((double) f.evidence().get("per_day")).isBetween(3.8, 4.2);

        history(db, "flat", "postgres.connection_usage_percent", "{\"check\": \"db\", \"database\": \"app\"}", 10, 60, 0, 2);
        assertThat(view.judge(run("flat", "postgres.connection_usage_percent", 60, "check", "db", "database", "app"), config)
                .results().get(0).findings()).as("flat").isEmpty();
        history(db, "young", "postgres.connection_usage_percent", "{\"check\": \"db\", \"database\": \"app\"}", 2, 40, 20, 3);
        assertThat(view.judge(run("young", "postgres.connection_usage_percent", 80, "check", "db", "database", "app"), config)
                .results().get(0).findings()).as("two days of history").isEmpty();
    }

    @Test
    void a_database_grows_toward_its_configured_maximum_and_without_one_nothing_is_said(TestDatabase db, Store store) {
        LongView view = new LongView(new Rollups(store.jdbi()), new RunHistory(store.jdbi()));
        double gb = 1024.0 * 1024 * 1024;
        history(db, "size", "postgres.database_bytes", "{\"check\": \"db\", \"database\": \"app\"}", 14, 60 * gb, 1.4 * gb, 4);
        double now = 60 * gb + 14 * 1.4 * gb;
        CaretakerConfig limited = db.config(TestDatabase.oneCheck("db", "postgres", "thresholds: {database_size: {max: 100GB}}\n"));
        Finding f = view.judge(run("size", "postgres.database_bytes", now, "check", "db", "database", "app"), limited)
                .results().get(0).findings().get(0);
        assertThat(f.severity()).as("about 15 days away").isEqualTo(Severity.WARNING);
        assertThat(f.message()).startsWith("database app reaches 100.0 GB around 2026-12-0").contains("growing 1.4 GB/day");
        CaretakerConfig unlimited = db.config(TestDatabase.oneCheck("db", "postgres", ""));
        assertThat(view.judge(run("size", "postgres.database_bytes", now, "check", "db", "database", "app"), unlimited)
                .results().get(0).findings()).isEmpty();
    }

    @Test
    void a_filling_disk_from_the_host_check_is_forecast_full(TestDatabase db, Store store) {
        CaretakerConfig config = db.config(TestDatabase.oneCheck("db", "postgres", ""));
        LongView view = new LongView(new Rollups(store.jdbi()), new RunHistory(store.jdbi()));
        // 70 % used ten days ago, 2 points a day: 90 % now, full in five days
        history(db, "disk", "host.disk_used_percent", "{\"check\": \"db\", \"mount\": \"/data\"}", 10, 70, 2, 6);
        Finding f = view.judge(run("disk", "host.disk_used_percent", 90, "check", "db", "mount", "/data"), config).results().get(0).findings().get(0);
        assertThat(f.code()).isEqualTo("capacity.forecast");
        assertThat(f.subject()).isEqualTo("/data");
        assertThat(f.message()).startsWith("disk /data reaches 100.0 % around 2026-11-29, in 5 days; growing 2.0 %/day");
    }
}
