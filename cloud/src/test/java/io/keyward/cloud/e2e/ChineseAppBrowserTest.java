package io.keyward.cloud.e2e;

import static io.keyward.cloud.browser.BrowserPages.closeAll;
import static io.keyward.cloud.browser.BrowserPages.onlyRefusals;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
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
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 13 item 4 in a browser whose language is Chinese (headless Chromium with Accept-Language
 * zh-CN): the app opens in Chinese (sign-in page, errors without English, my locks, the lock page, an
 * invitation's date written the Chinese way), the phone layout holds in Chinese, and the switch in
 * the header turns the page to English at once and keeps it after a reload. Screenshots:
 * docs/screenshots/locks-zh-desktop.png and locks-zh-phone.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Issue 13 item 4: the app in Chinese, chosen by the browser's language, switched to English")
class ChineseAppBrowserTest {

    /** A date of the Chinese style (2026年12月13日), never Dec 13, 2026. */
    static final String CHINESE_DATE = "\\d{4}年\\d{1,2}月\\d{1,2}日";
    /** English that must not show on a Chinese page (the cloud's own words, the shell's old words). */
    static final List<String> ENGLISH = List.of("wrong email", "Sign", "My locks", "Online", "Battery", "not a Keyward",
            "Waiting", "Unlock");

    final Path data = Path.of("target", "e2e", "zh-" + UUID.randomUUID()).toAbsolutePath();
    Cloud cloud;
    Lock lock;
    Browser browser;
    BrowserPages page;

    @BeforeAll
    void start() throws Exception {
        cloud = Cloud.shared();
        lock = Lock.start(data.resolve("locks"), cloud.uri());
        browser = Browser.start(Browser.DESKTOP, "zh-CN,zh");
        page = new BrowserPages(browser);
        browser.driver.get(cloud.uri() + "/");
    }

    @AfterAll
    void stop() {
        closeAll(browser, lock, cloud);
    }

    @Test
    @Order(1)
    @DisplayName("first visit: the sign-in page is in Chinese, <html lang> says zh, a refused sign-in says why in Chinese")
    void signInPageInChinese() {
        page.visible("signin-submit");
        assertThat(page.script("return navigator.languages[0]")).isEqualTo("zh-CN");
        assertThat(page.script("return document.documentElement.lang")).isEqualTo("zh");
        assertThat(text("signin-submit")).isEqualTo("登录");
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("随时随地，掌控你的智能锁");
        assertThat(new Select(page.visible("language")).getFirstSelectedOption().getText()).isEqualTo("中文");

        // a 401 without a code the table knows: the kind of failure in Chinese, not the cloud's English
        page.signIn("nobody-" + UUID.randomUUID() + "@example.org", "wrong password 1");
        page.waitForText("message", "无法登录：");
        assertThat(text("message")).contains("邮箱或密码不对").doesNotContain("wrong email");
        onlyRefusals("401", browser);
    }

    @Test
    @Order(2)
    @DisplayName("my locks, a wrong pairing code and the lock page in Chinese; the phone layout holds")
    void locksInChinese() throws Exception {
        page.signUp("mei-" + UUID.randomUUID() + "@example.org", "美");
        page.waitForText("add-lock", "添加门锁");
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("我的门锁");
        assertThat(text("signout")).isEqualTo("退出登录");

        lock.withAdministrator();
        String pairing = lock.pairingCode();
        page.click("add-lock");
        page.type("pairing-code", "https://example.org/not-a-lock");
        page.click("pair-submit");
        page.waitForText("pair-refusal", "未能添加门锁");
        assertThat(text("pair-refusal")).doesNotContain("not a Keyward");

        page.type("pairing-code", pairing);
        page.type("lock-name", "前门");
        page.leaveUnprotected(); // issue 15: a lock without owner devices, as before
        page.click("pair-submit");
        page.waitForText("lock-online", "在线");
        page.waitForText("lock-battery", "%");
        assertThat(text("unlock")).isEqualTo("开锁");
        assertThat(text("open-settings")).contains("设置");
        assertThat(browser.driver.getTitle()).isEqualTo("前门 · Keyward");

        page.click(browser.driver.findElement(By.cssSelector(".crumbs a[href='#/locks']")));
        page.waiting().until(d -> !d.findElements(By.cssSelector("#lock-list li[data-lock-id]")).isEmpty());
        page.waitForText("lock-list", "电量");
        String body = browser.driver.findElement(By.tagName("body")).getText();
        assertThat(ENGLISH).noneMatch(body::contains);
        page.shots("locks-zh");
        browser.driver.manage().window().setSize(Browser.PHONE);
        Thread.sleep(300);
        assertThat((List<?>) page.script(PhoneLayoutBrowserTest.LAYOUT)).as("phone layout in Chinese").isEmpty();
        browser.driver.manage().window().setSize(Browser.DESKTOP);
        onlyRefusals("4\\d\\d", browser);
    }

    @Test
    @Order(3)
    @DisplayName("an invitation's expiry is a date written the Chinese way")
    void dateInChinese() {
        page.click(browser.driver.findElement(By.cssSelector("#lock-list a.lock-link")));
        page.click("open-sharing");
        page.type("share-email", "family-" + UUID.randomUUID() + "@example.org");
        page.click("share-submit");
        page.waitForText("invite-made", "把这个链接发给");
        assertThat(text("invite-made")).containsPattern(CHINESE_DATE);
        assertThat(text("invite-list")).containsPattern(CHINESE_DATE).contains("成员");
        onlyRefusals("4\\d\\d", browser);
    }

    @Test
    @Order(4)
    @DisplayName("the switch in the header turns the page to English at once, and a reload keeps English")
    void switchToEnglish() {
        new Select(page.visible("language")).selectByValue("en");
        page.waitForText("share-submit", "Share");
        assertThat(page.script("return document.documentElement.lang")).isEqualTo("en");
        assertThat(text("signout")).isEqualTo("Sign out");
        assertThat(text("invite-list")).contains("Invited as member").doesNotContainPattern(CHINESE_DATE);

        browser.driver.navigate().refresh();
        page.waitForText("share-submit", "Share");
        assertThat(page.script("return localStorage.getItem('keyward.language')")).isEqualTo("en");
        assertThat(text("nav-locks")).isEqualTo("My locks");
        assertThat(new Select(page.visible("language")).getFirstSelectedOption().getText()).isEqualTo("English");
        onlyRefusals("4\\d\\d", browser);
    }

    private String text(String id) {
        return page.visible(id).getText();
    }
}
