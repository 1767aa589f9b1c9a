package dev.caretaker.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.caretaker.Receiver;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.store.Store;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The server's line per run counts the messages really sent, though its delivery worker sends some of them first. */
@ExtendWith(TestDatabases.class)
class ServerLogCountTest {
    private static final Pattern SENT = Pattern.compile("; (\\d+) message\\(s\\) sent");

    @Test
    void the_run_lines_count_every_message_that_went_out(TestDatabase db, Store store) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(logs);
        seen.start();
        ch.qos.logback.classic.Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(seen);
        int received;
        ch.qos.logback.classic.Logger server = logs.getLogger(Server.class);
        ch.qos.logback.classic.Level level = server.getLevel();
        server.setLevel(ch.qos.logback.classic.Level.INFO); // the run lines are INFO; the tests log WARN and up
        try (Receiver api = new Receiver(503)) {
            CaretakerConfig config = db.config("""
                    system: logged-%s
                    checks:
                      api: {type: http, url: "%s"}
                    suites:
                      often:
                        every: 2s
                        checks: [api]
                    rules:
                      - {name: health-score-low, enabled: false}
                    notify:
                      email: {url: "smtp://127.0.0.1:%d", from: caretaker@shop.example, starttls: false}
                      channels:
                        ops: {type: email, to: [ops@shop.example]}
                      report_to: [ops]
                    """.formatted(db.name(), api.url("/health"), port));
            try (Server s = ClusterTest.node(store, config, "solo").start("test")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> runLines(seen).size() >= 3);
            }
            received = smtp.getReceivedMessages().length;
        } finally {
            root.detachAppender(seen);
            server.setLevel(level);
            smtp.stop();
        }
        List<String> lines = runLines(seen);
        assertThat(lines.get(0)).contains("1 opened").contains("; 2 message(s) sent"); // the incident and the first report
        assertThat(lines.subList(1, lines.size())).as("nothing changed: no report, nothing sent").allSatisfy(l -> assertThat(l).contains("; 0 message(s) sent"));
        assertThat(lines.stream().mapToInt(ServerLogCountTest::sent).sum()).isEqualTo(received);
    }

    private static List<String> runLines(ListAppender<ILoggingEvent> seen) {
        return List.copyOf(seen.list).stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("suite often run #")).toList();
    }

    private static int sent(String line) {
        Matcher m = SENT.matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
