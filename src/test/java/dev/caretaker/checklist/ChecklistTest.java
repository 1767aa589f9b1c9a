package dev.caretaker.checklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.engine.ChecklistDesk;
import dev.caretaker.engine.Engine;
import dev.caretaker.incident.Incident;
import dev.caretaker.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** 002's 9:00 morning checks on a settable clock: opened, ticked by a check and by a person, overdue as an incident, caught up. */
@ExtendWith(TestDatabases.class)
class ChecklistTest {
    static final String YAML = """
            system: lists-%s
            checks:
              workflows: {type: http, url: "http://127.0.0.1:9/workflows"}
            checklists:
              morning:
                description: 002's morning checks
                schedule: "0 9 * * *"
                due: 2h
                severity: critical
                items:
                  - {title: GitHub Actions status for all retailers, check: workflows}
                  - title: Review the Supabase dashboard for slow queries
                    runbook: https://wiki.shop.example/supabase
            notify:
              channels:
                ops: {type: email, to: [ops@shop.example]}
            """;

    private static CheckResult workflows(Status s) {
        return new CheckResult("workflows", "http", s, 5, null, List.of(),
                s == Status.OK ? List.of() : List.of(Finding.of("http.down", Severity.CRITICAL, "workflows", "workflows is down")));
    }

    private static List<Incident> overdueIncidents(Engine e) {
        return e.incidents().list(true, 50).stream().filter(i -> i.source().equals("checklist.overdue")).toList();
    }

