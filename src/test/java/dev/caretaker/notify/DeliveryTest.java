package dev.caretaker.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
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
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The outbox as operators rely on it: a flush delivers now, an incident's messages arrive in order, no message twice. */
@ExtendWith(TestDatabases.class)
class DeliveryTest {
    static final ObjectMapper JSON = new ObjectMapper();

    private static CheckResult crm(boolean down) {
        return new CheckResult("crm", "http", down ? Status.CRITICAL : Status.OK, 5, null, List.of(),
                down ? List.of(Finding.of("http.down", Severity.CRITICAL, "http://crm/", "crm is down")) : List.of());
    }

    private static CaretakerConfig config(TestDatabase db, String notify) {
        return db.config("""
                system: shop
                checks:
                  crm: {type: http, url: "http://127.0.0.1:1/"}
                rules:
                  - {name: health-score-low, enabled: false}
                """ + notify);
    }

    @Test
    void an_operators_flush_delivers_at_once_when_the_mail_server_is_back_whatever_the_back_off(TestDatabase db, Store store) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CaretakerConfig c = config(db, """
                notify:
                  email: {url: "smtp://127.0.0.1:%d", from: caretaker@shop.example, starttls: false}
                  channels:
                    ops: {type: email, to: [ops@shop.example]}
                """.formatted(port));
        SettableClock clock = new SettableClock(Instant.now());
        assertThat(Pipeline.run(store, c, clock, "all", crm(true)).notifications().pending()).isEqualTo(1);
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            var engine = Pipeline.engine(store, c, clock).build();
            assertThat(engine.deliveries().deliverDue().sent()).as("its retry is not due yet").isZero();
            Delivery.Result flushed = engine.deliveries().flush();
            assertThat(flushed.sent()).isEqualTo(1);
            assertThat(flushed.pending()).isZero();
            assertThat(smtp.getReceivedMessages()).hasSize(1);
        } finally {
            smtp.stop();
        }
    }

    @Test
    void a_resolved_message_never_overtakes_the_opened_one_of_its_incident_on_a_channel(TestDatabase db, Store store) throws Exception {
        try (Receiver hook = new Receiver(200)) {
            CaretakerConfig c = config(db, """
                    notify:
                      channels:
                        hook: {type: webhook, url: "%s"}
                    """.formatted(hook.url("/hook")));
            SettableClock clock = new SettableClock(Instant.now());
            hook.failNext(1);
            Pipeline.run(store, c, clock, "all", crm(true)); // "opened" fails once: retried in 10 s
            clock.advance(Duration.ofSeconds(5));
            Pipeline.run(store, c, clock, "all", crm(false)); // "resolved" is due at once, but waits for "opened"
            assertThat(hook.accepted()).as("nothing may arrive before the opened message").isEmpty();
            Pipeline.engine(store, c, clock).build().deliveries().flush();
            List<String> events = new java.util.ArrayList<>();
            for (Receiver.Request r : hook.accepted()) {
                events.add(JSON.readTree(r.body()).get("event").asText());
            }
            assertThat(events).containsExactly("incident_opened", "incident_resolved");
        }
    }

    @Test
    void two_processes_flushing_at_once_deliver_each_message_once(TestDatabase db, Store store) throws Exception {
        try (Receiver hook = new Receiver(200)) {
            CaretakerConfig c = db.config("""
                    system: shop
                    checks:
                      crm: {type: http, url: "http://127.0.0.1:1/"}
                      a: {type: http, url: "http://127.0.0.1:1/"}
                      b: {type: http, url: "http://127.0.0.1:1/"}
                    rules:
                      - {name: health-score-low, enabled: false}
                    notify:
                      channels:
                        hook: {type: webhook, url: "%s"}
                    """.formatted(hook.url("/hook")));
            SettableClock clock = new SettableClock(Instant.now());
            hook.failNext(3);
            Pipeline.run(store, c, clock, "all", crm(true), down("a"), down("b"));
            assertThat(hook.accepted()).isEmpty();
            hook.delayMillis = 700; // a slow receiver: both flushes overlap for the whole delivery
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try (Store second = db.store()) {
                List<Callable<Delivery.Result>> flushes = List.of(() -> Pipeline.engine(store, c, clock).node("one").build().deliveries().flush(),
                        () -> Pipeline.engine(second, c, clock).node("two").build().deliveries().flush());
                int sent = 0;
                for (Future<Delivery.Result> f : pool.invokeAll(flushes)) {
                    sent += f.get().sent();
                }
                assertThat(sent).isEqualTo(3);
            } finally {
                pool.shutdownNow();
            }
            assertThat(hook.accepted()).extracting(r -> r.header("Idempotency-Key")).doesNotHaveDuplicates().hasSize(3);
        }
    }

    private static CheckResult down(String name) {
        return new CheckResult(name, "http", Status.CRITICAL, 5, null, List.of(),
                List.of(Finding.of("http.down", Severity.CRITICAL, "http://" + name + "/", name + " is down")));
    }

    @Test
    void a_claim_not_yet_committed_counts_as_being_sent_so_a_run_waits_for_it(TestDatabase db, Store store) throws Exception {
        Outbox outbox = new Outbox(store.jdbi(), "held");
        Instant now = Instant.now();
        outbox.enqueue("hook", MessageKind.INCIDENT_OPENED, "incident-7-opened-0", "incident-7", java.util.Map.of("body", "{}"), now);
        List<Outbox.Queued> mine = List.of(new Outbox.Queued("hook", MessageKind.INCIDENT_OPENED, "incident-7-opened-0"));
        assertThat(outbox.beingSent(mine, now)).isFalse();
        assertThat(outbox.dueUnclaimed(mine, now)).isTrue();
        try (org.jdbi.v3.core.Handle sender = store.jdbi().open()) {
            sender.begin(); // a delivery worker's claim: the row is locked, its lease not committed yet
            sender.createQuery("SELECT id FROM outbox WHERE system = 'held' FOR UPDATE").mapTo(Long.class).one();
            assertThat(outbox.beingSent(mine, now)).as("the lock shows before the claim does").isTrue();
            assertThat(outbox.claim(now, 10, "run", false, List.of())).as("and no one else takes it meanwhile").isEmpty();
            sender.rollback();
        }
        assertThat(outbox.beingSent(mine, now)).isFalse();
        List<OutboxMessage> claimed = outbox.claim(now, 10, "worker", false, List.of());
        assertThat(claimed).hasSize(1);
        assertThat(outbox.beingSent(mine, now)).as("a committed claim with its lease").isTrue();
        assertThat(outbox.dueUnclaimed(mine, now)).isFalse();
        assertThat(outbox.markSent(claimed.get(0), now)).isTrue();
        assertThat(outbox.beingSent(mine, now)).isFalse();
        assertThat(outbox.dueUnclaimed(mine, now)).isFalse();
    }
}
