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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

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

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String PASSWORD = "correct horse battery";
    static final String ADMIN = "246813";

    final Path data = Path.of("target", "e2e", "visitors-" + UUID.randomUUID()).toAbsolutePath();
    Cloud cloud;
    Lock lock;
    Browser owner;
    String appTab;
    String panelTab;
    String code;
    String codeItem;

    @BeforeAll
    void start() throws Exception {
        cloud = Cloud.start(data.resolve("cloud"), Map.of());
        lock = Lock.start(data.resolve("locks"), cloud.uri());
        owner = Browser.start(Browser.DESKTOP);
        appTab = owner.driver.getWindowHandle();
        owner.driver.get(cloud.uri() + "/");
        owner.driver.switchTo().newWindow(WindowType.TAB);
        panelTab = owner.driver.getWindowHandle();
        owner.driver.get(lock.running().panelUrl() + "/panel");
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {owner, lock, cloud}) {
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
    @DisplayName("sign up, create the administrator on the panel, pair the lock by its QR text")
    void pairedLock() {
        app();
        type("signup-email", "owner-" + UUID.randomUUID() + "@example.org");
        type("signup-name", "Olivia");
        type("signup-password", PASSWORD);
        click("signup-submit");
        visible("add-lock");

        panel();
        click("touch");
        click("key-OK");
        keypad(ADMIN);
        keypad(ADMIN);
        text("last-prompt", "successful");
        click("set-hold");
        String pairing = wait(owner.driver).until(d -> {
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
    @DisplayName("E1 create a one-time code on the Visitor Passcode page")
    void createOneTimeCode() throws Exception {
        app();
        click("open-visitor");
        wait(owner.driver).until(ExpectedConditions.urlMatches("#/lock/[0-9a-f-]{36}/visitors$"));
        assertThat(new Select(visible("visitor-kind")).getFirstSelectedOption().getAttribute("value")).isEqualTo("ONE_TIME");
        assertThat(visible("visitor-start").getAttribute("value")).isNotBlank();
        assertThat(owner.driver.findElement(By.id("visitor-end")).isDisplayed()).isFalse();
        type("visitor-name", "Cleaner");
        click("visitor-create");
        WebElement digits = visible("visitor-code");
        code = digits.getAttribute("data-code");
        assertThat(code).matches("\\d{12}");
        assertThat(digits.getAttribute("textContent")).isEqualTo(code);
        assertThat(visible("visitor-result").getText()).contains("Valid once").contains("until");
        WebElement item = wait(owner.driver).until(d -> d.findElements(By.cssSelector("#visitor-list li[data-visitor-id]"))
                .stream().findFirst().orElse(null));
        codeItem = item.getAttribute("data-visitor-id");
        assertThat(item.getText()).contains("Cleaner").contains("One-time").contains("Active");
        ((JavascriptExecutor) owner.driver).executeScript(
                "document.getElementById('visitor-result').scrollIntoView({block: 'start'})");
        shots("visitors");
        noConsoleErrors();
    }

    @Test
    @Order(3)
    @DisplayName("E1 the code opens the lock on the panel's keypad once, and only once")
    void opensOnce() {
        panel();
        keypad(code);
        text("bolt-state", "UNLOCKED");
        new WebDriverWait(owner.driver, Duration.ofSeconds(25)).ignoring(StaleElementReferenceException.class)
                .until(d -> "LOCKED".equals(d.findElement(By.id("bolt-state")).getText().trim()));
        keypad(code);
        wait(owner.driver).until(d -> "VISITOR_USED".equals(lastEvent("reason")));
        assertThat(owner.driver.findElement(By.id("bolt-state")).getText().trim()).isEqualTo("LOCKED");
        expectRefusals();
    }

    @Test
    @Order(4)
    @DisplayName("E2 a periodic code shorter than an hour: the cloud's reason shows in the message line")
    void refusalShowsTheReason() {
        app();
        new Select(visible("visitor-kind")).selectByValue("PERIODIC");
        WebElement end = visible("visitor-end");
        ((JavascriptExecutor) owner.driver).executeScript(
                "arguments[0].value = document.getElementById('visitor-start').value;", end);
        click("visitor-create");
        wait(owner.driver).until(d -> {
            WebElement message = d.findElement(By.id("message"));
            return message.isDisplayed() && "alert".equals(message.getAttribute("role"))
                    && message.getText().contains("at least one hour");
        });
        expectRefusals();
    }

    @Test
    @Order(5)
    @DisplayName("E4 revoke asks to confirm, then shows the revoke code to type on the keypad")
    void revoke() {
        app();
        click("visitor-revoke-" + codeItem);
        click("visitor-revoke-confirm-" + codeItem);
        WebElement revokeCode = visible("visitor-revoke-code-" + codeItem);
        assertThat(revokeCode.getAttribute("data-code")).matches("\\d{12}");
        text("visitor-revocation-" + codeItem, "keypad");
        wait(owner.driver).until(d -> d.findElement(By.cssSelector("#visitor-list li[data-visitor-id='" + codeItem + "']"))
                .getText().contains("Revoked"));
        noConsoleErrors();
    }

    // ------------------------------------------------------------------ helpers

    private String lastEvent(String field) {
        var last = lock.events().valueStream().reduce((a, b) -> b).orElse(null);
        return last == null || last.get(field) == null || last.get(field).isNull() ? null : last.get(field).asString();
    }

    private void app() {
        owner.driver.switchTo().window(appTab);
    }

    private void panel() {
        owner.driver.switchTo().window(panelTab);
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

    private void shot(String name, Dimension size) throws Exception {
        owner.driver.manage().window().setSize(size);
        Thread.sleep(300); // let the layout settle
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

    /** As noConsoleErrors, but a refusal this step provoked (a 4xx answer) is expected. */
    private void expectRefusals() {
        List<String> found = new ArrayList<>(owner.consoleErrors());
        assertThat(found).as("console errors besides the refusals provoked")
                .allMatch(line -> line.contains("Failed to load resource") && line.matches(".*status of 4\\d\\d.*"));
    }
}
