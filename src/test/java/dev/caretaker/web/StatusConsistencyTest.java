package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.access.Role;
import dev.caretaker.access.Users;
import dev.caretaker.cli.Main;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One status order everywhere (critical > unknown > warning > ok): with one check at warning and one unknown, the CLI's exit
 * code, the JSON report, {@code /api/v1/status}, the dashboard's overview, the status page and {@code /metrics} all say
 * unknown. Before, the CLI said unknown while the API and the overview said warning.
 */
@ExtendWith(TestDatabases.class)
class StatusConsistencyTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static HttpResponse<String> get(String url, String header, String value) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (header != null) {
            b.header(header, value);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_warning_and_an_unknown_check_read_unknown_on_every_surface(TestDatabase db, Store store) throws Exception {
        String system = "mixed-" + db.name();
        String yaml = """
                system: %s
                store: {url: "${STORE_URL}", user: "${STORE_USER}", password: "${STORE_PASSWORD}", home: "${STORE_HOME}"}
                auth: {proxy_header: X-Remote-User, trusted_proxies: [127.0.0.1]}
                status_page:
                  title: Mixed signals
                  groups:
                    - name: Services
                      components:
                        - {name: Everything, checks: [slow-queue, blind-probe]}
                checks:
                  slow-queue: {type: command, command: [sh, -c, "echo 'WARNING - queue is slow'; exit 1"]}
                  blind-probe: {type: command, command: [sh, -c, "echo 'UNKNOWN - cannot tell'; exit 3"]}
                suites:
                  hourly: {checks: [slow-queue, blind-probe]}
                """.formatted(system);
        Path file = dir.resolve("caretaker.yml");
        Files.writeString(file, yaml);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("STORE_URL", TestPostgres.server().jdbcUrl(db.name()));
        env.put("STORE_USER", dev.caretaker.store.EmbeddedPostgres.SUPERUSER);
        env.put("STORE_PASSWORD", TestPostgres.server().password());
        env.put("STORE_HOME", TestPostgres.HOME.toString()); // the tests' signing key, which the server below signs with too

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(env, new PrintWriter(out), new PrintWriter(err), "check", "-c", file.toString(), "--suite", "hourly",
                "--format", "json");
        assertThat(code).as(err.toString()).isEqualTo(3);
        assertThat(JSON.readTree(out.toString()).get("status").asText()).as("the JSON report").isEqualTo("unknown");

        CaretakerConfig config = Engine.configLoader(env).read(file);
        SettableClock clock = new SettableClock(Instant.now());
        Server server = new Server(store, config, c -> Engine.builder(c, store).clock(clock).signingKey(dev.caretaker.Pipeline.KEY).build(),
                Server.Options.defaults("consistency"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            String base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            server.metrics().load();
            Users users = WebServer.users(server, clock);
            users.add("vera", Role.VIEWER, null, "test");
            String token = users.createToken("vera", "", null, "test").secret();

            JsonNode status = JSON.readTree(get(base + "/api/v1/status", "Authorization", "Bearer " + token).body());
            assertThat(status.get("status").asText()).as("/api/v1/status").isEqualTo("unknown");
            assertThat(status.get("checks").get("warning").asInt()).isEqualTo(1);
            assertThat(status.get("checks").get("unknown").asInt()).isEqualTo(1);

            HttpResponse<String> overview = get(base + "/", "X-Remote-User", "vera");
            assertThat(overview.statusCode()).isEqualTo(200);
            assertThat(overview.body()).as("the overview's summary card").contains("card status-unknown").doesNotContain("card status-warning");

            JsonNode page = JSON.readTree(get(base + "/status.json", null, null).body());
            assertThat(page.get("status").asText()).as("the status page").isEqualTo("unknown");
            assertThat(page.get("groups").get(0).get("components").get(0).get("status").asText()).isEqualTo("unknown");

            assertThat(get(base + "/metrics", "Authorization", "Bearer " + token).body()).as("/metrics").contains("caretaker_system_status 3.0");
        } finally {
            server.close();
        }
    }
}
