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
import dev.caretaker.status.StatusPostsTest;
import dev.caretaker.store.Store;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Status posts over real HTTP: the API (a viewer reads and may not post, an operator posts and updates, bad input is
 * problem JSON), the public page with open incidents on top, planned maintenance and 90 days of history (a title with a
 * script tag shown as text), {@code /status.json} with public fields only, the Atom feed read by a real XML parser, and the
 * dashboard's forms (a viewer sees the posts but no form and gets 403).
 */
@ExtendWith(TestDatabases.class)
class StatusPostWebTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ATOM = "http://www.w3.org/2005/Atom";
    /** Noon in Berlin, summer time. */
    static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");

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

    @FunctionalInterface
    interface Work {
        void run(Server server, SettableClock clock, String viewer, String operator) throws Exception;
    }

    private void withServer(TestDatabase db, Store store, String yaml, Work work) throws Exception {
        CaretakerConfig config = db.config(yaml);
        SettableClock clock = new SettableClock(NOW);
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("sp-node"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            Users users = WebServer.users(server, clock);
            users.add("vera", Role.VIEWER, "vera-passw0rd".toCharArray(), "test");
            users.add("otto", Role.OPERATOR, "otto-passw0rd".toCharArray(), "test");
            work.run(server, clock, users.createToken("vera", "", null, "test").secret(), users.createToken("otto", "", null, "test").secret());
        } finally {
            server.close();
        }
    }

    @Test
    void an_operator_posts_and_updates_through_the_api_and_a_viewer_may_only_read(TestDatabase db, Store store) throws Exception {
        withServer(db, store, StatusPostsTest.config("sp-api-" + db.name()), (server, clock, vera, otto) -> {
            String incident = "{\"title\": \"Checkout fails\", \"components\": [\"Payments\"], \"status\": \"investigating\", "
                    + "\"message\": \"We are looking into it.\"}";
            assertThat(call("POST", "/api/v1/status-page/posts", null, incident).status()).isEqualTo(401);
            Answer refused = call("POST", "/api/v1/status-page/posts", vera, incident);
            assertThat(refused.status()).as("a viewer may not post").isEqualTo(403);
            assertThat(refused.type()).startsWith("application/problem+json");
            Answer typo = call("POST", "/api/v1/status-page/posts", otto, incident.replace("Payments", "Paymnts"));
            assertThat(typo.status()).isEqualTo(400);
            assertThat(typo.json().get("detail").asText()).contains("no component 'Paymnts'", "did you mean 'Payments'", "its components: Storefront, Payments");
            Answer accented = call("POST", "/api/v1/status-page/posts", otto, incident.replace("Payments", "Paiements é🔥"));
            assertThat(accented.type()).as("problem JSON says its charset").isEqualTo("application/problem+json; charset=utf-8");
            assertThat(accented.json().get("detail").asText()).as("UTF-8 through and through").contains("no component 'Paiements é🔥'");
            assertThat(call("POST", "/api/v1/status-page/posts", otto, "{\"title\": \"x\", \"status\": \"investigating\"}").json().get("detail").asText())
                    .isEqualTo("the body needs \"message\"");
            assertThat(call("POST", "/api/v1/status-page/posts", otto, "{\"kind\": \"maintenance\", \"title\": \"Upgrade\", \"status\": \"scheduled\", "
                    + "\"message\": \"m\", \"starts_at\": \"soon\", \"ends_at\": \"2026-06-12T02:00\"}").json().get("detail").asText())
                    .startsWith("\"starts_at\": 'soon' is not a time").contains("Europe/Berlin");

            Answer posted = call("POST", "/api/v1/status-page/posts", otto, incident);
            assertThat(posted.status()).as(posted.raw()).isEqualTo(201);
            long id = posted.json().get("id").asLong();
            assertThat(posted.json().get("created_by").asText()).isEqualTo("otto");
            assertThat(posted.json().get("updates").get(0).get("notify").asBoolean()).isTrue();

            clock.advance(Duration.ofMinutes(15));
            Answer identified = call("POST", "/api/v1/status-page/posts/" + id + "/updates", otto,
                    "{\"status\": \"identified\", \"message\": \"An expired certificate.\", \"notify\": false}");
            assertThat(identified.status()).as(identified.raw()).isEqualTo(201);
            assertThat(identified.json().get("status").asText()).isEqualTo("identified");
            assertThat(identified.json().get("updates").get(0).get("notify").asBoolean()).isFalse();
            assertThat(call("POST", "/api/v1/status-page/posts/" + id + "/updates", vera, "{\"status\": \"resolved\", \"message\": \"x\"}").status())
                    .isEqualTo(403);
            assertThat(call("POST", "/api/v1/status-page/posts/" + id + "/updates", otto, "{\"status\": \"resolved\", \"message\": \"Fixed.\"}").status())
                    .isEqualTo(201);
            Answer closed = call("POST", "/api/v1/status-page/posts/" + id + "/updates", otto, "{\"status\": \"monitoring\", \"message\": \"x\"}");
            assertThat(closed.status()).isEqualTo(409);
            assertThat(closed.json().get("detail").asText()).contains("is resolved and takes no more updates");
            assertThat(call("POST", "/api/v1/status-page/posts/999999/updates", otto, "{\"status\": \"monitoring\", \"message\": \"x\"}").status())
                    .isEqualTo(404);

            assertThat(call("GET", "/api/v1/status-page/posts", vera, null).json().get("items")).as("none open").isEmpty();
            JsonNode all = call("GET", "/api/v1/status-page/posts?all=true", vera, null).json().get("items");
            assertThat(all).hasSize(1);
            assertThat(all.get(0).get("updates")).hasSize(3);
            assertThat(server.engine().actions().auditLog().list(20)).filteredOn(e -> e.event().startsWith("status_"))
                    .extracting(e -> e.event() + " " + e.actor()).containsExactly("status_posted otto", "status_updated otto", "status_updated otto");
        });
    }

    @Test
    void the_public_page_json_and_atom_feed_show_the_posts(TestDatabase db, Store store) throws Exception {
        withServer(db, store, StatusPostsTest.config("sp-page-" + db.name()), (server, clock, vera, otto) -> {
            var desk = server.engine().statusPosts();
            clock.set(NOW.minus(Duration.ofDays(3)));
            var past = desk.post(new dev.caretaker.status.StatusPosts.Draft("incident", "Slow search", List.of("Storefront"), "investigating",
                    "Search takes seconds.", null, null, true), "otto");
            desk.update(past.id(), "resolved", "An index was rebuilt.", true, "otto");
            clock.set(NOW.minus(Duration.ofMinutes(30)));
            var open = desk.post(new dev.caretaker.status.StatusPosts.Draft("incident", "Checkout <script>alert(1)</script> fails", List.of("Payments"),
                    "investigating", "Looking into it & more.", null, null, true), "otto");
            clock.set(NOW.minus(Duration.ofMinutes(10)));
            desk.update(open.id(), "identified", "The card processor's certificate expired.", true, "otto");
            var upgrade = desk.post(new dev.caretaker.status.StatusPosts.Draft("maintenance", "Database upgrade", List.of(), "scheduled",
                    "Read-only for up to two hours.", Instant.parse("2026-06-12T20:00:00Z"), Instant.parse("2026-06-12T22:00:00Z"), true), "otto");
            clock.set(NOW);

            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(), HttpResponse.BodyHandlers.ofString());
            String html = page.body();
            assertThat(html).contains("<link rel=\"alternate\" type=\"application/atom+xml\"").contains("href=\"/status/feed.atom\"");
            assertThat(html).as("a title is text, never markup").doesNotContain("<script>alert(1)</script>")
                    .contains("Checkout &lt;script&gt;alert(1)&lt;/script&gt; fails");
            String top = html.substring(html.indexOf("id=\"posts\""), html.indexOf("</section>", html.indexOf("id=\"posts\"")));
            assertThat(top).contains("Identified", "Affects: Payments", "Looking into it &amp; more.").doesNotContain("Slow search", "otto");
            assertThat(top.indexOf("certificate expired")).as("newest update first").isLessThan(top.indexOf("Looking into it"));
            assertThat(top).as("times in the config's zone").contains("2026-06-10 11:50 CEST", "2026-06-10 11:30 CEST");
            assertThat(html.indexOf("id=\"posts\"")).as("open incidents on top").isLessThan(html.indexOf("class=\"group\""));
            String planned = html.substring(html.indexOf("id=\"maintenance-posts\""));
            assertThat(planned).contains("Database upgrade", "Scheduled for 2026-06-12 22:00 CEST – 2026-06-13 00:00 CEST",
                    "Affects: all components");
            String history = html.substring(html.indexOf("id=\"history\""));
            assertThat(history).contains("<h3>Jun 10, 2026</h3>", "<h3>Jun 7, 2026</h3>", "Slow search", "No incidents reported.");
            assertThat(history.split("class=\"history-day\"", -1)).as("90 days").hasSize(91);
            assertThat(html).as("the component an open post names is marked, its state kept").contains("<span>Payments <span class=\"posted\">· open incident</span></span>");

            JsonNode json = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/status.json")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(json.get("posts")).hasSize(3);
            JsonNode first = json.get("posts").get(0);
            assertThat(first.get("title").asText()).isEqualTo("Database upgrade");
            assertThat(first.get("status").asText()).isEqualTo("scheduled");
            assertThat(json.toString()).as("public fields only").doesNotContain("otto", "created_by", "notify");
            assertThat(json.get("groups").get(0).get("components").get(1).get("open_post").asBoolean()).isTrue();

            HttpResponse<byte[]> feed = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/status/feed.atom")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(feed.statusCode()).isEqualTo(200);
            assertThat(feed.headers().firstValue("Content-Type").orElse("")).startsWith("application/atom+xml");
            Document atom = parse(feed.body());
            Element root = atom.getDocumentElement();
            assertThat(root.getNamespaceURI()).isEqualTo(ATOM);
            assertThat(root.getLocalName()).isEqualTo("feed");
            assertThat(child(root, "title").getTextContent()).isEqualTo("Shop status");
            assertThat(child(root, "id").getTextContent()).startsWith("urn:uuid:");
            assertThat(child(root, "updated").getTextContent()).as("the newest update").isEqualTo("2026-06-10T09:50:00Z");
            assertThat(links(root)).contains("self " + base + "/status/feed.atom", "alternate " + base + "/status");
            List<Element> entries = children(root, "entry");
            assertThat(entries).hasSize(3);
            Element checkout = entries.stream().filter(e -> child(e, "title").getTextContent().startsWith("Checkout")).findFirst().orElseThrow();
            assertThat(child(checkout, "title").getTextContent()).isEqualTo("Checkout <script>alert(1)</script> fails");
            assertThat(child(checkout, "updated").getTextContent()).isEqualTo("2026-06-10T09:50:00Z");
            assertThat(child(checkout, "published").getTextContent()).isEqualTo("2026-06-10T09:30:00Z");
            String content = child(checkout, "content").getTextContent();
            assertThat(child(checkout, "content").getAttribute("type")).isEqualTo("html");
            assertThat(content).contains("<strong>Identified</strong>", "Looking into it &amp; more.", "Affects: Payments")
                    .doesNotContain("<script>");
            String checkoutId = child(checkout, "id").getTextContent();
            assertThat(entries.stream().map(e -> child(e, "id").getTextContent()).distinct()).hasSize(3);

            clock.advance(Duration.ofMinutes(5));
            desk.update(open.id(), "monitoring", "A new certificate is in place.", true, "otto");
            Document again = parse(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/status/feed.atom")).build(), HttpResponse.BodyHandlers.ofByteArray()).body());
            Element same = children(again.getDocumentElement(), "entry").stream().filter(e -> child(e, "id").getTextContent().equals(checkoutId))
                    .findFirst().orElseThrow();
            assertThat(child(same, "updated").getTextContent()).as("the entry keeps its id; updated moves").isEqualTo("2026-06-10T10:05:00Z");
            assertThat(child(again.getDocumentElement(), "id").getTextContent()).isEqualTo(child(root, "id").getTextContent());

            clock.set(Instant.parse("2026-06-12T20:30:00Z"));
            String during = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(during.substring(during.indexOf("id=\"maintenance-posts\""))).as("inside its window").contains("In progress: 2026-06-12 22:00 CEST");
            JsonNode duringJson = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/status.json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            List<String> states = new java.util.ArrayList<>();
            duringJson.get("groups").forEach(g -> g.get("components").forEach(c -> states.add(c.get("status").asText())));
            assertThat(states).as("a maintenance post naming no component puts every one under maintenance while in progress")
                    .isNotEmpty().containsOnly("maintenance");
            clock.set(Instant.parse("2026-06-12T22:00:00Z"));
            String after = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(after).as("completed after its end").doesNotContain("id=\"maintenance-posts\"");
            assertThat(call("GET", "/api/v1/status-page/posts", vera, null).json().get("items").toString())
                    .as("the open posts leave out a maintenance whose window is over").doesNotContain("Database upgrade");
            assertThat(JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/status.json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("groups").toString()).as("not after its end").doesNotContain("\"maintenance\"");
            assertThat(after.substring(after.indexOf("id=\"past-" + upgrade.id() + "\""))).contains("Completed: 2026-06-12 22:00 CEST");
        });
    }

    @Test
    void without_a_status_page_the_feed_is_not_found(TestDatabase db, Store store) throws Exception {
        withServer(db, store, "system: sp-none-" + db.name() + "\n", (server, clock, vera, otto) -> {
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/status/feed.atom")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(404);
            Answer refused = call("POST", "/api/v1/status-page/posts", otto, "{\"title\": \"x\", \"status\": \"investigating\", \"message\": \"m\"}");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("detail").asText()).contains("has no status_page");
        });
    }

    @Test
    void the_dashboard_lists_posts_to_a_viewer_and_takes_an_operators_forms(TestDatabase db, Store store) throws Exception {
        withServer(db, store, StatusPostsTest.config("sp-dash-" + db.name()), (server, clock, vera, otto) -> {
            CookieJar viewer = new CookieJar(base);
            viewer.login("vera", "vera-passw0rd", "/");
            String page = viewer.get("/").body();
            assertThat(page).as("linked from the navigation").contains("<a href=\"/status-posts\"");
            Map<String, String> form = new HashMap<>(Map.of("csrf", CookieJar.csrf(page), "kind", "incident", "title", "Slow checkout",
                    "component", "Payments", "status", "investigating", "maintenance_status", "scheduled", "message", "Looking into it."));
            assertThat(viewer.post("/status-posts", form).statusCode()).as("a viewer may not post").isEqualTo(403);
            assertThat(viewer.get("/status-posts").body()).contains("<h1>Status posts</h1>").doesNotContain("id=\"new-post\"");

            CookieJar operator = new CookieJar(base);
            operator.login("otto", "otto-passw0rd", "/");
            String own = operator.get("/status-posts").body();
            assertThat(own).contains("id=\"new-post\"", "value=\"Storefront\"", "value=\"Payments\"");
            form.put("csrf", "forged");
            assertThat(operator.post("/status-posts", form).statusCode()).as("without the session's token").isEqualTo(403);
            form.put("csrf", CookieJar.csrf(own));
            form.put("component", "Paymnts");
            var bad = operator.post("/status-posts", form);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("no component 'Paymnts'");
            form.put("component", "Payments");
            var done = operator.post("/status-posts", form);
            assertThat(done.statusCode()).isEqualTo(302);
            assertThat(done.headers().firstValue("Location").orElseThrow()).startsWith("/status-posts?notice=posted&id=");
            long id = server.engine().statusPosts().open().get(0).id();
            String listed = operator.get("/status-posts?notice=posted&id=" + id).body();
            assertThat(listed).contains("Post #" + id + " is on the status page.", "id=\"update-" + id + "\"", "posted by otto");

            Map<String, String> update = new HashMap<>(Map.of("csrf", CookieJar.csrf(listed), "status", "identified", "message", "The processor is down."));
            assertThat(viewer.post("/status-posts/" + id + "/updates", Map.of("csrf", CookieJar.csrf(page), "status", "resolved", "message", "x"))
                    .statusCode()).isEqualTo(403);
            assertThat(operator.post("/status-posts/" + id + "/updates", update).statusCode()).isEqualTo(302);
            update.put("status", "resolved");
            update.put("quiet", "1");
            assertThat(operator.post("/status-posts/" + id + "/updates", update).statusCode()).isEqualTo(302);
            var late = operator.post("/status-posts/" + id + "/updates", update);
            assertThat(late.statusCode()).isEqualTo(409);
            assertThat(late.body()).contains("is resolved and takes no more updates");
            String after = viewer.get("/status-posts").body();
            assertThat(after).contains("The processor is down.", "subscribers not told").doesNotContain("id=\"update-" + id + "\"");
            String reopen = operator.get("/status-posts").body();
            String reopenForm = reopen.substring(reopen.indexOf("action=\"/status-posts/" + id + "/updates\""));
            assertThat(reopenForm.substring(0, reopenForm.indexOf("</form>"))).as("a resolved incident may only be reopened")
                    .contains("<option value=\"investigating\">", "Reopen").doesNotContain("value=\"monitoring\"");
            update.put("status", "investigating");
            update.put("csrf", CookieJar.csrf(reopen));
            assertThat(operator.post("/status-posts/" + id + "/updates", update).statusCode()).isEqualTo(302);
            assertThat(server.engine().statusPosts().get(id).open()).isTrue();
            assertThat(server.engine().actions().auditLog().list(10)).extracting(e -> e.event() + " " + e.actor()).contains("status_posted otto");
        });
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = e.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element c && ATOM.equals(c.getNamespaceURI()) && c.getLocalName().equals(name)) {
                out.add(c);
            }
        }
        return out;
    }

    private static Element child(Element e, String name) {
        List<Element> found = children(e, name);
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    private static List<String> links(Element e) {
        return children(e, "link").stream().map(l -> l.getAttribute("rel") + " " + l.getAttribute("href")).toList();
    }
}
