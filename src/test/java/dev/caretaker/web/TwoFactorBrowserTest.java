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
import dev.caretaker.access.Totp;
import dev.caretaker.access.Users;
import dev.caretaker.action.Approvals;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Two factors in Debian's headless Chromium: enrolment from the QR page (the code computed here from the key the page shows),
 * a login with password and code, a recovery code good once, wrong codes locking the second step, and auth.require_2fa
 * refusing an approver without two factors on the dashboard and through the API until they set them up.
 */
@ExtendWith(TestDatabases.class)
class TwoFactorBrowserTest extends InBrowser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private void clickAndWait(WebElement e) {
        Chromium.clickAndWait(browser, e);
    }

    private void logout() {
        clickAndWait(browser.findElement(By.cssSelector("form.who button")));
    }

    /** The password step, then the code step when it is asked for. */
    private void login(String base, String user, String password, String code) {
        Chromium.login(browser, base, user, password);
        if (code != null) {
            assertThat(browser.getCurrentUrl()).as("the second step, no session yet").endsWith("/login");
            assertThat(browser.manage().getCookieNamed(Dashboard.SESSION_COOKIE)).isNull();
            browser.findElement(By.id("code")).sendKeys(code);
            clickAndWait(browser.findElement(By.cssSelector("button[type=submit]")));
        }
    }

    /** Sets up two factors from the page; returns the recovery codes it showed. */
    private List<String> enrol(String base, SettableClock clock) throws Exception {
        browser.get(base + "/account/2fa");
        assertThat(browser.findElement(By.id("two-factor-state")).getText()).contains("off");
        clickAndWait(browser.findElement(By.id("start-2fa")));
        String secret = browser.findElement(By.id("totp-secret")).getText().replace(" ", "");
        String uri = browser.findElement(By.id("otpauth-uri")).getText();
        assertThat(uri).startsWith("otpauth://totp/Caretaker:").contains("secret=" + secret).endsWith("&issuer=Caretaker");
        WebElement qr = browser.findElement(By.cssSelector("svg#qr"));
        assertThat(qr.findElement(By.tagName("path")).getAttribute("d")).as("the QR drawn from the exact URI shown").isEqualTo(QrSvg.path(uri));
        Chromium.shot(browser, "two-factor-qr");
        browser.findElement(By.id("code")).sendKeys(Totp.code(secret, clock.instant()));
        clickAndWait(browser.findElement(By.id("confirm-2fa")));
        Chromium.shot(browser, "two-factor-recovery-codes");
        List<String> codes = browser.findElements(By.cssSelector("#recovery-codes code")).stream().map(WebElement::getText).toList();
        assertThat(codes).hasSize(10);
        assertThat(browser.findElement(By.tagName("body")).getAttribute("data-pulse")).as("the page of the codes never reloads itself").isEmpty();
        browser.get(base + "/account/2fa");
        assertThat(browser.findElement(By.id("two-factor-state")).getText()).contains("on since").contains("10 recovery codes left");
        assertThat(browser.getPageSource()).as("the codes are shown once").doesNotContain(codes.get(0));
        SECRETS.set(secret);
        return codes;
    }

    private static final ThreadLocal<String> SECRETS = new ThreadLocal<>();

    @Test
    void enrol_then_log_in_with_a_code_and_a_recovery_code_works_once(TestDatabase db, Store store) throws Exception {
        SettableClock clock = new SettableClock(Instant.now());
        try (Receiver worker = new Receiver(200)) {
            // more logins than the default rate lets one address try in a minute
            CaretakerConfig config = db.config(DownGateway.config("quarry-" + db.name(), "{}", worker.url("/restart"))
                    + "auth:\n  login_rate: 100/1m\n");
            Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("web-node"), clock);
            try (WebServer web = new WebServer(server, clock)) {
                String base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
                Users users = WebServer.users(server, clock);
                users.add("rita", Role.APPROVER, "rita-passw0rd".toCharArray(), "test");

                login(base, "rita", "rita-passw0rd", null);
                List<String> recovery = enrol(base, clock);
                String secret = SECRETS.get();
                Chromium.shot(browser, "two-factor-on");
                logout();

                // password, then a code of the next step
                clock.advance(Duration.ofSeconds(30));
                login(base, "rita", "rita-passw0rd", Totp.code(secret, clock.instant()));
                assertThat(browser.findElement(By.cssSelector("form.who span")).getText()).contains("rita");
                List<String> via = store.jdbi().withHandle(h -> h.createQuery("SELECT via FROM web_session WHERE user_name = 'rita'")
                        .mapTo(String.class).list());
                assertThat(via).containsExactly("totp");
                logout();

                // the same code again: refused (a code is good once), no session
                login(base, "rita", "rita-passw0rd", Totp.code(secret, clock.instant()));
                assertThat(browser.findElement(By.id("login-error")).getText()).contains("Wrong code");
                assertThat(browser.manage().getCookieNamed(Dashboard.SESSION_COOKIE)).isNull();

                // a recovery code works once
                login(base, "rita", "rita-passw0rd", recovery.get(2));
                assertThat(browser.findElement(By.cssSelector("form.who span")).getText()).contains("rita");
                logout();
                login(base, "rita", "rita-passw0rd", recovery.get(2));
                assertThat(browser.findElement(By.id("login-error")).getText()).contains("Wrong code");
                Chromium.shot(browser, "two-factor-code-refused");

                // wrong codes lock the second step like wrong passwords: after five, the right code is refused too
                for (int i = 0; i < 4; i++) {
                    browser.findElement(By.id("code")).sendKeys("00000" + i);
                    clickAndWait(browser.findElement(By.cssSelector("button[type=submit]")));
                }
                assertThat(browser.findElement(By.id("login-error")).getText()).contains("Too many wrong codes");
                clock.advance(Duration.ofSeconds(30));
                browser.findElement(By.id("code")).sendKeys(Totp.code(secret, clock.instant()));
                clickAndWait(browser.findElement(By.cssSelector("button[type=submit]")));
                assertThat(browser.findElement(By.id("login-error")).getText()).contains("Too many wrong codes");
                assertThat(browser.manage().getCookieNamed(Dashboard.SESSION_COOKIE)).isNull();

                String audit = String.join("\n", server.engine().actions().auditLog().page(null, 100).stream()
                        .map(e -> e.event() + " " + e.subject() + " " + e.detail()).toList());
                assertThat(audit).contains("totp_enabled rita", "recovery_code_used rita").doesNotContain(secret).doesNotContain(recovery.get(2));
            } finally {
                server.close();
            }
        }
    }

    @Test
    void require_2fa_refuses_an_approver_without_two_factors_until_they_set_them_up(TestDatabase db, Store store) throws Exception {
        SettableClock clock = new SettableClock(Instant.now());
        try (Receiver worker = new Receiver(200)) {
            CaretakerConfig config = db.config(DownGateway.config("quarry-" + db.name(), "{}", worker.url("/restart"))
                    + "auth:\n  require_2fa: [approver]\n");
            Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("web-node"), clock);
            try (WebServer web = new WebServer(server, clock)) {
                String base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
                Engine engine = server.engine();
                engine.run(Engine.RunRequest.of("nightly"));
                Users users = WebServer.users(server, clock);
                users.add("rita", Role.APPROVER, "rita-passw0rd".toCharArray(), "test");
                long id = engine.actions().approvals(true, 10).stream().filter(a -> a.state() == Approvals.State.PENDING)
                        .findFirst().orElseThrow().id();

                // the API: a token of the approver is refused with a problem saying why and what to do
                String token = users.createToken("rita", "", null, "test").secret();
                HttpResponse<String> api = LoginForms.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/approvals/" + id + "/approve"))
                        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(api.statusCode()).as(api.body()).isEqualTo(403);
                assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                JsonNode problem = JSON.readTree(api.body());
                assertThat(problem.get("detail").asText()).contains("two factors").contains("auth.require_2fa").contains("/account/2fa");
                HttpResponse<String> reject = LoginForms.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/approvals/" + id + "/reject"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"not now\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(reject.statusCode()).as("rejecting too").isEqualTo(403);

                // the dashboard: a banner after login, a message with a link on Approvals, the approval refused
                login(base, "rita", "rita-passw0rd", null);
                assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).contains("needs two factors");
                browser.get(base + "/approvals");
                assertThat(browser.findElement(By.id("needs-2fa")).getText()).contains("need two factors");
                clickAndWait(browser.findElement(By.cssSelector("#approval-" + id + " button.approve")));
                assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).contains("Not done").contains("two factors");
                assertThat(browser.findElement(By.cssSelector("#approval-" + id + " .badge")).getText()).isEqualTo("pending");
                assertThat(worker.requests).as("nothing ran").isEmpty();
                Chromium.shot(browser, "two-factor-required");

                // after enrolling (the link on the page), the same approver approves, on the dashboard and the API alike
                clickAndWait(browser.findElement(By.cssSelector("#needs-2fa a")));
                enrol(base, clock);
                browser.get(base + "/approvals");
                assertThat(browser.findElements(By.id("needs-2fa"))).isEmpty();
                clickAndWait(browser.findElement(By.cssSelector("#approval-" + id + " button.approve")));
                assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).contains("Approved #" + id);
                HttpResponse<String> again = LoginForms.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/approvals/" + id + "/approve"))
                        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(again.statusCode()).as("past the two-factor rule: already decided").isEqualTo(409);

                // turning two factors off needs a code: a wrong one changes nothing, the right one turns them off
                browser.get(base + "/account/2fa");
                browser.findElement(By.id("code")).sendKeys("123456");
                clickAndWait(browser.findElement(By.id("disable-2fa")));
                assertThat(browser.findElement(By.id("two-factor-error")).getText()).contains("still on");
                clock.advance(Duration.ofSeconds(30));
                browser.findElement(By.id("code")).sendKeys(Totp.code(SECRETS.get(), clock.instant()));
                clickAndWait(browser.findElement(By.id("disable-2fa")));
                assertThat(browser.findElement(By.id("two-factor-state")).getText()).contains("off");
                assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).contains("Two factors are off");
            } finally {
                server.close();
            }
        }
    }
}
