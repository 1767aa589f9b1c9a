package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.access.Role;
import dev.caretaker.access.Users;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.engine.Engine;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the public sees on the listener the status page shares: {@code /metrics} behind a bearer token unless public, and
 * then without the checks the status page does not show; {@code /readyz} and {@code /healthz} with their status only; the
 * status page without the maintenance of a check it does not show.
 */
@ExtendWith(TestDatabases.class)
class PublicSurfaceTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SCRAPE_TOKEN = "scrape-0123456789abcdef";

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @FunctionalInterface
    interface Work {
        void run(String base, String viewerToken) throws Exception;
    }

    private static void withServer(TestDatabase db, Store store, String metrics, Work work) throws Exception {
        Instant now = Instant.now();
        CaretakerConfig config = db.config("""
                system: public-%s
                %s
                status_page:
                  title: Shop status
                  groups:
                    - name: Services
                      components:
                        - {name: Storefront, checks: [shop]}
                maintenance:
                  - {name: ledger-move, from: "%s", to: "%s", checks: [ledger]}
                  - {name: shop-move, from: "%s", to: "%s", checks: [shop]}
                checks:
                  shop: {type: http, url: "http://127.0.0.1:1/"}
                  ledger: {type: http, url: "http://127.0.0.1:1/"}
                """.formatted(db.name(), metrics, now.plus(Duration.ofDays(2)), now.plus(Duration.ofDays(2)).plus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(3)), now.plus(Duration.ofDays(3)).plus(Duration.ofHours(1))));
        SettableClock clock = new SettableClock(now);
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("public"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            String base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            server.engine().run(Engine.RunRequest.checks("by-hand", List.of("shop", "ledger")));
            server.metrics().load();
            Users users = WebServer.users(server, clock);
            if (users.get("vera").isEmpty()) {
                users.add("vera", Role.VIEWER, null, "test");
            }
            work.run(base, users.createToken("vera", "", null, "test").secret());
        } finally {
            server.close();
        }
    }

    @Test
    void metrics_need_a_token_by_default_and_a_public_scrape_names_only_the_status_pages_checks(TestDatabase db, Store store) throws Exception {
        withServer(db, store, "metrics: {token: \"" + SCRAPE_TOKEN + "\"}", (base, viewer) -> {
            HttpResponse<String> anonymous = get(base + "/metrics", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
            assertThat(anonymous.body()).doesNotContain("ledger", "shop");
            assertThat(get(base + "/metrics", "not-the-token-at-all").statusCode()).isEqualTo(401);
            HttpResponse<String> scraped = get(base + "/metrics", SCRAPE_TOKEN);
            assertThat(scraped.statusCode()).isEqualTo(200);
            assertThat(scraped.body()).contains("check=\"ledger\"").contains("check=\"shop\"");
            assertThat(get(base + "/metrics", viewer).body()).as("a user's API token").contains("check=\"ledger\"");
        });
        withServer(db, store, "metrics: {public: true}", (base, viewer) -> {
            HttpResponse<String> anonymous = get(base + "/metrics", null);
            assertThat(anonymous.statusCode()).isEqualTo(200);
            assertThat(anonymous.body()).contains("caretaker_check_status{check=\"shop\"").doesNotContain("ledger")
                    .contains("jvm_memory_used_bytes");
            promtool(anonymous.body());
            assertThat(get(base + "/metrics", viewer).body()).as("with a token, every check").contains("check=\"ledger\"");
        });
    }

    @Test
    void readyz_and_healthz_give_their_details_only_to_a_caller_with_a_token(TestDatabase db, Store store) throws Exception {
        withServer(db, store, "", (base, viewer) -> {
            // this server does not schedule (not started), so it is not ready: the status is all the public learns
            HttpResponse<String> ready = get(base + "/readyz", null);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("{\"ready\":false}");
            assertThat(get(base + "/healthz", null).body()).isEqualTo("ok\n");
            HttpResponse<String> details = get(base + "/readyz", viewer);
            assertThat(details.statusCode()).isEqualTo(503);
            assertThat(details.body()).contains("\"ready\":false", "\"node\":\"public\"", "\"config\":", "\"scheduler\":\"not running\"",
                    "\"store\":\"reachable\"");
            assertThat(get(base + "/readyz", "ct_not-a-token").body()).isEqualTo("{\"ready\":false}");
            assertThat(get(base + "/healthz", viewer).body()).startsWith("ok\n").contains("node public");
        });
    }

    @Test
    void the_status_page_shows_no_maintenance_of_a_check_it_does_not_show(TestDatabase db, Store store) throws Exception {
        withServer(db, store, "", (base, viewer) -> {
            String page = get(base + "/status.json", null).body();
            assertThat(page).contains("Maintenance of Storefront");
            assertThat(page).as("ledger-move touches no component").doesNotContain("\"Maintenance:", "\"Maintenance\"");
            assertThat(page.split("Maintenance", -1)).as("one window shown").hasSize(2);
        });
    }

    @Test
    void a_short_metrics_token_is_a_config_error(TestDatabase db) {
        assertThatThrownBy(() -> db.config("""
                system: p
                metrics: {token: short}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("metrics.token must be at least 16");
        assertThatThrownBy(() -> db.config("""
                system: p
                metrics: {tokn: "scrape-0123456789abcdef"}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("tokn");
    }

    static void promtool(String metrics) throws Exception {
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String verdict = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as("promtool check metrics: " + verdict).isZero();
    }
}
