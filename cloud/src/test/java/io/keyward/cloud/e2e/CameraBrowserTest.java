package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * SPEC H7, D3, D8, H4 in a real headless Chromium: the lock page's Live opens the door camera's stream
 * and its frames change; at 19 % battery the page shows the lock's reason; the doorbell's snapshot
 * shows on the alerts page of an account the lock is shared with. Screenshots go to
 * docs/screenshots/live-*.png and doorbell-alert-*.png. Any console error fails the test, except the
 * "Failed to load resource ... 409" line of the refusal the test provokes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Live view and doorbell snapshot in the web app")
class CameraBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    /** The live img's current frame, as a PNG data URL (null before the first frame). */
    static final String CURRENT_FRAME = """
            const img = document.getElementById('live-view');
            if (!img || img.hidden || !img.naturalWidth) { return null; }
            const canvas = document.createElement('canvas');
            canvas.width = img.naturalWidth;
            canvas.height = img.naturalHeight;
            canvas.getContext('2d').drawImage(img, 0, 0);
            return canvas.toDataURL('image/png');""";

    final Path data = Path.of("target", "e2e", "camera-browser-" + UUID.randomUUID()).toAbsolutePath();
    Cloud cloud;
    Lock lock;
    Account owner;
    Account family;
    String lockId;
    Browser browser;

    @BeforeAll
    void start() throws Exception {
        cloud = Cloud.start(data.resolve("cloud"), Map.of());
        lock = Lock.start(data.resolve("locks"), cloud.uri());
        owner = Account.signUp(cloud);
        family = Account.signUp(cloud);
        lock.withAdministrator();
        Api.Response added = expect(owner.post("/api/locks", Map.of("pairingCode", lock.pairingCode(), "name", "Front door")), 201);
        lockId = added.json().get("id").asString();
        await().atMost(WAIT).until(() -> owner.lock(lockId).get("online").asBoolean() && lock.running().linked());
        expect(owner.post("/api/locks/" + lockId + "/shares", Map.of("email", family.email, "role", "MEMBER")), 201);
        browser = Browser.start(Browser.DESKTOP);
        browser.driver.get(cloud.uri() + "/");
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
    @DisplayName("H7 Live on the lock page shows the camera's stream, and its frames change")
    void liveShowsChangingFrames() throws Exception {
        signIn(owner);
        browser.driver.get(cloud.uri() + "/#/lock/" + lockId);
        text("lock-online", "Online");
        click("open-live");
        wait(browser.driver).until(ExpectedConditions.urlMatches("#/lock/[0-9a-f-]{36}/live$"));
        String first = wait(browser.driver).until(d -> (String) script(CURRENT_FRAME));
        assertThat(first).startsWith("data:image/png");
        assertThat(((Number) script("return document.getElementById('live-view').naturalWidth")).intValue()).isEqualTo(320);
        String later = wait(browser.driver).until(d -> {
            String now = (String) script(CURRENT_FRAME);
            return now != null && !now.equals(first) ? now : null;
        });
        assertThat(later).isNotEqualTo(first);
        text("live-status", "Live");
        shots("live");
        noConsoleErrors();
    }

    @Test
    @Order(2)
    @DisplayName("D3 H7 at 19 % battery the page shows why there is no live view; at 20 % it streams again")
    void refusalAtNineteenPercent() throws Exception {
        lock.post("/battery", "{\"percent\":19}");
        click("live-stop");
        click("live-start");
        text("live-refusal", "below 20 % battery");
        assertThat(browser.driver.findElement(By.id("live-view")).isDisplayed()).isFalse();
        shot("live-refused-phone", Browser.PHONE);
        browser.driver.manage().window().setSize(Browser.DESKTOP);
        expectRefusals();

        lock.post("/battery", "{\"percent\":20}");
        click("live-start");
        wait(browser.driver).until(d -> script(CURRENT_FRAME) != null);
        assertThat(browser.driver.findElement(By.id("live-refusal")).isDisplayed()).isFalse();
        noConsoleErrors();
    }

    @Test
    @Order(3)
    @DisplayName("D8 H3 H4 the doorbell's snapshot shows on the alerts page of the account the lock is shared with")
    void doorbellSnapshotOnSharedAccountsAlerts() throws Exception {
        browser.driver.get(cloud.uri() + "/#/locks");
        click("signout");
        visible("signin-email");
        lock.post("/touch", "{}");
        lock.keys("BELL");
        signIn(family);
        browser.driver.get(cloud.uri() + "/#/alerts");
        WebElement image = wait(browser.driver).until(d -> d.findElements(By.cssSelector("#alert-list img.alert-snapshot"))
                .stream().findFirst().orElse(null));
        String id = image.getAttribute("id");
        assertThat(id).startsWith("alert-snapshot-");
        wait(browser.driver).until(d -> ((Number) script(
                "const i = document.getElementById(arguments[0]); return i && i.complete ? i.naturalWidth : 0;", id))
                .intValue() == 320);
        assertThat(browser.driver.findElement(By.id("alert-list")).getText()).contains("Front door");
        shots("doorbell-alert");
        noConsoleErrors();
    }

    // ------------------------------------------------------------------ helpers

    private void signIn(Account account) {
        type("signin-email", account.email);
        type("signin-password", Account.PASSWORD);
        click("signin-submit");
        visible("signout");
    }

    private Object script(String code, Object... args) {
        return ((JavascriptExecutor) browser.driver).executeScript(code, args);
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
        Thread.sleep(400); // let the layout settle
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
        assertThat(new ArrayList<>(browser.consoleErrors())).as("console errors").isEmpty();
    }

    private void expectRefusals() {
        List<String> found = new ArrayList<>(browser.consoleErrors());
        assertThat(found).as("console errors besides the refusal provoked")
                .allMatch(line -> line.contains("Failed to load resource") && line.matches(".*status of 409.*"));
    }
}
