package dev.caretaker.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caretaker.Receiver;
import dev.caretaker.SettableClock;
import dev.caretaker.TcpProxy;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.StoreConfig;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.store.EmbeddedPostgres;
import dev.caretaker.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A message a live node sent is delivered once, even when the store goes away mid-post and its claim outlives its lease. */
@ExtendWith(TestDatabases.class)
class ExactlyOnceTest {
    @Test
    void a_message_sent_as_the_store_went_away_is_recorded_sent_when_it_is_back_and_never_sent_again(TestDatabase db, Store migrated)
            throws Exception {
        EmbeddedPostgres pg = TestPostgres.server();
        int port = Integer.parseInt(pg.jdbcUrl(db.name()).replaceAll(".*:(\\d+)/.*", "$1"));
        try (TcpProxy proxy = new TcpProxy(port); Receiver hook = new Receiver(200);
             Store store = Store.open(new StoreConfig(Optional.of("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db.name()),
                     EmbeddedPostgres.SUPERUSER, pg.password(), Path.of("unused"), 0, StoreConfig.DEFAULT_RETENTION), m -> { })) {
            CaretakerConfig config = db.config("""
                    system: once
                    notify:
                      channels:
                        hook: {type: webhook, url: "%s"}
                    """.formatted(hook.url("/hook")));
            SettableClock clock = new SettableClock(Instant.now());
            Outbox outbox = new Outbox(store.jdbi(), "once");
            outbox.enqueue("hook", MessageKind.INCIDENT_OPENED, "incident-1-opened-0", "incident-1", Map.of("body", "{\"event\":\"opened\"}"),
                    clock.instant());
            Delivery delivery = new Delivery(outbox, Delivery.channels(config.notifications(), Path.of("unused"),
                    new IncidentRepository(store.jdbi()), clock), config.secrets(), clock, "live-node");
            hook.delayMillis = 3_000;
            Thread sender = new Thread(() -> {
                try {
                    delivery.deliver(Duration.ofMinutes(1), false);
                } catch (RuntimeException e) {
                    // the store went away
                }
            });
            sender.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> db.number("SELECT count(*) FROM caretaker.outbox WHERE claimed_by IS NOT NULL") == 1);
            proxy.cut(); // the store goes away while the webhook is being posted
            sender.join(90_000);
            assertThat(hook.accepted()).as("the post went through").hasSize(1);
            proxy.resume();
            clock.advance(Outbox.LEASE.plusMinutes(1)); // the claim has outlived its lease
            hook.delayMillis = 0;
            delivery.deliver(Duration.ofSeconds(30), false);
            assertThat(hook.accepted()).as("delivered once").hasSize(1);
            assertThat(db.number("SELECT count(*) FROM caretaker.outbox WHERE state = 'sent' AND attempts = 1")).isEqualTo(1);
            Receiver.Request got = hook.accepted().get(0);
            assertThat(got.header("Idempotency-Key")).isEqualTo("incident-1-opened-0");
            assertThat(got.body()).contains("\"dedup_key\":\"incident-1-opened-0\"");

            // the clean twin: with the store there, the next message goes once too
            outbox.enqueue("hook", MessageKind.INCIDENT_RESOLVED, "incident-1-resolved-0", "incident-1", Map.of("body", "{\"event\":\"resolved\"}"),
                    clock.instant());
            delivery.deliver(Duration.ofSeconds(30), false);
            assertThat(hook.accepted()).hasSize(2);
            assertThat(hook.accepted().get(1).header("Idempotency-Key")).isEqualTo("incident-1-resolved-0");
        }
    }

    @Test
    void a_slow_channel_does_not_hold_back_another(TestDatabase db, Store store) throws Exception {
        try (Receiver slow = new Receiver(200); Receiver fast = new Receiver(200)) {
            CaretakerConfig config = db.config("""
                    system: channels
                    notify:
                      channels:
                        slow: {type: webhook, url: "%s"}
                        fast: {type: webhook, url: "%s"}
                    """.formatted(slow.url("/slow"), fast.url("/fast")));
            SettableClock clock = new SettableClock(Instant.now());
            Outbox outbox = new Outbox(store.jdbi(), "channels");
            outbox.enqueue("slow", MessageKind.INCIDENT_OPENED, "incident-1-opened-0", "incident-1", Map.of("body", "{}"), clock.instant());
            outbox.enqueue("fast", MessageKind.INCIDENT_OPENED, "incident-1-opened-0", "incident-1", Map.of("body", "{}"), clock.instant());
            slow.delayMillis = 8_000;
            Delivery delivery = new Delivery(outbox, Delivery.channels(config.notifications(), Path.of("unused"),
                    new IncidentRepository(store.jdbi()), clock), config.secrets(), clock, "node");
            Thread sender = new Thread(() -> delivery.deliver(Duration.ofSeconds(30), false));
            sender.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> fast.accepted().size() == 1);
            assertThat(slow.requests).as("the slow channel's post is still going").isEmpty();
            sender.join(30_000);
            assertThat(slow.accepted()).hasSize(1);
        }
    }
}
