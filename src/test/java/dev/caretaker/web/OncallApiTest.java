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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On-call over the API with a settable clock: who is on call now (viewer), an override (operator, audited under the
 * token's user) that changes who is on call, and the iCalendar feed as RFC 5545 shapes it.
 */
@ExtendWith(TestDatabases.class)
class OncallApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A Wednesday of alice's week (weeks from Monday 2026-01-05, alice first). */
    static final Instant WEDNESDAY = Instant.parse("2026-03-04T12:00:00Z");

    private record Answer(int status, String type, String raw) {
        JsonNode json() throws Exception {
            return JSON.readTree(raw);
        }
    }

    private String base;

    private Answer call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    static String oncallConfig(String system) {
        return """
                system: %s
                notify:
                  channels:
                    alice-hook: {type: webhook, url: "http://127.0.0.1:9/alice"}
                    bob-hook: {type: webhook, url: "http://127.0.0.1:9/bob"}
                people:
                  alice: {channels: [alice-hook]}
                  bob: {channels: [bob-hook]}
                oncall:
                  support:
                    zone: Europe/Berlin
                    layers: [{members: [alice, bob], rotation: weekly, handoff: "MON 09:00"}]
                """.formatted(system);
    }

    @Test
    void a_viewer_sees_who_is_on_call_and_an_operator_takes_friday(TestDatabase db, Store store) throws Exception {
        CaretakerConfig config = db.config(oncallConfig("helpdesk-" + db.name()));
        SettableClock clock = new SettableClock(WEDNESDAY);
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("oc-node"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            Users users = WebServer.users(server, clock);
            users.add("vera", Role.VIEWER, null, "test");
            users.add("otto", Role.OPERATOR, null, "test");
            String vera = users.createToken("vera", "", null, "test").secret();
            String otto = users.createToken("otto", "", null, "test").secret();

            assertThat(call("GET", "/api/v1/oncall", null, null).status()).isEqualTo(401);
            JsonNode now = call("GET", "/api/v1/oncall", vera, null).json().get("items").get(0);
            assertThat(now.get("schedule").asText()).isEqualTo("support");
            assertThat(now.get("on_call").asText()).isEqualTo("alice");
            assertThat(now.get("channels").get(0).asText()).isEqualTo("alice-hook");
            assertThat(now.get("since").asText()).isEqualTo("2026-03-02T08:00:00Z");
            assertThat(now.get("next_handoff").asText()).as("Monday 09:00 in Berlin").isEqualTo("2026-03-09T08:00:00Z");
            assertThat(now.get("next").asText()).isEqualTo("bob");

            String friday = "{\"who\": \"bob\", \"from\": \"2026-03-06T00:00\", \"until\": \"2026-03-07T00:00\"}";
            assertThat(call("POST", "/api/v1/oncall/support/overrides", vera, friday).status()).as("a viewer may not").isEqualTo(403);
            assertThat(call("POST", "/api/v1/oncall/suport/overrides", otto, friday).raw()).contains("did you mean 'support'");
            Answer nobody = call("POST", "/api/v1/oncall/support/overrides", otto, friday.replace("bob", "zed"));
            assertThat(nobody.status()).isEqualTo(400);
            assertThat(nobody.raw()).contains("'zed' is not under 'people'");
            assertThat(call("POST", "/api/v1/oncall/support/overrides", otto, friday.replace("2026-03-07T00:00", "someday")).raw())
                    .contains("\\\"until\\\": 'someday' is not a time");
            Answer taken = call("POST", "/api/v1/oncall/support/overrides", otto, friday);
            assertThat(taken.status()).as(taken.raw()).isEqualTo(201);
            assertThat(taken.json().get("from").asText()).as("midnight in Berlin").isEqualTo("2026-03-05T23:00:00Z");
            assertThat(taken.json().get("created_by").asText()).isEqualTo("otto");

            clock.set(Instant.parse("2026-03-06T10:00:00Z"));
            now = call("GET", "/api/v1/oncall", vera, null).json().get("items").get(0);
            assertThat(now.get("on_call").asText()).isEqualTo("bob");
            assertThat(now.get("override").asBoolean()).isTrue();
            assertThat(now.get("next").asText()).isEqualTo("alice");
            JsonNode audit = call("GET", "/api/v1/audit", vera, null).json().get("items").get(0);
            assertThat(audit.get("event").asText()).isEqualTo("oncall_override");
            assertThat(audit.get("actor").asText()).isEqualTo("otto");
            assertThat(audit.get("detail").asText()).contains("bob on call from 2026-03-05T23:00:00Z until 2026-03-06T23:00:00Z");
        } finally {
            server.close();
        }
    }

    @Test
    void the_calendar_feed_is_rfc_5545_with_stable_uids(TestDatabase db, Store store) throws Exception {
        CaretakerConfig config = db.config(oncallConfig("Helpdesk, Ünïcode; " + db.name() + " with a name long enough to be folded twice over"));
        SettableClock clock = new SettableClock(WEDNESDAY);
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("oc-node"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            Users users = WebServer.users(server, clock);
            users.add("vera", Role.VIEWER, null, "test");
            String vera = users.createToken("vera", "", null, "test").secret();
            assertThat(call("GET", "/api/v1/oncall/support.ics", null, null).status()).isEqualTo(401);
            assertThat(call("GET", "/api/v1/oncall/nope.ics", vera, null).status()).isEqualTo(404);
            Answer feed = call("GET", "/api/v1/oncall/support.ics", vera, null);
            assertThat(feed.status()).as(feed.raw()).isEqualTo(200);
            assertThat(feed.type()).startsWith("text/calendar");
            String ics = feed.raw();
            // RFC 5545 3.1: CRLF after every line, no line longer than 75 octets, continuation lines start with one space
            assertThat(ics).endsWith("\r\n").doesNotContainPattern("[^\r]\n");
            List<String> lines = Arrays.asList(ics.split("\r\n"));
            assertThat(lines).allSatisfy(l -> assertThat(l.getBytes(StandardCharsets.UTF_8).length).as(l).isLessThanOrEqualTo(75));
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(" "));
            String unfolded = ics.replace("\r\n ", "");
            List<String> props = Arrays.asList(unfolded.split("\r\n"));
            assertThat(props.get(0)).isEqualTo("BEGIN:VCALENDAR");
            assertThat(props.get(props.size() - 1)).isEqualTo("END:VCALENDAR");
            assertThat(props).contains("VERSION:2.0", "PRODID:-//Caretaker//On call//EN");
            assertThat(unfolded).contains("X-WR-CALNAME:On call: support (Helpdesk\\, Ünïcode\\; ");
            long events = props.stream().filter("BEGIN:VEVENT"::equals).count();
            assertThat(events).as("weekly shifts over two weeks back and eight ahead").isBetween(10L, 11L);
            assertThat(props.stream().filter("END:VEVENT"::equals).count()).isEqualTo(events);
            assertThat(props.stream().filter(p -> p.startsWith("UID:")).distinct().count()).isEqualTo(events);
            assertThat(props).contains("DTSTART:20260302T080000Z", "DTEND:20260309T080000Z", "SUMMARY:On call: alice", "SUMMARY:On call: bob");
            assertThat(props).filteredOn(p -> p.startsWith("DTSTART:") || p.startsWith("DTEND:") || p.startsWith("DTSTAMP:"))
                    .allSatisfy(p -> assertThat(p).matches("[A-Z]+:\\d{8}T\\d{6}Z"));
            List<String> uids = props.stream().filter(p -> p.startsWith("UID:")).toList();
            clock.advance(Duration.ofDays(1));
            String later = call("GET", "/api/v1/oncall/support.ics", vera, null).raw().replace("\r\n ", "");
            assertThat(Arrays.asList(later.split("\r\n")).stream().filter(p -> p.startsWith("UID:")).toList())
                    .as("the same shifts keep their UIDs a day later").containsAll(uids.subList(1, uids.size())).contains(uids.get(0));
        } finally {
            server.close();
        }
    }

    @Test
    void the_overview_says_who_is_on_call_now_and_an_operator_overrides_there(TestDatabase db, Store store) throws Exception {
        CaretakerConfig config = db.config(oncallConfig("helpdesk-" + db.name()) + "timezone: Europe/Berlin\n");
        SettableClock clock = new SettableClock(WEDNESDAY);
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("oc-node"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            String url = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            Users users = WebServer.users(server, clock);
            users.add("vik", Role.VIEWER, "vik-passw0rd".toCharArray(), "test");
            CookieJar viewer = new CookieJar(url);
            viewer.login("vik", "vik-passw0rd", "/");
            String page = viewer.get("/").body();
            assertThat(page).contains("<h2>On call now</h2>");
            String block = page.substring(page.indexOf("id=\"oncall\""), page.indexOf("</ul>", page.indexOf("id=\"oncall\"")));
            assertThat(block).contains("support").contains("<strong>alice</strong>").contains("2026-03-09 09:00").contains("then bob")
                    .doesNotContain("override");
            assertThat(page).as("a viewer gets no override form").doesNotContain("id=\"override-support\"");
            java.util.Map<String, String> friday = new java.util.HashMap<>(java.util.Map.of("csrf", CookieJar.csrf(page), "who", "bob",
                    "from", "2026-03-04T13:00", "until", "2026-03-04T16:00"));
            assertThat(viewer.post("/oncall/support/override", friday).statusCode()).isEqualTo(403);

            users.add("oda", Role.OPERATOR, "oda-passw0rd".toCharArray(), "test");
            CookieJar operator = new CookieJar(url);
            operator.login("oda", "oda-passw0rd", "/");
            String own = operator.get("/").body();
            assertThat(own).contains("id=\"override-support\"", "<option>alice</option>", "<option>bob</option>");
            friday.put("csrf", CookieJar.csrf(own));
            friday.put("until", "tomorrow");
            var refused = operator.post("/oncall/support/override", friday);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("'tomorrow' is not a time");
            friday.put("until", "2026-03-04T16:00");
            var done = operator.post("/oncall/support/override", friday);
            assertThat(done.statusCode()).isEqualTo(302);
            assertThat(done.headers().firstValue("Location").orElseThrow()).startsWith("/?notice=overridden&id=");
            assertThat(server.engine().oncall().now().get(0).current().orElseThrow().who()).as("13:00 in Berlin is 12:00 UTC").isEqualTo("bob");
            page = viewer.get("/").body();
            assertThat(page.substring(page.indexOf("id=\"oncall\""))).contains("<strong>bob</strong> (override)");
            assertThat(server.engine().actions().auditLog().list(1).get(0).actor()).isEqualTo("oda");
        } finally {
            server.close();
        }
    }
}
