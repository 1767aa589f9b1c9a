package dev.caretaker.notify;

import dev.caretaker.Receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Tickets through the outbox to stand-ins that check each provider's documented request shape. */
@ExtendWith(TestDatabases.class)
class TicketScenarioTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    TestDatabase storeDb;
    Store store;
    SettableClock clock = new SettableClock(Instant.parse("2026-11-22T02:00:00Z"));

    @BeforeEach
    void open(TestDatabase storeDb, Store store) {
        this.storeDb = storeDb;
        this.store = store;
    }

    private CaretakerConfig config(String tickets) {
        return storeDb.config("""
                system: invoicing
                store:
                  home: %s
                checks:
                  zoho-crm:
                    type: http
                    url: http://127.0.0.1:1/
                rules:
                  - {name: health-score-low, enabled: false}
                """.formatted(home) + tickets);
    }

    private RunOutcome run(CaretakerConfig c, Finding... findings) {
        CheckResult r = new CheckResult("zoho-crm", "http", findings.length > 0 ? Status.CRITICAL : Status.OK, 5, null, List.of(), List.of(findings));
        return Pipeline.run(store, c, clock, "weekly", r);
    }

    static final Finding DOWN = Finding.of("http.down", Severity.CRITICAL, "https://www.zohoapis.com/crm", "zoho-crm is down: timeout");
    static final Finding SLOW = Finding.of("http.slow", Severity.WARNING, "https://www.zohoapis.com/crm", "zoho-crm took 2500 ms");

    @Test
    void a_major_anomaly_files_one_zoho_desk_ticket_with_its_severity_and_closes_it_when_resolved() throws Exception {
        try (Receiver desk = new Receiver(200)) {
            desk.answer = "{\"id\":\"1892000000093015\",\"ticketNumber\":\"101\"}";
            CaretakerConfig c = config("""
                    tickets:
                      provider: zoho-desk
                      base_url: "%s"
                      org_id: "60001234"
                      department_id: "1892000000006907"
                      contact_id: "1892000000042032"
                      token: zoho-token-9
                      min_priority: P1
                    """.formatted(desk.url("")));
            for (int i = 0; i < 3; i++) {
                run(c, DOWN, SLOW);
                clock.advance(Duration.ofMinutes(5));
            }
            List<Receiver.Request> creates = desk.requests.stream().filter(r -> r.path().equals("/api/v1/tickets")).toList();
            assertThat(creates).as("one ticket for the P1 incident, none for the P2 one").hasSize(1);
            Receiver.Request create = creates.get(0);
            assertThat(create.method()).isEqualTo("POST");
            assertThat(create.header("orgId")).isEqualTo("60001234");
            assertThat(create.header("Authorization")).isEqualTo("Zoho-oauthtoken zoho-token-9");
            JsonNode body = JSON.readTree(create.body());
            assertThat(body.get("subject").asText()).startsWith("[P1] zoho-crm is down");
            assertThat(body.get("departmentId").asText()).isEqualTo("1892000000006907");
            assertThat(body.get("contactId").asText()).isEqualTo("1892000000042032");
            assertThat(body.get("priority").asText()).isEqualTo("High");
            assertThat(body.get("description").asText()).contains("System:    invoicing", "Check:     zoho-crm");

            desk.answer = "{}";
            run(c);
            assertThat(desk.requests).anySatisfy(r -> {
                assertThat(r.method()).isEqualTo("PATCH");
                assertThat(r.path()).isEqualTo("/api/v1/tickets/1892000000093015");
                assertThat(JSON.readTree(r.body()).get("status").asText()).isEqualTo("Closed");
            });
            assertThat(desk.requests).anySatisfy(r -> assertThat(r.path()).isEqualTo("/api/v1/tickets/1892000000093015/comments"));
        }
    }

    @Test
    void a_ticket_system_outage_files_the_ticket_later_and_its_closing_waits_for_it() throws Exception {
        try (Receiver desk = new Receiver(503)) {
            desk.answer = "{\"id\":\"77\"}";
            CaretakerConfig c = config("""
                    tickets: {provider: zoho-desk, base_url: "%s", org_id: "1", department_id: "2", contact_id: "3", token: t}
                    """.formatted(desk.url("")));
            run(c, DOWN);
            clock.advance(Duration.ofMinutes(1));
            run(c);
            desk.status = 200;
            clock.advance(Duration.ofMinutes(10));
            Pipeline.deliverDue(store, c, clock);
            clock.advance(Duration.ofMinutes(10));
            Pipeline.deliverDue(store, c, clock);
            List<String> calls = desk.requests.stream().map(r -> r.method() + " " + r.path()).toList();
            assertThat(calls.stream().filter(x -> x.equals("POST /api/v1/tickets")).count()).isGreaterThanOrEqualTo(1);
            assertThat(calls).endsWith("PATCH /api/v1/tickets/77");
            assertThat(new IncidentRepository(store.jdbi()).ticket(1)).contains("77");
        }
    }

    @Test
    void github_and_jira_get_their_documented_requests() throws Exception {
        try (Receiver gh = new Receiver(201); Receiver jira = new Receiver(201)) {
            gh.answer = "{\"number\":42}";
            run(config("""
                    tickets: {provider: github, repo: acme/invoicing, token: ghp_secret, api_url: "%s"}
                    """.formatted(gh.url(""))), DOWN);
            Receiver.Request issue = gh.requests.get(0);
            assertThat(issue.path()).isEqualTo("/repos/acme/invoicing/issues");
            assertThat(issue.header("Authorization")).isEqualTo("Bearer ghp_secret");
            assertThat(issue.header("Accept")).isEqualTo("application/vnd.github+json");
            assertThat(JSON.readTree(issue.body()).get("labels").toString()).contains("caretaker", "P1");

            jira.answer = "{\"id\":\"10000\",\"key\":\"OPS-7\"}";
            clock.advance(Duration.ofMinutes(1));
            CaretakerConfig jc = config("""
                    tickets: {provider: jira, base_url: "%s", project: OPS, email: ops@acme.example, token: jira-token}
                    """.formatted(jira.url("")));
            run(jc, Finding.of("http.down", Severity.CRITICAL, "https://other", "other is down"));
            Receiver.Request created = jira.requests.get(0);
            assertThat(created.path()).isEqualTo("/rest/api/2/issue");
            assertThat(created.header("Authorization")).startsWith("Basic ");
            JsonNode fields = JSON.readTree(created.body()).get("fields");
            assertThat(fields.get("project").get("key").asText()).isEqualTo("OPS");
            assertThat(fields.get("issuetype").get("name").asText()).isEqualTo("Task");
            assertThat(fields.get("priority").get("name").asText()).isEqualTo("High");
        }
    }

    @Test
    void a_ticket_is_filed_with_the_text_of_the_incident_email() throws Exception {
        try (Receiver gh = new Receiver(201)) {
            gh.answer = "{\"number\":7}";
            CaretakerConfig c = config("""
                    notify:
                      group_by: ['...']
                      channels:
                        ops: {type: email, to: [ops@invoicing.example]}
                    tickets: {provider: github, repo: acme/invoicing, token: ghp_secret, api_url: "%s"}
                    """.formatted(gh.url("")));
            run(c, DOWN);
            List<OutboxMessage> mails = Pipeline.engine(store, c, clock).build().outbox().list(null, 50).stream()
                    .filter(m -> m.channel().equals("ops") && m.kind().equals("incident_opened")).toList();
            assertThat(mails).hasSize(1);
            String mail = mails.get(0).get("text");
            JsonNode issue = JSON.readTree(gh.requests.get(0).body());
            assertThat(issue.get("body").asText()).as("the issue's body is the email's text").isEqualTo(mail)
                    .contains("zoho-crm is down", "System:    invoicing", "Priority:  P1 (critical)", "caretaker incidents ack");
            assertThat(issue.get("title").asText()).isEqualTo("[P1] zoho-crm is down: timeout");
        }
    }

    @Test
    void a_webhook_ticket_system_gets_create_then_close_with_the_reference_it_returned() throws Exception {
        try (Receiver hook = new Receiver(200)) {
            hook.answer = "{\"id\":\"T-1001\"}";
            CaretakerConfig c = config("""
                    tickets: {provider: webhook, url: "%s", headers: {X-Api-Key: tickets-secret-5}}
                    """.formatted(hook.url("/tickets")));
            run(c, DOWN);
            clock.advance(Duration.ofMinutes(5));
            run(c, DOWN);
            clock.advance(Duration.ofMinutes(5));
            run(c);
            List<JsonNode> events = new java.util.ArrayList<>();
            for (Receiver.Request r : hook.requests) {
                assertThat(r.header("X-Api-Key")).isEqualTo("tickets-secret-5");
                events.add(JSON.readTree(r.body()));
            }
            assertThat(events).extracting(e -> e.get("event").asText()).containsExactly("ticket_create", "ticket_close");
            assertThat(events.get(0).get("priority").asText()).isEqualTo("P1");
            assertThat(events.get(1).get("id").asText()).isEqualTo("T-1001");
        }
    }
}
