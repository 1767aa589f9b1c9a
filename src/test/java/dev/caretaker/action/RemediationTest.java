package dev.caretaker.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.Store;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Remediation against real PostgreSQL: the jobs check finds a failing job, and actions answer it. */
@ExtendWith(TestDatabases.class)
class RemediationTest {
    static final String JOBS = """
            CREATE TABLE job_runs (id bigserial PRIMARY KEY, job text NOT NULL, status text NOT NULL,
                                   started_at timestamptz NOT NULL, finished_at timestamptz, error text);
            INSERT INTO job_runs (job, status, started_at, finished_at, error)
            SELECT 'crm', CASE WHEN g % 2 = 0 THEN 'failed' ELSE 'success' END, now() - make_interval(hours => g),
                   now() - make_interval(hours => g) + interval '40 seconds', CASE WHEN g % 2 = 0 THEN 'HTTP 503' END
            FROM generate_series(0, 23) g;
            CREATE TABLE counter (name text PRIMARY KEY, n int NOT NULL);
            INSERT INTO counter VALUES ('crm', 0);
            """;

    static String config(String action) {
        return """
                databases:
                  app:
                    url: ${DB}
                    user: ${DB_USER}
                    password: ${DB_PASSWORD}
                    actions: {user: "${DB_ACTIONS_USER}", password: "${DB_ACTIONS_PASSWORD}"}
                checks:
                  syncs:
                    type: jobs
                    database: app
                    table: job_runs
                    name_column: job
                    finished_column: finished_at
                    error_column: error
                    jobs:
                      crm: {every: 1h}
                actions:
                """ + action.indent(2);
    }

    static final String RETRY = """
            retry:
              type: sql
              policy: %s
              when: jobs.failure_rate
              database: app
              sql: UPDATE job_runs SET status = 'success', error = NULL WHERE job = :subject AND status = 'failed'
            """;

    private static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> auditEvents(Store store, CaretakerConfig config) {
        return new AuditLog(store.jdbi(), config.system(), config.secrets(), dev.caretaker.Pipeline.KEY).list(100).stream().map(AuditLog.Entry::event).toList();
    }

    private static ActionOutcome only(RunOutcome o) {
        assertThat(o.actions()).as(o.run().results().toString()).hasSize(1);
        return o.actions().get(0);
    }

    @Test
    void an_auto_retry_runs_and_its_verification_passes(TestDatabase db, Store store) throws SQLException {
        db.exec(JOBS).withRoles();
        CaretakerConfig config = db.config(config(RETRY.formatted("auto")));
        ActionOutcome a = only(Pipeline.checkAndRemediate(store, config, Clock.systemUTC(), false, d -> { }));
        assertThat(a.result()).isEqualTo(ActionOutcome.Result.VERIFIED);
        assertThat(a.rows()).isEqualTo(12);
        assertThat(a.attempts()).isEqualTo(1);
        assertThat(a.detail()).contains("check syncs no longer finds jobs.failure_rate");
        assertThat(count(db, "SELECT count(*) FROM job_runs WHERE status = 'failed'")).isZero();
        assertThat(auditEvents(store, config)).containsExactly("started", "verified");
        var second = Pipeline.checkAndRemediate(store, config, Clock.systemUTC(), false, d -> { });
        assertThat(second.actions()).isEmpty();
        assertThat(second.incidents()).anySatisfy(c -> assertThat(c.kind()).isEqualTo(IncidentChange.Kind.RESOLVED));
    }

    @Test
    void more_rows_than_max_rows_roll_back_and_the_incident_is_escalated(TestDatabase db, Store store) throws SQLException {
        db.exec(JOBS).withRoles();
        CaretakerConfig config = db.config(config(RETRY.formatted("auto") + "  max_rows: 5\n"));
        var outcome = Pipeline.checkAndRemediate(store, config, Clock.systemUTC(), false, d -> { });
        ActionOutcome a = only(outcome);
        assertThat(a.result()).isEqualTo(ActionOutcome.Result.ESCALATED);
        assertThat(a.attempts()).isEqualTo(1);
        assertThat(a.detail()).contains("changed 12 rows, more than max_rows 5; rolled back");
        assertThat(count(db, "SELECT count(*) FROM job_runs WHERE status = 'failed'")).isEqualTo(12);
        assertThat(outcome.incidents()).anySatisfy(c -> {
            assertThat(c.kind()).isEqualTo(IncidentChange.Kind.ESCALATED);
            assertThat(c.detail()).contains("remediation retry did not fix it after 1 attempt(s)");
        });
        assertThat(auditEvents(store, config)).containsExactly("started", "failed", "escalated");
    }

