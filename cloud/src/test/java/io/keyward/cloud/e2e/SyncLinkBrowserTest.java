package io.keyward.cloud.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.browser.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * SPEC F1, F2 (and G2) in a real headless Chromium, as VisitorPasscodeBrowserTest: two locks of one
 * account; on the front door's Synchronized unlock page the owner picks the inner door and starts
 * linking, the page counts down; the inner door is unlocked on its panel with the administrator
 * passcode and the page shows the link active; then opening the front door opens the inner one.
 * Last, a remote controller is paired on Settings and its button on the panel opens the door.
 * Screenshots: docs/screenshots/sync-linking-*.png, sync-active-*.png, accessories-*.png. Any
 * console error fails the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Synchronized unlock page: linking confirmed on the linked lock's panel (F1), then the relay (F2)")
class SyncLinkBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String PASSWORD = "correct horse battery";
    static final String ADMIN = "246813";

    final Path data = Path.of("target", "e2e", "sync-" + UUID.randomUUID()).toAbsolutePath();
    Cloud cloud;
    Lock front;
    Lock inner;
    Browser owner;
    String appTab;
    String panelTab;
    String frontId;
    String innerId;

    @BeforeAll
    void start() throws Exception {
        cloud = Cloud.start(data.resolve("cloud"), Map.of());
        front = Lock.start(data.resolve("front"), cloud.uri());
        inner = Lock.start(data.resolve("inner"), cloud.uri());
        owner = Browser.start(Browser.DESKTOP);
        appTab = owner.driver.getWindowHandle();
        owner.driver.get(cloud.uri() + "/");
        owner.driver.switchTo().newWindow(WindowType.TAB);
        panelTab = owner.driver.getWindowHandle();
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {owner, front, inner, cloud}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing what is left
            }
        }
    }

    @Test
    @Order(1)
    @DisplayName("sign up; both locks get their administrator on the panel and are paired by their QR text")
    void twoPairedLocks() {
        app();
        type("signup-email", "owner-" + UUID.randomUUID() + "@example.org");
        type("signup-name", "Olivia");
        type("signup-password", PASSWORD);
        click("signup-submit");
        visible("add-lock");
        frontId = pairOnPanel(front, "Front door");
        innerId = pairOnPanel(inner, "Inner door");
        noConsoleErrors();
    }

    @Test
    @Order(2)
    @DisplayName("F1 start linking on the front door's Synchronized unlock page: the link waits with a countdown")
    void startLinking() throws Exception {
        app();
        owner.driver.get(cloud.uri() + "/#/lock/" + frontId);
        click("open-sync-link");
        wait(owner.driver).until(ExpectedConditions.urlMatches("#/lock/[0-9a-f-]{36}/sync$"));
        wait(owner.driver).until(d -> new Select(d.findElement(By.id("sync-lock"))).getOptions().size() == 1);
        Select choice = new Select(visible("sync-lock"));
        assertThat(choice.getFirstSelectedOption().getText()).isEqualTo("Inner door");
        assertThat(choice.getFirstSelectedOption().getAttribute("value")).isEqualTo(innerId);
        assertThat(visible("sync-status").getAttribute("data-status")).isEqualTo("NONE");
        click("sync-start");
        wait(owner.driver).until(d -> "PENDING".equals(d.findElement(By.id("sync-status")).getAttribute("data-status")));
        assertThat(visible("sync-status").getText()).contains("Inner door").contains("administrator");
        String first = visible("sync-countdown").getText();
        assertThat(first).matches("[01]:\\d\\d left");
        wait(owner.driver).until(d -> !first.equals(d.findElement(By.id("sync-countdown")).getText()));
        shots("sync-linking");
        noConsoleErrors();
    }

    @Test
    @Order(3)
    @DisplayName("F1 the administrator passcode on the inner door's panel confirms: the page shows the link active")
    void confirmOnTheLinkedLock() throws Exception {
        panel(inner);
        keypad(ADMIN);
        text("bolt-state", "UNLOCKED");
        click("handle-lift");
        text("bolt-state", "LOCKED");
        app();
        wait(owner.driver).until(d -> "ACTIVE".equals(d.findElement(By.id("sync-status")).getAttribute("data-status")));
        assertThat(visible("sync-status").getText()).contains("Linked").contains("Inner door");
        assertThat(owner.driver.findElement(By.id("sync-countdown")).isDisplayed()).isFalse();
        shots("sync-active");
        noConsoleErrors();
    }

    @Test
    @Order(4)
    @DisplayName("F2 then the front door's administrator passcode opens the inner door too")
    void relay() {
        assertThat(inner.state().get("bolt").asString()).isEqualTo("LOCKED");
        panel(front);
        keypad(ADMIN);
        text("bolt-state", "UNLOCKED");
        new WebDriverWait(owner.driver, Duration.ofSeconds(10)).until(d -> "UNLOCKED".equals(inner.state().get("bolt").asString()));
        assertThat(inner.events().valueStream().anyMatch(e -> "SYNCHRONIZED".equals(e.path("method").asString())
                && "OK".equals(e.path("result").asString()))).isTrue();
        noConsoleErrors();
    }

    @Test
    @Order(5)
    @DisplayName("G2 a remote controller paired on Settings gets a button on the panel that unlocks, logged as REMOTE_CONTROLLER")
    void remoteController() throws Exception {
        app();
        owner.driver.get(cloud.uri() + "/#/lock/" + frontId + "/settings");
        new Select(visible("accessory-kind")).selectByValue("REMOTE_CONTROLLER");
        type("accessory-name", "Car remote");
        click("accessory-pair");
        wait(owner.driver).until(d -> d.findElements(By.cssSelector("#accessory-list li[data-accessory='remote-1']")).size() == 1);
        click("accessory-pair"); // no name: the page says so and sends nothing
        wait(owner.driver).until(d -> d.findElement(By.id("message")).getText().contains("Name the accessory"));
        shots("accessories", "accessories");

        panel(front);
        click("handle-lift");
        text("bolt-state", "LOCKED");
        click("remote-remote-1");
        text("bolt-state", "UNLOCKED");
        wait(owner.driver).until(d -> front.events().valueStream().anyMatch(e -> "REMOTE_CONTROLLER".equals(e.path("method").asString())
                && "OK".equals(e.path("result").asString())));
        app();
        owner.driver.get(cloud.uri() + "/#/lock/" + frontId);
        text("lock-accessories", "Car remote");
        noConsoleErrors();
    }

    // ------------------------------------------------------------------ helpers

    /** Creates the administrator on the lock's panel, holds SET, pairs it in the app; returns its cloud id. */
    private String pairOnPanel(Lock lock, String name) {
        panel(lock);
        click("touch");
        click("key-OK");
        keypad(ADMIN);
        keypad(ADMIN);
        text("last-prompt", "successful");
        click("set-hold");
        String pairing = wait(owner.driver).until(d -> {
            WebElement field = d.findElement(By.id("qr-text"));
            String value = field.getText();
            return value.startsWith("keyward://pair") ? value : null;
        });
        app();
        owner.driver.get(cloud.uri() + "/#/add");
        type("pairing-code", pairing);
        type("lock-name", name);
        click("pair-submit");
        text("lock-online", "Online");
        String url = owner.driver.getCurrentUrl();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private void app() {
        owner.driver.switchTo().window(appTab);
    }

    private void panel(Lock lock) {
        owner.driver.switchTo().window(panelTab);
        String url = lock.running().panelUrl() + "/panel";
        if (!url.equals(owner.driver.getCurrentUrl())) {
            owner.driver.get(url);
            visible("touch");
        }
    }

    /** Digits then ✓ on the panel's keypad, waking it first. */
    private void keypad(String digits) {
        click("touch");
        for (char c : digits.toCharArray()) {
            click("key-" + c);
        }
        click("key-OK");
    }

    private static FluentWait<WebDriver> wait(WebDriver driver) {
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class);
    }

    private WebElement visible(String id) {
        return wait(owner.driver).until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    private void click(String id) {
        WebDriver driver = owner.driver;
        WebElement element = wait(driver).until(ExpectedConditions.elementToBeClickable(By.id(id)));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        wait(driver).until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    private void type(String id, String text) {
        WebElement field = visible(id);
        field.clear();
        field.sendKeys(text);
    }

    private void text(String id, String contains) {
        wait(owner.driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), contains));
    }

    /** The same page at phone and desktop size, into docs/screenshots/NAME-phone.png and NAME-desktop.png. */
    private void shots(String name) throws Exception {
        shot(name + "-phone", Browser.PHONE);
        shot(name + "-desktop", Browser.DESKTOP);
    }

    /** As shots, with the element of this id scrolled to the top at each size. */
    private void shots(String name, String scrollTo) throws Exception {
        shot(name + "-phone", Browser.PHONE, scrollTo);
        shot(name + "-desktop", Browser.DESKTOP, scrollTo);
    }

    private void shot(String name, Dimension size) throws Exception {
        shot(name, size, null);
    }

    private void shot(String name, Dimension size, String scrollTo) throws Exception {
        owner.driver.manage().window().setSize(size);
        Thread.sleep(300); // let the layout settle
        if (scrollTo != null) {
            ((JavascriptExecutor) owner.driver).executeScript(
                    "document.getElementById(arguments[0]).scrollIntoView({block: 'start'})", scrollTo);
            Thread.sleep(100);
        }
        owner.screenshot(screenshots().resolve(name + ".png"));
    }

    private static Path screenshots() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs"))) {
                return dir.resolve("docs").resolve("screenshots");
            }
        }
        throw new IllegalStateException("no docs/ above " + Path.of("").toAbsolutePath());
    }

    private void noConsoleErrors() {
        assertThat(new ArrayList<>(owner.consoleErrors())).as("console errors").isEmpty();
    }
}
