package dev.caretaker.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestDatabases.Named;
import dev.caretaker.TestPostgres;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An approver approves exactly what will run: where, as whom, with which values; a request edited in the store never runs. */
@ExtendWith(TestDatabases.class)
class ApprovalPinTest {
    private static final String NOTES = "CREATE TABLE notes (id int PRIMARY KEY, body text); INSERT INTO notes VALUES (1, 'before')";

    private static String sqlConfig(String url) {
        return """
                databases:
                  app:
                    url: %s
                    allow_privileged: true
                actions:
                  rewrite:
                    type: sql
                    policy: approval
                    when: app.by_hand
                    database: app
                    sql: UPDATE notes SET body = 'after' WHERE id = :id
                """.formatted(url);
    }

    private static <T> T remediation(Store store, CaretakerConfig config, Clock clock, Function<Remediation, T> work) {
        try (MonitoredDatabases dbs = new MonitoredDatabases(config.databases(), TestPostgres.server(), config.secrets())) {
            return work.apply(Pipeline.remediation(store, config, dbs, clock, false, d -> { }));
        }
    }

    private static ActionOutcome request(Store store, CaretakerConfig config, String action, String subject, String id, String by) {
        return remediation(store, config, Clock.systemUTC(), r -> r.runByHand(config.actions().get(action), subject,
                id == null ? Map.of() : Map.of("id", id), by));
    }

    @Test
    void a_request_approved_after_its_database_changed_does_not_run_on_the_other_one(TestDatabase a, @Named("b") TestDatabase b, Store store) {
        a.exec(NOTES);
        b.exec(NOTES);
        ActionOutcome asked = request(store, a.config(sqlConfig(a.url())), "rewrite", "notes", "1", "carol");
        assertThat(asked.result()).isEqualTo(ActionOutcome.Result.PENDING_APPROVAL);
        assertThat(asked.detail()).contains("on caretaker@embedded/" + a.name() + ": UPDATE notes");
        CaretakerConfig moved = a.config(sqlConfig(b.url()));
        assertThatThrownBy(() -> remediation(store, moved, Clock.systemUTC(), r -> r.approve(asked.approval(), "dave")))
                .hasMessageContaining("differs from what was shown").hasMessageContaining("its database, user or URL")
                .hasMessageContaining("nothing ran");
        assertThat(b.number("SELECT count(*) FROM notes WHERE body = 'after'")).isZero();
        assertThat(a.number("SELECT count(*) FROM notes WHERE body = 'after'")).isZero();

        // the clean twin: approved unchanged, it runs where it was shown
        CaretakerConfig same = a.config(sqlConfig(a.url()));
        ActionOutcome again = request(store, same, "rewrite", "notes", "1", "carol");
        assertThat(remediation(store, same, Clock.systemUTC(), r -> r.approve(again.approval(), "dave")).result())
                .isEqualTo(ActionOutcome.Result.SUCCEEDED);
        assertThat(a.number("SELECT count(*) FROM notes WHERE body = 'after'")).isEqualTo(1);
    }

    private static String httpConfig(String url) {
        return """
                actions:
                  restart:
                    type: http
                    policy: approval
                    when: app.by_hand
                    url: "%s"
                    headers: {Authorization: "Bearer ${WORKER_TOKEN}"}
                    expect_status: 200
                """.formatted(url);
    }

