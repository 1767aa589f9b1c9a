package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.Pipeline;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Slowloris: a client that sends its request headers a line at a time, for ever, is cut off once the header deadline passes. */
@ExtendWith(TestDatabases.class)
class HeaderDeadlineTest {
    @FunctionalInterface
    interface Work {
        void run(int port) throws Exception;
    }

    private static void withServer(TestDatabase db, Store store, Work work) throws Exception {
        CaretakerConfig config = db.config("system: slow-" + db.name() + "\n");
        Clock clock = Clock.systemUTC();
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("slow"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            work.run(web.start("127.0.0.1", 0));
        } finally {
            server.close();
        }
    }

    /** Whether the server closed the socket: a read ends or fails at once instead of waiting. */
    private static boolean closed(Socket s) {
        try {
            s.setSoTimeout(10);
            InputStream in = s.getInputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void sockets_that_send_their_headers_a_line_a_second_are_closed_by_the_header_deadline(TestDatabase db, Store store) throws Exception {
        withServer(db, store, port -> {
            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            long started = System.nanoTime();
            int open = slow.size();
            // a line a second keeps any idle timeout from firing; only a deadline for the whole header ends it
            for (int second = 0; second < 30 && open > 0; second++) {
                Thread.sleep(1000);
                open = 0;
                for (Socket s : slow) {
                    try {
                        OutputStream out = s.getOutputStream();
                        out.write(("X-Slow-" + second + ": still typing\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        if (!closed(s)) {
                            open++;
                        }
                    } catch (IOException e) {
                        // closed by the server
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("slow sockets still open after %.1f s: %d%n", seconds, open);
            for (Socket s : slow) {
                s.close();
            }
            assertThat(open).as("slow sockets still open after %.1f s", seconds).isZero();
        });
    }

    @Test
    void a_request_sent_at_once_is_answered_and_its_connection_kept_for_the_next(TestDatabase db, Store store) throws Exception {
        withServer(db, store, port -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                for (int i = 0; i < 2; i++) {
                    s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] buf = new byte[4096];
                    int n = s.getInputStream().read(buf);
                    String answer = new String(buf, 0, n, StandardCharsets.US_ASCII);
                    assertThat(answer).startsWith("HTTP/1.1 200");
                    if (!answer.endsWith("ok\n")) {
                        s.getInputStream().read(buf);
                    }
                }
            }
        });
    }
}
