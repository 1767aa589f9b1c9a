package dev.caretaker.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two server nodes of one store: the housekeeping tick announces a post's opening to a webhook subscriber, once. */
@ExtendWith(TestDatabases.class)
class AnnouncerTickTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Server node(Store store, CaretakerConfig config, String name) {
        return new Server(store, config, c -> Pipeline.engine(store, c, Clock.systemUTC()).node(name).build(),
                Server.Options.defaults(name).withTiming(Duration.ofSeconds(1), Duration.ofSeconds(1)), Clock.systemUTC());
    }

    @Test
    void the_servers_tick_tells_a_subscriber_of_a_new_post_once_across_two_nodes(TestDatabase db, Store store) throws Exception {
        CaretakerConfig config = db.config("""
                system: ticking
                checks:
                  checkout-http: {type: http, url: "http://127.0.0.1:1/"}
                status_page:
                  title: Shop status
                  groups:
                    - {name: Services, components: [{name: Checkout, checks: [checkout-http]}]}
                """);
        try (Receiver hook = new Receiver(200); Server a = node(store, config, "tick-a").start("test"); Server b = node(store, config, "tick-b").start("test")) {
            a.engine().subscriptions().addWebhook(hook.url("/hook"), "ada");
            Thread.sleep(20); // the update comes after the subscriber
            Instant at = Instant.now();
            store.jdbi().useHandle(h -> {
                long post = h.createQuery("INSERT INTO status_post (system, kind, title, components, status, created_at, created_by) "
                                + "VALUES ('ticking', 'incident', 'Checkout is down', '{Checkout}', 'investigating', :at, 'ops') RETURNING id")
                        .bind("at", Timestamp.from(at)).mapTo(Long.class).one();
                h.createUpdate("INSERT INTO status_update (post_id, status, body, at, created_by) VALUES (:p, 'investigating', "
                        + "'Orders cannot be placed.', :at, 'ops')").bind("p", post).bind("at", Timestamp.from(at)).execute();
            });
            await().atMost(Duration.ofSeconds(50)).until(() -> !hook.accepted().isEmpty());
            Thread.sleep(2_000);
            assertThat(hook.accepted()).hasSize(1);
            JsonNode told = JSON.readTree(hook.accepted().get(0).body());
            assertThat(told.get("event").asText()).isEqualTo("status_update");
            assertThat(told.get("update").get("opening").asBoolean()).isTrue();
            assertThat(told.get("post").get("title").asText()).isEqualTo("Checkout is down");
        }
    }
}
