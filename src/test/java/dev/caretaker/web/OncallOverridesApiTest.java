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
 * On-call overrides listed (viewer) and removed (operator, audited) over the API, with a settable clock: removing bob's
 * Friday brings alice back; an override of another schedule's path, an unknown id or an ended one is refused in words.
 */
@ExtendWith(TestDatabases.class)
class OncallOverridesApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private String base;

    private record Answer(int status, String raw) {
        JsonNode json() throws Exception {
            return JSON.readTree(raw);
        }
    }

    private Answer call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    @Test
    void overrides_are_listed_and_removing_one_brings_the_rotation_back(TestDatabase db, Store store) throws Exception {
        CaretakerConfig config = db.config(OncallApiTest.oncallConfig("helpdesk-" + db.name()) + """
                  nights:
                    zone: Europe/Berlin
                    layers: [{members: [bob], rotation: weekly}]
                """);
        SettableClock clock = new SettableClock(OncallApiTest.WEDNESDAY);
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("oc-node"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            Users users = WebServer.users(server, clock);
            users.add("vera", Role.VIEWER, null, "test");
            users.add("otto", Role.OPERATOR, null, "test");
            String vera = users.createToken("vera", "", null, "test").secret();
            String otto = users.createToken("otto", "", null, "test").secret();
            String friday = "{\"who\": \"bob\", \"from\": \"2026-03-06T00:00\", \"until\": \"2026-03-07T00:00\"}";
            long id = call("POST", "/api/v1/oncall/support/overrides", otto, friday).json().get("id").asLong();
            String past = "{\"who\": \"bob\", \"from\": \"2026-03-04T12:00\", \"until\": \"2026-03-04T14:00\"}"; // Berlin: 11:00–13:00Z
            long ending = call("POST", "/api/v1/oncall/support/overrides", otto, past).json().get("id").asLong();

            assertThat(call("GET", "/api/v1/oncall/support/overrides", null, null).status()).isEqualTo(401);
            Answer listed = call("GET", "/api/v1/oncall/support/overrides", vera, null);
            assertThat(listed.status()).as(listed.raw()).isEqualTo(200);
            assertThat(listed.json().get("items")).extracting(n -> n.get("id").asLong()).containsExactly(ending, id);
            assertThat(listed.json().get("items").get(1).get("from").asText()).isEqualTo("2026-03-05T23:00:00Z");
            assertThat(call("GET", "/api/v1/oncall/nights/overrides", vera, null).json().get("items")).isEmpty();
            assertThat(call("GET", "/api/v1/oncall/suport/overrides", vera, null).status()).isEqualTo(404);

            clock.set(Instant.parse("2026-03-06T10:00:00Z"));
            assertThat(call("GET", "/api/v1/oncall/support/overrides", vera, null).json().get("items"))
                    .as("the ended one is no longer listed").extracting(n -> n.get("id").asLong()).containsExactly(id);
            assertThat(call("GET", "/api/v1/oncall", vera, null).json().get("items").get(0).get("on_call").asText()).isEqualTo("bob");

            assertThat(call("DELETE", "/api/v1/oncall/support/overrides/" + id, vera, null).status()).as("a viewer may not").isEqualTo(403);
            assertThat(call("DELETE", "/api/v1/oncall/nights/overrides/" + id, otto, null).status()).as("not that schedule's").isEqualTo(404);
            assertThat(call("DELETE", "/api/v1/oncall/support/overrides/99999", otto, null).status()).isEqualTo(404);
            Answer ended = call("DELETE", "/api/v1/oncall/support/overrides/" + ending, otto, null);
            assertThat(ended.status()).isEqualTo(400);
            assertThat(ended.raw()).contains("stays as the record");
            Answer removed = call("DELETE", "/api/v1/oncall/support/overrides/" + id, otto, null);
            assertThat(removed.status()).as(removed.raw()).isEqualTo(200);
            assertThat(removed.json().get("who").asText()).isEqualTo("bob");
            assertThat(call("DELETE", "/api/v1/oncall/support/overrides/" + id, otto, null).status()).as("twice").isEqualTo(404);

            JsonNode now = call("GET", "/api/v1/oncall", vera, null).json().get("items").get(0);
            assertThat(now.get("on_call").asText()).isEqualTo("alice");
            assertThat(now.get("override").asBoolean()).isFalse();
            JsonNode audit = call("GET", "/api/v1/audit", vera, null).json().get("items").get(0);
            assertThat(audit.get("event").asText()).isEqualTo("oncall_override_removed");
            assertThat(audit.get("actor").asText()).isEqualTo("otto");
            assertThat(audit.get("detail").asText()).contains("removed: bob on call from 2026-03-05T23:00:00Z", "set by otto");
        } finally {
            server.close();
        }
    }
}
