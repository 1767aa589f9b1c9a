package dev.caretaker.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.Severity;
import dev.caretaker.engine.Engine;
import dev.caretaker.notify.OutboxMessage;
import dev.caretaker.store.Store;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A check's or rule's runbook travels with its incidents: the incident, its email and chat messages, its ticket. */
@ExtendWith(TestDatabases.class)
class RunbookTest {
    static final String YAML = """
            system: runbooks-%s
            checks:
              orders: {type: http, url: "http://127.0.0.1:9/orders", runbook: "1. Check the retailer's config\\n2. Verify the API token"}
              shop: {type: http, url: "http://127.0.0.1:9/shop"}
            rules:
              - name: shop-slow
                when: http.latency_ms{check="shop"} > 1000
                for: 0s
                runbook: https://wiki.shop.example/runbooks/slow-shop
            notify:
              group_by: ['...']
              channels:
                ops: {type: email, to: [ops@shop.example]}
                chat: {type: slack, webhook: "http://127.0.0.1:9/hook"}
            tickets:
              provider: webhook
              url: http://127.0.0.1:9/tickets
            """;

    @Test
    void the_runbook_of_a_check_or_rule_is_on_the_incident_its_messages_and_its_ticket(TestDatabase db, Store store) {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-24T09:00:00Z"));
        CaretakerConfig config = db.config(YAML.formatted(db.name()));
        Pipeline.run(store, config, clock, "all",
                new CheckResult("orders", "http", Status.CRITICAL, 5, null, List.of(),
                        List.of(Finding.of("http.down", Severity.CRITICAL, "http://127.0.0.1:9/orders", "orders is down"))),
                new CheckResult("shop", "http", Status.OK, 5, null, List.of(Measurement.of("http.latency_ms", 2500, "check", "shop")), List.of()));
        Engine engine = Pipeline.engine(store, config, clock).build();
        List<Incident> open = engine.incidents().list(true, 10);
        Incident orders = open.stream().filter(i -> i.check().equals("orders")).findFirst().orElseThrow();
        Incident shop = open.stream().filter(i -> i.check().equals("shop")).findFirst().orElseThrow();
        assertThat(engine.incidents().show(orders.id()).runbook()).isEqualTo("1. Check the retailer's config\n2. Verify the API token");
        assertThat(engine.incidents().show(shop.id()).runbook()).as("the rule's, not the check's").isEqualTo("https://wiki.shop.example/runbooks/slow-shop");

        List<OutboxMessage> messages = engine.outbox().list(null, 50);
        assertThat(messages).as("one message per incident").filteredOn(m -> m.kind().equals("incident_group")).isEmpty();
        assertThat(messages).filteredOn(m -> m.channel().equals("ops") && m.get("text").contains("orders is down")).singleElement()
                .satisfies(m -> assertThat(m.get("text")).contains("Runbook:\n  1. Check the retailer's config\n  2. Verify the API token"));
        assertThat(messages).filteredOn(m -> m.channel().equals("chat") && m.get("body").contains("orders")).isNotEmpty()
                .allSatisfy(m -> assertThat(m.get("body")).contains("Runbook:_ 1. Check the retailer's config …"));
        assertThat(messages).filteredOn(m -> m.kind().equals("ticket_create") && m.get("text").contains("slow")).singleElement()
                .satisfies(m -> assertThat(m.get("text")).contains("Runbook:\n  https://wiki.shop.example/runbooks/slow-shop\n")
                        .as("the ticket's text is the email's").isEqualTo(messages.stream()
                                .filter(x -> x.channel().equals("ops") && x.get("text").contains("slow")).findFirst().orElseThrow().get("text")));
    }

    @Test
    void a_grouped_message_gives_each_incident_its_runbooks_first_line(TestDatabase db, Store store) {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-24T09:00:00Z"));
        CaretakerConfig config = db.config(YAML.formatted(db.name()).replace("  group_by: ['...']\n", ""));
        Pipeline.run(store, config, clock, "all",
                new CheckResult("orders", "http", Status.CRITICAL, 5, null, List.of(),
                        List.of(Finding.of("http.down", Severity.CRITICAL, "http://127.0.0.1:9/orders", "orders is down"))),
                new CheckResult("shop", "http", Status.OK, 5, null, List.of(Measurement.of("http.latency_ms", 2500, "check", "shop")), List.of()));
        List<OutboxMessage> messages = Pipeline.engine(store, config, clock).build().outbox().list(null, 50);
        assertThat(messages).filteredOn(m -> m.channel().equals("ops")).singleElement().satisfies(m -> assertThat(m.get("text"))
                .contains("    runbook: 1. Check the retailer's config …", "    runbook: https://wiki.shop.example/runbooks/slow-shop"));
    }

    @Test
    void a_runbook_too_long_or_a_broken_link_is_refused_where_it_is_written(TestDatabase db) {
        assertThatThrownBy(() -> db.config("checks:\n  a: {type: http, url: \"http://x.example/\", runbook: \"" + "x".repeat(10_001) + "\"}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("a runbook is at most 10000 (link to a longer page instead)");
        assertThatThrownBy(() -> db.config("checks:\n  a: {type: http, url: \"http://x.example/\", runbook: \"https://\"}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'checks.a.runbook'");
    }
}
