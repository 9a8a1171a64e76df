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
import tools.jackson.databind.JsonNode;

/**
 * SPEC B2 over Bluetooth (issue 5, docs/bluetooth.md) in a real headless Chromium against a real simulated
 * lock: the owner's already loaded Bluetooth Key page, with the cloud stopped (so the lock is offline and
 * nothing can go through the cloud), reads the lock's state (STATE) and changes privacy mode and the relock
 * time (COMMAND) over the lock's radio; the lock's panel API shows the change and logs SETTING_CHANGED. A
 * member's page has no "Manage nearby" (the lock would refuse NOT_ALLOWED anyway: lock BluetoothTest). The
 * lock's panel page switches phones out of Bluetooth range and back.
 * Screenshots: docs/screenshots/bluetooth-manage-*.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Bluetooth Key page: the owner manages the offline lock over Bluetooth")
class BluetoothManageBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String PASSWORD = "correct horse battery";
    static final String ADMIN = "246813";

    final Path data = Path.of("target", "e2e", "bluetooth-manage-" + UUID.randomUUID()).toAbsolutePath();
    final String ownerEmail = "owner-" + UUID.randomUUID() + "@example.org";
    final String memberEmail = "member-" + UUID.randomUUID() + "@example.org";
    Cloud cloud;
    Lock lock;
    Browser browser;
    String appTab;
    String panelTab;

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
    @DisplayName("H3 a member's account exists; the owner pairs the lock and shares it with them as a member")
    void pairAndShare() {
        app();
        signUp(memberEmail, "Mia");
        click("signout");
        visible("signup-email");
        signUp(ownerEmail, "Olivia");
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
        click("open-sharing");
        type("share-email", memberEmail);
        click("share-submit");
        text("share-list", memberEmail);
        noConsoleErrors();
    }

    @Test
    @Order(2)
    @DisplayName("B2 a member's Bluetooth Key page has no Manage nearby (their key would be refused NOT_ALLOWED)")
    void memberCannotManage() {
        app();
        click("signout");
        signIn(memberEmail);
        openBluetoothKey();
        text("bt-unlock-hint", "Your member key");
        wait(browser.driver).until(d -> !d.findElements(By.cssSelector("#bt-key-list li[data-key-id]")).isEmpty());
        assertThat(browser.driver.findElements(By.id("bt-manage"))).as("no Manage nearby for a member").isEmpty();
        assertThat(browser.driver.findElements(By.id("bt-manage-read"))).isEmpty();
        noConsoleErrors();
    }

    @Test
    @Order(3)
    @DisplayName("B2 with the cloud stopped and the lock offline, the owner's loaded page reads the lock over Bluetooth")
    void ownerReadsTheOfflineLock() {
        app();
        click("signout");
        signIn(ownerEmail);
        openBluetoothKey();
        text("bt-unlock-hint", "Your owner key");
        // the key list comes after the key and the revocations were kept on this device
        wait(browser.driver).until(d -> !d.findElements(By.cssSelector("#bt-key-list li[data-key-id]")).isEmpty());
        visible("bt-manage");

        cloud.stop();
        wait(browser.driver).until(d -> !lock.state().get("online").asBoolean());

        click("bt-manage-read");
        text("bt-manage-result", "Read the lock over Bluetooth");
        JsonNode state = lock.state();
        text("bt-state-battery", state.at("/battery/percent").asInt() + " %");
        text("bt-state-bolt", "Locked");
        text("bt-state-privacy", "Off");
        text("bt-state-relock", "10 s");
        WebElement users = visible("bt-state-users");
        assertThat(users.findElements(By.cssSelector("li[data-user]"))).hasSize(1);
        assertThat(users.getText()).contains("Administrator");
        assertThat(visible("bt-manage-privacy").isSelected()).isFalse();
        assertThat(visible("bt-manage-relock").getAttribute("value")).isEqualTo("10");
        onlyCloudErrors();
    }

    @Test
    @Order(4)
    @DisplayName("B2 D4 privacy mode on over Bluetooth: the lock's /state shows it and its log has SETTING_CHANGED")
    void privacyModeOverBluetooth() {
        app();
        click("bt-manage-privacy");
        text("bt-manage-result", "The lock accepted: privacy mode on");
        text("bt-state-privacy", "On");
        assertThat(visible("bt-manage-privacy").isSelected()).isTrue();
        assertThat(lock.state().at("/modes/privacy").asBoolean()).isTrue();
        assertThat(settingChanges()).contains("PRIVACY_MODE=true");
        assertThat(lock.state().get("online").asBoolean()).as("the cloud had no part in it").isFalse();
        onlyCloudErrors();
    }

    @Test
    @Order(5)
    @DisplayName("B2 C8 the relock time over Bluetooth: 30 s accepted; 3 s refused BAD_VALUE by the lock and nothing changes")
    void relockTimeOverBluetooth() throws Exception {
        app();
        type("bt-manage-relock", "30");
        click("bt-manage-relock-save");
        text("bt-manage-result", "The lock accepted: relock time 30 s");
        text("bt-state-relock", "30 s");
        assertThat(settingChanges()).contains("RELOCK_SECONDS=30");
        ((JavascriptExecutor) browser.driver).executeScript(
                "document.getElementById('bt-manage').scrollIntoView({block: 'start'})");
        shots("bluetooth-manage");

        int changes = settingChanges().size();
        type("bt-manage-relock", "3");
        click("bt-manage-relock-save");
        text("bt-manage-result", "refused relock time 3 s");
        text("bt-manage-result", "BAD_VALUE");
        wait(browser.driver).until(d -> "alert".equals(d.findElement(By.id("message")).getAttribute("role")));
        text("bt-state-relock", "30 s");
        assertThat(settingChanges()).hasSize(changes);

        click("bt-manage-privacy");
        text("bt-manage-result", "The lock accepted: privacy mode off");
        text("bt-state-privacy", "Off");
        assertThat(lock.state().at("/modes/privacy").asBoolean()).isFalse();
        assertThat(settingChanges()).contains("PRIVACY_MODE=false");
        onlyCloudErrors();
    }

    @Test
    @Order(6)
    @DisplayName("the panel page's Bluetooth range switch: out of range /state says inRange false and the app cannot reach the lock; back in range it can")
    void panelBluetoothRange() {
        panel();
        text("bluetooth-connections", "connection");
        WebElement range = visible("bluetooth-range");
        assertThat(range.isSelected()).isTrue();
        click("bluetooth-range");
        wait(browser.driver).until(d -> !lock.state().at("/bluetooth/inRange").asBoolean());
        text("bluetooth-connections", "0 connections");
        assertThat(visible("bluetooth-range").isSelected()).isFalse();

        app();
        click("bt-manage-read");
        text("bt-manage-result", "OUT_OF_RANGE");
        assertThat(new ArrayList<>(browser.consoleErrors())).as("only the cloud's and the radio's 503")
                .allMatch(line -> line.contains(cloud.uri().toString()) || (line.contains("/radio/hello") && line.contains("503")));

        panel();
        click("bluetooth-range");
        wait(browser.driver).until(d -> lock.state().at("/bluetooth/inRange").asBoolean());
        app();
        click("bt-manage-read");
        text("bt-manage-result", "Read the lock over Bluetooth");
        panel();
        wait(browser.driver).until(d -> lock.state().at("/bluetooth/connections").asInt() >= 1);
        wait(browser.driver).until(d -> !d.findElement(By.id("bluetooth-connections")).getText().startsWith("0 "));
    }

    // ------------------------------------------------------------------ helpers

    /** The details of the lock's SETTING_CHANGED events, from its panel API, oldest first. */
    private List<String> settingChanges() {
        List<String> found = new ArrayList<>();
        for (JsonNode e : lock.events()) {
            if ("SETTING_CHANGED".equals(e.get("kind").asString())) {
                found.add(e.get("detail").asString());
            }
        }
        return found;
    }

    private void openBluetoothKey() {
        WebElement link = wait(browser.driver).until(d -> d.findElements(By.cssSelector("#lock-list li[data-lock-id] a.lock-link"))
                .stream().findFirst().orElse(null));
        link.click();
        click("open-bluetooth-key");
        wait(browser.driver).until(ExpectedConditions.urlMatches("#/lock/[0-9a-f-]{36}/bluetooth$"));
    }

    private void signUp(String email, String name) {
        type("signup-email", email);
        type("signup-name", name);
        type("signup-password", PASSWORD);
        click("signup-submit");
        visible("add-lock");
    }

    private void signIn(String email) {
        type("signin-email", email);
        type("signin-password", PASSWORD);
        click("signin-submit");
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
        WebElement field = wait(browser.driver).until(ExpectedConditions.elementToBeClickable(By.id(id)));
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
        ((JavascriptExecutor) browser.driver).executeScript(
                "document.getElementById('bt-manage').scrollIntoView({block: 'start'})");
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

    /** While the cloud is away, the app's polls and alert stream fail: only those lines are allowed. */
    private void onlyCloudErrors() {
        assertThat(new ArrayList<>(browser.consoleErrors())).allMatch(line -> line.contains(cloud.uri().toString()));
    }
}
