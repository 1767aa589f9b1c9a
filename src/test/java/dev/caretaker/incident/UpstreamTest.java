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
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.demo.api.StatuspageStandIn;
import dev.caretaker.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A check with {@code upstream:} its provider's status page: while the provider reports an outage, the check's failure is
 * the provider's one incident in the provider's words and nobody is paged; when the provider is fine, the same failure
 * pages as before.
 */
@ExtendWith(TestDatabases.class)
class UpstreamTest {
    static final ObjectMapper JSON = new ObjectMapper();

    private static String config(String status, int books, String pager, String tickets) {
        return """
                system: invoicing
                checks:
                  zoho-status: {type: statuspage, url: "%s", components: [Zoho Books]}
                  zoho-books:
                    type: http
                    url: "http://127.0.0.1:%d/books/v3/organizations"
                    timeout: 2s
                    upstream: zoho-status
                notify:
                  channels:
                    pager: {type: webhook, url: "%s"}
                    ops-board: {type: webhook, url: "%s"}
                  routes:
                    - {priorities: [P0, P1], channels: [pager]}
                    - {channels: [ops-board]}
                """.formatted(status, books, pager, tickets);
    }

    private static List<String> sent(Receiver r) throws Exception {
        List<String> out = new ArrayList<>();
        for (Receiver.Request q : r.accepted()) {
            JsonNode n = JSON.readTree(q.body());
            out.add(n.path("event").asText() + " " + n.path("incident").path("check").asText() + " " + n.path("incident").path("title").asText());
        }
        return out;
    }

    @Test
    void a_provider_outage_is_one_incident_in_its_words_and_no_page_and_the_same_failure_pages_when_the_provider_is_fine(
            @Named("store") TestDatabase storeDb, @Named("store") Store store) throws Exception {
        try (StatuspageStandIn zoho = new StatuspageStandIn("Zoho", 0); Receiver pager = new Receiver(200); Receiver tickets = new Receiver(200);
             Receiver books = new Receiver(200)) {
            int booksPort = books.port();
            books.close(); // Zoho Books does not answer
            zoho.component("Zoho Books", "major_outage").component("Zoho CRM", "operational")
                    .incident("Zoho Books is unavailable", "investigating", "critical", Instant.now().minusSeconds(1800), "Zoho Books");
            CaretakerConfig config = storeDb.config(config(zoho.url(), booksPort, pager.url("/pager"), tickets.url("/tickets")));
            SettableClock clock = new SettableClock(Instant.now());

            dev.caretaker.report.RunOutcome outcome = Pipeline.checkAndRemediate(store, config, clock, false, d -> { });
            // the run does not page through its status either: the failure waits on the provider, a warning
            assertThat(outcome.run().status()).isEqualTo(dev.caretaker.check.Status.WARNING);
            assertThat(outcome.run().results()).filteredOn(r -> r.name().equals("zoho-books")).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(dev.caretaker.check.Status.WARNING);
                assertThat(r.findings()).extracting(dev.caretaker.check.Finding::code).contains("http.down", "upstream.waiting");
            });
            assertThat(dev.caretaker.report.NagiosLine.render(outcome, dev.caretaker.report.PerfLimits.of(config), s -> s))
                    .startsWith("CARETAKER WARNING - 2 warning: ");

            List<Incident> open = new IncidentRepository(store.jdbi()).active("invoicing");
            assertThat(open).as("one incident: the provider's").singleElement().satisfies(i -> {
                assertThat(i.check()).isEqualTo("zoho-status");
                assertThat(i.source()).isEqualTo("upstream.outage");
                assertThat(i.title()).startsWith("Zoho reports a major outage in Zoho Books since ");
            });
            long id = open.get(0).id();
            assertThat(new IncidentRepository(store.jdbi()).timeline(id)).anySatisfy(e -> assertThat(e.detail())
                    .contains("zoho-books: http.down").contains("suppressed: Zoho reports a major outage in Zoho Books since"));
            assertThat(pager.accepted()).as("nobody is paged for the provider's outage").isEmpty();
            assertThat(sent(tickets)).singleElement().asString().startsWith("incident_opened zoho-status Zoho reports a major outage");

            // the provider is fine again, Zoho Books still does not answer: that is ours, and it pages
            zoho.allOperational();
            clock.advance(Duration.ofMinutes(5));
            dev.caretaker.report.RunOutcome second = Pipeline.checkAndRemediate(store, config, clock, false, d -> { });

            assertThat(new IncidentRepository(store.jdbi()).active("invoicing")).extracting(Incident::check, Incident::source)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("zoho-books", "http.down"));
            assertThat(sent(pager)).singleElement().asString().startsWith("incident_opened zoho-books");
            assertThat(second.run().status()).as("the provider is fine: the failure is ours").isEqualTo(dev.caretaker.check.Status.CRITICAL);
        }
    }
}
