package dev.caretaker.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.config.Priority;
import dev.caretaker.config.Severity;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.history.RunHistory;
import dev.caretaker.rule.Alert;
import dev.caretaker.rule.RuleEvaluator;
import dev.caretaker.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The incident stage against a real store, run by run, with time set by the test. */
@ExtendWith(TestDatabases.class)
class IncidentScenarioTest {
    static final String CONFIG = """
            system: shop
            databases:
              app:
                url: embedded:unused
            checks:
              db:
                type: postgres
                database: app
              integrity:
                type: integrity
                database: app
                discover: true
                depends_on: [db]
              crm:
                type: http
                url: http://127.0.0.1:1/
            """;

    TestDatabase storeDb;
    Store store;
    RunHistory history;
    IncidentRepository incidents;
    Instant now = Instant.parse("2026-11-22T02:00:00Z");

    @BeforeEach
    void open(TestDatabase storeDb, Store store) {
        this.storeDb = storeDb;
        this.store = store;
        history = new RunHistory(store.jdbi());
        incidents = new IncidentRepository(store.jdbi());
    }

    /** The config with {@code extra}; the default pack's rules stay off unless the scenario lists rules itself. */
    private CaretakerConfig config(String extra) {
        String quiet = """
                rules:
                  - {name: health-score-low, enabled: false}
                  - {name: response-time, enabled: false}
                  - {name: response-time-critical, enabled: false}
                  - {name: api-response-time, enabled: false}
                """;
        return storeDb.config(CONFIG + extra + (extra.contains("rules:") ? "" : quiet));
    }

    private static CheckResult result(String check, Status status, Finding... findings) {
        return new CheckResult(check, "postgres", status, 10, status == Status.UNKNOWN ? "timeout" : null, List.of(), List.of(findings));
    }

    private static Finding bloat(Severity s) {
        return Finding.of("postgres.table_bloat", s, "sync_runs", "sync_runs is " + s.label() + "ly bloated");
    }

    /** One run at {@code now}, then the alerting stage; returns the incident changes worth reporting. */
    private List<IncidentChange> run(CaretakerConfig config, CheckResult... results) {
        RunResult run = history.save(RunResult.of("shop", "nightly", now.minusSeconds(5), now, List.of(results)), config.checks().keySet());
        List<Alert> alerts = new RuleEvaluator(history).evaluate(run, config.rules());
        return new IncidentTracker(incidents).apply(config, run, alerts, now).stream().filter(c -> c.kind() != IncidentChange.Kind.SEEN).toList();
    }

    static String change(IncidentChange c) {
        return c.kind().label();
    }

    private void later(Duration d) {
        now = now.plus(d);
    }

