package io.keyward.cloud.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * SPEC C5, E3, H2 in a real headless Chromium against a real simulated lock: the owner makes a visitor's
 * pairing code on the Bluetooth Key page; a second account signs in, redeems it on "Bluetooth keys" and
 * presses "Unlock nearby": the web app's WebCrypto client does the handshake with the lock's radio and
 * the lock's panel shows UNLOCKED. Then the cloud is stopped and the already loaded page unlocks again.
 * Screenshots: docs/screenshots/bluetooth-owner-*.png and bluetooth-visitor-*.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Bluetooth Key page: a visitor's phone unlocks over Bluetooth")
class BluetoothKeyBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String PASSWORD = "correct horse battery";
    static final String ADMIN = "246813";

    final Path data = Path.of("target", "e2e", "bluetooth-browser-" + UUID.randomUUID()).toAbsolutePath();
    Cloud cloud;
    Lock lock;
    Browser browser;
    String appTab;
    String panelTab;
    String code;
    String keyId;

    @BeforeAll
    void start() throws Exception {
        cloud = Cloud.start(data.resolve("cloud"), Map.of());
        lock = Lock.start(data.resolve("locks"), cloud.uri());
        browser = Browser.start(Browser.DESKTOP);
        appTab = browser.driver.getWindowHandle();
        browser.driver.get(cloud.uri() + "/");
        browser.driver.switchTo().newWindow(WindowType.TAB);
        panelTab = browser.driver.getWindowHandle();
        browser.driver.get(lock.running().panelUrl() + "/panel");
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {browser, lock, cloud}) {
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
    @DisplayName("the owner signs up and pairs the lock by its QR text")
    void pairedLock() {
        app();
        signUp("owner", "Olivia");
        panel();
        click("touch");
        click("key-OK");
        keypad(ADMIN);
        keypad(ADMIN);
        text("last-prompt", "successful");
        click("set-hold");
        String pairing = wait(browser.driver).until(d -> {
            WebElement field = d.findElement(By.id("qr-text"));
            String value = field.getAttribute("value") != null && !field.getAttribute("value").isBlank()
                    ? field.getAttribute("value") : field.getText();
            return value.startsWith("keyward://pair") ? value : null;
        });
        app();
        click("add-lock");
        type("pairing-code", pairing);
        type("lock-name", "Front door");
        click("pair-submit");
        text("lock-online", "Online");
        noConsoleErrors();
    }

    @Test
    @Order(2)
    @DisplayName("E3 the owner makes a visitor's pairing code on the Bluetooth Key page (their own key is ready too)")
    void ownerMakesACode() throws Exception {
        app();
        click("open-bluetooth-key");
        wait(browser.driver).until(ExpectedConditions.urlMatches("#/lock/[0-9a-f-]{36}/bluetooth$"));
        text("bt-unlock-hint", "Your owner key");
        type("bt-invite-name", "Plumber");
        click("bt-invite-create");
        code = visible("bt-invite-code").getAttribute("data-code");
        assertThat(code).matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}");
        wait(browser.driver).until(d -> !d.findElements(By.cssSelector("#bt-key-list li[data-key-id]")).isEmpty());
        ((JavascriptExecutor) browser.driver).executeScript(
                "document.getElementById('bt-invite-result').scrollIntoView({block: 'start'})");
        shots("bluetooth-owner");
        noConsoleErrors();
    }

    @Test
    @Order(3)
    @DisplayName("C5 the owner's own key: Unlock nearby on the lock's Bluetooth Key page opens the lock")
    void ownerUnlocks() {
        app();
        click("bt-unlock");
        text("bt-result", "Unlocked");
        panel();
        text("bolt-state", "UNLOCKED");
        relocked();
        noConsoleErrors();
    }

    @Test
    @Order(4)
    @DisplayName("E3 a visitor's account redeems the code and unlocks over Bluetooth: the panel shows UNLOCKED")
    void visitorUnlocks() throws Exception {
        app();
        click("signout");
        visible("signup-email");
        signUp("visitor", "Victor");
        click("open-my-bluetooth");
        type("bt-redeem-code", code.toLowerCase());
        click("bt-redeem-submit");
        WebElement item = wait(browser.driver).until(d -> d.findElements(By.cssSelector("#bt-key-list li[data-key-id]"))
                .stream().findFirst().orElse(null));
        keyId = item.getAttribute("data-key-id");
        assertThat(item.getText()).contains("Front door").contains("Visitor").contains("Active");
        click("bt-unlock-" + keyId);
        text("bt-result", "Unlocked");
        panel();
        text("bolt-state", "UNLOCKED");
        app();
        shots("bluetooth-visitor");
        noConsoleErrors();
    }

    @Test
    @Order(5)
    @DisplayName("C5 out of Bluetooth range: the refusal's reason shows under the button and in the message line")
    void outOfRange() {
        panel();
        relocked();
        lock.post("/bluetooth/range", "{\"inRange\":false}");
        try {
            app();
            click("bt-unlock-" + keyId);
            text("bt-result", "out of Bluetooth range");
            text("bt-result", "OUT_OF_RANGE");
            wait(browser.driver).until(d -> "alert".equals(d.findElement(By.id("message")).getAttribute("role"))
                    && d.findElement(By.id("message")).getText().contains("out of Bluetooth range"));
            assertThat(lock.state().get("bolt").asString()).as("the lock stayed locked").isEqualTo("LOCKED");
            assertThat(new ArrayList<>(browser.consoleErrors())).as("only the radio's 503")
                    .allMatch(line -> line.contains("/radio/hello") && line.contains("503"));
        } finally {
            lock.post("/bluetooth/range", "{\"inRange\":true}");
        }
    }

    @Test
    @Order(6)
    @DisplayName("C5 with the cloud stopped, the already loaded page still unlocks over Bluetooth")
    void cloudDown() {
        panel();
        relocked();
        cloud.stop();
        app();
        ((JavascriptExecutor) browser.driver).executeScript("document.getElementById('bt-result').textContent = ''");
        click("bt-unlock-" + keyId);
        text("bt-result", "Unlocked");
        panel();
        text("bolt-state", "UNLOCKED");
        // the app's alert stream and polls fail while the cloud is away: only those lines are allowed
        assertThat(new ArrayList<>(browser.consoleErrors())).allMatch(line -> line.contains(cloud.uri().toString()));
    }

    // ------------------------------------------------------------------ helpers

    /** Waits on the panel until the lock has relocked by itself. */
    private void relocked() {
        new WebDriverWait(browser.driver, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(d -> "LOCKED".equals(d.findElement(By.id("bolt-state")).getText().trim()));
    }

    private void signUp(String who, String name) {
        type("signup-email", who + "-" + UUID.randomUUID() + "@example.org");
        type("signup-name", name);
        type("signup-password", PASSWORD);
        click("signup-submit");
        visible("add-lock");
    }

    private void app() {
        browser.driver.switchTo().window(appTab);
    }

    private void panel() {
        browser.driver.switchTo().window(panelTab);
    }

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
        return wait(browser.driver).until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    private void click(String id) {
        WebDriver driver = browser.driver;
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
        wait(browser.driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), contains));
    }

    private void shots(String name) throws Exception {
        shot(name + "-phone", Browser.PHONE);
        shot(name + "-desktop", Browser.DESKTOP);
    }

    private void shot(String name, Dimension size) throws Exception {
        browser.driver.manage().window().setSize(size);
        Thread.sleep(300);
        browser.screenshot(screenshots().resolve(name + ".png"));
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
        List<String> found = new ArrayList<>(browser.consoleErrors());
        assertThat(found).as("console errors").isEmpty();
    }
}
