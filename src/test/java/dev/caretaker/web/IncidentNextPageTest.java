package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.access.Role;
import dev.caretaker.access.Users;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.engine.Engine;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The incident's page on the dashboard and its API JSON say what pages next and when (the next escalation step, then the
 * next reminder), through the real server; once the incident is acknowledged, neither shows anything next.
 */
@ExtendWith(TestDatabases.class)
class IncidentNextPageTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "olga-passw0rd-1";

    private static HttpResponse<String> get(String url, String header, String value) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header(header, value).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_incident_page_and_api_show_the_next_step_and_nothing_once_acknowledged(TestDatabase db, Store store) throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"));
        try (Receiver pager = new Receiver(200)) {
            CaretakerConfig config = db.config("""
                    system: next-page-%s
                    timezone: UTC
                    checks:
                      crm: {type: http, url: "http://127.0.0.1:1/"}
                    rules:
                      - {name: health-score-low, enabled: false}
                    notify:
                      channels:
                        ops: {type: webhook, url: "%s"}
                        oncall-primary: {type: webhook, url: "%s"}
                        oncall-secondary: {type: webhook, url: "%s"}
                        manager: {type: webhook, url: "%s"}
                      routes:
                        - {channels: [ops]}
                    incidents:
                      repeat: {P1: 1h}
                      escalation:
                        P1:
                          - {after: 15m, notify: [oncall-primary]}
                          - {after: 45m, notify: [oncall-secondary, manager]}
                    """.formatted(db.name(), pager.url("/ops"), pager.url("/primary"), pager.url("/secondary"), pager.url("/manager")));
            Pipeline.run(store, config, clock, "all", new CheckResult("crm", "http", Status.CRITICAL, 5, null, List.of(),
                    List.of(Finding.of("http.down", Severity.CRITICAL, "http://crm/", "crm is down: connection refused"))));
            Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("page-node"), clock);
            try (WebServer web = new WebServer(server, clock)) {
                String base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
                Engine engine = server.engine();
                long id = engine.incidents().active().get(0).id();
                Users users = WebServer.users(server, clock);
                users.add("olga", Role.OPERATOR, PASSWORD.toCharArray(), "test");
                String token = users.createToken("olga", "", null, "test").secret();
                HttpResponse<String> login = LoginForms.login(base, "olga", PASSWORD, null);
                assertThat(LoginForms.loggedIn(login)).isTrue();
                String cookies = LoginForms.cookies(login);

                clock.advance(Duration.ofMinutes(3));
                String page = get(base + "/incidents/" + id, "Cookie", cookies).body();
                assertThat(page).contains("<dd id=\"next\">escalation step 1 of 2 to oncall-primary at 10:15 (in 12m)</dd>");
                JsonNode next = JSON.readTree(get(base + "/api/v1/incidents/" + id, "Authorization", "Bearer " + token).body()).get("next");
                assertThat(next.get("what").asText()).isEqualTo("escalation step 1 of 2 to oncall-primary");
                assertThat(next.get("at").asText()).startsWith("2026-12-07T10:15:00");
                assertThat(next.get("text").asText()).isEqualTo("escalation step 1 of 2 to oncall-primary at 10:15 (in 12m)");

                clock.advance(Duration.ofMinutes(13));
                engine.housekeep(false);
                assertThat(get(base + "/incidents/" + id, "Cookie", cookies).body())
                        .contains("<dd id=\"next\">escalation step 2 of 2 to oncall-secondary, manager at 10:45 (in 29m)</dd>")
                        .contains("escalated to oncall-primary (step 1 of 2)");
                clock.advance(Duration.ofMinutes(30));
                engine.housekeep(false);
                assertThat(get(base + "/incidents/" + id, "Cookie", cookies).body())
                        .contains("<dd id=\"next\">reminder 1 of at most 10 to ops at 11:00 (in 14m)</dd>");

                HttpResponse<String> ack = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/incidents/" + id + "/ack"))
                        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
                assertThat(get(base + "/incidents/" + id, "Cookie", cookies).body()).doesNotContain("id=\"next\"").contains("acknowledged");
                assertThat(JSON.readTree(get(base + "/api/v1/incidents/" + id, "Authorization", "Bearer " + token).body()).get("next").isNull())
                        .isTrue();
            }
        }
    }
}
