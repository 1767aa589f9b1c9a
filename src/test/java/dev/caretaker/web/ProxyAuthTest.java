package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import dev.caretaker.access.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A reverse proxy's user header: believed from a trusted address only, for existing users only, and audited. */
@ExtendWith(TestDatabases.class)
class ProxyAuthTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private static HttpResponse<String> get(String url, String user) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("X-Remote-User", user).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void withServer(TestDatabase db, Store store, String trusted, ServerWork work) throws Exception {
        CaretakerConfig config = db.config("""
                system: proxied-%s
                auth: {proxy_header: X-Remote-User, trusted_proxies: [%s]}
                checks:
                  api: {type: http, url: "http://127.0.0.1:1/"}
                """.formatted(db.name(), trusted));
        SettableClock clock = new SettableClock(Instant.now());
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("proxy"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            int port = web.start("127.0.0.1", 0);
            var users = WebServer.users(server, clock);
            if (users.get("vera-" + db.name()).isEmpty()) {
                users.add("vera-" + db.name(), Role.VIEWER, null, "test");
            }
            work.run("http://127.0.0.1:" + port, "vera-" + db.name());
        } finally {
            server.close();
        }
    }

    @FunctionalInterface
    interface ServerWork {
        void run(String base, String user) throws Exception;
    }

    @Test
    void the_header_logs_a_user_in_only_from_a_trusted_proxy(TestDatabase db, Store store) throws Exception {
        withServer(db, store, "127.0.0.0/8", (base, user) -> {
            HttpResponse<String> page = get(base + "/", user);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains(user + " (viewer)");
            assertThat(page.headers().firstValue("Set-Cookie").orElse("")).contains("HttpOnly").contains("SameSite=Strict");
            assertThat(get(base + "/", "nobody-here").statusCode()).as("a user Caretaker does not know").isEqualTo(403);
            assertThat(get(base + "/api/v1/status", user).statusCode()).as("the API wants its token").isEqualTo(401);
        });
        withServer(db, store, "10.0.0.0/8", (base, user) -> {
            HttpResponse<String> page = get(base + "/", user);
            assertThat(page.statusCode()).as("127.0.0.1 is not a trusted proxy here").isEqualTo(302);
            assertThat(page.headers().firstValue("Location").orElse("")).startsWith("/login");
        });
        assertThat(db.number("SELECT count(*) FROM caretaker.audit WHERE event = 'login' AND detail LIKE 'named by the trusted proxy%'"))
                .isEqualTo(1);
    }

    @Test
    void a_proxy_header_without_trusted_proxies_is_a_config_error(TestDatabase db) {
        assertThatThrownBy(() -> db.config("""
                system: p
                auth: {proxy_header: X-Remote-User}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("auth.proxy_header needs auth.trusted_proxies");
        assertThatThrownBy(() -> db.config("""
                system: p
                auth: {proxy_header: X-Remote-User, trusted_proxies: [proxy.internal]}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("names are not accepted");
    }

    @Test
    void a_login_rate_that_is_not_a_rate_is_a_config_error_naming_its_key(TestDatabase db) {
        assertThatThrownBy(() -> db.config("""
                system: p
                auth: {login_rate: ten a minute}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("auth.login_rate").hasMessageContaining("write COUNT/PERIOD");
        assertThatThrownBy(() -> db.config("""
                system: p
                auth: {login_rates: 10/1m}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("login_rates");
        CaretakerConfig c = db.config("""
                system: p
                auth: {login_rate: 5/30s, login_rate_global: 100/1m}
                """);
        assertThat(c.auth().loginRate().toString()).isEqualTo("5/30s");
        assertThat(c.auth().loginRateGlobal().count()).isEqualTo(100);
    }
}
