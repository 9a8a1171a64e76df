package io.keyward.cloud.e2e;

import static io.keyward.cloud.browser.BrowserPages.closeAll;
import static io.keyward.cloud.browser.BrowserPages.noConsoleErrors;
import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import io.keyward.cloud.browser.Browser;
import io.keyward.cloud.browser.BrowserPages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * SPEC D7 in a real headless Chromium (issue 10 finding 3): a lock reset at the door shows as Reset
 * on the lock page and in My locks, with the words to add it again; the link leads to Add lock, and
 * the lock added again with its new QR is Online. Screenshots: docs/screenshots/lock-reset-*.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("A lock reset at the door, in the web app")
class ResetLockBrowserTest {

    final Path data = Path.of("target", "e2e", "reset-browser-" + UUID.randomUUID()).toAbsolutePath();
    Cloud cloud;
    Lock lock;
    Account owner;
    String lockId;
    Browser browser;
    BrowserPages page;

    @BeforeAll
    void start() throws Exception {
        cloud = Cloud.shared();
        lock = Lock.start(data.resolve("locks"), cloud.uri());
        owner = Account.signUp(cloud);
        lock.withAdministrator();
        Api.Response added = expect(owner.post("/api/locks", Map.of("pairingCode", lock.pairingCode(), "name", "Front door")), 201);
        lockId = added.json().get("id").asString();
        await().atMost(BrowserPages.WAIT).until(() -> owner.lock(lockId).get("online").asBoolean() && lock.running().linked());
        browser = Browser.start(Browser.DESKTOP);
        browser.driver.get(cloud.uri() + "/");
        page = new BrowserPages(browser, 400);
    }

    @AfterAll
    void stop() {
        closeAll(browser, lock, cloud);
    }

    @Test
    @DisplayName("D7 the lock page and My locks show the reset; Add it again pairs the lock anew")
    void finding03_resetLockShownInTheAppAndAddedAgain() throws Exception {
        page.signIn(owner.email, Account.PASSWORD);
        page.visible("signout");
        browser.driver.get(cloud.uri() + "/#/lock/" + lockId);
        page.waitForText("lock-online", "Online");

        lock.post("/battery", "{\"inserted\":false}");
        lock.post("/hold", "{\"button\":\"SET\",\"seconds\":5,\"insertBattery\":true}");
        lock.keys("OK"); // D7: confirm the factory reset

        page.waitForText("lock-online", "Reset");
        page.waitForText("lock-reset", "reset at the door");
        assertThat(browser.driver.findElement(By.id("unlock")).isEnabled()).as("nothing to unlock remotely").isFalse();
        page.shots("lock-reset");

        browser.driver.get(cloud.uri() + "/#/locks");
        page.waiting().until(d -> d.findElement(By.cssSelector("li[data-lock-id='" + lockId + "']")).getText().contains("Reset"));

        browser.driver.get(cloud.uri() + "/#/lock/" + lockId);
        page.click("lock-reset-add");
        page.waiting().until(ExpectedConditions.urlMatches("#/add$"));
        lock.withAdministrator();
        page.type("pairing-code", lock.pairingCode());
        page.type("lock-name", "Front door");
        page.leaveUnprotected(); // issue 15: a lock without owner devices, as before
        page.click("pair-submit");
        page.waitForText("lock-online", "Online");
        assertThat(browser.driver.findElement(By.id("lock-reset")).isDisplayed()).isFalse();
        noConsoleErrors(browser);
    }
}
