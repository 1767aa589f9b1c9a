package dev.caretaker.notify;

import dev.caretaker.Receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.config.Severity;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.Store;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Notifications through the outbox to real receivers: GreenMail for SMTP, HTTP servers for Slack, webhooks, PagerDuty. */
@ExtendWith(TestDatabases.class)
class NotificationScenarioTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    TestDatabase storeDb;
    Store store;
    SettableClock clock = new SettableClock(Instant.parse("2026-11-22T02:00:00Z"));
    int smtpPort;
    GreenMail smtp;

    @BeforeEach
    void open(TestDatabase storeDb, Store store) throws Exception {
        this.storeDb = storeDb;
        this.store = store;
        try (ServerSocket s = new ServerSocket(0)) {
            smtpPort = s.getLocalPort();
        }
    }

    @AfterEach
    void close() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    private void startSmtp() {
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    private CaretakerConfig config(String notify) {
        return storeDb.config("""
                system: shop
                store:
                  home: %s
                checks:
                  crm:
                    type: http
                    url: http://127.0.0.1:1/
                rules:
                  - {name: health-score-low, enabled: false}
                """.formatted(home) + notify);
    }

    private String email(String extra) {
        return """
                notify:
                  email: {url: "smtp://127.0.0.1:%d", from: caretaker@shop.example, starttls: false}
                  channels:
                    ops: {type: email, to: [ops@shop.example, security@shop.example]}
                """.formatted(smtpPort) + extra;
    }

    /** One run of check crm, down or up, through incidents and responses, at the clock's time. */
    private RunOutcome run(CaretakerConfig c, boolean down) {
        CheckResult r = new CheckResult("crm", "http", down ? Status.CRITICAL : Status.OK, 5, null, List.of(),
                down ? List.of(Finding.of("http.down", Severity.CRITICAL, "http://crm/", "crm is down: connection refused")) : List.of());
        return Pipeline.run(store, c, clock, "all", r);
    }

    @Test
    void the_same_problem_over_five_runs_sends_one_email_and_its_end_one_more() throws Exception {
        startSmtp();
        CaretakerConfig c = config(email(""));
        for (int i = 0; i < 5; i++) {
            run(c, true);
            clock.advance(Duration.ofMinutes(5));
        }
        assertThat(smtp.getReceivedMessages()).hasSize(2).allSatisfy(m -> assertThat(m.getSubject()).contains("[P1] opened: crm is down"));
        assertThat(smtp.getReceivedMessages()[0].getRecipients(jakarta.mail.Message.RecipientType.TO)).hasSize(2);
        run(c, false);
        MimeMessage[] all = smtp.getReceivedMessages();
        List<String> subjects = new java.util.ArrayList<>();
        for (MimeMessage m : all) {
            subjects.add(m.getSubject());
        }
        assertThat(subjects).hasSize(4).filteredOn(x -> x.contains("[P1] resolved")).hasSize(2);
    }

    @Test
    void email_goes_over_smtps_to_a_tls_server() throws Exception {
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        smtp.start();
        CaretakerConfig c = config("""
                notify:
                  email: {url: "smtps://127.0.0.1:%d", from: caretaker@shop.example, insecure: true}
                  channels:
                    ops: {type: email, to: [ops@shop.example]}
                """.formatted(smtpPort));
        RunOutcome outcome = run(c, true);
        assertThat(outcome.notifications().delivered()).isEqualTo(1);
        assertThat(smtp.getReceivedMessages()).singleElement().satisfies(m -> assertThat(m.getSubject()).contains("[P1] opened"));
    }

    @Test
    void email_is_never_sent_in_clear_text_when_the_server_does_not_offer_starttls() throws Exception {
        startSmtp();
        CaretakerConfig c = config("""
                notify:
                  email: {url: "smtp://127.0.0.1:%d", from: caretaker@shop.example, insecure: true}
                  channels:
                    ops: {type: email, to: [ops@shop.example]}
                """.formatted(smtpPort));
        assertThat(c.notifications().email().orElseThrow().starttls()).as("STARTTLS is required by default").isTrue();
        RunOutcome outcome = run(c, true);
        assertThat(outcome.notifications().failed()).isEqualTo(1);
        assertThat(outcome.notifications().pending()).isEqualTo(1);
        assertThat(smtp.getReceivedMessages()).as("GreenMail's plain SMTP offers no STARTTLS: nothing goes out unencrypted").isEmpty();
        assertThat(new Outbox(store.jdbi(), "shop").list(null, 100)).singleElement().satisfies(m -> assertThat(m.state().label()).isEqualTo("pending"));
        assertThat(new ObjectMapper().convertValue(OutboxMessage.State.PENDING, String.class)).as("JSON shows the state as stored").isEqualTo("pending");
        assertThat(new Outbox(store.jdbi(), "shop").counts()).containsExactly(Map.entry(OutboxMessage.State.PENDING, 1),
                Map.entry(OutboxMessage.State.SENT, 0), Map.entry(OutboxMessage.State.FAILED, 0));
    }

    @Test
    void an_smtp_outage_during_the_run_is_delivered_by_a_later_flush_exactly_once() throws Exception {
        CaretakerConfig c = config(email(""));
        RunOutcome outcome = run(c, true);
        assertThat(outcome.notifications().failed()).isEqualTo(1);
        assertThat(outcome.notifications().pending()).isEqualTo(1);
        startSmtp();
        assertThat(Pipeline.deliverDue(store, c, clock).sent()).as("not due before its retry time").isZero();
        clock.advance(Duration.ofSeconds(11));
        Delivery.Result r = Pipeline.deliverDue(store, c, clock);
        assertThat(r.sent()).isEqualTo(1);
        assertThat(r.pending()).isZero();
        clock.advance(Duration.ofMinutes(10));
        assertThat(Pipeline.deliverDue(store, c, clock).sent()).isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(2); // one message, two recipients
    }

    @Test
    void delivery_stops_at_its_time_budget_and_leaves_the_rest_pending() throws Exception {
        CaretakerConfig c = config(email(""));
        Outbox outbox = new Outbox(store.jdbi(), "shop");
        for (int i = 0; i < 5; i++) {
            outbox.enqueue("ops", MessageKind.REPORT, "run-" + i, null, java.util.Map.of("subject", "s", "text", "t", "html", ""), clock.instant());
        }
        Channel slow = (m, deadline) -> clock.advance(Duration.ofSeconds(20)); // each send takes 20 s of the clock
        Delivery.Result r = new Delivery(outbox, java.util.Map.of("ops", slow), c.secrets(), clock, "test").deliver(Duration.ofSeconds(30), false);
        assertThat(r.sent()).isEqualTo(2);
        assertThat(r.pending()).isEqualTo(3);
    }

    @Test
    void a_crash_between_sending_and_marking_resends_with_the_same_message_id() throws Exception {
        startSmtp();
        CaretakerConfig c = config(email(""));
        Outbox outbox = new Outbox(store.jdbi(), "shop");
        outbox.enqueue("ops", MessageKind.INCIDENT_OPENED, "incident-42-opened-0", "incident-42",
                java.util.Map.of("subject", "s", "text", "t", "html", ""), clock.instant());
        OutboxMessage m = outbox.claim(clock.instant(), 10, "dying-node", false, List.of()).get(0);
        Delivery.channels(c.notifications(), home, new dev.caretaker.incident.IncidentRepository(store.jdbi()), clock).get("ops")
                .deliver(m, Duration.ofSeconds(30)); // sent, then the process dies before markSent
        clock.advance(Outbox.LEASE.plusSeconds(1)); // its claim lapses with the process
        Pipeline.deliverDue(store, c, clock);
        MimeMessage[] got = smtp.getReceivedMessages();
        assertThat(got).hasSize(4);
        assertThat(got[0].getMessageID()).isEqualTo(got[2].getMessageID()).contains("incident-42-opened-0");
    }

    @Test
    void without_an_smtp_server_email_is_written_as_eml_files() throws Exception {
        CaretakerConfig c = config("""
                notify:
                  channels:
                    ops: {type: email, to: [ops@shop.example]}
                  report_to: [ops]
                """);
        run(c, true);
        try (var files = Files.list(home.resolve("outbox"))) {
            List<Path> eml = files.toList();
            assertThat(eml).hasSize(2);
            assertThat(eml).anySatisfy(p -> {
                try (var in = Files.newInputStream(p)) {
                    MimeMessage m = new MimeMessage(null, in);
                    assertThat(m.getSubject()).startsWith("[CRITICAL] shop");
                    assertThat(m.getMessageID()).startsWith("<run-");
                }
            });
        }
    }

    @Test
    void slack_webhook_and_pagerduty_get_their_documented_request_shapes() throws Exception {
        try (Receiver slack = new Receiver(200); Receiver hook = new Receiver(200); Receiver pd = new Receiver(202)) {
            CaretakerConfig c = config("""
                    notify:
                      channels:
                        slack: {type: slack, webhook: "%s"}
                        hook: {type: webhook, url: "%s", headers: {X-Token: hook-secret-1}}
                        pager: {type: pagerduty, routing_key: R0UTINGKEY123, url: "%s"}
                      routes:
                        - {priorities: [P0, P1], channels: [slack, hook, pager]}
                      report_to: [slack, hook]
                    """.formatted(slack.url("/services/T/B/X"), hook.url("/caretaker"), pd.url("/v2/enqueue")));
            RunOutcome outcome = run(c, true);
            assertThat(outcome.notifications().delivered()).isEqualTo(5);
            assertThat(slack.requests).hasSize(2).allSatisfy(r -> assertThat(JSON.readTree(r.body()).get("text").asText()).isNotBlank());
            Receiver.Request incident = hook.requests.stream().filter(r -> r.body().contains("incident_opened")).findFirst().orElseThrow();
            assertThat(incident.header("X-Token")).isEqualTo("hook-secret-1");
            assertThat(incident.header("Idempotency-Key")).startsWith("incident-");
            JsonNode event = JSON.readTree(incident.body());
            assertThat(event.get("incident").get("priority").asText()).isEqualTo("P1");
            assertThat(event.get("audit_head").asText()).as("every message carries the audit log's head").matches("\\d+:[0-9a-f]{16}");
            assertThat(slack.requests).allSatisfy(r -> assertThat(JSON.readTree(r.body()).get("text").asText()).contains("audit log head "));
            JsonNode trigger = JSON.readTree(pd.requests.get(0).body());
            assertThat(trigger.get("routing_key").asText()).isEqualTo("R0UTINGKEY123");
            assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
            assertThat(trigger.get("dedup_key").asText()).isEqualTo("shop|http.down|crm|http://crm/");
            assertThat(trigger.get("payload").get("severity").asText()).isEqualTo("critical");
            assertThat(trigger.get("payload").get("source").asText()).isEqualTo("shop");
            assertThat(trigger.get("payload").get("custom_details").get("audit_head").asText()).matches("\\d+:[0-9a-f]{16}");
            var open = new IncidentRepository(store.jdbi()).list("shop", true, 1).get(0);
            int before = pd.requests.size();
            assertThat(Pipeline.engine(store, c, clock).build().incidents().acknowledge(open.id(), "dana").changed()).isTrue();
            assertThat(pd.requests).as("one acknowledge event, delivered at once").hasSize(before + 1);
            JsonNode ack = JSON.readTree(pd.requests.get(pd.requests.size() - 1).body());
            assertThat(ack.get("event_action").asText()).isEqualTo("acknowledge");
            assertThat(ack.get("dedup_key").asText()).isEqualTo(trigger.get("dedup_key").asText());
            clock.advance(Duration.ofMinutes(5));
            run(c, false);
            JsonNode resolve = JSON.readTree(pd.requests.get(pd.requests.size() - 1).body());
            assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
            assertThat(resolve.get("dedup_key").asText()).isEqualTo(trigger.get("dedup_key").asText());
        }
    }

    @Test
    void a_muted_incident_in_maintenance_sends_nothing_and_escalation_goes_to_escalate_to() throws Exception {
        startSmtp();
        try (Receiver pager = new Receiver(202)) {
            CaretakerConfig muted = config(email("""
                    maintenance:
                      - {from: "2026-11-22T01:00:00Z", to: "2026-11-22T03:00:00Z"}
                    """));
            run(muted, true);
            assertThat(smtp.getReceivedMessages()).isEmpty();

            clock.advance(Duration.ofHours(2));
            CaretakerConfig c = config(email("""
                        pager: {type: pagerduty, routing_key: KEY, url: "%s"}
                      routes:
                        - {channels: [ops]}
                    incidents:
                      escalate_to: [pager]
                    """.formatted(pager.url("/v2/enqueue"))));
            run(c, true);
            assertThat(pager.requests).as("the incident was muted when it opened; escalation after its SLA").hasSize(1);
        }
    }
}
