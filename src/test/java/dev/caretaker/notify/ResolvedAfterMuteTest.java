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
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.IncidentEvent;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code notify.resolved_after_mute} (Alertmanager #226): an incident told to channels, then muted by a maintenance window, tells
 * those channels — and only those — that it is over when it resolves inside the window; one that opened muted stays silent.
 */
@ExtendWith(TestDatabases.class)
class ResolvedAfterMuteTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant START = Instant.parse("2026-11-22T02:00:00Z");
    /** A window from 02:10 to 04:00 (UTC): the incident opens before it at 02:00 and resolves inside it. */
    static final String WINDOW = """
            maintenance:
              - {name: upgrade, from: "2026-11-22T02:10:00Z", to: "2026-11-22T04:00:00Z"}
            """;

    TestDatabase db;
    Store store;
    SettableClock clock = new SettableClock(START);
    Receiver a;
    Receiver b;
    Receiver c;

    @BeforeEach
    void open(TestDatabase db, Store store) throws Exception {
        this.db = db;
        this.store = store;
        a = new Receiver(200);
        b = new Receiver(200);
        c = new Receiver(200);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
        c.close();
    }

    /** Channels a, b and c; P1 goes to {@code routed}; {@code extra} adds notify keys or top-level sections. */
    private CaretakerConfig config(String routed, String notifyExtra, String extra) {
        return db.config("""
                system: shop
                checks:
                  crm: {type: http, url: "http://127.0.0.1:1/"}
                  api: {type: http, url: "http://127.0.0.1:1/"}
                rules:
                  - {name: health-score-low, enabled: false}
                notify:
                  group_by: ['...']
                  channels:
                    a: {type: webhook, url: "%s"}
                    b: {type: webhook, url: "%s"}
                    c: {type: webhook, url: "%s"}
                  routes:
                    - {priorities: [P1], channels: [%s]}
                """.formatted(a.url("/a"), b.url("/b"), c.url("/c"), routed) + notifyExtra.indent(2) + extra);
    }

    private static CheckResult crm(boolean down) {
        return result("crm", down, "http.status", "crm answers 500");
    }

    private static CheckResult result(String check, boolean down, String code, String message) {
        return new CheckResult(check, "http", down ? Status.CRITICAL : Status.OK, 5, null, List.of(),
                down ? List.of(Finding.of(code, Severity.CRITICAL, "http://" + check + "/", message)) : List.of());
    }

    private void run(CaretakerConfig config, CheckResult... results) {
        Pipeline.run(store, config, clock, "all", results);
    }

    /** What a receiver was told, in order: "opened", "resolved", … (the webhook's {@code event} without "incident_"). */
    private static List<String> told(Receiver r) throws Exception {
        List<String> out = new ArrayList<>();
        for (Receiver.Request q : r.accepted()) {
            out.add(JSON.readTree(q.body()).path("event").asText().replace("incident_", ""));
        }
        return out;
    }

    private Incident incident(String check) {
        return new IncidentRepository(store.jdbi()).list("shop", false, 10).stream().filter(i -> i.check().equals(check)).findFirst()
                .orElseThrow();
    }

    @Test
    void told_then_muted_then_resolved_inside_the_window_tells_the_same_two_channels_once() throws Exception {
        run(config("a, b", "", WINDOW), crm(true));
        assertThat(told(a)).containsExactly("opened");
        assertThat(told(b)).containsExactly("opened");

        clock.set(Instant.parse("2026-11-22T02:30:00Z")); // inside the window: still down, now muted
        CaretakerConfig widened = config("a, b, c", "", WINDOW); // c is routed P1 after the opening
        run(widened, crm(true));
        assertThat(incident("crm").muted()).isTrue();
        clock.advance(Duration.ofMinutes(10));
        run(widened, crm(false));
        clock.advance(Duration.ofMinutes(10));
        run(widened, crm(false));

        assertThat(told(a)).containsExactly("opened", "resolved");
        assertThat(told(b)).containsExactly("opened", "resolved");
        assertThat(c.requests).as("c was never told of the opening").isEmpty();
        List<IncidentEvent> timeline = new IncidentRepository(store.jdbi()).timeline(incident("crm").id());
        assertThat(timeline).filteredOn(e -> e.kind().equals("notified")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("maintenance window", "a, b", "told of its opening"));
    }

    @Test
    void opened_inside_the_window_nothing_is_ever_sent() throws Exception {
        clock.set(Instant.parse("2026-11-22T02:20:00Z"));
        CaretakerConfig c1 = config("a, b", "", WINDOW);
        run(c1, crm(true));
        clock.advance(Duration.ofMinutes(10));
        run(c1, crm(false));
        assertThat(incident("crm").state()).isEqualTo(Incident.State.RESOLVED);
        assertThat(a.requests).isEmpty();
        assertThat(b.requests).isEmpty();
        assertThat(new IncidentRepository(store.jdbi()).timeline(incident("crm").id())).extracting(IncidentEvent::kind)
                .contains("muted").doesNotContain("notified");
    }

    @Test
    void with_the_key_false_a_muted_resolution_goes_nowhere() throws Exception {
        CaretakerConfig off = config("a, b", "resolved_after_mute: false\n", WINDOW);
        run(off, crm(true));
        clock.set(Instant.parse("2026-11-22T02:30:00Z"));
        run(off, crm(true));
        clock.advance(Duration.ofMinutes(10));
        run(off, crm(false));
        assertThat(incident("crm").state()).isEqualTo(Incident.State.RESOLVED);
        assertThat(told(a)).containsExactly("opened");
        assertThat(told(b)).containsExactly("opened");
    }

    @Test
    void the_clean_case_outside_any_window_still_resolves_to_the_routed_channels() throws Exception {
        CaretakerConfig plain = config("a, b", "", "");
        run(plain, crm(true));
        clock.advance(Duration.ofMinutes(10));
        run(plain, crm(false));
        assertThat(told(a)).containsExactly("opened", "resolved");
        assertThat(told(b)).containsExactly("opened", "resolved");
    }

    /**
     * An open incident whose alert becomes inhibited is kept as it is (not muted, not resolved); when its alert clears it
     * resolves, and the channels told of its opening hear so — inside a maintenance window too.
     */
    @Test
    void an_incident_inhibited_after_it_was_told_tells_its_resolution() throws Exception {
        String inhibit = """
                incidents:
                  inhibit:
                    - {target: http.status, source: http.down}
                """;
        CaretakerConfig c1 = config("a, b", "", inhibit + WINDOW);
        run(c1, crm(true));
        assertThat(told(a)).containsExactly("opened");

        clock.set(Instant.parse("2026-11-22T02:30:00Z")); // inside the window, api's outage inhibits crm's incident
        CheckResult apiDown = result("api", true, "http.down", "api is down: connection refused");
        run(c1, crm(true), apiDown);
        assertThat(new IncidentRepository(store.jdbi()).timeline(incident("crm").id())).extracting(IncidentEvent::kind).contains("inhibited");
        clock.advance(Duration.ofMinutes(10));
        run(c1, crm(false), apiDown);

        assertThat(incident("crm").state()).isEqualTo(Incident.State.RESOLVED);
        assertThat(told(a)).containsExactly("opened", "resolved");
        assertThat(told(b)).containsExactly("opened", "resolved");
    }

    /**
     * A channel that groups (Slack) got both openings in one message of the run; each resolution inside the window reaches it,
     * once, and a webhook routed since does not hear of them.
     */
    @Test
    void openings_told_in_one_grouped_message_count_as_told() throws Exception {
        try (Receiver slack = new Receiver(200)) {
            String routes = """
                    notify:
                      channels:
                        team: {type: slack, webhook: "%s"}
                        c: {type: webhook, url: "%s"}
                      routes:
                        - {priorities: [P1], channels: [%s]}
                    """;
            String head = """
                    system: shop
                    checks:
                      crm: {type: http, url: "http://127.0.0.1:1/"}
                      api: {type: http, url: "http://127.0.0.1:1/"}
                    rules:
                      - {name: health-score-low, enabled: false}
                    """;
            CaretakerConfig before = db.config(head + routes.formatted(slack.url("/slack"), c.url("/c"), "team") + WINDOW);
            CheckResult apiDown = result("api", true, "http.down", "api is down");
            run(before, crm(true), apiDown);
            assertThat(slack.accepted()).as("one message for both openings").hasSize(1);
            assertThat(slack.accepted().get(0).body()).contains("crm answers 500", "api is down");

            clock.set(Instant.parse("2026-11-22T02:30:00Z"));
            CaretakerConfig after = db.config(head + routes.formatted(slack.url("/slack"), c.url("/c"), "team, c") + WINDOW);
            run(after, crm(true), apiDown);
            clock.advance(Duration.ofMinutes(10));
            run(after, crm(false), result("api", false, "http.down", ""));
            clock.advance(Duration.ofMinutes(10));
            run(after, crm(false), result("api", false, "http.down", ""));

            assertThat(slack.accepted()).hasSize(2);
            assertThat(slack.accepted().get(1).body()).contains("resolved").contains("crm answers 500", "api is down");
            assertThat(c.requests).isEmpty();
        }
    }

    /** A ticket filed when the incident opened is closed when it resolves inside the window; none is filed for one that opened muted. */
    @Test
    void its_ticket_is_closed_too() throws Exception {
        try (Receiver desk = new Receiver(200)) {
            desk.answer = "{\"id\":\"T-7\"}";
            String tickets = "tickets: {provider: webhook, url: \"" + desk.url("/tickets") + "\"}\n";
            CaretakerConfig c1 = config("a, b", "", tickets + WINDOW);
            run(c1, crm(true));
            clock.set(Instant.parse("2026-11-22T02:30:00Z"));
            run(c1, crm(true), result("api", true, "http.down", "api is down")); // api opens muted: no ticket
            clock.advance(Duration.ofMinutes(10));
            run(c1, crm(false), result("api", false, "http.down", ""));
            List<String> events = new ArrayList<>();
            for (Receiver.Request r : desk.accepted()) {
                events.add(JSON.readTree(r.body()).path("event").asText());
            }
            assertThat(events).containsExactly("ticket_create", "ticket_close");
        }
    }

    /**
     * A window that begins after the incident's last failing run and before the run that finds it cleared: the resolution is
     * inside the window, so it is judged as muted then (told to the channels of its opening only; with the key false, to none).
     */
    @Test
    void a_window_that_begins_between_the_last_failure_and_the_resolving_run_mutes_the_resolution() throws Exception {
        run(config("a", "", WINDOW), crm(true)); // 02:00, before the window: a is told
        clock.set(Instant.parse("2026-11-22T02:20:00Z")); // inside the window: cleared, no failing run seen in it
        run(config("a, b", "", WINDOW), crm(false));
        assertThat(incident("crm").state()).isEqualTo(Incident.State.RESOLVED);
        assertThat(incident("crm").muted()).as("muted as it resolved").isTrue();
        assertThat(told(a)).containsExactly("opened", "resolved");
        assertThat(b.requests).as("b, routed after the opening, was never told of it").isEmpty();
    }

    /**
     * With the key false, a window that begins after the last failing run keeps the resolution quiet as well.
     */
    @Test
    void with_the_key_false_a_window_begun_after_the_last_failure_keeps_the_resolution_quiet() throws Exception {
        CaretakerConfig off = config("a", "resolved_after_mute: false\n", WINDOW);
        run(off, crm(true));
        clock.set(Instant.parse("2026-11-22T02:20:00Z"));
        run(off, crm(false));
        assertThat(incident("crm").state()).isEqualTo(Incident.State.RESOLVED);
        assertThat(told(a)).containsExactly("opened");
    }

    /**
     * An incident that opened inside a window and still fails when the window ends is told then, once: its opening is sent on
     * the first run after the end, and not again on the runs after.
     */
    @Test
    void opened_muted_and_still_failing_after_the_window_is_told_once_when_it_ends() throws Exception {
        CaretakerConfig c1 = config("a, b", "", WINDOW);
        clock.set(Instant.parse("2026-11-22T03:30:00Z"));
        run(c1, crm(true)); // inside: muted
        assertThat(a.requests).isEmpty();
        clock.set(Instant.parse("2026-11-22T04:00:30Z")); // the window ended at 04:00
        run(c1, crm(true));
        clock.advance(Duration.ofMinutes(1));
        run(c1, crm(true));
        assertThat(incident("crm").muted()).isFalse();
        assertThat(told(a)).containsExactly("opened");
        assertThat(told(b)).containsExactly("opened");
        assertThat(new IncidentRepository(store.jdbi()).timeline(incident("crm").id())).extracting(IncidentEvent::kind)
                .containsSubsequence("muted", "unmuted");
        clock.advance(Duration.ofMinutes(1));
        run(c1, crm(false));
        assertThat(told(a)).containsExactly("opened", "resolved");
    }

    /** Told before the window, muted inside it, still failing after it: the opening is not sent twice. */
    @Test
    void told_before_the_window_and_still_failing_after_it_is_not_told_again() throws Exception {
        CaretakerConfig c1 = config("a", "", WINDOW);
        run(c1, crm(true)); // 02:00: told
        clock.set(Instant.parse("2026-11-22T03:00:00Z"));
        run(c1, crm(true)); // muted
        clock.set(Instant.parse("2026-11-22T04:05:00Z"));
        run(c1, crm(true)); // unmuted
        assertThat(incident("crm").muted()).isFalse();
        assertThat(told(a)).containsExactly("opened");
    }

    /** Opened inside the window and cleared on the first run after it: no opening was told, so no resolution is either. */
    @Test
    void opened_muted_and_cleared_on_the_first_run_after_the_window_stays_silent() throws Exception {
        CaretakerConfig c1 = config("a", "", WINDOW);
        clock.set(Instant.parse("2026-11-22T03:30:00Z"));
        run(c1, crm(true)); // inside: muted
        clock.set(Instant.parse("2026-11-22T04:00:30Z")); // after the end: cleared
        run(c1, crm(false));
        assertThat(incident("crm").state()).isEqualTo(Incident.State.RESOLVED);
        assertThat(a.requests).as("never told it opened, so not told it resolved").isEmpty();
    }
}
