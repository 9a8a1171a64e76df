package io.keyward.cloud.e2e;

import static io.keyward.cloud.browser.BrowserPages.closeAll;

import java.nio.file.Path;
import java.util.UUID;

import io.keyward.cloud.browser.Browser;
import io.keyward.cloud.browser.BrowserPages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The set-up of the trust browser tests (issue 15): the {@link Cloud#shared() shared} cloud, a simulated
 * lock of its own with an administrator (not yet added to any account), an owner account signed up
 * through the REST API, and two real Chromium profiles at desktop size, each its own IndexedDB and
 * therefore its own device keys: {@link #first} ({@link #a}) and {@link #second} ({@link #b}), both at
 * the app's start page. The lock and the browsers are closed after the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoDeviceBrowsers {

    /** Under target/, so a failed run's lock data can be read afterwards. */
    final Path data = Path.of("target", "e2e", getClass().getSimpleName() + "-" + UUID.randomUUID()).toAbsolutePath();
    Cloud cloud;
    Lock lock;
    Account owner;
    Browser first;
    Browser second;
    BrowserPages a;
    BrowserPages b;

    @BeforeAll
    void startCloudLockAndBrowsers() throws Exception {
        cloud = Cloud.shared();
        lock = Lock.start(data.resolve("locks"), cloud.uri());
        lock.withAdministrator();
        owner = Account.signUp(cloud);
        first = Browser.start(Browser.DESKTOP);
        second = Browser.start(Browser.DESKTOP);
        a = new BrowserPages(first, 400);
        b = new BrowserPages(second, 400);
        first.driver.get(cloud.uri() + "/");
        second.driver.get(cloud.uri() + "/");
    }

    @AfterAll
    void stopLockAndBrowsers() {
        closeAll(first, second, lock);
    }
}
