package dev.caretaker.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.action.AuditLog;
import dev.caretaker.engine.Engine;
import dev.caretaker.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Status posts in the store through the engine's desk, with a settable clock: an incident walks its statuses and closes
 * when resolved, an update to a closed post is refused in words and one back to investigating reopens it; components are
 * the status page's (a typo is refused with the known names); a maintenance needs its window and moves with it; each write
 * is audited under its author; the history keeps 90 days, today included.
 */
@ExtendWith(TestDatabases.class)
public class StatusPostsTest {
    static final Instant NOON = Instant.parse("2026-06-10T10:00:00Z");

    /** A config with a status page of two components (Storefront, Payments) in Berlin's timezone. */
    public static String config(String system) {
        return """
                system: %s
                timezone: Europe/Berlin
                status_page:
                  title: Shop status
                  groups:
                    - name: Services
                      components:
                        - {name: Storefront, checks: [shop]}
                        - {name: Payments, checks: [pay]}
                checks:
                  shop: {type: http, url: "http://127.0.0.1:1/"}
                  pay: {type: http, url: "http://127.0.0.1:1/"}
                """.formatted(system);
    }

    static StatusPosts.Draft incident(String title, String status, String... components) {
        return new StatusPosts.Draft("incident", title, List.of(components), status, "We are looking into it.", null, null, true);
    }

