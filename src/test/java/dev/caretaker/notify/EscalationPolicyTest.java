package dev.caretaker.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.action.AuditLog;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.Severity;
import dev.caretaker.engine.Engine;
import dev.caretaker.engine.IncidentDesk;
import dev.caretaker.incident.IncidentEvent;
import dev.caretaker.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reminders ({@code incidents.repeat}) and escalation policies ({@code incidents.escalation}): an unacknowledged incident
 * walks its steps at their times, each once even with two nodes doing housekeeping; reminders repeat up to
 * {@code max_reminders}; acknowledging or resolving stops both; the timeline and the audit log say who was paged.
 */
@ExtendWith(TestDatabases.class)
class EscalationPolicyTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    TestDatabase storeDb;
    Store store;
    SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"));

    @BeforeEach
    void open(TestDatabase storeDb, Store store) {
        this.storeDb = storeDb;
        this.store = store;
    }

    private CaretakerConfig config(Receiver r, String incidents) {
        return storeDb.config("""
                system: shop
                timezone: UTC
                store:
                  home: %s
                checks:
                  crm:
                    type: http
                    url: http://127.0.0.1:1/
                rules:
                  - {name: health-score-low, enabled: false}
                notify:
                  channels:
                    ops: {type: webhook, url: "%s"}
                    oncall-primary: {type: webhook, url: "%s"}
                    oncall-secondary: {type: webhook, url: "%s"}
                    manager: {type: webhook, url: "%s"}
                  routes:
                    - {channels: [ops]}
                incidents:
                """.formatted(home, r.url("/ops"), r.url("/primary"), r.url("/secondary"), r.url("/manager")) + incidents);
    }

    static final String STEPS = """
              escalation:
                P1:
                  - {after: 15m, notify: [oncall-primary]}
                  - {after: 45m, notify: [oncall-secondary, manager]}
            """;

    private void down(CaretakerConfig c) {
        CheckResult r = new CheckResult("crm", "http", Status.CRITICAL, 5, null, List.of(),
                List.of(Finding.of("http.down", Severity.CRITICAL, "http://crm/", "crm is down: connection refused")));
        Pipeline.run(store, c, clock, "all", r);
    }

    /** The server's housekeeping on two nodes of one store, then delivery. */
    private void housekeep(CaretakerConfig c) {
        for (String node : List.of("a", "b")) {
            Engine e = Pipeline.engine(store, c, clock).node(node).sleeper(d -> { }).build();
            e.housekeep(false);
            e.deliveries().deliverDue();
        }
    }

    /** Advances the clock to {@code minutes} after 10:00 in steps of at most 5 minutes, housekeeping at each. */
    private void walkTo(CaretakerConfig c, long minutes) {
        Instant end = Instant.parse("2026-12-07T10:00:00Z").plus(Duration.ofMinutes(minutes));
        while (clock.instant().isBefore(end)) {
            Duration step = Duration.between(clock.instant(), end);
            clock.advance(step.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : step);
            housekeep(c);
        }
    }

    private static List<JsonNode> sent(Receiver r, String path) {
        return r.requests.stream().filter(q -> q.path().equals(path) && q.answered() < 300).map(q -> {
            try {
                return JSON.readTree(q.body());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static List<String> events(Receiver r, String path) {
        return sent(r, path).stream().map(j -> j.get("event").asText()).toList();
    }

    private Engine engine(CaretakerConfig c) {
        return Pipeline.engine(store, c, clock).sleeper(d -> { }).build();
    }

    private long incidentId(CaretakerConfig c) {
        return engine(c).incidents().active().get(0).id();
    }

    @Test
    void an_unacknowledged_p1_walks_its_steps_at_their_times_once_each_even_on_two_nodes() throws Exception {
        try (Receiver r = new Receiver(200)) {
            CaretakerConfig c = config(r, STEPS);
            down(c);
            Pipeline.deliverDue(store, c, clock);
            assertThat(events(r, "/ops")).containsExactly("incident_opened");

            walkTo(c, 14);
            clock.advance(Duration.ofSeconds(59));
            housekeep(c);
            assertThat(r.requests).as("nothing before 15m").extracting(Receiver.Request::path).containsOnly("/ops");

            clock.advance(Duration.ofSeconds(1));
            housekeep(c);
            assertThat(events(r, "/primary")).containsExactly("incident_escalated");
            assertThat(sent(r, "/primary").get(0).get("detail").asText()).startsWith("escalated to oncall-primary (step 1 of 2)");
            IncidentDesk.Detail d = engine(c).incidents().show(incidentId(c));
            assertThat(d.nextText()).isEqualTo("escalation step 2 of 2 to oncall-secondary, manager at 10:45 (in 30m)");

            walkTo(c, 44);
            down(c); // a run between pages pages no one again
            housekeep(c);
            assertThat(r.requests).extracting(Receiver.Request::path).doesNotContain("/secondary", "/manager");
            walkTo(c, 45);
            walkTo(c, 90);
            down(c);
            assertThat(events(r, "/primary")).hasSize(1);
            assertThat(events(r, "/secondary")).containsExactly("incident_escalated");
            assertThat(events(r, "/manager")).containsExactly("incident_escalated");
            assertThat(events(r, "/ops")).as("steps replace the single escalation after the P1 response time (1h)")
                    .containsExactly("incident_opened");

            long id = incidentId(c);
            List<String> timeline = engine(c).incidents().show(id).timeline().stream().filter(e -> e.kind().equals("escalated"))
                    .map(IncidentEvent::detail).toList();
            assertThat(timeline).hasSize(2);
            assertThat(timeline.get(0)).startsWith("escalated to oncall-primary (step 1 of 2)");
            assertThat(timeline.get(1)).startsWith("escalated to oncall-secondary, manager (step 2 of 2)");
            List<AuditLog.Entry> audit = engine(c).actions().auditLog().list(50).stream()
                    .filter(e -> e.event().equals("escalated") && e.subject().equals("#" + id)).toList();
            assertThat(audit).hasSize(2).extracting(AuditLog.Entry::detail)
                    .anySatisfy(x -> assertThat(x).contains("escalated to oncall-primary (step 1 of 2)"))
                    .anySatisfy(x -> assertThat(x).contains("escalated to oncall-secondary, manager (step 2 of 2)"));
            assertThat(engine(c).actions().verifyAudit(null).intact()).isTrue();
            assertThat(engine(c).incidents().show(id).next()).as("every step sent, no reminders: nothing more").isNull();
        }
    }

    @Test
    void reminders_repeat_at_their_interval_up_to_max_reminders() throws Exception {
        try (Receiver r = new Receiver(200)) {
            CaretakerConfig c = config(r, """
                      repeat: {P1: 30m}
                      max_reminders: 3
                      sla: {P1: 24h}
                    """);
            down(c);
            walkTo(c, 29);
            assertThat(events(r, "/ops")).containsExactly("incident_opened");
            walkTo(c, 30);
            assertThat(events(r, "/ops")).containsExactly("incident_opened", "incident_reminder");
            assertThat(sent(r, "/ops").get(1).get("detail").asText()).isEqualTo("still open for 30m, not acknowledged — reminder 1 to ops");
            walkTo(c, 300);
            assertThat(events(r, "/ops")).containsExactly("incident_opened", "incident_reminder", "incident_reminder", "incident_reminder");
            assertThat(sent(r, "/ops").get(3).get("detail").asText()).isEqualTo("still open for 1h 30m, not acknowledged — reminder 3 to ops");
            long id = incidentId(c);
            assertThat(engine(c).incidents().show(id).timeline()).filteredOn(e -> e.kind().equals("reminder")).hasSize(3);
            assertThat(engine(c).actions().auditLog().list(50)).filteredOn(e -> e.event().equals("reminded") && e.subject().equals("#" + id))
                    .hasSize(3);
        }
    }

    @Test
    void acknowledging_stops_reminders_and_escalation() throws Exception {
        try (Receiver r = new Receiver(200)) {
            CaretakerConfig c = config(r, STEPS + "  repeat: 10m\n");
            down(c);
            walkTo(c, 16);
            assertThat(events(r, "/primary")).containsExactly("incident_escalated");
            assertThat(events(r, "/ops")).containsExactly("incident_opened", "incident_reminder");
            long id = incidentId(c);
            assertThat(engine(c).incidents().show(id).nextText()).isEqualTo("reminder 2 of at most 10 to ops at 10:20 (in 4m)");
            engine(c).incidents().acknowledge(id, "alice");
            int before = r.requests.size();
            assertThat(engine(c).incidents().show(id).next()).isNull();
            walkTo(c, 240);
            down(c);
            assertThat(r.requests.subList(before, r.requests.size())).as("nothing after the acknowledgement but its own message")
                    .allSatisfy(q -> assertThat(q.body()).doesNotContain("incident_reminder", "incident_escalated"));
            assertThat(events(r, "/secondary")).isEmpty();
        }
    }

    @Test
    void a_step_written_but_not_yet_sent_when_the_incident_is_acknowledged_is_not_sent() throws Exception {
        try (Receiver r = new Receiver(200)) {
            CaretakerConfig c = config(r, STEPS + "  repeat: 15m\n");
            down(c);
            Pipeline.deliverDue(store, c, clock);
            clock.advance(Duration.ofMinutes(15));
            engine(c).housekeep(false); // written to the outbox, not delivered yet
            long id = incidentId(c);
            engine(c).incidents().acknowledge(id, "alice");
            Pipeline.deliverDue(store, c, clock);
            walkTo(c, 120);
            assertThat(events(r, "/primary")).isEmpty();
            assertThat(events(r, "/ops")).containsExactly("incident_opened", "incident_acknowledged");
            assertThat(engine(c).incidents().show(id).timeline()).as("the timeline still says the step was due and written")
                    .anySatisfy(e -> assertThat(e.detail()).startsWith("escalated to oncall-primary (step 1 of 2)"))
                    .anySatisfy(e -> assertThat(e.kind() + ": " + e.detail()).startsWith("withdrawn: 2 message(s)")
                            .endsWith("the incident was acknowledged first"));
        }
    }

    @Test
    void resolving_stops_reminders_and_escalation() throws Exception {
        try (Receiver r = new Receiver(200)) {
            CaretakerConfig c = config(r, STEPS + "  repeat: 10m\n");
            down(c);
            walkTo(c, 12);
            long id = incidentId(c);
            engine(c).incidents().resolve(id, "alice", "restarted crm");
            int before = r.requests.size();
            walkTo(c, 240);
            assertThat(r.requests.subList(before, r.requests.size()))
                    .allSatisfy(q -> assertThat(q.body()).doesNotContain("incident_reminder", "incident_escalated"));
            assertThat(events(r, "/primary")).isEmpty();
            assertThat(events(r, "/ops")).containsExactly("incident_opened", "incident_reminder", "incident_resolved");
        }
    }

    @Test
    void without_steps_for_a_priority_the_single_escalation_stays() throws Exception {
        try (Receiver r = new Receiver(200)) {
            CaretakerConfig c = config(r, """
                      escalate_to: [manager]
                      escalation:
                        P0:
                          - {after: 5m, notify: [oncall-primary]}
                    """);
            down(c);
            long id = incidentId(c);
            assertThat(engine(c).incidents().show(id).nextText())
                    .isEqualTo("escalation (the P1 response time of 1h) to manager at 11:00 (in 1h)");
            walkTo(c, 70);
            assertThat(events(r, "/manager")).containsExactly("incident_escalated");
            assertThat(events(r, "/primary")).isEmpty();
        }
    }

    @Test
    void bad_escalation_config_is_refused_naming_the_key() throws Exception {
        try (Receiver r = new Receiver(200)) {
            assertThatThrownBy(() -> config(r, """
                      escalation:
                        P1:
                          - {after: 15m, notify: [oncall-primery]}
                    """)).isInstanceOf(ConfigException.class).hasMessageContaining("incidents.escalation.P1")
                    .hasMessageContaining("channel 'oncall-primery' is not defined").hasMessageContaining("oncall-primary");
            assertThatThrownBy(() -> config(r, """
                      escalation:
                        P1:
                          - {after: 45m, notify: [manager]}
                          - {after: 15m, notify: [oncall-primary]}
                    """)).isInstanceOf(ConfigException.class).hasMessageContaining("escalation steps out of order")
                    .hasMessageContaining("incidents.escalation.P1");
            assertThatThrownBy(() -> config(r, """
                      escalation:
                        P5:
                          - {after: 15m, notify: [manager]}
                    """)).isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'P5' in 'incidents.escalation'");
            assertThatThrownBy(() -> config(r, "  repeat: {P1: 10s}\n")).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("incidents.repeat.P1");
        }
    }
}
