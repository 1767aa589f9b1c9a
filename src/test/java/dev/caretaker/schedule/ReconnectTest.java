package dev.caretaker.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.TcpProxy;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.StoreConfig;
import dev.caretaker.store.EmbeddedPostgres;
import dev.caretaker.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** A store that goes away and comes back is a logged, counted reconnect, not the scheduler's "Unhandled exception". */
@ExtendWith(TestDatabases.class)
class ReconnectTest {
    private static String chain(ch.qos.logback.classic.spi.IThrowableProxy t) {
        StringBuilder b = new StringBuilder();
        for (var x = t; x != null; x = x.getCause()) {
            b.append(x.getClassName()).append('(').append(x.getMessage()).append(") <- ");
        }
        return b.toString();
    }

    @Test
    void a_store_restart_is_a_counted_reconnect(TestDatabase db, Store migrated) throws Exception {
        EmbeddedPostgres pg = TestPostgres.server();
        int port = Integer.parseInt(pg.jdbcUrl(db.name()).replaceAll(".*:(\\d+)/.*", "$1"));
        LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(logs);
        seen.start();
        ch.qos.logback.classic.Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(seen);
        try (TcpProxy proxy = new TcpProxy(port); Receiver api = new Receiver(200);
             Store store = Store.open(new StoreConfig(Optional.of("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db.name()),
                     EmbeddedPostgres.SUPERUSER, pg.password(), Path.of("unused"), 0, StoreConfig.DEFAULT_RETENTION), m -> { })) {
            CaretakerConfig config = db.config("""
                    system: reconnect
                    checks:
                      api: {type: http, url: "%s"}
                    suites:
                      often:
                        every: 2s
                        checks: [api]
                    """.formatted(api.url("/health")));
            try (Server node = new Server(store, config, c -> Pipeline.engine(store, c, Clock.systemUTC()).node("solo").build(),
                    Server.Options.defaults("solo").withTiming(Duration.ofSeconds(1), Duration.ofSeconds(1)), Clock.systemUTC()).start("test")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> db.number("SELECT count(*) FROM caretaker.run") >= 1);
                proxy.cut();
                Thread.sleep(20_000); // longer than a caller waits for a connection: the scheduler's polls and looks for dead ticks fail
                proxy.resume();
                await().atMost(Duration.ofSeconds(30)).until(() -> node.metrics().scrape().lines()
                        .anyMatch(l -> l.matches("caretaker_store_reconnects_total(\\{.*\\})? 1\\.0")));
                long runs = db.number("SELECT count(*) FROM caretaker.run");
                await().atMost(Duration.ofSeconds(30)).until(() -> db.number("SELECT count(*) FROM caretaker.run") > runs);
                assertThat(node.readiness().ready()).isTrue();
            }
        } finally {
            root.detachAppender(seen);
        }
        assertThat(seen.list).filteredOn(e -> e.getFormattedMessage().contains("Unhandled exception"))
                .as("%s", seen.list.stream().filter(e -> e.getThrowableProxy() != null).map(e -> e.getLoggerName() + ": " + chain(e.getThrowableProxy())).toList())
                .isEmpty();
        assertThat(seen.list).filteredOn(e -> e.getFormattedMessage().startsWith("the store does not answer")).hasSize(1);
    }
}