    @Test
    void the_same_problem_over_five_runs_is_one_incident_and_it_resolves_once_when_it_clears() {
        CaretakerConfig c = config("");
        List<IncidentChange> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.addAll(run(c, result("db", Status.CRITICAL, bloat(Severity.CRITICAL))));
            later(Duration.ofMinutes(5));
        }
        assertThat(all).extracting(IncidentScenarioTest::change).containsExactly("opened");
        Incident opened = all.get(0).incident();
        assertThat(opened.priority()).isEqualTo(Priority.P1);
        assertThat(incidents.list("shop", true, 10)).hasSize(1);
        List<IncidentChange> cleared = run(c, result("db", Status.OK));
        assertThat(cleared).extracting(IncidentScenarioTest::change).containsExactly("resolved");
        assertThat(run(c, result("db", Status.OK))).isEmpty();
        assertThat(incidents.timeline(opened.id())).extracting(IncidentEvent::kind).containsExactly("opened", "resolved");
    }

    @Test
    void a_problem_that_returns_within_the_window_reopens_its_incident_and_later_opens_a_new_one() {
        CaretakerConfig c = config("incidents:\n  reopen_within: 30m\n");
        long id = run(c, result("db", Status.WARNING, bloat(Severity.WARNING))).get(0).incident().id();
        later(Duration.ofMinutes(5));
        run(c, result("db", Status.OK));
        later(Duration.ofMinutes(10));
        IncidentChange back = run(c, result("db", Status.WARNING, bloat(Severity.WARNING))).get(0);
        assertThat(change(back)).isEqualTo("reopened");
        assertThat(back.incident().id()).isEqualTo(id);
        later(Duration.ofMinutes(5));
        run(c, result("db", Status.OK));
        later(Duration.ofHours(2));
        assertThat(run(c, result("db", Status.WARNING, bloat(Severity.WARNING))).get(0).incident().id()).isNotEqualTo(id);
    }

    @Test
    void a_worse_severity_updates_the_incident_and_an_unknown_check_does_not_resolve_it() {
        CaretakerConfig c = config("");
        run(c, result("db", Status.WARNING, bloat(Severity.WARNING)));
        later(Duration.ofMinutes(5));
        IncidentChange worse = run(c, result("db", Status.CRITICAL, bloat(Severity.CRITICAL))).get(0);
        assertThat(change(worse)).isEqualTo("updated");
        assertThat(worse.incident().priority()).isEqualTo(Priority.P1);
        later(Duration.ofMinutes(5));
        assertThat(run(c, result("db", Status.UNKNOWN))).as("a check that could not judge resolves nothing").isEmpty();
    }

    @Test
    void flapping_becomes_one_incident_held_open_until_it_is_quiet() {
        CaretakerConfig c = config("");
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            run(c, result("db", Status.CRITICAL, bloat(Severity.CRITICAL))).forEach(x -> changes.add(change(x)));
            later(Duration.ofMinutes(2));
            run(c, result("db", Status.OK)).forEach(x -> changes.add(change(x)));
            later(Duration.ofMinutes(2));
        }
        assertThat(changes).contains("flapping");
        assertThat(changes.subList(changes.indexOf("flapping") + 1, changes.size())).doesNotContain("opened", "reopened", "resolved");
        assertThat(incidents.list("shop", false, 10)).singleElement().satisfies(i -> assertThat(i.flapping()).isTrue());
        later(Duration.ofMinutes(61));
        assertThat(run(c, result("db", Status.OK))).extracting(IncidentScenarioTest::change).containsExactly("resolved");
    }

    @Test
    void an_unreachable_database_is_one_incident_with_its_dependent_checks_suppressed_on_it() {
        CaretakerConfig c = config("");
        Finding down = Finding.of("postgres.unreachable", Severity.CRITICAL, "app", "cannot reach database 'app'");
        List<IncidentChange> changes = run(c, result("db", Status.CRITICAL, down), result("integrity", Status.CRITICAL, down));
        assertThat(changes).extracting(IncidentScenarioTest::change).containsExactly("opened", "suppressed");
        assertThat(incidents.list("shop", true, 10)).singleElement().satisfies(i -> {
            assertThat(i.check()).isEqualTo("db");
            assertThat(incidents.timeline(i.id())).extracting(IncidentEvent::kind).contains("suppressed");
        });
    }

    @Test
    void a_parent_with_an_ordinary_problem_suppresses_nothing() {
        CaretakerConfig c = config("");
        Finding orphans = Finding.of("postgres.orphan_rows", Severity.WARNING, "invoices.client_id", "orphans");
        List<IncidentChange> changes = run(c, result("db", Status.CRITICAL, bloat(Severity.CRITICAL)), result("integrity", Status.WARNING, orphans));
        assertThat(changes).extracting(IncidentScenarioTest::change).containsExactly("opened", "opened");
    }

    @Test
    void inside_a_maintenance_window_incidents_are_recorded_but_muted() {
        CaretakerConfig c = config("""
                maintenance:
                  - name: sunday optimisation
                    schedule: "0 2 * * SUN"
                    duration: 2h
                """);
        IncidentChange opened = run(c, result("db", Status.CRITICAL, bloat(Severity.CRITICAL))).get(0);
        assertThat(opened.incident().muted()).isTrue();
        assertThat(incidents.timeline(opened.incident().id())).extracting(IncidentEvent::kind).contains("opened", "muted");
        later(Duration.ofHours(3));
        assertThat(run(c, result("crm", Status.CRITICAL, Finding.of("http.down", Severity.CRITICAL, "crm", "down"))))
                .filteredOn(x -> change(x).equals("opened")).singleElement().satisfies(x -> assertThat(x.incident().muted()).isFalse());
    }

    @Test
    void an_incident_not_acknowledged_within_its_sla_escalates_once_and_an_acknowledged_one_does_not() {
        CaretakerConfig c = config("""
                incidents:
                  escalate_to: [ops-pager]
                notify:
                  channels:
                    ops-pager: {type: pagerduty, routing_key: KEY}
                """);
        Finding crm = Finding.of("http.down", Severity.CRITICAL, "crm", "down");
        long crmId = run(c, result("crm", Status.CRITICAL, crm), result("db", Status.CRITICAL, bloat(Severity.CRITICAL))).get(0).incident().id();
        IncidentTracker tracker = new IncidentTracker(incidents);
        Incident db = incidents.list("shop", true, 10).stream().filter(i -> i.check().equals("db")).findFirst().orElseThrow();
        tracker.acknowledge("shop", db.id(), "dana", now.plusSeconds(60));
        later(Duration.ofMinutes(61));
        List<IncidentChange> changes = run(c, result("crm", Status.CRITICAL, crm), result("db", Status.CRITICAL, bloat(Severity.CRITICAL)));
        assertThat(changes).filteredOn(x -> change(x).equals("escalated")).singleElement().satisfies(x -> {
            assertThat(x.incident().id()).isEqualTo(crmId);
            assertThat(x.detail()).contains("P1 response time of 1h").contains("ops-pager");
        });
        later(Duration.ofMinutes(5));
        assertThat(run(c, result("crm", Status.CRITICAL, crm))).extracting(IncidentScenarioTest::change).doesNotContain("escalated");
        tracker.resolve("shop", crmId, "dana", "restarted the gateway", now);
        assertThatThrownBy(() -> tracker.resolve("shop", crmId, "dana", null, now)).hasMessageContaining("already resolved");
        assertThat(incidents.timeline(crmId)).extracting(IncidentEvent::kind).containsExactly("opened", "escalated", "resolved");
    }

    @Test
    void a_rule_fires_only_after_holding_for_its_duration_across_runs_and_keeps_firing_after() {
        CaretakerConfig c = config("""
                rules:
                  - name: crm-slow
                    when: http.latency_ms{check="crm"} > 2000
                    for: 10m
                    keep_firing_for: 5m
                    severity: critical
                    priority: P0
                    message: CRM answers slowly
                  - {name: health-score-low, enabled: false}
                  - {name: response-time, enabled: false}
                  - {name: response-time-critical, enabled: false}
                """);
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CheckResult slow = new CheckResult("crm", "http", Status.OK, 10, null,
                    List.of(Measurement.of("http.latency_ms", 2500, "check", "crm")), List.of());
            int round = i;
            run(c, slow).forEach(x -> changes.add(round + ":" + change(x)));
            later(Duration.ofMinutes(5));
        }
        assertThat(changes).as("a P0 escalates at once: its response time is immediate").containsExactly("2:opened", "2:escalated");
        Incident rule = incidents.list("shop", true, 10).get(0);
        assertThat(rule.priority()).isEqualTo(Priority.P0);
        assertThat(rule.source()).isEqualTo("crm-slow");
        CheckResult fast = new CheckResult("crm", "http", Status.OK, 10, null, List.of(Measurement.of("http.latency_ms", 200, "check", "crm")),
                List.of());
        assertThat(run(c, fast)).as("kept firing for 5m after it cleared").isEmpty();
        later(Duration.ofMinutes(6));
        assertThat(run(c, fast)).extracting(IncidentScenarioTest::change).containsExactly("resolved");
    }

    @Test
    void runs_of_one_system_applied_at_the_same_moment_open_one_incident() throws Exception {
        CaretakerConfig c = config("");
        int n = 8;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(n);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            List<java.util.concurrent.Future<List<IncidentChange>>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // each thread saves its own run first, then all apply at once: as a ping and a schedule, or two nodes, do
                RunResult run = history.save(RunResult.of("shop", "nightly", now.minusSeconds(5), now,
                        List.of(result("db", Status.CRITICAL, bloat(Severity.CRITICAL)))), c.checks().keySet());
                List<Alert> alerts = new RuleEvaluator(history).evaluate(run, c.rules());
                done.add(pool.submit(() -> {
                    start.await();
                    return new IncidentTracker(incidents).apply(c, run, alerts, now);
                }));
            }
            List<String> kinds = new ArrayList<>();
            for (java.util.concurrent.Future<List<IncidentChange>> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS).forEach(x -> kinds.add(change(x)));
            }
            assertThat(kinds.stream().filter("opened"::equals)).as("one run opens it, the others see it").hasSize(1);
            assertThat(incidents.active("shop")).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_maintenance_window_set_now_mutes_what_opens_now_and_ending_it_unmutes_the_next() {
        now = Instant.parse("2026-11-22T02:00:00.123456789Z"); // the store keeps microseconds, and rounds
        CaretakerConfig c = config("");
        Silences silences = new Silences(store.jdbi());
        Silences.Silence s = silences.create("shop", List.of("db"), now, now.plus(Duration.ofHours(1)), "moving racks", "mira", now);
        run(c, result("db", Status.CRITICAL, bloat(Severity.CRITICAL)));
        assertThat(incidents.active("shop").get(0).muted()).as("opened inside the window").isTrue();
        assertThat(silences.current("shop", now)).hasSize(1);
        later(Duration.ofMinutes(5));
        assertThat(silences.end("shop", s.id(), "mira", now)).isTrue();
        assertThat(silences.end("shop", s.id(), "mira", now)).as("ended once").isFalse();
        assertThat(silences.current("shop", now)).isEmpty();
        later(Duration.ofMinutes(5));
        List<IncidentChange> again = run(c, result("db", Status.CRITICAL, bloat(Severity.CRITICAL)));
        assertThat(incidents.active("shop").get(0).muted()).as("seen again after the window ended: " + again + " " + incidents.active("shop")).isFalse();
    }
}
