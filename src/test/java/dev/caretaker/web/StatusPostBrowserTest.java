package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.access.Role;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.schedule.Server;
import dev.caretaker.status.StatusPostsTest;
import dev.caretaker.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Status posts in Debian's headless Chromium: an operator logs in, posts an incident through the dashboard's form, adds an
 * "identified" update, and the public status page shows both updates with their times in the config's zone.
 */
@ExtendWith(TestDatabases.class)
class StatusPostBrowserTest extends InBrowser {

    @Test
    void an_operator_posts_an_incident_and_an_update_and_the_public_page_shows_both(TestDatabase db, Store store) throws Exception {
        CaretakerConfig config = db.config(StatusPostsTest.config("sp-browser-" + db.name()));
        SettableClock clock = new SettableClock(Instant.parse("2026-06-10T10:00:00Z"));
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("sp-browser"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            String base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            WebServer.users(server, clock).add("oda", Role.OPERATOR, "oda-passw0rd".toCharArray(), "test");
            Chromium.login(browser, base, "oda", "oda-passw0rd");
            Chromium.clickAndWait(browser, browser.findElement(By.linkText("Status posts")));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Status posts");

            WebElement form = browser.findElement(By.id("new-post"));
            form.findElement(By.id("post-title")).sendKeys("Card payments fail");
            form.findElements(By.name("component")).stream().filter(c -> "Payments".equals(c.getAttribute("value"))).findFirst().orElseThrow().click();
            form.findElement(By.cssSelector("#post-status option[value=investigating]")).click();
            form.findElement(By.id("post-message")).sendKeys("Some card payments fail; we are looking into it.");
            Chromium.clickAndWait(browser, form.findElement(By.id("post-submit")));
            assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).contains("is on the status page");
            long id = server.engine().statusPosts().open().get(0).id();

            clock.advance(Duration.ofMinutes(25));
            WebElement post = browser.findElement(By.id("post-" + id));
            post.findElement(By.cssSelector("#status-" + id + " option[value=identified]")).click();
            post.findElement(By.id("message-" + id)).sendKeys("The card processor's certificate expired; a new one is on its way.");
            Chromium.clickAndWait(browser, post.findElement(By.id("update-" + id)));
            assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).contains("Update added to post #" + id);
            Chromium.shot(browser, "status-posts");

            browser.get(base + "/status");
            WebElement open = browser.findElement(By.id("post-" + id));
            assertThat(open.findElement(By.tagName("h3")).getText()).isEqualTo("Card payments fail");
            assertThat(open.findElement(By.cssSelector(".post-status")).getText()).isEqualTo("Identified");
            assertThat(open.getText()).contains("Affects: Payments").doesNotContain("oda");
            List<String> updates = open.findElements(By.cssSelector("ol.updates li")).stream().map(WebElement::getText).toList();
            assertThat(updates).hasSize(2);
            assertThat(updates.get(0)).startsWith("Identified — The card processor's certificate expired").contains("2026-06-10 12:25 CEST");
            assertThat(updates.get(1)).startsWith("Investigating — Some card payments fail").contains("2026-06-10 12:00 CEST");
            assertThat(browser.findElement(By.id("history")).getText()).contains("Jun 10, 2026", "Card payments fail", "No incidents reported.");
            Chromium.shot(browser, "status-post-public");
        } finally {
            server.close();
        }
    }
}
