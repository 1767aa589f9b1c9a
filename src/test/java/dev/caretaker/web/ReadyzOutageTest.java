package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.Pipeline;
import dev.caretaker.TcpProxy;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.StoreConfig;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.EmbeddedPostgres;
import dev.caretaker.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A load balancer's view of a node whose store went away: {@code /readyz} says 503 at once, not after the pool's wait. */
@ExtendWith(TestDatabases.class)
class ReadyzOutageTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A token the config holds, so the details can be asked for while the store (which holds users' tokens) is away. */
    private static final String PROBE_TOKEN = "readyz-probe-token-0123456789";

    private static HttpResponse<String> readyz(String base) throws Exception {
        return readyz(base, null);
    }

    private static HttpResponse<String> readyz(String base, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/readyz")).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyz_answers_503_within_a_second_when_the_store_is_unreachable_and_200_again_when_it_is_back(TestDatabase db) throws Exception {
        EmbeddedPostgres pg = TestPostgres.server();
        int pgPort = Integer.parseInt(pg.jdbcUrl(db.name()).replaceAll(".*://[^:/]+:(\\d+)/.*", "$1"));
        try (TcpProxy relay = new TcpProxy(pgPort)) {
            String url = "jdbc:postgresql://127.0.0.1:" + relay.port() + "/" + db.name();
            try (Store store = Store.open(new StoreConfig(Optional.of(url), EmbeddedPostgres.SUPERUSER, pg.password(), Path.of("unused"), 0,
                    StoreConfig.DEFAULT_RETENTION), m -> { })) {
                CaretakerConfig config = db.config("system: ready-" + db.name() + "\nmetrics: {token: \"" + PROBE_TOKEN + "\"}\n");
                Clock clock = Clock.systemUTC();
                Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(),
                        Server.Options.defaults("ready").withTiming(Duration.ofSeconds(1), Duration.ofSeconds(1))
                                .withShutdownWait(Duration.ofSeconds(2)), clock);
                try (WebServer web = new WebServer(server, clock)) {
                    int port = web.start("127.0.0.1", 0);
                    server.start("127.0.0.1:" + port);
                    String base = "http://127.0.0.1:" + port;
                    assertThat(readyz(base).statusCode()).isEqualTo(200);

                    relay.cut();
                    for (int i = 0; i < 3; i++) {
                        long started = System.nanoTime();
                        HttpResponse<String> down = readyz(base, i == 0 ? null : PROBE_TOKEN);
                        double seconds = (System.nanoTime() - started) / 1e9;
                        System.out.printf("/readyz with the store cut off: %d in %.3f s%n", down.statusCode(), seconds);
                        assertThat(down.statusCode()).isEqualTo(503);
                        if (i == 0) {
                            assertThat(down.body()).as("an anonymous caller learns the status only").isEqualTo("{\"ready\":false}");
                        } else {
                            assertThat(down.body()).contains("unreachable");
                        }
                        assertThat(seconds).as("seconds to the 503 (spec: under 1 s)").isLessThan(3.0);
                    }

                    relay.resume();
                    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    int status = 0;
                    while (System.nanoTime() < until && (status = readyz(base).statusCode()) != 200) {
                        Thread.sleep(200);
                    }
                    assertThat(status).as("ready again once the store is back").isEqualTo(200);
                } finally {
                    server.close();
                }
            }
        }
    }
}
