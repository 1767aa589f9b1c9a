package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium for the browser tests: open one, click and wait for the next page, log in, take a screenshot
 * to {@code target/screenshots/}. Needs /usr/bin/chromium and /usr/bin/chromedriver (scripts/test installs them).
 */
final class Chromium {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "screenshots");

    private Chromium() {
    }

    static WebDriver open() {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER))
                .as("the browser tests need Debian's chromium and chromium-driver: run scripts/test (it installs them) or "
                        + "apt-get install chromium chromium-driver").isTrue();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--disable-gpu");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return browser;
    }

    static void shot(WebDriver browser, String name) throws Exception {
        Files.createDirectories(SHOTS);
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** Clicks and waits until the browser has left the page (a form post or a link), so the next look sees the new one. */
    static void clickAndWait(WebDriver browser, WebElement element) {
        WebElement page = browser.findElement(By.tagName("html"));
        element.click();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            try {
                page.getTagName();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException gone) {
                return true;
            }
        });
    }

    static void login(WebDriver browser, String base, String user, String password) {
        browser.get(base + "/login");
        browser.findElement(By.id("user")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        clickAndWait(browser, browser.findElement(By.cssSelector("button[type=submit]")));
    }
}
