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
import dev.caretaker.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * "I'll take Friday" in headless Chromium: an operator puts bob on call over alice's Friday from the overview's "On call now"
 * card, the card lists the override and (the clock inside it) shows bob on call; a viewer sees the override but no form
 * and no remove button; removing it brings alice back. Screenshots go to {@code target/screenshots/}.
 */
@ExtendWith(TestDatabases.class)
class OncallBrowserTest extends InBrowser {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();


    private void logout() {
        Chromium.clickAndWait(browser, browser.findElement(By.cssSelector("form.who button")));
    }

    /**
     * Sets a date-and-time field as a person's picker would: its value is the local time in HTML's form
     * ({@code 2026-03-06T00:00}), whatever the browser's locale shows; typing into it depends on that locale.
     */
    private void pick(String id, String localDateTime) {
        WebElement input = browser.findElement(By.id(id));
        assertThat(input.getAttribute("type")).isEqualTo("datetime-local");
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}))", input, localDateTime);
    }

    private String card() {
        return browser.findElement(By.id("oncall")).getText();
    }

    @Test
    void an_operator_takes_friday_for_bob_and_removing_it_brings_alice_back(TestDatabase db, Store store) throws Exception {
        CaretakerConfig config = db.config(OncallApiTest.oncallConfig("helpdesk-" + db.name()));
        // Thursday 21:00 in Berlin, alice's week; the session's idle timeout (12 h) outlasts the move to Friday below
        SettableClock clock = new SettableClock(Instant.parse("2026-03-05T20:00:00Z"));
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("oc-web"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            String base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            Users users = WebServer.users(server, clock);
            users.add("otto", Role.OPERATOR, "otto-passw0rd".toCharArray(), "test");
            users.add("vera", Role.VIEWER, "vera-passw0rd".toCharArray(), "test");

            Chromium.login(browser, base, "otto", "otto-passw0rd");
            browser.get(base + "/");
            assertThat(card()).contains("support: alice", "then bob");
            assertThat(browser.findElement(By.cssSelector("form.override")).getText()).contains("times in Europe/Berlin");
            browser.findElement(By.xpath("//select[@id='who-support']/option[text()='bob']")).click();
            pick("from-support", "2026-03-06T00:00");
            pick("until-support", "2026-03-07T00:00");
            Chromium.clickAndWait(browser, browser.findElement(By.id("override-support")));
            assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).startsWith("Override #").contains("set");
            WebElement listed = browser.findElement(By.id("overrides-support"));
            assertThat(listed.getText()).contains("bob from Fri 2026-03-06 00:00 until Sat 2026-03-07 00:00", "set by otto")
                    .doesNotContain("(on now)");
            assertThat(card()).as("Thursday: still alice's turn").contains("support: alice");

            clock.set(Instant.parse("2026-03-06T03:00:00Z")); // Friday 04:00 in Berlin
            browser.get(base + "/");
            assertThat(card()).contains("support: bob (override)", "then alice");
            assertThat(browser.findElement(By.id("overrides-support")).getText()).contains("(on now)");
            Chromium.shot(browser, "oncall-override");

            // the remove button posts with the session's token; the same session without it is refused and nothing changes
            WebElement remove = browser.findElement(By.cssSelector("#overrides-support button"));
            String action = remove.findElement(By.xpath("./..")).getAttribute("action");
            Cookie session = browser.manage().getCookieNamed(Dashboard.SESSION_COOKIE);
            HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(URI.create(action))
                    .header("Cookie", Dashboard.SESSION_COOKIE + "=" + session.getValue())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(403);
            logout();

            // a viewer sees who is on call and the override, and no form or button to change them
            Chromium.login(browser, base, "vera", "vera-passw0rd");
            browser.get(base + "/");
            assertThat(card()).contains("support: bob (override)");
            assertThat(browser.findElement(By.id("overrides-support")).getText()).contains("bob from Fri 2026-03-06 00:00");
            assertThat(browser.findElements(By.cssSelector("form.override"))).isEmpty();
            assertThat(browser.findElements(By.cssSelector("#overrides-support button"))).isEmpty();
            logout();

            Chromium.login(browser, base, "otto", "otto-passw0rd");
            browser.get(base + "/");
            Chromium.clickAndWait(browser, browser.findElement(By.cssSelector("#overrides-support button")));
            assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).contains("removed");
            assertThat(card()).contains("support: alice").doesNotContain("override");
            assertThat(browser.findElements(By.id("overrides-support"))).isEmpty();
            Chromium.shot(browser, "oncall-override-removed");
            assertThat(server.engine().actions().auditLog().list(1)).singleElement().satisfies(e -> {
                assertThat(e.event()).isEqualTo("oncall_override_removed");
                assertThat(e.actor()).isEqualTo("otto");
            });
        } finally {
            server.close();
        }
    }
}
