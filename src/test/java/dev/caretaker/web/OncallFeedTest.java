package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.access.Role;
import dev.caretaker.access.Users;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.SigningKey;
import dev.caretaker.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The signed iCalendar feed URL of a schedule, for calendar apps that cannot send a token: its key lets in that schedule's
 * feed only; a wrong key, another schedule's, or one made under a rotated CARETAKER_SECRET_KEY is 403; without a key the
 * token is needed as before. Operators see the URL on the overview's card; viewers do not.
 */
@ExtendWith(TestDatabases.class)
class OncallFeedTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String config(String system) {
        return OncallApiTest.oncallConfig(system) + """
                  nights:
                    zone: Europe/Berlin
                    layers: [{members: [bob], rotation: weekly}]
                """;
    }

    @Test
    void the_signed_url_opens_its_own_feed_without_a_token_and_nothing_else(TestDatabase db, Store store) throws Exception {
        CaretakerConfig config = db.config(config("helpdesk-" + db.name()));
        SettableClock clock = new SettableClock(OncallApiTest.WEDNESDAY);
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("feed-node"), clock);
        String base;
        String supportUrl;
        try (WebServer web = new WebServer(server, clock)) {
            base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            supportUrl = server.engine().oncall().feedUrl("support", base + "/");
            assertThat(supportUrl).startsWith(base + "/api/v1/oncall/support.ics?key=").doesNotContain("//api");
            String key = supportUrl.substring(supportUrl.indexOf("key=") + 4);
            assertThat(key).matches("[0-9a-f]{64}");

            HttpResponse<String> feed = get(supportUrl, null);
            assertThat(feed.statusCode()).as(feed.body()).isEqualTo(200);
            assertThat(feed.headers().firstValue("Content-Type").orElse("")).startsWith("text/calendar");
            assertThat(feed.body()).startsWith("BEGIN:VCALENDAR").contains("SUMMARY:On call: alice");

            String nightsKey = server.engine().oncall().feedKey("nights");
            HttpResponse<String> other = get(base + "/api/v1/oncall/support.ics?key=" + nightsKey, null);
            assertThat(other.statusCode()).as("another schedule's key").isEqualTo(403);
            assertThat(other.body()).contains("not this feed's").doesNotContain(nightsKey).doesNotContain(key);
            assertThat(get(base + "/api/v1/oncall/nights.ics?key=" + key, null).statusCode()).as("support's key on nights").isEqualTo(403);
            assertThat(get(base + "/api/v1/oncall/support.ics?key=" + key.replace(key.charAt(0), key.charAt(0) == 'a' ? 'b' : 'a'), null)
                    .statusCode()).as("a wrong key").isEqualTo(403);
            assertThat(get(base + "/api/v1/oncall/support.ics?key=", null).statusCode()).as("an empty key").isEqualTo(403);
            assertThat(get(base + "/api/v1/oncall/nope.ics?key=" + key, null).statusCode()).isEqualTo(404);
            assertThat(get(base + "/api/v1/oncall/support.ics", null).statusCode()).as("no key: the token is needed").isEqualTo(401);
            assertThat(get(base + "/api/v1/oncall/support/overrides?key=" + key, null).statusCode()).as("the key opens the feed only")
                    .isEqualTo(401);

            // the card shows operators the URL, and viewers not
            Users users = WebServer.users(server, clock);
            users.add("oda", Role.OPERATOR, "oda-passw0rd".toCharArray(), "test");
            users.add("vik", Role.VIEWER, "vik-passw0rd".toCharArray(), "test");
            CookieJar operator = new CookieJar(base);
            operator.login("oda", "oda-passw0rd", "/");
            assertThat(operator.get("/").body()).contains("id=\"feed-support\" value=\"" + supportUrl.replace("&", "&amp;") + "\"");
            CookieJar viewer = new CookieJar(base);
            viewer.login("vik", "vik-passw0rd", "/");
            assertThat(viewer.get("/").body()).doesNotContain(key).doesNotContain("id=\"feed-support\"");
        } finally {
            server.close();
        }

        // a new CARETAKER_SECRET_KEY (the store's record of the old one's fingerprint cleared, as replacing the key needs): the
        // URL given out before is refused
        store.jdbi().useHandle(h -> h.execute("DELETE FROM signing_key"));
        SigningKey rotated = SigningKey.of("another-secret-key-of-at-least-32-characters", SigningKey.ENVIRONMENT_VARIABLE);
        Server after = new Server(store, config, c -> Pipeline.engine(store, c, clock).signingKey(rotated).build(),
                Server.Options.defaults("feed-node-2"), clock);
        try (WebServer web = new WebServer(after, clock)) {
            String base2 = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            String old = supportUrl.replace(base, base2);
            assertThat(get(old, null).statusCode()).isEqualTo(403);
            assertThat(get(after.engine().oncall().feedUrl("support", base2), null).statusCode()).isEqualTo(200);
        } finally {
            after.close();
        }
    }
}
