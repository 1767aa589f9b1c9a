package dev.caretaker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.Store;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A tick's run is stored once: a second run of a stored tick finishes what the first left and never runs its checks again. */
@ExtendWith(TestDatabases.class)
class OnceTest {
    static final String CONFIG = """
            system: once-%s
            checks:
              api: {type: http, url: "%s"}
            suites:
              often:
                every: 10s
                checks: [api]
            notify:
              channels:
                hook: {type: webhook, url: "%s"}
              report_to: [hook]
              report_on: every-run   # a report per tick, so each tick's report is seen to go once
            """;

    @Test
    void a_second_run_of_a_stored_tick_does_not_run_its_checks_again(TestDatabase db, Store store) throws Exception {
        try (Receiver api = new Receiver(200); Receiver hook = new Receiver(200)) {
            CaretakerConfig config = db.config(CONFIG.formatted(db.name(), api.url("/health"), hook.url("/hook")));
            Engine engine = Pipeline.engine(store, config, Clock.systemUTC()).build();
            Instant tick = Instant.parse("2026-12-07T06:00:00Z");
            RunOutcome first = engine.run(Engine.RunRequest.of("often").at(tick));
            RunOutcome again = engine.run(Engine.RunRequest.of("often").at(tick));
            assertThat(again.run().runId()).as("the stored run, not a new one").isEqualTo(first.run().runId());
            assertThat(api.requests).as("the checks ran once").hasSize(1);
            assertThat(db.number("SELECT count(*) FROM caretaker.run WHERE suite = 'often'")).isEqualTo(1);
            assertThat(hook.accepted()).as("one report for the tick").hasSize(1);

            // the clean twin: the next tick runs its checks
            engine.run(Engine.RunRequest.of("often").at(tick.plusSeconds(10)));
            assertThat(api.requests).hasSize(2);
            assertThat(db.number("SELECT count(*) FROM caretaker.run WHERE suite = 'often'")).isEqualTo(2);
            assertThat(hook.accepted()).hasSize(2);
        }
    }

    @Test
    void the_store_refuses_a_second_row_for_one_tick(TestDatabase db, Store store) {
        String insert = "INSERT INTO caretaker.run (system, suite, started_at, finished_at, status, health_score, tick) "
                + "VALUES ('s', 'often', now(), now(), 'ok', 100, '2026-12-07T06:00:00Z')";
        db.exec(insert);
        assertThatThrownBy(() -> db.exec(insert)).hasMessageContaining("run_tick_key");
        // runs started by hand have no tick, and are as many as they are
        db.exec(insert.replace("'2026-12-07T06:00:00Z')", "NULL)"), insert.replace("'2026-12-07T06:00:00Z')", "NULL)"));
        assertThat(db.number("SELECT count(*) FROM caretaker.run")).isEqualTo(3);
    }
}
