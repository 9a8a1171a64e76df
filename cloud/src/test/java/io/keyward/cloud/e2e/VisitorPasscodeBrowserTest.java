package io.keyward.cloud.e2e;

import static io.keyward.cloud.browser.BrowserPages.closeAll;
import static io.keyward.cloud.browser.BrowserPages.noConsoleErrors;
import static io.keyward.cloud.browser.BrowserPages.onlyRefusals;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.keyward.cloud.browser.Browser;
import io.keyward.cloud.browser.BrowserPages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * SPEC E1, E2, E4 in a real headless Chromium, as BrowserWalkthroughTest: the web app's Visitor Passcode
 * page makes a one-time code, the lock's panel opens with it once and refuses it the second time, a
 * refusal of the cloud shows its reason, and revoking shows a revoke code. Screenshots go to
 * docs/screenshots/visitors-phone.png and visitors-desktop.png. Any console error fails the test, except
 * the browser's "Failed to load resource ... 4xx" lines of the refusals the test provokes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Visitor Passcode page: a one-time code opens the lock once")
class VisitorPasscodeBrowserTest {

    static final String ADMIN = "246813";

    final Path data = Path.of("target", "e2e", "visitors-" + UUID.randomUUID()).toAbsolutePath();
    Cloud cloud;
    Lock lock;
    Browser owner;
    BrowserPages page;
    String code;
    String codeItem;

    @BeforeAll
    void start() throws Exception {
        cloud = Cloud.shared();
        lock = Lock.start(data.resolve("locks"), cloud.uri());
        owner = Browser.start(Browser.DESKTOP);
        page = new BrowserPages(owner);
        page.openAppAndPanelTabs(cloud.uri() + "/", lock.running().panelUrl() + "/panel");
    }

    @AfterAll
    void stop() {
        closeAll(owner, lock, cloud);
    }

    @Test
    @Order(1)
    @DisplayName("sign up, create the administrator on the panel, pair the lock by its QR text")
    void pairedLock() {
        page.app();
        page.signUp("owner-" + UUID.randomUUID() + "@example.org", "Olivia");
        page.visible("add-lock");

        page.panel();
        page.createAdministrator(ADMIN);
        page.click("set-hold");
        String pairing = page.pairingText();

        page.app();
        page.addLock(pairing, "Front door");
        noConsoleErrors(owner);
    }

    @Test
    @Order(2)
    @DisplayName("E1 create a one-time code on the Visitor Passcode page")
    void createOneTimeCode() throws Exception {
        page.app();
        page.click("open-visitor");
        page.waiting().until(ExpectedConditions.urlMatches("#/lock/[0-9a-f-]{36}/visitors$"));
        assertThat(new Select(page.visible("visitor-kind")).getFirstSelectedOption().getAttribute("value")).isEqualTo("ONE_TIME");
        assertThat(page.visible("visitor-start").getAttribute("value")).isNotBlank();
        assertThat(owner.driver.findElement(By.id("visitor-end")).isDisplayed()).isFalse();
        page.type("visitor-name", "Cleaner");
        page.click("visitor-create");
        WebElement digits = page.visible("visitor-code");
        code = digits.getAttribute("data-code");
        assertThat(code).matches("\\d{12}");
        assertThat(digits.getAttribute("textContent")).isEqualTo(code);
        assertThat(page.visible("visitor-result").getText()).contains("Valid once").contains("until");
        WebElement item = page.waiting().until(d -> d.findElements(By.cssSelector("#visitor-list li[data-visitor-id]"))
                .stream().findFirst().orElse(null));
        codeItem = item.getAttribute("data-visitor-id");
        assertThat(item.getText()).contains("Cleaner").contains("One-time").contains("Active");
        ((JavascriptExecutor) owner.driver).executeScript(
                "document.getElementById('visitor-result').scrollIntoView({block: 'start'})");
        page.shots("visitors");
        noConsoleErrors(owner);
    }

    @Test
    @Order(3)
    @DisplayName("E1 the code opens the lock on the panel's keypad once, and only once")
    void opensOnce() {
        page.panel();
        page.keypad(code);
        page.waitForText("bolt-state", "UNLOCKED");
        page.waiting(Duration.ofSeconds(25))
                .until(d -> "LOCKED".equals(d.findElement(By.id("bolt-state")).getText().trim()));
        page.keypad(code);
        page.waiting().until(d -> "VISITOR_USED".equals(lastEvent("reason")));
        assertThat(owner.driver.findElement(By.id("bolt-state")).getText().trim()).isEqualTo("LOCKED");
        onlyRefusals("4\\d\\d", owner);
    }

    @Test
    @Order(4)
    @DisplayName("E2 a periodic code shorter than an hour: the cloud's reason shows in the message line")
    void refusalShowsTheReason() {
        page.app();
        new Select(page.visible("visitor-kind")).selectByValue("PERIODIC");
        WebElement end = page.visible("visitor-end");
        ((JavascriptExecutor) owner.driver).executeScript(
                "arguments[0].value = document.getElementById('visitor-start').value;", end);
        page.click("visitor-create");
        page.waiting().until(d -> {
            WebElement message = d.findElement(By.id("message"));
            return message.isDisplayed() && "alert".equals(message.getAttribute("role"))
                    && message.getText().contains("at least one hour");
        });
        onlyRefusals("4\\d\\d", owner);
    }

    @Test
    @Order(5)
    @DisplayName("E4 revoke asks to confirm, then shows the revoke code to type on the keypad")
    void revoke() {
        page.app();
        page.click("visitor-revoke-" + codeItem);
        page.click("visitor-revoke-confirm-" + codeItem);
        WebElement revokeCode = page.visible("visitor-revoke-code-" + codeItem);
        assertThat(revokeCode.getAttribute("data-code")).matches("\\d{12}");
        page.waitForText("visitor-revocation-" + codeItem, "keypad");
        page.waiting().until(d -> d.findElement(By.cssSelector("#visitor-list li[data-visitor-id='" + codeItem + "']"))
                .getText().contains("Revoked"));
        noConsoleErrors(owner);
    }

    // ------------------------------------------------------------------ helpers

    private String lastEvent(String field) {
        var last = lock.events().valueStream().reduce((a, b) -> b).orElse(null);
        return last == null || last.get(field) == null || last.get(field).isNull() ? null : last.get(field).asString();
    }
}
