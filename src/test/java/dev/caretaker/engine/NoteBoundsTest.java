package dev.caretaker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.incident.IncidentEvent;
import dev.caretaker.store.Note;
import dev.caretaker.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What people write — a resolve note, a maintenance window's reason — is cut to a documented length before it is stored. */
@ExtendWith(TestDatabases.class)
class NoteBoundsTest {
    @Test
    void a_100_kB_note_is_cut_to_2000_characters_and_a_short_one_is_kept_as_written(TestDatabase db, Store store) {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-23T10:00:00Z"));
        CaretakerConfig config = db.config("""
                system: notes-%s
                checks:
                  crm: {type: http, url: "http://127.0.0.1:1/"}
                rules:
                  - {name: health-score-low, enabled: false}
                """.formatted(db.name()));
        Finding down = Finding.of("http.down", Severity.CRITICAL, "crm", "crm is down");
        Pipeline.run(store, config, clock, "s", new CheckResult("crm", "http", Status.CRITICAL, 5, null, List.of(), List.of(down)));
        Pipeline.run(store, config, clock, "s", new CheckResult("crm", "http", Status.CRITICAL, 5, null, List.of(), List.of(down)));
        Engine engine = Pipeline.engine(store, config, clock).build();
        long id = engine.incidents().active().get(0).id();

        engine.incidents().resolve(id, "mira", "x".repeat(100_000) + "\u0007");
        IncidentEvent resolved = engine.incidents().show(id).timeline().stream().filter(e -> e.kind().equals("resolved")).findFirst().orElseThrow();
        assertThat(resolved.detail()).hasSize(Note.MAX).endsWith("x…");

        var window = engine.maintenance().set(List.of(), clock.instant(), clock.instant().plus(Duration.ofHours(1)), "y".repeat(50_000), "mira");
        assertThat(window.reason()).hasSize(Note.MAX);

        // the clean twin: a note of ordinary length, with its line breaks, is kept as written
        var again = engine.maintenance().set(List.of(), clock.instant(), clock.instant().plus(Duration.ofHours(1)), "db upgrade\nback by 11", "mira");
        assertThat(again.reason()).isEqualTo("db upgrade\nback by 11");
    }
}
