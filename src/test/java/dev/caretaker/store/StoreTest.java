package dev.caretaker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.config.Severity;
import dev.caretaker.check.Status;
import dev.caretaker.config.StoreConfig;
import dev.caretaker.history.RunHistory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabases.class)
class StoreTest {

    @Test
    void an_external_store_url_gets_the_schema_and_keeps_runs_with_their_findings(TestDatabase db) {
        EmbeddedPostgres server = TestPostgres.server();
        String url = "postgresql://" + EmbeddedPostgres.SUPERUSER + ":" + server.password() + "@127.0.0.1:" + server.port() + "/" + db.name();
        StoreConfig config = new StoreConfig(Optional.of(url), null, null, Path.of("unused"), 0, StoreConfig.DEFAULT_RETENTION);
        try (Store store = Store.open(config, m -> { })) {
            assertThat(store.embedded()).isEmpty();
            CheckResult r = new CheckResult("db", "postgres", Status.WARNING, 5, null,
                    List.of(Measurement.of("postgres.connections", 3, "database", "app")),
                    List.of(new Finding("postgres.table_bloat", Severity.WARNING, "sync_runs", "dead", Map.of("dead_tuples", 10))));
            RunHistory history = new RunHistory(store.jdbi());
            RunResult saved = history.save(RunResult.of("shop", "nightly", Instant.now(), Instant.now(), List.of(r)), List.of("db"));
            assertThat(saved.runId()).isPositive();
            assertThat(history.findingCount(saved.runId(), "postgres.table_bloat")).isEqualTo(1);
            assertThat(history.latest("shop", 5)).first().satisfies(row -> assertThat(row).containsEntry("health_score", 70));
        }
        try (Store again = Store.open(config, m -> { })) {
            assertThat(new RunHistory(again.jdbi()).latest("shop", 5)).as("migrations are idempotent, runs are kept").hasSize(1);
        }
    }

    @Test
    void runs_older_than_the_retention_are_pruned_with_their_findings(TestDatabase db, Store store) {
        RunHistory history = new RunHistory(store.jdbi());
        CheckResult r = new CheckResult("db", "postgres", Status.WARNING, 5, null, List.of(Measurement.of("m", 1)),
                List.of(Finding.of("postgres.table_bloat", Severity.WARNING, "t", "dead")));
        Instant old = Instant.parse("2026-06-01T00:00:00Z");
        RunResult kept = history.save(RunResult.of("shop", "nightly", Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-20T00:00:01Z"), List.of(r)), List.of("db"));
        RunResult gone = history.save(RunResult.of("shop", "nightly", old, old.plusSeconds(1), List.of(r)), List.of("db"));
        history.save(RunResult.of("other", "nightly", old, old.plusSeconds(1), List.of(r)), List.of("db"));
        assertThat(history.prune("shop", Instant.parse("2026-08-22T00:00:00Z"))).isEqualTo(1);
        assertThat(history.findingCount(gone.runId(), "postgres.table_bloat")).isZero();
        assertThat(history.findingCount(kept.runId(), "postgres.table_bloat")).isEqualTo(1);
        assertThat(history.latest("shop", 10)).as("the other system's run is not shop's to prune").hasSize(1);
        assertThat(history.latest("other", 10)).hasSize(1);
    }

    @Test
    void a_wrong_store_password_is_a_clear_error() {
        EmbeddedPostgres server = TestPostgres.server();
        StoreConfig config = new StoreConfig(Optional.of("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres"),
                "caretaker", "wrong-password", Path.of("unused"), 0, StoreConfig.DEFAULT_RETENTION);
        assertThatThrownBy(() -> Store.open(config, m -> { })).isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot connect to Caretaker's store").hasMessageContaining("store.url")
                .hasMessageNotContaining("wrong-password");
    }
}