    @Test
    void an_incident_walks_its_statuses_closes_when_resolved_and_reopens_only_to_investigating(TestDatabase db, Store store) {
        SettableClock clock = new SettableClock(NOON);
        Engine engine = Pipeline.engine(store, db.config(config("posts-" + db.name())), clock).build();
        StatusPost p = engine.statusPosts().post(incident("Checkout fails for some cards", "investigating", "Payments"), "oda");
        assertThat(p.status()).isEqualTo("investigating");
        assertThat(p.components()).containsExactly("Payments");
        assertThat(p.open()).isTrue();
        assertThat(p.updates()).singleElement().satisfies(u -> {
            assertThat(u.body()).isEqualTo("We are looking into it.");
            assertThat(u.createdBy()).isEqualTo("oda");
            assertThat(u.notifies()).isTrue();
        });

        clock.advance(Duration.ofMinutes(20));
        engine.statusPosts().update(p.id(), "identified", "A certificate of the card processor expired.", false, "ben");
        clock.advance(Duration.ofMinutes(20));
        StatusPost resolved = engine.statusPosts().update(p.id(), "resolved", "Renewed; payments go through.", true, "ben");
        assertThat(resolved.status()).isEqualTo("resolved");
        assertThat(resolved.closedAt()).isEqualTo(clock.instant());
        assertThat(resolved.updates()).extracting(StatusPost.Update::status).as("newest first").containsExactly("resolved", "identified", "investigating");
        assertThat(resolved.updates().get(1).notifies()).as("--quiet").isFalse();
        assertThat(engine.statusPosts().open()).isEmpty();

        assertThatThrownBy(() -> engine.statusPosts().update(p.id(), "monitoring", "Still watching.", true, "ben"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("incident #" + p.id() + " is resolved and takes no more updates; to reopen it, post an update with status investigating");
        assertThatThrownBy(() -> engine.statusPosts().update(p.id(), "fixed", "Done.", true, "ben"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'fixed' is not a status of an incident; use one of: "
                        + "investigating, identified, monitoring, resolved");
        assertThatThrownBy(() -> engine.statusPosts().update(p.id() + 1000, "monitoring", "x", true, "ben"))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("no status post #" + (p.id() + 1000));

        StatusPost reopened = engine.statusPosts().update(p.id(), "investigating", "Some cards fail again.", true, "oda");
        assertThat(reopened.open()).isTrue();
        assertThat(engine.statusPosts().open()).extracting(StatusPost::id).containsExactly(p.id());

        List<AuditLog.Entry> audit = engine.actions().auditLog().list(10);
        assertThat(audit).extracting(AuditLog.Entry::event).as("oldest first").containsExactly("status_posted", "status_updated", "status_updated", "status_updated");
        assertThat(audit.get(0).actor()).isEqualTo("oda");
        assertThat(audit.get(0).detail()).isEqualTo("'Checkout fails for some cards' posted as investigating for Payments");
        assertThat(audit.get(1).detail()).isEqualTo("'Checkout fails for some cards' now identified, subscribers not told");
        assertThat(audit.get(2).actor()).isEqualTo("ben");
    }

    @Test
    void components_are_the_status_pages_and_bad_drafts_are_refused_in_words(TestDatabase db, Store store) {
        SettableClock clock = new SettableClock(NOON);
        Engine engine = Pipeline.engine(store, db.config(config("posts-" + db.name())), clock).build();
        assertThatThrownBy(() -> engine.statusPosts().post(incident("Slow pages", "investigating", "Storefrnt"), "oda"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no component 'Storefrnt' on the status page of")
                .hasMessageContaining("did you mean 'Storefront'")
                .hasMessageEndingWith("its components: Storefront, Payments");
        assertThatThrownBy(() -> engine.statusPosts().post(incident("Slow pages", "fixing"), "oda"))
                .hasMessageContaining("'fixing' is not a status of an incident");
        assertThatThrownBy(() -> engine.statusPosts().post(incident(" ", "investigating"), "oda")).hasMessage("a post needs a title");
        assertThatThrownBy(() -> engine.statusPosts().post(new StatusPosts.Draft("maintenance", "Database upgrade", List.of(), "scheduled",
                "Ten minutes read-only.", null, null, true), "oda")).hasMessage("a maintenance needs its window: when it starts and when it ends");
        assertThatThrownBy(() -> engine.statusPosts().post(new StatusPosts.Draft("maintenance", "Database upgrade", List.of(), "investigating",
                "x", NOON, NOON.plusSeconds(60), true), "oda")).hasMessageContaining("use one of: scheduled, in_progress, completed");
        assertThat(engine.actions().auditLog().list(10)).as("nothing refused is audited").isEmpty();

        StatusPost wide = engine.statusPosts().post(incident("Everything is slow", "identified", "Storefront", "Storefront", " Payments"), "oda");
        assertThat(wide.components()).as("duplicates dropped, names trimmed").containsExactly("Storefront", "Payments");
        assertThat(engine.statusPosts().post(incident("Mail is late", "monitoring"), "oda").components()).as("page-wide").isEmpty();

        Engine noPage = Pipeline.engine(store, db.config("system: bare-" + db.name() + "\n"), clock).build();
        assertThatThrownBy(() -> noPage.statusPosts().post(incident("x", "investigating"), "oda")).hasMessageContaining("has no status_page");
    }

    @Test
    void a_maintenance_moves_with_its_window_and_a_completed_one_takes_no_update(TestDatabase db, Store store) {
        SettableClock clock = new SettableClock(NOON);
        Engine engine = Pipeline.engine(store, db.config(config("posts-" + db.name())), clock).build();
        Instant from = NOON.plus(Duration.ofDays(2));
        Instant to = from.plus(Duration.ofHours(2));
        StatusPost m = engine.statusPosts().post(new StatusPosts.Draft("maintenance", "Database upgrade", List.of("Storefront"), "scheduled",
                "The shop is read-only for up to two hours.", from, to, true), "oda");
        assertThat(m.statusAt(NOON)).isEqualTo("scheduled");
        assertThat(m.statusAt(from)).isEqualTo("in_progress");
        assertThat(m.statusAt(to)).as("after its end without a word: completed").isEqualTo("completed");
        clock.set(to.plus(Duration.ofMinutes(5)));
        StatusPost late = engine.statusPosts().update(m.id(), "in_progress", "Running late: 30 more minutes.", true, "oda");
        assertThat(late.statusAt(clock.instant())).as("a person said so after the end").isEqualTo("in_progress");
        StatusPost done = engine.statusPosts().update(m.id(), "completed", "Done.", true, "oda");
        assertThat(done.open()).isFalse();
        assertThatThrownBy(() -> engine.statusPosts().update(m.id(), "scheduled", "Again next week.", true, "oda"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is completed and takes no more updates; post a new maintenance");
    }

    @Test
    void the_history_keeps_ninety_days_today_included_and_not_the_ninety_first(TestDatabase db, Store store) {
        // 00:30 in Berlin on 10 June: today is 10 June there, the history starts at midnight of 13 March (Berlin)
        Instant now = Instant.parse("2026-06-09T22:30:00Z");
        SettableClock clock = new SettableClock(Instant.parse("2026-03-12T22:59:00Z")); // 12 March 23:59 Berlin: day 91
        Engine engine = Pipeline.engine(store, db.config(config("posts-" + db.name())), clock).build();
        StatusPost old = engine.statusPosts().post(incident("Day 91", "resolved"), "oda");
        clock.set(Instant.parse("2026-03-12T23:00:00Z")); // 13 March 00:00 Berlin: day 90
        StatusPost first = engine.statusPosts().post(incident("Day 90", "resolved"), "oda");
        clock.set(now);
        StatusPost today = engine.statusPosts().post(incident("Today", "investigating"), "oda");
        assertThat(engine.statusPosts().recent()).extracting(StatusPost::id).containsExactly(today.id(), first.id()).doesNotContain(old.id());
        assertThat(engine.statusPosts().get(old.id()).title()).as("kept in the store, only not shown").isEqualTo("Day 91");
    }
}