    @Test
    void an_action_that_does_not_fix_it_is_retried_with_back_off_then_escalated(TestDatabase db, Store store) throws SQLException {
        db.exec(JOBS).withRoles();
        CaretakerConfig config = db.config(config("""
                note:
                  type: sql
                  policy: auto
                  when: jobs.failure_rate
                  database: app
                  sql: UPDATE counter SET n = n + 1 WHERE name = :subject
                  max_runs_per_hour: 10
                """));
        List<Duration> waits = new ArrayList<>();
        ActionOutcome a = only(Pipeline.checkAndRemediate(store, config, Clock.systemUTC(), false, waits::add));
        assertThat(a.result()).isEqualTo(ActionOutcome.Result.ESCALATED);
        assertThat(a.attempts()).isEqualTo(3);
        assertThat(waits).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20));
        assertThat(count(db, "SELECT n FROM counter")).isEqualTo(3);
        assertThat(auditEvents(store, config)).containsExactly("started", "unverified", "started", "unverified", "started", "unverified",
                "escalated");
        assertThat(Pipeline.checkAndRemediate(store, config, Clock.systemUTC(), false, waits::add).actions())
                .as("not retried forever: the incident's attempts are spent").isEmpty();
        assertThat(Remediation.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(Remediation.backoff(5)).isEqualTo(Duration.ofSeconds(160));
        assertThat(Remediation.backoff(6)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void max_runs_per_hour_counts_every_attempt_retries_included(TestDatabase db, Store store) throws SQLException {
        db.exec(JOBS, """
                INSERT INTO job_runs (job, status, started_at, finished_at, error)
                SELECT 'erp', CASE WHEN g % 2 = 0 THEN 'failed' ELSE 'success' END, now() - make_interval(hours => g),
                       now() - make_interval(hours => g) + interval '40 seconds', CASE WHEN g % 2 = 0 THEN 'HTTP 503' END
                FROM generate_series(0, 23) g;
                INSERT INTO counter VALUES ('erp', 0);
                """).withRoles();
        CaretakerConfig config = db.config(config("""
                note:
                  type: sql
                  policy: auto
                  when: jobs.failure_rate
                  database: app
                  sql: UPDATE counter SET n = n + 1 WHERE name = :subject
                  max_runs_per_hour: 4
                  max_attempts: 3
                """).replace("crm: {every: 1h}", "crm: {every: 1h}\n      erp: {every: 1h}"));
        var outcome = Pipeline.checkAndRemediate(store, config, Clock.systemUTC(), false, d -> { });
        assertThat(outcome.actions()).hasSize(2);
        assertThat(count(db, "SELECT sum(n) FROM counter")).as("four attempts in the hour, not six").isEqualTo(4);
        assertThat(outcome.actions()).anySatisfy(a -> assertThat(a.detail()).contains("the most max_runs_per_hour allows"));
        assertThat(auditEvents(store, config)).containsOnlyOnce("rate_limited").filteredOn("started"::equals).hasSize(4);
    }

    @Test
    void a_dry_run_counts_the_rows_in_a_rolled_back_transaction_and_changes_nothing(TestDatabase db, Store store) throws SQLException {
        db.exec(JOBS).withRoles();
        CaretakerConfig config = db.config(config(RETRY.formatted("auto")));
        ActionOutcome a = only(Pipeline.checkAndRemediate(store, config, Clock.systemUTC(), true, d -> { }));
        assertThat(a.result()).isEqualTo(ActionOutcome.Result.DRY_RUN);
        assertThat(a.rows()).isEqualTo(12);
        assertThat(a.detail()).contains("would change 12 row(s); rolled back");
        assertThat(count(db, "SELECT count(*) FROM job_runs WHERE status = 'failed'")).isEqualTo(12);
        assertThat(auditEvents(store, config)).containsExactly("dry_run");
        assertThat(only(Pipeline.checkAndRemediate(store, config, Clock.systemUTC(), false, d -> { })).result())
                .as("a dry run claims nothing").isEqualTo(ActionOutcome.Result.VERIFIED);
    }

    @Test
    void max_runs_per_hour_holds_an_action_back(TestDatabase db, Store store) throws SQLException {
        db.exec(JOBS).withRoles();
        CaretakerConfig config = db.config(config("""
                note:
                  type: sql
                  policy: auto
                  when: jobs.failure_rate
                  database: app
                  sql: UPDATE counter SET n = n + 1 WHERE name = :subject
                  max_runs_per_hour: 2
                  verify: false
                """));
        Ledger ledger = new Ledger(store.jdbi(), store.dataSource(), config.system());
        ((Ledger.Claim) ledger.claim("note", "erp", "incident:999", 1, null, 2, Instant.now().minusSeconds(60)))
                .finish(Ledger.State.SUCCEEDED, 1, "", Instant.now());
        ((Ledger.Claim) ledger.claim("note", "billing", "incident:998", 1, null, 2, Instant.now().minusSeconds(120)))
                .finish(Ledger.State.SUCCEEDED, 1, "", Instant.now());
        ActionOutcome a = only(Pipeline.checkAndRemediate(store, config, Clock.systemUTC(), false, d -> { }));
        assertThat(a.result()).isEqualTo(ActionOutcome.Result.RATE_LIMITED);
        assertThat(count(db, "SELECT n FROM counter")).isZero();
        assertThat(auditEvents(store, config)).containsExactly("rate_limited");
    }

    @Test
    void a_forbidden_action_never_runs_whatever_asks(TestDatabase db, Store store) throws SQLException {
        db.exec(JOBS).withRoles();
        CaretakerConfig config = db.config(config(RETRY.formatted("forbidden")));
        ActionOutcome a = only(Pipeline.checkAndRemediate(store, config, Clock.systemUTC(), false, d -> { }));
        assertThat(a.result()).isEqualTo(ActionOutcome.Result.REFUSED);
        assertThat(Pipeline.checkAndRemediate(store, config, Clock.systemUTC(), false, d -> { }).actions())
                .as("refused once per incident, not at every run").isEmpty();
        try (MonitoredDatabases dbs = new MonitoredDatabases(config.databases(), TestPostgres.server(), config.secrets())) {
            ActionOutcome byHand = Pipeline.remediation(store, config, dbs, Clock.systemUTC(), false, d -> { })
                    .runByHand(config.actions().get("retry"), "crm", java.util.Map.of(), "alice");
            assertThat(byHand.result()).isEqualTo(ActionOutcome.Result.REFUSED);
        }
        assertThat(count(db, "SELECT count(*) FROM job_runs WHERE status = 'failed'")).isEqualTo(12);
        assertThat(auditEvents(store, config)).containsExactly("refused", "refused");
    }

    @Test
    void an_approval_runs_exactly_what_was_shown_and_only_for_someone_else(TestDatabase db, Store store) throws SQLException {
        db.exec(JOBS).withRoles();
        CaretakerConfig config = db.config(config(RETRY.formatted("approval")));
        ActionOutcome a = only(Pipeline.checkAndRemediate(store, config, Clock.systemUTC(), false, d -> { }));
        assertThat(a.result()).isEqualTo(ActionOutcome.Result.PENDING_APPROVAL);
        assertThat(a.detail()).contains("WHERE job = ? AND status = 'failed'").contains(":subject = crm");
        assertThat(count(db, "SELECT count(*) FROM job_runs WHERE status = 'failed'")).isEqualTo(12);
        Approvals.Approval request = new Approvals(store.jdbi(), config.system(), dev.caretaker.Pipeline.KEY).get(a.approval()).orElseThrow();
        assertThat(request.signed()).isTrue();
        assertThat(request.plan()).as("the target is part of what is shown").contains("\"user\":\"" + db.name() + "_actions\"")
                .contains("\"database\":\"" + db.name() + "\"").doesNotContain("4ctor");
        assertThat(request.planHash()).as("an HMAC under the key, not a hash anyone can recompute").isNotEqualTo(ActionPlan.sha256(request.plan()));
        assertThat(a.detail()).startsWith("on " + db.name() + "_actions@");
        // the next run shows the same request, and files no second one
        assertThat(only(Pipeline.checkAndRemediate(store, config, Clock.systemUTC(), false, d -> { })).approval()).isEqualTo(a.approval());
        try (MonitoredDatabases dbs = new MonitoredDatabases(config.databases(), TestPostgres.server(), config.secrets())) {
            Remediation r = Pipeline.remediation(store, config, dbs, Clock.systemUTC(), false, d -> { });
            assertThatThrownBy(() -> r.approve(a.approval(), "Caretaker")).hasMessageContaining("someone else must approve it");
            assertThat(count(db, "SELECT count(*) FROM job_runs WHERE status = 'failed'")).isEqualTo(12);
            ActionOutcome ran = r.approve(a.approval(), "alice");
            assertThat(ran.result()).isEqualTo(ActionOutcome.Result.SUCCEEDED);
            assertThat(ran.rows()).isEqualTo(12);
            assertThatThrownBy(() -> r.approve(a.approval(), "bob")).hasMessageContaining("is done");
        }
        assertThat(count(db, "SELECT count(*) FROM job_runs WHERE status = 'failed'")).isZero();
        assertThat(auditEvents(store, config)).containsExactly("requested", "refused", "approved", "started", "succeeded");
    }

    @Test
    void a_changed_request_or_action_cannot_run() throws SQLException {
        try (TestDatabase db = new TestDatabase(); Store store = db.store()) {
            db.exec(JOBS, "INSERT INTO job_runs (job, status, started_at) VALUES ('erp', 'failed', now())").withRoles();
            CaretakerConfig config = db.config(config(RETRY.formatted("approval")));
            ActionOutcome a = only(Pipeline.checkAndRemediate(store, config, Clock.systemUTC(), false, d -> { }));
            // someone with access to the store points the request at another subject
            db.exec("UPDATE caretaker.approval SET bindings = replace(bindings, '\"crm\"', '\"erp\"')");
            try (MonitoredDatabases dbs = new MonitoredDatabases(config.databases(), TestPostgres.server(), config.secrets())) {
                assertThatThrownBy(() -> Pipeline.remediation(store, config, dbs, Clock.systemUTC(), false, d -> { }).approve(a.approval(), "alice"))
                        .hasMessageContaining("was changed in the store after Caretaker wrote it").hasMessageContaining("nothing ran");
            }
            assertThat(count(db, "SELECT count(*) FROM job_runs WHERE status = 'failed'")).isEqualTo(13);
            assertThat(new Approvals(store.jdbi(), config.system(), dev.caretaker.Pipeline.KEY).get(a.approval()).orElseThrow().state()).isEqualTo(Approvals.State.VOID);
        }
        try (TestDatabase db = new TestDatabase(); Store store = db.store()) {
            db.exec(JOBS).withRoles();
            CaretakerConfig config = db.config(config(RETRY.formatted("approval")));
            ActionOutcome a = only(Pipeline.checkAndRemediate(store, config, Clock.systemUTC(), false, d -> { }));
            CaretakerConfig edited = db.config(config(RETRY.formatted("approval").replace("status = 'failed'", "status IS NOT NULL")));
            try (MonitoredDatabases dbs = new MonitoredDatabases(edited.databases(), TestPostgres.server(), edited.secrets())) {
                assertThatThrownBy(() -> Pipeline.remediation(store, edited, dbs, Clock.systemUTC(), false, d -> { }).approve(a.approval(), "alice"))
                        .hasMessageContaining("differs from what was shown");
            }
            assertThat(count(db, "SELECT count(*) FROM job_runs WHERE status = 'failed'")).isEqualTo(12);
        }
    }

    @Test
    void an_expired_approval_cannot_run(TestDatabase db, Store store) throws SQLException {
        db.exec(JOBS).withRoles();
        CaretakerConfig config = db.config(config(RETRY.formatted("approval") + "  expires: 2h\n"));
        SettableClock clock = new SettableClock(Instant.now());
        ActionOutcome a = only(Pipeline.checkAndRemediate(store, config, clock, false, d -> { }));
        clock.advance(Duration.ofHours(3));
        try (MonitoredDatabases dbs = new MonitoredDatabases(config.databases(), TestPostgres.server(), config.secrets())) {
            assertThatThrownBy(() -> Pipeline.remediation(store, config, dbs, clock, false, d -> { }).approve(a.approval(), "alice"))
                    .hasMessageContaining("expired").hasMessageContaining("nothing ran");
        }
        assertThat(count(db, "SELECT count(*) FROM job_runs WHERE status = 'failed'")).isEqualTo(12);
        assertThat(auditEvents(store, config)).containsExactly("requested", "expired");
    }

    @Test
    void processes_racing_for_the_same_remediation_run_it_once(TestDatabase db, Store first) throws Exception {
        db.exec(JOBS).withRoles();
        CaretakerConfig config = db.config(config("""
                note:
                  type: sql
                  policy: auto
                  when: jobs.failure_rate
                  database: app
                  sql: UPDATE counter SET n = n + 1 WHERE name = :subject
                  verify: false
                """));
        // one run's outcome (its incident opened by a node without actions), answered by four nodes at once,
        // each with its own store connections
        var outcome = Pipeline.checkAndRemediate(first, db.config(config("""
                other:
                  type: sql
                  policy: forbidden
                  when: nothing.here
                  database: app
                  sql: DELETE FROM counter
                """)), Clock.systemUTC(), false, d -> { });
        int nodes = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        List<Future<List<ActionOutcome>>> results = new ArrayList<>();
        List<Store> stores = Collections.synchronizedList(new ArrayList<>());
        try {
            for (int i = 0; i < nodes; i++) {
                results.add(pool.submit(() -> {
                    Store store = db.store();
                    stores.add(store);
                    try (MonitoredDatabases dbs = new MonitoredDatabases(config.databases(), TestPostgres.server(), config.secrets())) {
                        Remediation r = Pipeline.remediation(store, config, dbs, Clock.systemUTC(), false, d -> { });
                        go.await();
                        return r.respond(outcome.alerts(), outcome.incidents()).actions();
                    }
                }));
            }
            go.countDown();
            List<ActionOutcome.Result> all = new ArrayList<>();
            for (Future<List<ActionOutcome>> f : results) {
                f.get().forEach(o -> all.add(o.result()));
            }
            assertThat(all).containsOnlyOnce(ActionOutcome.Result.SUCCEEDED);
            assertThat(count(db, "SELECT n FROM counter")).isEqualTo(1);
            assertThat(auditEvents(first, config)).containsExactly("started", "succeeded");
        } finally {
            pool.shutdownNow();
            stores.forEach(Store::close);
        }
    }

    @Test
    void retention_archives_then_deletes_in_batches(TestDatabase db, Store store) throws SQLException {
        db.exec("CREATE TABLE events (id bigserial PRIMARY KEY, at timestamptz NOT NULL, what text)",
                "CREATE TABLE events_archive (LIKE events)",
                "INSERT INTO events (at, what) SELECT now() - make_interval(days => 40 + g), 'old ' || g FROM generate_series(1, 25) g",
                "INSERT INTO events (at, what) SELECT now() - make_interval(hours => g), 'new ' || g FROM generate_series(1, 5) g")
                .withRoles();
        CaretakerConfig config = db.config("""
                databases:
                  app:
                    url: ${DB}
                    actions: {user: "${DB_ACTIONS_USER}", password: "${DB_ACTIONS_PASSWORD}"}
                actions:
                  archive-events:
                    type: retention
                    policy: auto
                    every: 1h
                    database: app
                    table: events
                    time_column: at
                    older_than: 30d
                    archive_to: events_archive
                    batch_size: 10
                  purge-too-much:
                    type: retention
                    policy: auto
                    every: 1h
                    database: app
                    table: events
                    time_column: at
                    older_than: 1m
                    max_rows: 3
                """);
        try (MonitoredDatabases dbs = new MonitoredDatabases(config.databases(), TestPostgres.server(), config.secrets())) {
            Remediation r = Pipeline.remediation(store, config, dbs, Clock.systemUTC(), false, d -> { });
            List<ActionOutcome> done = r.respond(List.of(), List.of()).actions();
            assertThat(done).hasSize(2);
            assertThat(done.get(0).result()).isEqualTo(ActionOutcome.Result.SUCCEEDED);
            assertThat(done.get(0).rows()).isEqualTo(25);
            assertThat(done.get(0).detail()).contains("events_archive 25 row(s)").contains("in 3 batch(es)");
            assertThat(done.get(1).result()).isEqualTo(ActionOutcome.Result.FAILED);
            assertThat(done.get(1).detail()).contains("more than max_rows 3; nothing was deleted");
            assertThat(count(db, "SELECT count(*) FROM events")).isEqualTo(5);
            assertThat(count(db, "SELECT count(*) FROM events_archive WHERE what LIKE 'old %'")).isEqualTo(25);
            assertThat(r.respond(List.of(), List.of()).actions()).as("once per schedule slot").isEmpty();
        }
    }
}
