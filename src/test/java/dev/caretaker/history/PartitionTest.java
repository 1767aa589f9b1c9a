package dev.caretaker.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.store.EmbeddedPostgres;
import dev.caretaker.store.Store;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Raw measurements by day: partitions made before a day is written, dropped whole when no system's run is left in the day. */
@ExtendWith(TestDatabases.class)
class PartitionTest {
    private static RunResult run(String system, Instant at, double value) {
        return RunResult.of(system, "watch", at.minusSeconds(1), at, List.of(new CheckResult("crm", "http", Status.OK, 10, null,
                List.of(Measurement.of("http.latency_ms", value, "check", "crm")), List.of())));
    }

    @Test
    void a_day_is_dropped_whole_once_no_system_has_a_run_left_in_it(TestDatabase db, Store store) {
        RunHistory history = new RunHistory(store.jdbi());
        Partitions partitions = new Partitions(store.jdbi());
        Instant day1 = Instant.parse("2026-11-01T10:00:00Z");
        Instant day3 = Instant.parse("2026-11-03T10:00:00Z");
        history.save(run("alpha", day1, 1), List.of("crm"));
        history.save(run("beta", day1, 2), List.of("crm"));
        history.save(run("alpha", day3, 3), List.of("crm"));
        assertThat(partitions.list()).contains("measurement_20261101", "measurement_20261102", "measurement_20261103", "measurement_20261104");
        assertThat(db.number("SELECT count(*) FROM caretaker.measurement_20261101")).isEqualTo(2);

        Instant cut = Instant.parse("2026-11-02T00:00:00Z");
        assertThat(history.prune("alpha", cut)).isEqualTo(1);
        assertThat(partitions.list()).as("beta still has a run on the 1st").contains("measurement_20261101");
        assertThat(history.series("alpha", "http.latency_ms", day1.minusSeconds(3600))).as("alpha's pruned run is not read")
                .extracting(RunHistory.Point::value).containsExactly(3.0);
        assertThat(history.prune("beta", cut)).isEqualTo(1);
        assertThat(partitions.list()).doesNotContain("measurement_20261101").contains("measurement_20261103");
        assertThat(history.series("alpha", "http.latency_ms", day1.minusSeconds(3600))).extracting(RunHistory.Point::value).containsExactly(3.0);
    }

    @Test
    void a_store_from_before_partitions_keeps_its_measurements(TestDatabase db) {
        EmbeddedPostgres pg = TestPostgres.server();
        Flyway.configure().dataSource(pg.jdbcUrl(db.name()), EmbeddedPostgres.SUPERUSER, pg.password()).schemas(Store.SCHEMA)
                .defaultSchema(Store.SCHEMA).locations("classpath:db/migration").target("11").load().migrate();
        db.exec("INSERT INTO caretaker.run (id, system, suite, started_at, finished_at, status, health_score) VALUES "
                        + "(1, 'old', 's', '2026-10-01T09:59:00Z', '2026-10-01T10:00:00Z', 'ok', 100), "
                        + "(2, 'old', 's', '2026-10-05T09:59:00Z', '2026-10-05T10:00:00Z', 'ok', 100)",
                "INSERT INTO caretaker.check_result (run_id, check_name, check_type, status, duration_ms) VALUES (1, 'crm', 'http', 'ok', 1), "
                        + "(2, 'crm', 'http', 'ok', 1)",
                "INSERT INTO caretaker.measurement (run_id, check_name, metric, labels, value, at) VALUES "
                        + "(1, 'crm', 'http.latency_ms', '{\"check\": \"crm\"}', 10, '2026-10-01T10:00:00Z'), "
                        + "(2, 'crm', 'http.latency_ms', '{\"check\": \"crm\"}', 20, '2026-10-05T10:00:00Z')");
        try (Store store = db.store()) {
            assertThat(new Partitions(store.jdbi()).list()).contains("measurement_20261001", "measurement_20261005");
            assertThat(new RunHistory(store.jdbi()).series("old", "http.latency_ms", Instant.parse("2026-09-01T00:00:00Z")))
                    .extracting(RunHistory.Point::value).containsExactly(10.0, 20.0);
            assertThat(new RunHistory(store.jdbi()).load("old", 2).orElseThrow().results().get(0).measurements()).hasSize(1);
        }
    }
}
