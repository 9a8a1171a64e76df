package io.keyward.cloud.e2e;

import static io.keyward.cloud.browser.BrowserPages.closeAll;
import static io.keyward.cloud.browser.BrowserPages.noConsoleErrors;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.keyward.cloud.browser.Browser;
import io.keyward.cloud.browser.BrowserPages;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Issue 13 item 4 on the feature pages (users, visitors, events, alerts, Bluetooth, settings' accessory
 * and Home MQTT cards, sync, live, webhooks), in a real headless Chromium on a phone, with a paired lock
 * that has a user and a visitor passcode: with Chinese chosen, every page says its own words in Chinese
 * (the page's words from section A2 of the tables: none of their English shows, in text or in a
 * placeholder, label, title or alt), its times in Chinese ("今天 14:00"), and still fits the phone
 * (PhoneLayoutBrowserTest's rules: Chinese runs longer or shorter than English). Words another part
 * of the app shows on these pages (the page header, words.js) are not this test's.
 */
@DisplayName("Issue 13: the feature pages in Chinese, laid out for a phone")
class ChinesePagesBrowserTest {

    private static final Path APP = Path.of("src/main/resources/static/app");
    /** The pages' modules, whose words are section A2's; any other module's text is someone else's. */
    private static final Set<String> PAGES = Set.of("view-users.js", "view-visitors.js", "view-events.js",
            "view-bluetooth.js", "view-bluetooth-manage.js", "bluetooth.js", "view-accessories.js", "view-live.js",
            "view-sync.js", "view-webhooks.js", "view-home-mqtt.js");
    private static final Pattern ENTRY = Pattern.compile("^\\s*'([^']+)'\\s*:\\s*'((?:[^'\\\\]|\\\\.)*)',?$", Pattern.MULTILINE);

    /** The page's visible text and the words of its visible placeholders, labels, titles and alt texts. */
    private static final String SHOWN = """
            const words = [document.body.innerText];
            for (const el of document.querySelectorAll('[placeholder], [aria-label], [title], [alt]')) {
              if (el.closest('[hidden]')) continue;
              for (const name of ['placeholder', 'aria-label', 'title', 'alt']) {
                if (el.hasAttribute(name)) words.push(el.getAttribute(name));
              }
            }
            for (const el of document.querySelectorAll('.sr-only')) {
              if (!el.closest('[hidden]')) words.push(el.textContent);
            }
            return words.join('\\n');
            """;

    @Test
    @DisplayName("every feature page in Chinese: its own words and times, none of their English, and it fits a phone")
    void featurePagesInChinese() throws Exception {
        List<String> english = englishOfThePages();
        assertThat(english).as("English phrases of section A2 to look for").hasSizeGreaterThan(100);
        Path data = Path.of("target", "e2e", "chinese-" + UUID.randomUUID()).toAbsolutePath();
        Cloud cloud = null;
        Lock lock = null;
        Browser owner = null;
        try {
            cloud = Cloud.shared();
            lock = Lock.start(data.resolve("locks"), cloud.uri());
            owner = Browser.start(Browser.PHONE);
            BrowserPages page = new BrowserPages(owner);
            owner.driver.get(cloud.uri() + "/");
            page.signUp("olivia-" + UUID.randomUUID() + "@example.org", "Olivia");
            page.visible("add-lock");
            lock.withAdministrator();
            page.addLock(lock.pairingCode(), "Front door");
            String lockId = owner.driver.getCurrentUrl().replaceAll("^.*#/lock/", "");
            api(owner, "POST", "/api/locks/" + lockId + "/users", "{\"name\":\"Bob\",\"role\":\"USER\"}");
            api(owner, "POST", "/api/locks/" + lockId + "/visitor-codes",
                    "{\"kind\":\"ONE_TIME\",\"name\":\"Plumber\",\"start\":\"" + Instant.now() + "\"}");

            // the saved choice (the account menu's switch writes it), read when the app loads
            page.script("localStorage.setItem('keyward.language', 'zh')");
            owner.driver.navigate().refresh();
            page.waitForText("main", "Front door");
            Map<String, String> pages = new LinkedHashMap<>();
            String base = "#/lock/" + lockId;
            pages.put(base + "/users", "此门锁上的用户");
            pages.put(base + "/visitors", "已发放的密码");
            pages.put(base + "/events", "门锁用户");
            pages.put(base + "/bluetooth", "附近开锁");
            pages.put(base + "/settings", "家庭 MQTT");
            pages.put(base + "/sync", "要关联的门锁");
            pages.put(base + "/live", "实时画面");
            pages.put("#/bluetooth", "兑换配对码");
            pages.put("#/alerts", "全部标为已读");
            pages.put("#/webhooks", "添加 Webhook");
            Map<String, List<String>> problems = new LinkedHashMap<>();
            for (Map.Entry<String, String> shown : pages.entrySet()) {
                owner.driver.get(cloud.uri() + "/" + shown.getKey());
                page.waiting().until(d -> !d.findElements(By.cssSelector("main h1")).isEmpty()
                        && d.findElements(By.cssSelector("[aria-busy='true']")).isEmpty());
                page.waitForText("main", shown.getValue());
                Thread.sleep(1500); // the page's first poll fills it
                List<String> found = new ArrayList<>();
                String words = String.valueOf(page.script(SHOWN));
                english.stream().filter(words::contains).forEach(phrase -> found.add("English: " + phrase));
                for (Object problem : (List<?>) page.script(PhoneLayoutBrowserTest.LAYOUT)) {
                    found.add("layout: " + problem);
                }
                if (!found.isEmpty()) {
                    problems.put(shown.getKey().replace(lockId, "ID"), found);
                }
            }
            assertThat(problems).as("English words or layout problems on the Chinese pages, by page").isEmpty();

            owner.driver.get(cloud.uri() + "/" + base + "/visitors");
            page.waiting().until(d -> d.findElements(By.cssSelector("#visitor-list li[data-visitor-id]")).stream()
                    .anyMatch(li -> li.getText().contains("Plumber") && li.getText().contains("一次性")
                            && li.getText().contains("有效") && li.getText().contains("今天")));
            assertThat(owner.driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh");
            noConsoleErrors(owner);
        } finally {
            closeAll(owner, lock, cloud);
        }
    }

    /**
     * The English of the pages' own keys (section A2), as phrases of two words or more between their
     * placeholders, less any phrase that other modules or other keys also say (theirs to translate) or
     * that Chinese keeps (names such as Home Assistant, WebCrypto).
     */
    private static List<String> englishOfThePages() throws IOException {
        String en = Files.readString(APP.resolve("messages-en.js"), StandardCharsets.UTF_8);
        String zh = Files.readString(APP.resolve("messages-zh.js"), StandardCharsets.UTF_8);
        int start = en.indexOf("// ---- section A2");
        int end = en.indexOf("// ---- section B");
        assertThat(start).as("section A2 in messages-en.js").isPositive();
        StringBuilder others = new StringBuilder(en.substring(0, start)).append(en.substring(end));
        try (Stream<Path> files = Files.list(APP)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                String name = file.getFileName().toString();
                if (!PAGES.contains(name) && !name.startsWith("messages-")) {
                    others.append(Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        }
        String elsewhere = others.toString();
        Set<String> phrases = new TreeSet<>();
        Matcher m = ENTRY.matcher(en.substring(start, end));
        while (m.find()) {
            for (String piece : m.group(2).replace("\\'", "'").split("\\{\\w+}")) {
                String phrase = piece.strip().replaceAll("^[\\p{Punct}“”’ ]+|[\\p{Punct}“”’… ]+$", "");
                if (phrase.split("\\s+").length >= 2 && !elsewhere.contains(phrase) && !zh.contains(phrase)) {
                    phrases.add(phrase);
                }
            }
        }
        return new ArrayList<>(phrases);
    }

    /** A request of the signed-in app (its session cookie, X-Keyward); fails unless 2xx. */
    private static void api(Browser browser, String method, String path, String body) {
        Object answer = ((JavascriptExecutor) browser.driver).executeAsyncScript("""
                const [method, path, body, done] = arguments;
                fetch(path, { method, body, credentials: 'same-origin',
                              headers: { 'X-Keyward': '1', 'Content-Type': 'application/json', Accept: 'application/json' } })
                  .then((r) => done(r.status)).catch((e) => done(String(e)));
                """, method, path, body);
        assertThat(answer).as(method + " " + path).isIn(200L, 201L, 202L);
    }
}
