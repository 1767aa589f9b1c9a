package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import dev.caretaker.access.Role;
import dev.caretaker.access.Users;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The REST API over real HTTP against a real store: every role (401 without a token, 403 with too small a role), problem
 * JSON, cursors, the second-approver rule, maintenance from the API muting what it covers, and every route in the OpenAPI
 * file. The system, users and port are none of Caretaker's own names.
 */
@ExtendWith(TestDatabases.class)
class ApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Answer(int status, String type, JsonNode body, String raw) {
    }

    private String base;

    private Answer call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), json, r.body());
    }

    private Answer get(String path, String token) throws Exception {
        return call("GET", path, token, null);
    }

    private static void problem(Answer a, int status) {
        assertThat(a.status()).as(a.raw()).isEqualTo(status);
        assertThat(a.type()).startsWith("application/problem+json");
        assertThat(a.body().get("status").asInt()).isEqualTo(status);
        assertThat(a.body().get("detail").asText()).isNotBlank();
    }

    @Test
    void a_checklist_is_read_by_a_viewer_and_ticked_by_an_operator_under_their_own_name(TestDatabase db, Store store) throws Exception {
        SettableClock clock = new SettableClock(Instant.now());
        try (Receiver worker = new Receiver(200)) {
            CaretakerConfig config = db.config(DownGateway.config("lists-" + db.name(), "{X-Api-Key: \"s3cr3t-gateway-key\"}", worker.url("/restart"))
                    + "checklists:\n  shift:\n    schedule: \"* * * * *\"\n    due: 1h\n    items: [Read the error log, Check the queue]\n");
            Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("api-node"), clock);
            try (WebServer web = new WebServer(server, clock)) {
                base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
                Users users = WebServer.users(server, clock);
                users.add("vera", Role.VIEWER, null, "test");
                users.add("otto", Role.OPERATOR, null, "test");
                String vera = users.createToken("vera", "", null, "test").secret();
                String otto = users.createToken("otto", "", null, "test").secret();
                JsonNode lists = get("/api/v1/checklists", vera).body();
                assertThat(lists.get("items").get(0).get("checklist").asText()).isEqualTo("shift");
                assertThat(lists.get("items").get(0).get("items").findValuesAsText("title")).containsExactly("Read the error log", "Check the queue");
                problem(call("POST", "/api/v1/checklists/shift/items/1/tick", vera, "{}"), 403);
                Answer t = call("POST", "/api/v1/checklists/shift/items/1/tick", otto, "{\"note\": \"nothing new\"}");
                assertThat(t.status()).as(t.raw()).isEqualTo(200);
                assertThat(t.body().get("changed").asBoolean()).isTrue();
                assertThat(t.body().get("items").get(0).get("ticked_by").asText()).isEqualTo("otto");
                assertThat(t.body().get("items").get(0).get("note").asText()).isEqualTo("nothing new");
                assertThat(call("POST", "/api/v1/checklists/shift/items/1/tick", otto, "{}").body().get("changed").asBoolean()).isFalse();
                problem(call("POST", "/api/v1/checklists/shfit/items/1/tick", otto, "{}"), 404);
                problem(call("POST", "/api/v1/checklists/shift/items/x/tick", otto, "{}"), 400);
            } finally {
                server.close();
            }
        }
    }

    @Test
    void every_role_gets_what_it_may_and_a_problem_for_the_rest(TestDatabase db, Store store) throws Exception {
        SettableClock clock = new SettableClock(Instant.now());
        try (Receiver worker = new Receiver(200)) {
            CaretakerConfig config = db.config(DownGateway.config("ledgerly-" + db.name(), "{X-Api-Key: \"s3cr3t-gateway-key\"}", worker.url("/restart")));
            Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("api-node"), clock);
            try (WebServer web = new WebServer(server, clock)) {
                base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
                Engine engine = server.engine();
                engine.run(Engine.RunRequest.of("nightly"));

                Users users = WebServer.users(server, clock);
                users.add("vera", Role.VIEWER, "vera-passw0rd".toCharArray(), "test");
                users.add("otto", Role.OPERATOR, null, "test");
                users.add("anna", Role.APPROVER, null, "test");
                users.add("dana", Role.APPROVER, null, "test");
                String vera = users.createToken("vera", "", null, "test").secret();
                String otto = users.createToken("otto", "", null, "test").secret();
                String anna = users.createToken("anna", "", null, "test").secret();
                String dana = users.createToken("dana", "", Duration.ofDays(30), "test").secret();

                // who may ask at all
                Answer none = get("/api/v1/status", null);
                problem(none, 401);
                Answer forged = get("/api/v1/status", "ct_not-a-real-token-0000000000000000000000");
                problem(forged, 401);
                assertThat(get("/api/v1/openapi.json", null).status()).as("the API's description is public").isEqualTo(200);

                Answer status = get("/api/v1/status", vera);
                assertThat(status.status()).isEqualTo(200);
                assertThat(status.body().get("system").asText()).isEqualTo(config.system());
                assertThat(status.body().get("status").asText()).isEqualTo("critical");
                assertThat(status.body().get("open_incidents").get("P1").asInt()).isEqualTo(1);
                assertThat(status.body().get("pending_approvals").asInt()).isEqualTo(1);

                JsonNode checks = get("/api/v1/checks", vera).body();
                assertThat(checks.get(0).get("name").asText()).isEqualTo("gateway");
                assertThat(checks.get(0).get("status").asText()).isEqualTo("critical");
                JsonNode gateway = get("/api/v1/checks/gateway", vera).body();
                assertThat(gateway.get("findings").get(0).get("code").asText()).isEqualTo("http.down");
                problem(get("/api/v1/checks/gatewya", vera), 404);
                assertThat(get("/api/v1/checks/gatewya", vera).body().get("detail").asText()).contains("did you mean 'gateway'");

                // incidents: read as a viewer, acknowledge as an operator
                JsonNode incidents = get("/api/v1/incidents?state=active", vera).body();
                long incident = incidents.get("items").get(0).get("id").asLong();
                problem(call("POST", "/api/v1/incidents/" + incident + "/ack", vera, null), 403);
                Answer ack = call("POST", "/api/v1/incidents/" + incident + "/ack", otto, null);
                assertThat(ack.status()).as(ack.raw()).isEqualTo(200);
                assertThat(ack.body().get("changed").asBoolean()).isTrue();
                assertThat(call("POST", "/api/v1/incidents/" + incident + "/ack", otto, null).body().get("changed").asBoolean()).isFalse();
                JsonNode shown = get("/api/v1/incidents/" + incident, vera).body();
                assertThat(shown.get("timeline").findValuesAsText("actor")).contains("otto");
                assertThat(get("/api/v1/incidents?state=acknowledged", vera).body().get("items")).hasSize(1);
                assertThat(get("/api/v1/incidents?state=resolved", vera).body().get("items")).isEmpty();
                problem(get("/api/v1/incidents?priority=P9", vera), 400);
                problem(get("/api/v1/incidents/99999999", vera), 404);
                problem(get("/api/v1/incidents/abc", vera), 400);

                // approvals: never by the requester; a reason is required to reject
                long auto = get("/api/v1/approvals?state=pending", vera).body().get("items").get(0).get("id").asLong();
                problem(call("POST", "/api/v1/approvals/" + auto + "/approve", otto, null), 403);
                Answer approved = call("POST", "/api/v1/approvals/" + auto + "/approve", anna, null);
                assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
                assertThat(approved.body().get("decided_by").asText()).isEqualTo("anna");
                assertThat(worker.requests).as("the approved plan ran").hasSize(1);
                // a second approval of a decided request is a conflict, not a bad request, and runs nothing
                Answer again = call("POST", "/api/v1/approvals/" + auto + "/approve", anna, null);
                problem(again, 409);
                assertThat(again.body().get("detail").asText()).contains("only a pending request can be approved");
                problem(call("POST", "/api/v1/approvals/" + auto + "/reject", anna, "{\"reason\": \"too late\"}"), 409);
                assertThat(worker.requests).hasSize(1);

                engine.actions().runByHand("restart-gateway", "gateway", Map.of(), "dana", false);
                long mine = get("/api/v1/approvals?state=pending", vera).body().get("items").get(0).get("id").asLong();
                Answer own = call("POST", "/api/v1/approvals/" + mine + "/approve", dana, null);
                problem(own, 403);
                assertThat(own.body().get("detail").asText()).contains("another approver");
                problem(call("POST", "/api/v1/approvals/" + mine + "/reject", anna, "{}"), 400);
                problem(call("POST", "/api/v1/approvals/" + mine + "/reject", anna, "{not json"), 400);
                Answer rejected = call("POST", "/api/v1/approvals/" + mine + "/reject", anna, "{\"reason\": \"the gateway is back\"}");
                assertThat(rejected.body().get("state").asText()).as(rejected.raw()).isEqualTo("rejected");
                assertThat(worker.requests).hasSize(1);

                // maintenance from the API: the next run's incident is recorded muted
                problem(call("POST", "/api/v1/maintenance", vera, "{\"duration\": \"1h\"}"), 403);
                problem(call("POST", "/api/v1/maintenance", otto, "{\"checks\": [\"nope\"], \"duration\": \"1h\"}"), 400);
                Answer set = call("POST", "/api/v1/maintenance", otto, "{\"checks\": [\"gateway\"], \"duration\": \"1h\", \"reason\": \"moving racks\"}");
                assertThat(set.status()).as(set.raw()).isEqualTo(201);
                long window = set.body().get("id").asLong();
                assertThat(get("/api/v1/maintenance", vera).body().get("items")).hasSize(1);
                call("POST", "/api/v1/incidents/" + incident + "/resolve", otto, "{\"note\": \"restarted\"}");
                engine.run(Engine.RunRequest.of("nightly"));
                JsonNode reopened = get("/api/v1/incidents?state=active", vera).body().get("items").get(0);
                assertThat(reopened.get("muted").asBoolean()).as("opened inside the window: " + reopened).isTrue();
                Answer ended = call("DELETE", "/api/v1/maintenance/" + window, otto, null);
                assertThat(ended.body().get("changed").asBoolean()).isTrue();
                assertThat(ended.body().get("ended_by").asText()).isEqualTo("otto");
                assertThat(get("/api/v1/maintenance", vera).body().get("items")).isEmpty();

                // runs and a run's report; a suite run now
                JsonNode runs = get("/api/v1/runs", vera).body();
                long run = runs.get("items").get(0).get("id").asLong();
                Answer report = get("/api/v1/runs/" + run, vera);
                assertThat(report.body().get("checks").get(0).get("name").asText()).isEqualTo("gateway");
                assertThat(report.raw()).doesNotContain("s3cr3t-gateway-key");
                problem(get("/api/v1/runs/" + (run + 1000), vera), 404);
                problem(call("POST", "/api/v1/suites/nightly/run", vera, null), 403);
                problem(call("POST", "/api/v1/suites/nigthly/run", otto, null), 404);
                Answer started = call("POST", "/api/v1/suites/nightly/run", otto, null);
                assertThat(started.status()).as(started.raw()).isEqualTo(202);
                int before = runs.get("items").size();
                await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/v1/runs", vera).body().get("items").size() > before);

                // audit: the API's writes under their users' names, paged by cursor; the chain verifies
                Set<Long> all = new HashSet<>();
                get("/api/v1/audit?limit=500", vera).body().get("items").forEach(e -> all.add(e.get("id").asLong()));
                Set<Long> paged = new HashSet<>();
                String cursor = "";
                List<Integer> sizes = new ArrayList<>();
                do {
                    JsonNode page = get("/api/v1/audit?limit=2&cursor=" + cursor, vera).body();
                    page.get("items").forEach(e -> paged.add(e.get("id").asLong()));
                    sizes.add(page.get("items").size());
                    cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
                } while (cursor != null);
                assertThat(paged).isEqualTo(all);
                assertThat(sizes.size()).isGreaterThan(2);
                assertThat(get("/api/v1/audit?limit=500", vera).body().findValuesAsText("actor")).contains("anna", "otto", "test");
                problem(get("/api/v1/audit?cursor=bogus", vera), 400);
                problem(get("/api/v1/audit?limit=0", vera), 400);
                assertThat(get("/api/v1/audit/verify", vera).body().get("intact").asBoolean()).isTrue();
                assertThat(get("/api/v1/outbox", vera).status()).isEqualTo(200);
                assertThat(get("/api/v1/outbox?state=pending", vera).status()).isEqualTo(200);
                problem(get("/api/v1/outbox?state=bogus", vera), 400);
                assertThat(get("/api/v1/outbox?state=bogus", vera).body().get("detail").asText()).contains("pending, sent, failed");
                assertThat(get("/api/v1/nodes", vera).status()).isEqualTo(200);
                assertThat(get("/api/v1/checks/gateway/series?metric=http.latency_ms&step=5m", vera).body().get("resolution").asText()).isEqualTo("5m");
                assertThat(get("/api/v1/checks/gateway/series?metric=http.latency_ms&step=1m", vera).body().get("resolution").asText())
                        .as("finer than any rollup").isEqualTo("raw");
                assertThat(get("/api/v1/checks/gateway/series?metric=http.latency_ms&from=" + clock.instant().minus(Duration.ofDays(10)), vera)
                        .body().get("resolution").asText()).as("ten days without a step: hourly").isEqualTo("1h");
                problem(get("/api/v1/checks/gateway/series", vera), 400);
                problem(get("/api/v1/checks/gateway/series?metric=x&from=yesterday", vera), 400);

                // a token stops working when revoked, when it expires, and takes its user's role as it is now
                users.role("otto", Role.VIEWER, "test");
                problem(call("POST", "/api/v1/incidents/" + incident + "/ack", otto, null), 403);
                clock.advance(Duration.ofDays(31));
                problem(get("/api/v1/status", dana), 401);
                long annas = users.tokens("anna").get(0).id();
                users.revoke(annas, "test");
                problem(get("/api/v1/status", anna), 401);
                assertThat(users.tokens("vera").get(0).lastUsedAt()).as("a use is recorded").isNotNull();
            } finally {
                server.close();
            }
        }
    }

    @Test
    void every_route_is_in_the_openapi_file_and_every_path_there_is_served(TestDatabase db, Store store) throws Exception {
        CaretakerConfig config = db.config("system: openapi-%s\n".formatted(db.name()));
        SettableClock clock = new SettableClock(Instant.now());
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("oa"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            JsonNode doc = get("/api/v1/openapi.json", null).body();
            assertThat(doc.get("openapi").asText()).startsWith("3.");
            Set<String> documented = new HashSet<>();
            doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                    .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + Api.PREFIX + p.getKey())));
            Set<String> served = new HashSet<>();
            web.api().routes().forEach(r -> served.add(r.method().name() + " " + r.path()));
            assertThat(served).isNotEmpty().isEqualTo(documented);
            for (Api.Route r : web.api().routes()) {
                String path = r.path().replaceAll("\\{(id|item)}", "1").replace("{name}", "x");
                Answer a = call(r.method().name(), path, null, null);
                assertThat(a.status()).as(r + " without a token").isEqualTo(401);
            }
        } finally {
            server.close();
        }
    }
}
