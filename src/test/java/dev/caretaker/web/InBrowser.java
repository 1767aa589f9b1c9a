package dev.caretaker.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.WebDriver;

/** A browser test: a fresh headless Chromium ({@link Chromium#open()}) for each test, closed after it. */
abstract class InBrowser {
    protected WebDriver browser;

    @BeforeEach
    void openBrowser() {
        browser = Chromium.open();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }
}
