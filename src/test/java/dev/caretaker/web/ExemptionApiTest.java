package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.access.Role;
import dev.caretaker.access.Users;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exemptions over real HTTP, on a Prisma-shaped table (quoted camelCase names): a viewer may list them but not set or
 * remove one; an operator ignores an incident, which resolves and does not open again while the exemption holds, and opens
 * again once it has run out; the audit log has the rows and verifies.
 */
@ExtendWith(TestDatabases.class)
class ExemptionApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private String base;

    private record Answer(int status, JsonNode body, String raw) {
    }

    private Answer call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()), r.body());
    }

    private static long openIncident(Engine engine, String subject) {
        return engine.incidents().active().stream().filter(i -> i.subject().equals(subject)).findFirst().orElseThrow().id();
    }

    private static boolean isOpen(Engine engine, String subject) {
        return engine.incidents().active().stream().anyMatch(i -> i.subject().equals(subject));
    }

    @Test
    void an_operator_ignores_an_incident_a_viewer_may_only_look_and_an_exemption_that_runs_out_brings_it_back(TestDatabase db, Store store)
            throws Exception {
        db.exec("CREATE TABLE \"OrderItem\" (id serial PRIMARY KEY, \"orderId\" int NOT NULL, \"productId\" int NOT NULL)",
                "CREATE INDEX \"OrderItem_orderId_idx\" ON \"OrderItem\" (\"orderId\")",
                "CREATE INDEX \"OrderItem_orderId_productId_idx\" ON \"OrderItem\" (\"orderId\", \"productId\")");
        String subject = "\"OrderItem_orderId_idx\"";
        SettableClock clock = new SettableClock(Instant.now());
        CaretakerConfig config = db.config("""
                system: exemptions-%s
                databases:
                  main: {url: "${DB}"}
                checks:
                  main-db: {type: postgres, database: main, thresholds: {duplicate_index: {warning: 0}}}
                suites:
                  hourly: {checks: [main-db]}
                """.formatted(db.name()));
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("api-node"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            Engine engine = server.engine();
            engine.run(Engine.RunRequest.of("hourly"));
            long incident = openIncident(engine, subject);
            Users users = WebServer.users(server, clock);
            users.add("vik", Role.VIEWER, null, "test");
            users.add("oda", Role.OPERATOR, null, "test");
            String viewer = users.createToken("vik", "", null, "test").secret();
            String operator = users.createToken("oda", "", null, "test").secret();

            Answer refused = call("POST", "/api/v1/incidents/" + incident + "/ignore", viewer, "{\"reason\": \"x\"}");
            assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
            assertThat(isOpen(engine, subject)).isTrue();
            Answer noReason = call("POST", "/api/v1/incidents/" + incident + "/ignore", operator, "{}");
            assertThat(noReason.status()).as(noReason.raw()).isEqualTo(400);
            assertThat(noReason.body().get("detail").asText()).contains("reason");
            assertThat(call("POST", "/api/v1/incidents/99999999/ignore", operator, "{\"reason\": \"x\"}").status()).isEqualTo(404);

            Answer set = call("POST", "/api/v1/incidents/" + incident + "/ignore", operator,
                    "{\"reason\": \"Prisma keeps it for the relation\", \"until\": \"2h\"}");
            assertThat(set.status()).as(set.raw()).isEqualTo(201);
            assertThat(set.body().get("resolved").asBoolean()).isTrue();
            assertThat(set.body().get("incident").get("state").asText()).isEqualTo("resolved");
            assertThat(set.body().get("exemption").get("created_by").asText()).isEqualTo("oda");
            long exemption = set.body().get("exemption").get("id").asLong();
            // ignoring it again is a conflict naming the exemption in force; nothing stacks
            Answer again = call("POST", "/api/v1/incidents/" + incident + "/ignore", operator, "{\"reason\": \"again\"}");
            assertThat(again.status()).as(again.raw()).isEqualTo(409);
            assertThat(again.body().get("title").asText()).isEqualTo("Conflict");
            assertThat(again.body().get("detail").asText()).contains("already ignored", "exemption #" + exemption, "by oda",
                    "DELETE /api/v1/exemptions/" + exemption);
            assertThat(call("GET", "/api/v1/exemptions", viewer, null).body().get("items")).hasSize(1);
            assertThat(call("GET", "/api/v1/exemptions", viewer, null).body().get("items").findValuesAsText("reason"))
                    .containsExactly("Prisma keeps it for the relation");
            assertThat(call("DELETE", "/api/v1/exemptions/" + exemption, viewer, null).status()).isEqualTo(403);

            clock.advance(Duration.ofMinutes(30));
            engine.run(Engine.RunRequest.of("hourly"));
            assertThat(isOpen(engine, subject)).as("ignored while the exemption holds").isFalse();
            JsonNode run = call("GET", "/api/v1/runs/" + call("GET", "/api/v1/runs", viewer, null).body().get("items").get(0).get("id").asLong(),
                    viewer, null).body();
            assertThat(run.get("ignored").findValuesAsText("reason")).containsExactly("Prisma keeps it for the relation");

            clock.advance(Duration.ofHours(2));
            engine.run(Engine.RunRequest.of("hourly"));
            assertThat(isOpen(engine, subject)).as("the exemption ran out: the finding counts again").isTrue();
            assertThat(call("GET", "/api/v1/exemptions", viewer, null).body().get("items")).isEmpty();

            Answer removed = call("DELETE", "/api/v1/exemptions/" + exemption, operator, null);
            assertThat(removed.status()).as(removed.raw()).isEqualTo(200);
            assertThat(call("GET", "/api/v1/audit?limit=500", viewer, null).body().get("items").findValuesAsText("event")).contains("exemption_set");
            assertThat(call("GET", "/api/v1/audit/verify", viewer, null).body().get("intact").asBoolean()).isTrue();
        } finally {
            server.close();
        }
    }

    @Test
    void the_incident_page_has_an_ignore_form_for_operators_that_needs_a_reason(TestDatabase db, Store store) throws Exception {
        db.exec("CREATE TABLE profiles (id uuid PRIMARY KEY, username text, updated_at timestamptz)",
                "CREATE INDEX profiles_username_idx ON profiles (username)",
                "CREATE INDEX profiles_username_updated_idx ON profiles (username, updated_at)");
        SettableClock clock = new SettableClock(Instant.now());
        CaretakerConfig config = db.config("""
                system: ignore-form-%s
                databases:
                  main: {url: "${DB}"}
                checks:
                  main-db: {type: postgres, database: main, thresholds: {duplicate_index: {warning: 0}}}
                suites:
                  hourly: {checks: [main-db]}
                """.formatted(db.name()));
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("web-node"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            String url = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            Engine engine = server.engine();
            engine.run(Engine.RunRequest.of("hourly"));
            long incident = openIncident(engine, "profiles_username_idx");
            Users users = WebServer.users(server, clock);
            users.add("vik", Role.VIEWER, "vik-passw0rd".toCharArray(), "test");
            users.add("oda", Role.OPERATOR, "oda-passw0rd".toCharArray(), "test");

            CookieJar viewer = new CookieJar(url);
            viewer.login("vik", "vik-passw0rd", "/");
            String seen = viewer.get("/incidents/" + incident).body();
            assertThat(seen).as("a viewer sees no ignore form").doesNotContain("id=\"ignore\"");
            assertThat(viewer.post("/incidents/" + incident + "/ignore", java.util.Map.of("csrf", CookieJar.csrf(seen), "reason", "x"))
                    .statusCode()).isEqualTo(403);
            assertThat(isOpen(engine, subjectOf(engine, incident))).isTrue();

            CookieJar operator = new CookieJar(url);
            operator.login("oda", "oda-passw0rd", "/");
            String page = operator.get("/incidents/" + incident).body();
            assertThat(page).contains("id=\"ignore\"", "name=\"reason\"", "name=\"until\"");
            String csrf = CookieJar.csrf(page);
            var empty = operator.post("/incidents/" + incident + "/ignore", java.util.Map.of("csrf", csrf, "reason", " "));
            assertThat(operator.get(empty.headers().firstValue("Location").orElseThrow()).body()).contains("Ignoring needs a reason");
            assertThat(isOpen(engine, "profiles_username_idx")).isTrue();
            var bad = operator.post("/incidents/" + incident + "/ignore", java.util.Map.of("csrf", csrf, "reason", "y", "until", "someday"));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("someday");
            var done = operator.post("/incidents/" + incident + "/ignore", java.util.Map.of("csrf", csrf,
                    "reason", "Supabase keeps it for the profile search", "until", "2099-01-01"));
            assertThat(done.statusCode()).isEqualTo(302);
            String after = operator.get(done.headers().firstValue("Location").orElseThrow()).body();
            assertThat(after).contains("Ignored under exemption #", "resolved as ignored: Supabase keeps it for the profile search");
            assertThat(isOpen(engine, "profiles_username_idx")).isFalse();
            var again = operator.post("/incidents/" + incident + "/ignore", java.util.Map.of("csrf", csrf, "reason", "again"));
            assertThat(again.statusCode()).isEqualTo(302);
            assertThat(operator.get(again.headers().firstValue("Location").orElseThrow()).body())
                    .contains("Already ignored under exemption #" + engine.exemptions().list(false).get(0).id() + "; nothing changed");
            assertThat(engine.exemptions().list(false)).as("nothing stacks").hasSize(1);
            engine.run(Engine.RunRequest.of("hourly"));
            assertThat(isOpen(engine, "profiles_username_idx")).as("the next run opens nothing for it").isFalse();
            assertThat(engine.actions().auditLog().list(50)).anySatisfy(e -> {
                assertThat(e.event()).isEqualTo("exemption_set");
                assertThat(e.actor()).isEqualTo("oda");
            });
        } finally {
            server.close();
        }
    }

    private static String subjectOf(Engine engine, long id) {
        return engine.incidents().own(id).subject();
    }
}
