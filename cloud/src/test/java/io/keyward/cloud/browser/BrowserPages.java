package io.keyward.cloud.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

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
 * The page steps the browser tests share, on one {@link Browser}: find elements by id and wait for
 * them, click and type, the web app's sign-up and sign-in, the lock panel's keypad, the app and the
 * panel in two tabs, screenshots at phone and desktop size into docs/screenshots/, and the console
 * checks (any error fails a step, except lines a step allows on purpose, such as the 4xx refusals it
 * provokes). Elements are scrolled into view before a click so the phone size works too.
 */
public final class BrowserPages {

    /** How long a step waits for the page. */
    public static final Duration WAIT = Duration.ofSeconds(20);
    /** The password of the accounts the tests sign up in the page. */
    public static final String PASSWORD = "correct horse battery";

    public final Browser browser;
    public final WebDriver driver;
    private final long settleMillis;
    private String appTab;
    private String panelTab;

    /** Pages of this browser; screenshots wait 300 ms for the layout to settle. */
    public BrowserPages(Browser browser) {
        this(browser, 300);
    }

    /** Pages of this browser; screenshots wait settleMillis for the layout to settle after a resize. */
    public BrowserPages(Browser browser, long settleMillis) {
        this.browser = browser;
        this.driver = browser.driver;
        this.settleMillis = settleMillis;
    }

    // ------------------------------------------------------------------ tabs

    /** The web app at appUrl in this tab, a second tab for the panel (opened at panelUrl unless null). */
    public void openAppAndPanelTabs(String appUrl, String panelUrl) {
        appTab = driver.getWindowHandle();
        driver.get(appUrl);
        driver.switchTo().newWindow(WindowType.TAB);
        panelTab = driver.getWindowHandle();
        if (panelUrl != null) {
            driver.get(panelUrl);
        }
    }

    /** Switches to the web app's tab. */
    public void app() {
        driver.switchTo().window(appTab);
    }

    /** Switches to the lock panel's tab. */
    public void panel() {
        driver.switchTo().window(panelTab);
    }

    // ------------------------------------------------------------------ elements

    /** A wait of {@link #WAIT} that retries when the page replaced an element under it. */
    public FluentWait<WebDriver> waiting() {
        return waiting(WAIT);
    }

