package dev.caretaker.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.cli.Main;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code caretaker status-page subscribers} adds, lists (a webhook by its host only) and removes subscribers; a webhook
 * subscriber hears of a maintenance window set through the API (ended early) and of a maintenance post, start and end, once
 * each.
 */
@ExtendWith(TestDatabases.class)
class SubscribersCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Ahead of the command line's own clock: the subscriber it adds now was there before the windows. */
    private static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plus(Duration.ofHours(1));

    @TempDir
    Path dir;

    private record Ran(int code, String out, String err) {
    }

    private static Ran run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(env, new PrintWriter(out), new PrintWriter(err), args);
        return new Ran(code, out.toString(), err.toString());
    }

    @Test
    void an_admin_adds_a_webhook_from_the_command_line_and_it_hears_of_api_and_posted_maintenance_once(TestDatabase db, Store store)
            throws Exception {
        Path file = dir.resolve("caretaker.yml");
        Files.writeString(file, """
                system: shop
                store: {url: "${STORE_URL}", user: "${STORE_USER}", password: "${STORE_PASSWORD}", home: "${STORE_HOME}"}
                checks:
                  checkout-http: {type: http, url: "http://127.0.0.1:1/"}
                status_page:
                  title: Shop status
                  groups:
                    - name: Services
                      components:
                        - {name: Checkout, checks: [checkout-http]}
                """);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("STORE_URL", TestPostgres.server().jdbcUrl(db.name()));
        env.put("STORE_USER", dev.caretaker.store.EmbeddedPostgres.SUPERUSER);
        env.put("STORE_PASSWORD", TestPostgres.server().password());
        env.put("STORE_HOME", TestPostgres.HOME.toString());
        String c = file.toString();

        try (Receiver hook = new Receiver(200)) {
            Ran plain = run(env, "status-page", "subscribers", "add", "--webhook", "http://hooks.example.com/t0k3n", "-c", c);
            assertThat(plain.code()).isEqualTo(Main.UNKNOWN);
            assertThat(plain.err()).contains("plain http to hooks.example.com").doesNotContain("t0k3n");
            Ran email = run(env, "status-page", "subscribers", "add", "--email", "ann@example.com", "-c", c);
            assertThat(email.code()).as("no email_channel: no mail goes to subscribers").isEqualTo(Main.UNKNOWN);
            assertThat(email.err()).contains("email_channel");

            String secret = "http://127.0.0.1:" + hook.port() + "/hooks/t0k3n";
            Ran added = run(env, "status-page", "subscribers", "add", "--webhook", secret, "--by", "ada", "-c", c);
            assertThat(added.code()).as(added.err()).isZero();
            assertThat(added.out()).contains("webhook", "confirmed", "http://127.0.0.1:" + hook.port() + "/…").doesNotContain("t0k3n");
            Ran twice = run(env, "status-page", "subscribers", "add", "--webhook", secret, "-c", c);
            assertThat(twice.code()).isEqualTo(Main.UNKNOWN);
            assertThat(twice.err()).contains("subscribed already");
            Ran listed = run(env, "status-page", "subscribers", "list", "--format", "json", "-c", c);
            assertThat(listed.code()).isZero();
            JsonNode all = JSON.readTree(listed.out());
            assertThat(all).hasSize(1);
            assertThat(all.get(0).get("created_by").asText()).isEqualTo("ada");
            assertThat(listed.out()).doesNotContain("t0k3n");
            long id = all.get(0).get("id").asLong();

            CaretakerConfig config = Engine.configLoader(env).read(file);
            SettableClock clock = new SettableClock(T0);
            Engine engine = Pipeline.engine(store, config, clock).build();
            long silence = engine.maintenance().set(List.of("checkout-http"), T0.plus(Duration.ofMinutes(5)), T0.plus(Duration.ofMinutes(65)),
                    "disk swap", "ops").id();
            store.jdbi().useHandle(h -> h.createUpdate("INSERT INTO status_post (system, kind, title, components, status, starts_at, ends_at, "
                            + "created_at, created_by) VALUES ('shop', 'maintenance', 'Database upgrade', '{Checkout}', 'scheduled', :from, :to, :now, 'ops')")
                    .bind("from", Timestamp.from(T0.plus(Duration.ofMinutes(10)))).bind("to", Timestamp.from(T0.plus(Duration.ofMinutes(40))))
                    .bind("now", Timestamp.from(T0)).execute());
            for (int minute : new int[] {11, 11, 20, 21, 21, 41, 41}) {
                clock.set(T0.plus(Duration.ofMinutes(minute)));
                if (minute == 20) {
                    engine.maintenance().end(silence, "ops");
                } else {
                    engine.subscriptions().announce();
                }
            }
            engine.deliveries().flush();
            List<String> events = hook.accepted().stream().map(r -> {
                try {
                    JsonNode n = JSON.readTree(r.body());
                    return n.get("event").asText() + " " + n.get("maintenance").get("title").asText();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertThat(events).containsExactly("maintenance_started Maintenance of Checkout", "maintenance_started Database upgrade",
                    "maintenance_ended Maintenance of Checkout", "maintenance_ended Database upgrade");
            assertThat(hook.accepted()).allSatisfy(r -> assertThat(r.body()).doesNotContain("disk swap", "checkout-http"));

            Ran removed = run(env, "status-page", "subscribers", "remove", String.valueOf(id), "--by", "grace", "-c", c);
            assertThat(removed.code()).as(removed.err()).isZero();
            assertThat(removed.out()).contains("removed #" + id);
            assertThat(run(env, "status-page", "subscribers", "remove", String.valueOf(id), "-c", c).err()).contains("no status-page subscriber #" + id);
            assertThat(run(env, "status-page", "subscribers", "list", "-c", c).out()).contains("no subscribers yet");
            String audit = run(env, "audit", "list", "-c", c).out();
            assertThat(audit).as("who added and removed it, by number and kind").contains("subscriber_added", "subscriber_removed", "grace",
                    "webhook subscriber #" + id + " removed").doesNotContain("t0k3n", "hooks");
        }
    }
}