    private static CaretakerConfig withToken(TestDatabase db, String yaml, String token) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("WORKER_TOKEN", token);
        return dev.caretaker.engine.Engine.configLoader(env).parse("test.yml", java.nio.file.Path.of("test.yml"), yaml);
    }

    @Test
    void an_http_request_goes_only_to_the_host_and_with_the_token_that_were_approved(TestDatabase db, Store store) throws Exception {
        try (Receiver worker = new Receiver(200)) {
            String shown = worker.url("/jobs/sync/restart");
            CaretakerConfig original = withToken(db, httpConfig(shown), "tok-original-123");
            ActionOutcome asked = request(store, original, "restart", "sync", null, "carol");
            assertThat(asked.detail()).contains("POST " + shown).doesNotContain("tok-original-123");
            CaretakerConfig otherHost = withToken(db, httpConfig(shown.replace("127.0.0.1", "localhost")), "tok-original-123");
            assertThatThrownBy(() -> remediation(store, otherHost, Clock.systemUTC(), r -> r.approve(asked.approval(), "dave")))
                    .hasMessageContaining("differs from what was shown");
            ActionOutcome second = request(store, original, "restart", "sync", null, "carol");
            CaretakerConfig otherToken = withToken(db, httpConfig(shown), "tok-stolen-456");
            assertThatThrownBy(() -> remediation(store, otherToken, Clock.systemUTC(), r -> r.approve(second.approval(), "dave")))
                    .hasMessageContaining("differs from what was shown").hasMessageNotContaining("tok-");
            assertThat(worker.requests).as("nothing was sent").isEmpty();

            ActionOutcome third = request(store, original, "restart", "sync", null, "carol");
            assertThat(remediation(store, original, Clock.systemUTC(), r -> r.approve(third.approval(), "dave")).result())
                    .isEqualTo(ActionOutcome.Result.SUCCEEDED);
            assertThat(worker.requests).singleElement().satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer tok-original-123"));
        }
    }

    @Test
    void a_request_edited_in_the_store_never_runs(TestDatabase db, Store store) {
        db.exec("CREATE TABLE notes (id int PRIMARY KEY, body text); INSERT INTO notes VALUES (1, 'keep'), (2, 'wipe me')");
        CaretakerConfig config = db.config(sqlConfig(db.url()));
        ActionOutcome x = request(store, config, "rewrite", "x", "2", "carol");
        ActionOutcome y = request(store, config, "rewrite", "y", "1", "carol");
        // swap what decides what runs between the two requests: the approver looks at x and y runs
        db.exec("UPDATE caretaker.approval a SET bindings = b.bindings, plan_hash = b.plan_hash FROM caretaker.approval b "
                + "WHERE a.id = " + x.approval() + " AND b.id = " + y.approval());
        assertThatThrownBy(() -> remediation(store, config, Clock.systemUTC(), r -> r.approve(x.approval(), "dave")))
                .hasMessageContaining("approval #" + x.approval() + " was changed in the store after Caretaker wrote it")
                .hasMessageContaining("nothing ran");
        // the plan shown, edited alone
        db.exec("UPDATE caretaker.approval SET plan = replace(plan, 'after', 'harmless') WHERE id = " + y.approval());
        assertThatThrownBy(() -> remediation(store, config, Clock.systemUTC(), r -> r.approve(y.approval(), "dave")))
                .hasMessageContaining("was changed in the store");
        assertThat(db.number("SELECT count(*) FROM notes WHERE body = 'after'")).isZero();
        assertThat(new Approvals(store.jdbi(), config.system(), Pipeline.KEY).get(x.approval()).orElseThrow().state())
                .as("set aside, so it is not offered again").isEqualTo(Approvals.State.VOID);

        // an expired request set back to pending
        SettableClock clock = new SettableClock(Instant.now());
        ActionOutcome z = remediation(store, config, clock, r -> r.runByHand(config.actions().get("rewrite"), "z", Map.of("id", "1"), "carol"));
        clock.advance(Duration.ofDays(2));
        assertThatThrownBy(() -> remediation(store, config, clock, r -> r.approve(z.approval(), "dave"))).hasMessageContaining("expired");
        db.exec("UPDATE caretaker.approval SET state = 'pending', expires_at = now() + interval '1 day' WHERE id = " + z.approval());
        assertThatThrownBy(() -> remediation(store, config, clock, r -> r.approve(z.approval(), "dave")))
                .hasMessageContaining("changed in the store after Caretaker wrote it");
        db.exec("UPDATE caretaker.approval SET state = 'pending', expires_at = now() + interval '5 days' WHERE id = " + z.approval());
        assertThatThrownBy(() -> remediation(store, config, clock, r -> r.approve(z.approval(), "dave")))
                .hasMessageContaining("was changed in the store after Caretaker wrote it");
        assertThat(db.number("SELECT count(*) FROM notes WHERE body = 'after'")).isZero();
    }

    @Test
    void the_approver_is_someone_else_however_the_name_is_written_and_the_os_user_is_kept(TestDatabase db, Store store) {
        db.exec(NOTES);
        CaretakerConfig config = db.config(sqlConfig(db.url()));
        ActionOutcome asked = request(store, config, "rewrite", "notes", "1", "alice");
        for (String same : new String[] {"alice\u00A0", " ALICE", "ａｌｉｃｅ", "alice\t"}) {
            assertThatThrownBy(() -> remediation(store, config, Clock.systemUTC(), r -> r.approve(asked.approval(), same)))
                    .as(same).hasMessageContaining("was requested by alice; someone else must approve it");
        }
        assertThatThrownBy(() -> remediation(store, config, Clock.systemUTC(), r -> r.approve(asked.approval(), "al\u200Bice")))
                .hasMessageContaining("holds an invisible or control character (U+200B)");
        assertThat(db.number("SELECT count(*) FROM notes WHERE body = 'after'")).isZero();
        ActionOutcome ran = remediation(store, config, Clock.systemUTC(), r -> r.approve(asked.approval(), "bob"));
        assertThat(ran.result()).isEqualTo(ActionOutcome.Result.SUCCEEDED);
        Approvals.Approval done = new Approvals(store.jdbi(), config.system(), Pipeline.KEY).get(asked.approval()).orElseThrow();
        assertThat(done.decidedBy()).isEqualTo("bob");
        assertThat(done.decidedOsUser()).isEqualTo(System.getProperty("user.name"));
        assertThat(done.signed()).isTrue();
    }
}