    /** As {@link #waiting()}, for this long. */
    public FluentWait<WebDriver> waiting(Duration timeout) {
        return new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class);
    }

    public WebElement visible(String id) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    /** Waits until the element of this id contains the text. */
    public void waitForText(String id, String contains) {
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), contains));
    }

    public void click(String id) {
        click(waiting().until(ExpectedConditions.elementToBeClickable(By.id(id))));
    }

    public void click(WebElement element) {
        script("arguments[0].scrollIntoView({block: 'center'})", element);
        waiting().until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    /** Clears the visible field of this id and types the text. */
    public void type(String id, String text) {
        typeInto(visible(id), text);
    }

    /** As {@link #type}, waiting until the field is clickable (enabled) rather than only visible. */
    public void typeWhenClickable(String id, String text) {
        typeInto(waiting().until(ExpectedConditions.elementToBeClickable(By.id(id))), text);
    }

    private static void typeInto(WebElement field, String text) {
        field.clear();
        field.sendKeys(text);
    }

    public Object script(String code, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(code, args);
    }

    // ------------------------------------------------------------------ the web app

    /** Fills in and sends the app's sign-up form with {@link #PASSWORD}. */
    public void signUp(String email, String name) {
        type("signup-email", email);
        type("signup-name", name);
        type("signup-password", PASSWORD);
        click("signup-submit");
    }

    /** Fills in and sends the app's sign-in form. */
    public void signIn(String email, String password) {
        type("signin-email", email);
        type("signin-password", password);
        click("signin-submit");
    }

    /**
     * Add a lock in the app with the panel's pairing text, under this name, until it shows Online; left
     * unprotected (no owner device, issue 15), as the lock was before: these tests use what the cloud
     * makes for such a lock (visitor passcodes, Bluetooth keys, synchronized unlock). TrustDevicesBrowserTest
     * adds a protected one.
     */
    public void addLock(String pairing, String name) {
        click("add-lock");
        type("pairing-code", pairing);
        type("lock-name", name);
        leaveUnprotected();
        click("pair-submit");
        waitForText("lock-online", "Online");
    }

    /** On Add lock: unticks "Protect this lock with this device" (issue 15), so the lock keeps no owner device. */
    public void leaveUnprotected() {
        WebElement protect = visible("pair-protect");
        if (protect.isSelected()) {
            click(protect);
        }
    }

    // ------------------------------------------------------------------ the lock panel

    /** Digits then ✓ on the panel's keypad, waking it first. */
    public void keypad(String digits) {
        click("touch");
        for (char c : digits.toCharArray()) {
            click("key-" + c);
        }
        click("key-OK");
    }

    /** On a new lock's panel: wakes it, starts creating the administrator, types the passcode twice. */
    public void createAdministrator(String passcode) {
        click("touch");
        click("key-OK");
        keypad(passcode);
        keypad(passcode);
        waitForText("last-prompt", "successful");
    }

    /** The keyward://pair text the panel shows while SET is held (the field's value, else its text). */
    public String pairingText() {
        return waiting().until(d -> {
            WebElement field = d.findElement(By.id("qr-text"));
            String value = field.getAttribute("value") != null && !field.getAttribute("value").isBlank()
                    ? field.getAttribute("value") : field.getText();
            return value.startsWith("keyward://pair") ? value : null;
        });
    }

    // ------------------------------------------------------------------ screenshots

    /** The same page at phone and desktop size, into docs/screenshots/NAME-phone.png and NAME-desktop.png. */
    public void shots(String name) throws Exception {
        shot(name + "-phone", Browser.PHONE);
        shot(name + "-desktop", Browser.DESKTOP);
    }

    /** As shots, with the element of this id scrolled to the top at each size. */
    public void shots(String name, String scrollTo) throws Exception {
        shot(name + "-phone", Browser.PHONE, scrollTo);
        shot(name + "-desktop", Browser.DESKTOP, scrollTo);
    }

    /** The window resized to size, into docs/screenshots/NAME.png. */
    public void shot(String name, Dimension size) throws Exception {
        shot(name, size, null);
    }

    private void shot(String name, Dimension size, String scrollTo) throws Exception {
        driver.manage().window().setSize(size);
        Thread.sleep(settleMillis); // let the layout settle
        if (scrollTo != null) {
            script("document.getElementById(arguments[0]).scrollIntoView({block: 'start'})", scrollTo);
            Thread.sleep(100);
        }
        browser.screenshot(screenshots().resolve(name + ".png"));
    }

    /** docs/screenshots of the project, found upwards from the working directory. */
    public static Path screenshots() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs"))) {
                return dir.resolve("docs").resolve("screenshots");
            }
        }
        throw new IllegalStateException("no docs/ above " + Path.of("").toAbsolutePath());
    }

    // ------------------------------------------------------------------ console

    /** Fails on any console error of these browsers since the last check. */
    public static void noConsoleErrors(Browser... browsers) {
        assertThat(consoleErrors(browsers)).as("console errors").isEmpty();
    }

    /**
     * As noConsoleErrors, but the browser's "Failed to load resource ... status of NNN" lines of the
     * refusals a step provoked on purpose are allowed; status is a regular expression (e.g. "4\\d\\d").
     */
    public static void onlyRefusals(String status, Browser... browsers) {
        onlyConsoleErrors("console errors besides the refusals provoked",
                line -> line.contains("Failed to load resource") && line.matches(".*status of " + status + ".*"), browsers);
    }

    /** Fails on any console error of these browsers that allowed does not accept. */
    public static void onlyConsoleErrors(String description, Predicate<String> allowed, Browser... browsers) {
        assertThat(consoleErrors(browsers)).as(description).allMatch(allowed);
    }

    /**
     * The console errors since the last check. A Content-Security-Policy violation (Chromium logs each
     * one as an error) fails at once, whatever the caller allows: the app must run under its CSP
     * (issue 10 finding 11), and a violation on a page showing data means markup got in.
     */
    private static List<String> consoleErrors(Browser... browsers) {
        List<String> found = new ArrayList<>();
        for (Browser browser : browsers) {
            found.addAll(browser.consoleErrors());
        }
        assertThat(found).as("Content-Security-Policy violations").noneMatch(BrowserPages::isCspViolation);
        return found;
    }

    static boolean isCspViolation(String consoleLine) {
        return consoleLine.contains("Content Security Policy") || consoleLine.contains("Content-Security-Policy");
    }

    // ------------------------------------------------------------------ stop

    /** Closes what was started (nulls skipped), carrying on past failures. */
    public static void closeAll(AutoCloseable... parts) {
        for (AutoCloseable c : parts) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing what is left
            }
        }
    }
}