    @Test
    void an_instance_opens_ticks_itself_from_a_check_is_ticked_by_a_person_and_is_an_incident_when_overdue(TestDatabase db, Store store) {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-24T08:30:00Z"));
        CaretakerConfig config = db.config(YAML.formatted(db.name()));
        Engine engine = Pipeline.engine(store, config, clock).build();
        ChecklistDesk desk = engine.checklists();
        desk.review();
        assertThat(desk.book().instances("morning", 5)).as("yesterday's list is not opened overdue on a new install").isEmpty();

        clock.set(Instant.parse("2026-11-24T09:00:00Z"));
        desk.review();
        ChecklistBook.Instance today = desk.book().instances("morning", 1).get(0);
        assertThat(today.occurrence()).isEqualTo(Instant.parse("2026-11-24T09:00:00Z"));
        assertThat(today.dueAt()).isEqualTo(Instant.parse("2026-11-24T11:00:00Z"));
        assertThat(today.items()).extracting(ChecklistBook.Item::title).containsExactly("GitHub Actions status for all retailers",
                "Review the Supabase dashboard for slow queries");
        assertThat(today.items().get(1).runbook()).isEqualTo("https://wiki.shop.example/supabase");

        clock.set(Instant.parse("2026-11-24T09:05:00Z"));
        Pipeline.run(store, config, clock, "morning", workflows(Status.OK));
        desk.review();
        ChecklistBook.Item auto = desk.book().instances("morning", 1).get(0).items().get(0);
        assertThat(auto.done()).isTrue();
        assertThat(auto.auto()).isTrue();
        assertThat(auto.tickedBy()).isEqualTo("caretaker");
        assertThat(auto.note()).startsWith("check workflows ok in run #");

        clock.set(Instant.parse("2026-11-24T09:30:00Z"));
        ChecklistBook.Ticked t = desk.tick("morning", "review the supa", "mira", "two slow queries, ticket filed");
        assertThat(t.changed()).isTrue();
        assertThat(t.item().tickedBy()).isEqualTo("mira");
        assertThat(t.item().note()).isEqualTo("two slow queries, ticket filed");
        assertThat(t.instance().complete()).isTrue();
        assertThat(t.instance().completedAt()).isEqualTo(Instant.parse("2026-11-24T09:30:00Z"));
        assertThat(desk.tick("morning", "2", "ola", null).changed()).as("a second tick changes nothing").isFalse();
        assertThat(engine.actions().audit(10)).as("the person's tick is in the signed audit log, the second one not").singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("mira");
            assertThat(e.event()).isEqualTo("ticked");
            assertThat(e.action()).isEqualTo("checklist morning");
            assertThat(e.subject()).isEqualTo("2026-11-24 09:00 #2");
            assertThat(e.detail()).isEqualTo("Review the Supabase dashboard for slow queries: two slow queries, ticket filed");
        });
        assertThat(engine.actions().verifyAudit(null).intact()).isTrue();
        clock.set(Instant.parse("2026-11-24T12:00:00Z"));
        desk.review();
        assertThat(overdueIncidents(engine)).as("complete in time").isEmpty();

        // the next morning the workflows are failing and nobody ticks anything
        clock.set(Instant.parse("2026-11-25T09:05:00Z"));
        Pipeline.run(store, config, clock, "morning", workflows(Status.CRITICAL));
        desk.review();
        clock.set(Instant.parse("2026-11-25T10:59:00Z"));
        assertThat(desk.review().recorded()).isFalse();
        assertThat(overdueIncidents(engine)).isEmpty();
        clock.set(Instant.parse("2026-11-25T11:01:00Z"));
        ChecklistDesk.Review r = desk.review();
        assertThat(r.recorded()).isTrue();
        assertThat(r.waiting().get("workflows").status()).isEqualTo("critical");
        assertThat(r.waiting().get("workflows").codes()).isEqualTo("http.down");
        List<Incident> overdue = overdueIncidents(engine);
        assertThat(overdue).singleElement().satisfies(i -> {
            assertThat(i.priority().name()).isEqualTo("P1");
            assertThat(i.subject()).isEqualTo("morning 2026-11-25 09:00");
            assertThat(i.title()).isEqualTo("checklist morning of 2026-11-25 09:00 is overdue since 2026-11-25 11:00: 2 of 2 item(s) open "
                    + "(GitHub Actions status for all retailers; Review the Supabase dashboard for slow queries)");
        });
        assertThat(engine.outbox().list(null, 20)).as("sent like any incident").anySatisfy(m -> {
            assertThat(m.channel()).isEqualTo("ops");
            assertThat(m.get("text")).contains("checklist morning of 2026-11-25 09:00 is overdue");
        });
        assertThat(desk.review().recorded()).as("nothing changed: no new run").isFalse();

        clock.set(Instant.parse("2026-11-25T11:30:00Z"));
        desk.tick("morning", "1", "mira", "re-ran the failed workflows by hand");
        desk.tick("morning", "2", "mira", null);
        assertThat(overdueIncidents(engine)).as("complete: the incident resolves").isEmpty();

        // the summary report counts them: the 24th on time, the 25th late
        var report = new dev.caretaker.config.ReportConfig("summary", "", dev.caretaker.config.ReportType.SUMMARY, java.util.Optional.empty(),
                java.util.Optional.empty(), List.of(), java.util.Optional.empty(), List.of(), new dev.caretaker.config.ReportPeriod("LAST_DAY"),
                java.util.Optional.empty(), List.of());
        {
            var review = dev.caretaker.Pipeline.engine(store, config, clock).build().reports().preview(report, new dev.caretaker.config.ReportPeriod.Range(
                    Instant.parse("2026-11-24T00:00:00Z"), Instant.parse("2026-11-26T00:00:00Z")), clock.instant());
            assertThat(review.figures()).containsEntry("checklists", 2).containsEntry("checklists_on_time", 1L);
            assertThat(review.sections().get(3).rows()).extracting(x -> x.cells().get(2)).containsExactly("completed on time", "completed late");
        }
    }

    @Test
    void occurrences_missed_while_no_node_ran_are_opened_overdue_and_a_wrong_item_is_named(TestDatabase db, Store store) {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-24T09:10:00Z"));
        CaretakerConfig config = db.config(YAML.formatted(db.name()));
        Engine engine = Pipeline.engine(store, config, clock).build();
        ChecklistDesk desk = engine.checklists();
        desk.review();
        clock.set(clock.instant().plus(Duration.ofDays(3)));
        ChecklistDesk.Review r = desk.review();
        assertThat(desk.book().instances("morning", 10)).extracting(ChecklistBook.Instance::occurrence).containsExactly(
                Instant.parse("2026-11-27T09:00:00Z"), Instant.parse("2026-11-26T09:00:00Z"), Instant.parse("2026-11-25T09:00:00Z"),
                Instant.parse("2026-11-24T09:00:00Z"));
        assertThat(r.overdue()).as("every missed day but today's, which is not due yet").hasSize(3);
        assertThat(overdueIncidents(engine)).hasSize(3);
        assertThatThrownBy(() -> desk.tick("morning", "9", "mira", null)).hasMessageContaining("has no item '9'; its items: 1. GitHub Actions");
        assertThatThrownBy(() -> desk.tick("mornin", "1", "mira", null)).hasMessageContaining("no checklist 'mornin'").hasMessageContaining("did you mean 'morning'?");
        assertThatThrownBy(() -> desk.tick("morning", "1", " ", null)).hasMessageContaining("say who ticks it");
    }
}
