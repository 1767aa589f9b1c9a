package dev.caretaker.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A route to {@code oncall:support} reaches the channels of whoever is on call when the incident opens: alice before
 * Monday's 09:00 handoff in Berlin, bob after it, and alice again while her override runs. The clock is set by hand.
 */
@ExtendWith(TestDatabases.class)
class OncallRouteTest {
    static final ObjectMapper JSON = new ObjectMapper();

    private static CheckResult down(String name) {
        return new CheckResult(name, "http", Status.CRITICAL, 5, null, List.of(),
                List.of(Finding.of("http.down", Severity.CRITICAL, "http://" + name + "/", name + " is down")));
    }

    private static List<String> titles(Receiver hook, String path) throws Exception {
        List<String> out = new ArrayList<>();
        for (Receiver.Request r : hook.accepted()) {
            if (r.path().equals(path)) {
                out.add(JSON.readTree(r.body()).get("incident").get("check").asText());
            }
        }
        return out;
    }

    @Test
    void an_incident_routed_to_a_schedule_reaches_the_person_on_call_when_it_opens(TestDatabase db, Store store) throws Exception {
        try (Receiver hook = new Receiver(200)) {
            CaretakerConfig c = db.config("""
                    system: helpdesk-%s
                    checks:
                      crm: {type: http, url: "http://127.0.0.1:1/"}
                      erp: {type: http, url: "http://127.0.0.1:1/"}
                      wms: {type: http, url: "http://127.0.0.1:1/"}
                    rules:
                      - {name: health-score-low, enabled: false}
                    notify:
                      channels:
                        alice-hook: {type: webhook, url: "%s"}
                        bob-hook: {type: webhook, url: "%s"}
                      routes:
                        - {channels: ["oncall:support"]}
                    people:
                      alice: {channels: [alice-hook]}
                      bob: {channels: [bob-hook]}
                    oncall:
                      support:
                        zone: Europe/Berlin
                        layers: [{members: [alice, bob], rotation: weekly, handoff: "MON 09:00"}]
                    """.formatted(db.name(), hook.url("/alice"), hook.url("/bob")));
            // Monday 2026-03-09, 08:59 in Berlin: alice's week (from Monday 2026-03-02) has a minute left
            SettableClock clock = new SettableClock(Instant.parse("2026-03-09T07:59:00Z"));
            Pipeline.run(store, c, clock, "all", down("crm"));
            Pipeline.engine(store, c, clock).build().deliveries().flush();
            assertThat(titles(hook, "/alice")).containsExactly("crm");
            assertThat(titles(hook, "/bob")).isEmpty();

            clock.advance(Duration.ofMinutes(1)); // 09:00 in Berlin: bob's week
            Pipeline.run(store, c, clock, "all", down("crm"), down("erp"));
            Pipeline.engine(store, c, clock).build().deliveries().flush();
            assertThat(titles(hook, "/bob")).containsExactly("erp");
            assertThat(titles(hook, "/alice")).as("crm was told already, to alice").containsExactly("crm");

            Pipeline.engine(store, c, clock).build().oncall().override("support", "alice", clock.instant(),
                    clock.instant().plus(Duration.ofHours(2)), "alice");
            clock.advance(Duration.ofMinutes(5));
            Pipeline.run(store, c, clock, "all", down("crm"), down("erp"), down("wms"));
            Pipeline.engine(store, c, clock).build().deliveries().flush();
            assertThat(titles(hook, "/alice")).as("her override runs").containsExactly("crm", "wms");
            assertThat(titles(hook, "/bob")).containsExactly("erp");
        }
    }

    @Test
    void an_escalation_step_to_a_schedule_pages_the_person_on_call_when_the_step_comes(TestDatabase db, Store store) throws Exception {
        try (Receiver hook = new Receiver(200)) {
            CaretakerConfig c = db.config("""
                    system: helpdesk-%s
                    checks:
                      crm: {type: http, url: "http://127.0.0.1:1/"}
                    rules:
                      - {name: health-score-low, enabled: false}
                    incidents:
                      escalation:
                        P1: [{after: 15m, notify: ["oncall:support"]}]
                    notify:
                      channels:
                        team-hook: {type: webhook, url: "%s"}
                        alice-hook: {type: webhook, url: "%s"}
                        bob-hook: {type: webhook, url: "%s"}
                      routes:
                        - {channels: [team-hook]}
                    people:
                      alice: {channels: [alice-hook]}
                      bob: {channels: [bob-hook]}
                    oncall:
                      support:
                        zone: Europe/Berlin
                        layers: [{members: [alice, bob], rotation: weekly, handoff: "MON 09:00"}]
                    """.formatted(db.name(), hook.url("/team"), hook.url("/alice"), hook.url("/bob")));
            // Monday 2026-03-09, 08:50 in Berlin: the incident opens in alice's week; its step comes at 09:05, in bob's
            SettableClock clock = new SettableClock(Instant.parse("2026-03-09T07:50:00Z"));
            Pipeline.run(store, c, clock, "all", down("crm"));
            Pipeline.engine(store, c, clock).build().deliveries().flush();
            assertThat(titles(hook, "/team")).containsExactly("crm");
            assertThat(titles(hook, "/alice")).isEmpty();
            clock.advance(Duration.ofMinutes(15));
            var engine = Pipeline.engine(store, c, clock).build();
            engine.housekeep(false);
            engine.deliveries().flush();
            assertThat(titles(hook, "/bob")).as("on call when the step came").containsExactly("crm");
            assertThat(titles(hook, "/alice")).isEmpty();
        }
    }

    @Test
    void an_escalation_step_to_an_unknown_schedule_is_refused_naming_it(TestDatabase db) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.config("""
                checks:
                  crm: {type: http, url: "http://127.0.0.1:1/"}
                incidents:
                  escalation:
                    P1: [{after: 15m, notify: ["oncall:suport"]}]
                notify:
                  channels:
                    team-hook: {type: webhook, url: "http://127.0.0.1:9/"}
                people:
                  alice: {channels: [team-hook]}
                oncall:
                  support:
                    layers: [{members: [alice]}]
                """)).hasMessageContaining("suport").hasMessageContaining("support");
    }
}
