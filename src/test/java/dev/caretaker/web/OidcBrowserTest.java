package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Single sign-on in Debian's headless Chromium against a real provider ({@link OidcTestProvider}, at localhost, while
 * Caretaker is at 127.0.0.1: another site, as a real provider is): the login page's button, the provider's own login page
 * with the user's name and groups typed in, back on the page asked for with the mapped role. An approver sees the approve
 * button; a second user the groups map to viewer does not. Both are made in the store with the provider's issuer and
 * subject and no password.
 */
@ExtendWith(TestDatabases.class)
class OidcBrowserTest extends InBrowser {

    private void signIn(String base, String page, String name, String claims) {
        browser.manage().deleteAllCookies();
        browser.get(base + page);
        assertThat(browser.getCurrentUrl()).startsWith(base + "/login");
        Chromium.clickAndWait(browser, browser.findElement(By.id("sso")));
        assertThat(browser.getCurrentUrl()).as("the provider's own login page").startsWith("http://localhost:");
        browser.findElement(By.name("username")).sendKeys(name);
        browser.findElement(By.name("claims")).sendKeys(claims);
        Chromium.clickAndWait(browser, browser.findElement(By.cssSelector("input[type=submit]")));
        await().atMost(Duration.ofSeconds(15)).until(() -> browser.getCurrentUrl().equals(base + page));
    }

    @Test
    void a_provider_user_signs_in_in_a_real_browser_with_the_role_their_groups_map_to(TestDatabase db, Store store) throws Exception {
        SettableClock clock = new SettableClock(Instant.now());
        try (OidcTestProvider provider = new OidcTestProvider(); Receiver worker = new Receiver(200)) {
            int port = OidcTestProvider.freePort();
            String base = "http://127.0.0.1:" + port;
            String yaml = DownGateway.config("sso-browser-" + db.name(), "{}", worker.url("/restart")) + provider.authYaml(base, null);
            CaretakerConfig config = db.config(yaml);
            Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("sso-web"), clock);
            try (WebServer web = new WebServer(server, clock)) {
                web.start("127.0.0.1", port);
                Engine engine = server.engine();
                engine.actions().runByHand("restart-gateway", "gateway", Map.of(), "someone-else", false);

                browser.get(base + "/login");
                assertThat(browser.findElement(By.id("sso")).getText()).isEqualTo("Sign in with Acme SSO");
                Chromium.shot(browser, "oidc-login");

                String anna = "anna-" + db.name();
                signIn(base, "/approvals", anna, OidcTestProvider.claims(anna, "everyone", "caretaker-approvers"));
                assertThat(browser.findElement(By.cssSelector("form.who")).getText()).contains(anna).contains("approver");
                assertThat(browser.findElements(By.cssSelector("button.approve"))).as("an approver may approve").isNotEmpty();
                Chromium.shot(browser, "oidc-approver");

                String victor = "victor-" + db.name();
                signIn(base, "/approvals", victor, OidcTestProvider.claims(victor, "everyone"));
                assertThat(browser.findElement(By.cssSelector("form.who")).getText()).contains(victor).contains("viewer");
                assertThat(browser.findElements(By.cssSelector("article.approval"))).isNotEmpty();
                assertThat(browser.findElements(By.cssSelector("button.approve"))).as("a viewer may not approve").isEmpty();

                for (String[] u : new String[][] {{anna, "approver"}, {victor, "viewer"}}) {
                    assertThat(db.number("SELECT count(*) FROM caretaker.app_user WHERE name = '" + u[0] + "' AND role = '" + u[1]
                            + "' AND password_hash IS NULL AND oidc_issuer = '" + provider.issuer() + "' AND oidc_subject = '" + u[0] + "'"))
                            .isEqualTo(1);
                }
            } finally {
                server.close();
            }
        }
    }
}
