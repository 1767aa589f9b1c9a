package dev.caretaker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.Findings;
import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.notify.OutboxMessage;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Deadlines that hold against a server that sends its headers, then one byte at a time: for checks and for deliveries. */
@ExtendWith(TestDatabases.class)
class DeadlineTest {
    /** Answers 200 with a 100-byte body, sent one byte every 200 ms (20 s in all); counts the bytes it got out. */
    static final class Trickle implements AutoCloseable {
        static final int BODY = 100;
        final ServerSocket server;
        final AtomicInteger sent = new AtomicInteger();

        Trickle() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread w = new Thread(() -> trickle(s));
                        w.setDaemon(true);
                        w.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        private void trickle(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                byte[] buf = new byte[8192];
                int n;
                StringBuilder head = new StringBuilder();
                while (!head.toString().contains("\r\n\r\n") && (n = in.read(buf)) > 0) {
                    head.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + BODY + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                for (int i = 0; i < BODY; i++) {
                    Thread.sleep(200);
                    out.write(' ');
                    out.flush();
                    sent.incrementAndGet();
                }
            } catch (IOException | InterruptedException e) {
                // the client hung up: what this test wants to see
            }
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getLocalPort() + path;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void a_check_against_a_trickling_server_ends_at_its_timeout_not_when_the_body_ends(TestDatabase db) throws Exception {
        try (Trickle t = new Trickle()) {
            CaretakerConfig c = db.config("""
                    checks:
                      slow-api: {type: http, url: "%s", timeout: 1s}
                    """.formatted(t.url("/health")));
            CheckResult r = db.run(c, "slow-api");
            int sentWhenJudged = t.sent.get();
            assertThat(Findings.one(r, "http.down").message()).contains("timeout: no complete answer within 1s");
            assertThat(sentWhenJudged).as("judged long before the body was complete").isLessThan(Trickle.BODY / 2);
        }
    }

    @Test
    void a_suite_of_trickling_checks_takes_one_timeout_not_one_per_check(TestDatabase storeDb, Store store) throws Exception {
        try (Trickle t = new Trickle()) {
            CaretakerConfig c = storeDb.config("""
                    checks:
                      a: {type: http, url: "%s", timeout: 1s}
                      b: {type: http, url: "%s", timeout: 1s}
                      c: {type: http, url: "%s", timeout: 1s}
                    """.formatted(t.url("/a"), t.url("/b"), t.url("/c")));
            RunOutcome o = Pipeline.engine(store, c, Clock.systemUTC()).parallelism(4).build().run(Engine.RunRequest.of(null));
            assertThat(o.run().results()).allSatisfy(r -> assertThat(Findings.of(r, "http.down")).hasSize(1));
            assertThat(t.sent.get()).as("the three deadlines ran side by side: about one timeout's worth of bytes each")
                    .isLessThan(3 * Trickle.BODY / 4);
        }
    }

    @Test
    void a_trickling_webhook_is_cut_off_at_notify_wait_and_its_message_stays_pending(TestDatabase storeDb, Store store) throws Exception {
        try (Trickle t = new Trickle()) {
            CaretakerConfig c = storeDb.config("""
                    system: shop
                    checks:
                      crm: {type: http, url: "http://127.0.0.1:1/"}
                    rules:
                      - {name: health-score-low, enabled: false}
                    notify:
                      wait: 1s
                      channels:
                        hook: {type: webhook, url: "%s"}
                    """.formatted(t.url("/hook")));
            CheckResult down = new CheckResult("crm", "http", Status.CRITICAL, 5, null, List.of(),
                    List.of(Finding.of("http.down", Severity.CRITICAL, "http://crm/", "crm is down")));
            RunOutcome o = Pipeline.run(store, c, new SettableClock(Instant.now()), "all", down);
            int sentWhenCut = t.sent.get();
            assertThat(o.notifications().pending()).isEqualTo(1);
            assertThat(o.notifications().messages()).singleElement().satisfies(m -> {
                assertThat(m.state()).isEqualTo("pending");
                assertThat(m.error()).contains("timeout");
            });
            assertThat(sentWhenCut).isLessThan(Trickle.BODY / 2);
            List<OutboxMessage> left = new dev.caretaker.notify.Outbox(store.jdbi(), "shop").list(OutboxMessage.State.PENDING, 10);
            assertThat(left).singleElement().satisfies(m -> assertThat(m.attempts()).isEqualTo(1));
        }
    }
}
