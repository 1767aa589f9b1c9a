package dev.caretaker.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestDatabases.Named;
import dev.caretaker.TestPostgres;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.EmbeddedPostgres;
import dev.caretaker.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * When a check cannot judge its target, its incidents and its dependants' stay exactly as they were, and the outage is one
 * incident; aggregate alerts keep quiet while their causes are open, and every incident can resolve by itself.
 */
@ExtendWith(TestDatabases.class)
class OutageTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static final String APP = """
            CREATE TABLE clients (id int PRIMARY KEY);
            CREATE TABLE invoices (id int PRIMARY KEY, client_id int, amount numeric);
            INSERT INTO clients VALUES (1);
            INSERT INTO invoices VALUES (1, 1, 10), (2, 99, 10), (3, 1, NULL), (4, 98, NULL);
            CREATE INDEX invoices_client_idx ON invoices (client_id);
            CREATE INDEX invoices_client_amount_idx ON invoices (client_id, amount);
            """;

    private static String config(String dbUrl, int gateway, int orders, String hook) {
        return """
                system: shop
                databases:
                  app:
                    url: "%s"
                    user: %s
                    password: "%s"
                    connect_timeout: 5s
                checks:
                  db-health: {type: postgres, database: app, thresholds: {duplicate_index: {warning: 0}}}
                  data-integrity:
                    type: integrity
                    database: app
                    depends_on: [db-health]
                    orphans: [invoices.client_id -> clients.id]
                    not_null: {invoices: [amount]}
                  gateway: {type: http, url: "http://127.0.0.1:%d/health", timeout: 2s}
                  orders:
                    type: http
                    url: "http://127.0.0.1:%d/orders"
                    timeout: 2s
                    depends_on: [gateway]
                notify:
                  channels:
                    hook: {type: webhook, url: "%s"}
                """.formatted(dbUrl, EmbeddedPostgres.SUPERUSER, TestPostgres.server().password(), gateway, orders, hook);
    }

    private static Map<Long, Incident> open(Store store) {
        return new IncidentRepository(store.jdbi()).active("shop").stream().collect(Collectors.toMap(Incident::id, i -> i));
    }

    private static List<String> events(Receiver hook, int from) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (Receiver.Request r : hook.accepted().subList(from, hook.accepted().size())) {
            JsonNode n = JSON.readTree(r.body());
            out.add(n.get("event").asText() + " " + n.get("incident").get("check").asText());
        }
        return out;
    }

    @Test
    void an_outage_run_leaves_every_open_incident_as_it_was_opens_one_per_outage_and_the_next_good_run_reopens_nothing(TestDatabase app,
            @Named("store") TestDatabase storeDb, @Named("store") Store store) throws Exception {
        EmbeddedPostgres pg = TestPostgres.server();
        try (Receiver hook = new Receiver(200)) {
            app.exec(APP);
            String good = pg.jdbcUrl(app.name());
            String missing = pg.jdbcUrl(app.name() + "_gone");
            SettableClock clock = new SettableClock(Instant.now());
            Receiver gateway = new Receiver(200);
            Receiver orders = new Receiver(500);
            int gatewayPort = gateway.port();
            int ordersPort = orders.port();
            CaretakerConfig healthy = storeDb.config(config(good, gatewayPort, ordersPort, hook.url("/hook")));
            CaretakerConfig outage = storeDb.config(config(missing, gatewayPort, ordersPort, hook.url("/hook")));

            RunOutcome first = Pipeline.checkAndRemediate(store, healthy, clock, false, d -> { });
            Map<Long, Incident> before = open(store);
            assertThat(before.values()).extracting(Incident::source).contains("postgres.orphan_rows", "postgres.unexpected_nulls",
                    "postgres.duplicate_index", "http.unexpected_response");
            assertThat(first.incidents()).noneMatch(c -> c.incident() != null && c.incident().source().equals("health-score-low"));
            int sentBefore = hook.accepted().size();

            gateway.close();
            orders.close();
            clock.advance(Duration.ofMinutes(10));
            RunOutcome down = Pipeline.checkAndRemediate(store, outage, clock, false, d -> { });
            Map<Long, Incident> during = open(store);
            before.forEach((id, i) -> assertThat(during.get(id)).as("incident #" + id + " (" + i.source() + ") is left exactly as it was")
                    .isEqualTo(i));
            List<Incident> opened = down.incidents().stream().filter(c -> c.kind() == IncidentChange.Kind.OPENED).map(IncidentChange::incident).toList();
            assertThat(opened).extracting(Incident::source, Incident::check)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("postgres.unreachable", "db-health"),
                            org.assertj.core.groups.Tuple.tuple("http.down", "gateway"));
            assertThat(down.incidents()).noneMatch(c -> c.kind() == IncidentChange.Kind.RESOLVED || c.kind() == IncidentChange.Kind.REOPENED
                    || c.kind() == IncidentChange.Kind.UPDATED);
            assertThat(events(hook, sentBefore)).containsExactlyInAnyOrder("incident_opened db-health", "incident_opened gateway");

            int sentDuring = hook.accepted().size();
            try (Receiver gatewayBack = new Receiver(200, gatewayPort); Receiver ordersBack = new Receiver(500, ordersPort)) {
                clock.advance(Duration.ofMinutes(10));
                RunOutcome back = Pipeline.checkAndRemediate(store, healthy, clock, false, d -> { });
                assertThat(back.incidents()).filteredOn(c -> c.kind() == IncidentChange.Kind.RESOLVED).extracting(c -> c.incident().source())
                        .containsExactlyInAnyOrder("postgres.unreachable", "http.down");
                assertThat(back.incidents()).noneMatch(c -> c.kind() == IncidentChange.Kind.OPENED || c.kind() == IncidentChange.Kind.REOPENED);
                assertThat(events(hook, sentDuring)).containsExactlyInAnyOrder("incident_resolved db-health", "incident_resolved gateway");
                assertThat(open(store).keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
            }
        }
    }

    @Test
    void checks_of_one_unreachable_database_without_depends_on_share_one_outage_incident(TestDatabase storeDb, Store store) throws Exception {
        EmbeddedPostgres pg = TestPostgres.server();
        CaretakerConfig c = storeDb.config("""
                system: shop
                databases:
                  app: {url: "%s", user: %s, password: "%s"}
                checks:
                  db-health: {type: postgres, database: app}
                  data-integrity: {type: integrity, database: app, discover: true}
                  sizes: {type: sql, database: app, query: "SELECT 1"}
                """.formatted(pg.jdbcUrl("no_such_db_" + ProcessHandle.current().pid()), EmbeddedPostgres.SUPERUSER, pg.password()));
        RunOutcome down = Pipeline.checkAndRemediate(store, c, new SettableClock(Instant.now()), false, d -> { });
        assertThat(down.incidents()).filteredOn(x -> x.kind() == IncidentChange.Kind.OPENED).singleElement()
                .satisfies(x -> assertThat(x.incident().source()).isEqualTo("postgres.unreachable"));
        assertThat(down.incidents()).filteredOn(x -> x.kind() == IncidentChange.Kind.SUPPRESSED).hasSize(2);
        assertThat(open(store)).hasSize(1);
    }

    @Test
    void one_outage_is_one_incident_and_one_ticket_and_the_health_score_keeps_quiet(TestDatabase storeDb, Store store) throws Exception {
        try (Receiver hook = new Receiver(200); Receiver desk = new Receiver(200)) {
            desk.answer = "{\"id\":\"T-1\"}";
            CaretakerConfig c = storeDb.config("""
                    system: shop
                    checks:
                      crm: {type: http, url: "http://127.0.0.1:1/"}
                      billing: {type: http, url: "http://127.0.0.1:1/"}
                    notify:
                      channels:
                        hook: {type: webhook, url: "%s"}
                    tickets: {provider: webhook, url: "%s", min_priority: P2}
                    """.formatted(hook.url("/hook"), desk.url("/tickets")));
            SettableClock clock = new SettableClock(Instant.now());
            CheckResult crmDown = new CheckResult("crm", "http", Status.CRITICAL, 5, null, List.of(),
                    List.of(dev.caretaker.check.Finding.of("http.down", dev.caretaker.config.Severity.CRITICAL, "http://crm/", "crm is down")));
            CheckResult billingUp = new CheckResult("billing", "http", Status.OK, 5, null, List.of(), List.of());
            RunOutcome down = Pipeline.run(store, c, clock, "all", crmDown, billingUp);
            assertThat(down.run().systemHealth()).isLessThan(90);
            assertThat(down.incidents()).filteredOn(x -> x.kind() == IncidentChange.Kind.OPENED).singleElement()
                    .satisfies(x -> assertThat(x.incident().source()).isEqualTo("http.down"));
            assertThat(down.incidents()).anyMatch(x -> x.kind() == IncidentChange.Kind.INHIBITED);
            assertThat(desk.accepted()).as("one ticket").hasSize(1);
            assertThat(hook.accepted()).as("one page").hasSize(1);

            clock.advance(Duration.ofMinutes(5));
            CheckResult crmUp = new CheckResult("crm", "http", Status.OK, 5, null, List.of(), List.of());
            RunOutcome up = Pipeline.run(store, c, clock, "all", crmUp, billingUp);
            assertThat(up.incidents()).filteredOn(x -> x.kind() == IncidentChange.Kind.RESOLVED).singleElement()
                    .satisfies(x -> assertThat(x.incident().source()).isEqualTo("http.down"));
            assertThat(open(store)).isEmpty();
            assertThat(desk.accepted()).extracting(r -> JSON.readTree(r.body()).get("event").asText()).containsExactly("ticket_create", "ticket_close");
        }
    }

    @Test
    void the_health_score_incident_resolves_at_the_next_good_run_whichever_suite_it_is(TestDatabase storeDb, Store store) {
        CaretakerConfig c = storeDb.config("""
                system: shop
                checks:
                  a: {type: http, url: "http://127.0.0.1:1/"}
                  b: {type: http, url: "http://127.0.0.1:1/"}
                suites:
                  nightly: {checks: [a, b]}
                  a-only: {checks: [a]}
                """);
        SettableClock clock = new SettableClock(Instant.now());
        CheckResult aUnknown = CheckResult.unknown("a", "http", 5, "the check failed: planted");
        CheckResult bOk = new CheckResult("b", "http", Status.OK, 5, null, List.of(), List.of());
        RunOutcome nightly = Pipeline.run(store, c, clock, "nightly", aUnknown, bOk);
        assertThat(nightly.incidents()).filteredOn(x -> x.kind() == IncidentChange.Kind.OPENED).singleElement()
                .satisfies(x -> assertThat(x.incident().source()).isEqualTo("health-score-low"));

        clock.advance(Duration.ofMinutes(5));
        RunOutcome other = Pipeline.run(store, c, clock, "a-only", new CheckResult("a", "http", Status.OK, 5, null, List.of(), List.of()));
        assertThat(other.run().systemHealth()).isEqualTo(100);
        assertThat(other.incidents()).filteredOn(x -> x.kind() == IncidentChange.Kind.RESOLVED).singleElement()
                .satisfies(x -> assertThat(x.incident().source()).isEqualTo("health-score-low"));
    }
}
