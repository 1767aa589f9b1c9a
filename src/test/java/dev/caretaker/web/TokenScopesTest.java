package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.access.Role;
import dev.caretaker.access.TokenScope;
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
 * Scoped API tokens over real HTTP: a scope narrows an admin's token to what it names, never widens a user's role, follows a
 * demotion at once, shows its last use, and no token of any scope can make a user or a token.
 */
@ExtendWith(TestDatabases.class)
class TokenScopesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private String base;

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_scope_narrows_a_token_and_never_widens_its_user(TestDatabase db, Store store) throws Exception {
        SettableClock clock = new SettableClock(Instant.now());
        try (Receiver worker = new Receiver(200)) {
            CaretakerConfig config = db.config(DownGateway.config("shopfront-" + db.name(), "{X-Api-Key: \"k3y-for-the-gateway\"}", worker.url("/restart")));
            Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("scope-node"), clock);
            try (WebServer web = new WebServer(server, clock)) {
                base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
                server.engine().run(Engine.RunRequest.of("nightly"));
                Users users = WebServer.users(server, clock);
                users.add("ines", Role.ADMIN, null, "test");
                users.add("olek", Role.OPERATOR, null, "test");
                users.add("bart", Role.APPROVER, null, "test");
                String read = users.createToken("ines", "dashboards", Duration.ofDays(30), TokenScope.READ, "test").secret();
                String operate = users.createToken("ines", "ci", null, TokenScope.OPERATE, "test").secret();
                String approve = users.createToken("bart", "", null, TokenScope.APPROVE, "test").secret();
                String unused = users.createToken("olek", "spare", null, TokenScope.READ, "test").secret();

                // read: every GET, no write, and the 403 says it is the token's scope, not the admin's role
                assertThat(call("GET", "/api/v1/status", read, null).statusCode()).isEqualTo(200);
                HttpResponse<String> refused = call("POST", "/api/v1/suites/nightly/run", read, null);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
                assertThat(JSON.readTree(refused.body()).get("detail").asText())
                        .contains("this token of ines acts as viewer").contains("tokens create --scope");
                assertThat(call("POST", "/api/v1/suites/nightly/run", operate, null).statusCode()).isEqualTo(202);
                long pending = JSON.readTree(call("GET", "/api/v1/approvals?state=pending", read, null).body())
                        .get("items").get(0).get("id").asLong();
                assertThat(call("POST", "/api/v1/approvals/" + pending + "/approve", operate, null).statusCode()).isEqualTo(403);

                // a scope above the user's role is refused when made, naming what may be given
                assertThatThrownBy(() -> users.createToken("olek", "", null, TokenScope.APPROVE, "test"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("olek is an operator").hasMessageContaining("read or operate, not approve");

                // a demotion narrows a wider token at once; a promotion does not widen it
                users.role("bart", Role.VIEWER, "test");
                HttpResponse<String> demoted = call("POST", "/api/v1/approvals/" + pending + "/approve", approve, null);
                assertThat(demoted.statusCode()).isEqualTo(403);
                assertThat(JSON.readTree(demoted.body()).get("detail").asText()).as("the role holds it, not the scope")
                        .contains("acts as viewer, its user's role now").contains("a wider scope would not help");
                users.role("bart", Role.ADMIN, "test");
                HttpResponse<String> approved = call("POST", "/api/v1/approvals/" + pending + "/approve", approve, null);
                assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
                assertThat(call("GET", "/api/v1/status-page/subscribers", approve, null).statusCode())
                        .as("an approve token of an admin is no admin").isEqualTo(403);

                // last use: shown for the tokens used, none for the one never used; another user's only to an admin
                JsonNode mine = JSON.readTree(call("GET", "/api/v1/tokens", read, null).body()).get("items");
                assertThat(mine.findValuesAsText("label")).containsExactly("dashboards", "ci");
                assertThat(mine.findValuesAsText("scope")).containsExactly("read", "operate");
                assertThat(mine.get(0).get("last_used_at").isNull()).isFalse();
                assertThat(mine.toString()).doesNotContain(read.substring(10)).doesNotContain(operate.substring(10));
                HttpResponse<String> others = call("GET", "/api/v1/tokens?user=ines", approve, null);
                assertThat(others.statusCode()).as("bart is admin now, his token approve").isEqualTo(403);
                assertThat(JSON.readTree(others.body()).get("detail").asText()).contains("needs a token that acts as admin");
                String admin = users.createToken("ines", "admin", null, TokenScope.ADMIN, "test").secret();
                JsonNode olek = JSON.readTree(call("GET", "/api/v1/tokens?user=olek", admin, null).body()).get("items");
                assertThat(olek.get(0).get("label").asText()).isEqualTo("spare");
                assertThat(olek.get(0).get("last_used_at").isNull()).isTrue();
                assertThat(JSON.readTree(call("GET", "/api/v1/tokens?user=*", admin, null).body()).get("items").size()).isEqualTo(5);

                // no request, even an admin token's, makes a user or a token
                int before = users.list().size();
                for (String path : new String[] {"/api/v1/users", "/api/v1/tokens", "/api/v1/users/eve"}) {
                    HttpResponse<String> made = call("POST", path, admin, "{\"name\": \"eve\", \"role\": \"admin\", \"user\": \"eve\"}");
                    assertThat(made.statusCode()).as(path).isIn(404, 405);
                }
                assertThat(users.list()).hasSize(before);
                assertThat(users.tokens(null)).hasSize(5);
                assertThat(unused).startsWith("ct_");
            } finally {
                server.close();
            }
        }
    }

    @Test
    void require_2fa_holds_the_roles_above_the_one_listed_and_an_admins_narrower_token(TestDatabase db, Store store) throws Exception {
        SettableClock clock = new SettableClock(Instant.now());
        try (Receiver worker = new Receiver(200)) {
            CaretakerConfig config = db.config(DownGateway.config("tills-" + db.name(), "{X-Api-Key: \"k3y-for-the-gateway\"}", worker.url("/restart"))
                    + "auth:\n  require_2fa: [approver]\n");
            Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("scope-node"), clock);
            try (WebServer web = new WebServer(server, clock)) {
                base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
                server.engine().run(Engine.RunRequest.of("nightly"));
                Users users = WebServer.users(server, clock);
                users.add("ada", Role.ADMIN, null, "test");
                String narrow = users.createToken("ada", "", null, TokenScope.APPROVE, "test").secret();
                long pending = JSON.readTree(call("GET", "/api/v1/approvals?state=pending", narrow, null).body()).get("items").get(0).get("id").asLong();
                HttpResponse<String> refused = call("POST", "/api/v1/approvals/" + pending + "/approve", narrow, null);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
                assertThat(JSON.readTree(refused.body()).get("detail").asText()).contains("approver role and above").contains("ada (admin)")
                        .contains("/account/2fa");
            } finally {
                server.close();
            }
        }
    }
}
