package io.keyward.cloud.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.TestLocks;
import io.keyward.cloud.browser.Browser;
import io.keyward.cloud.browser.BrowserPages;
import io.keyward.cloud.events.EventStore;
import io.keyward.cloud.webhooks.WebhookReceiver;
import io.keyward.protocol.link.LinkMessages.EventMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.keyward.cloud.browser.BrowserPages.closeAll;
import static io.keyward.cloud.browser.BrowserPages.noConsoleErrors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Webhooks page (issue 12 item 2) in a real headless Chromium: add an endpoint for one lock (its
 * secret shown once, then used by a real receiver to verify what arrives), events delivered and listed
 * as attempts, "Send test event", a second endpoint that fails, deleting it. Screenshots:
 * docs/screenshots/webhooks-*.png. Any console error fails the test.
 */
@DisplayName("Webhooks page: add (secret once), deliveries and attempts, test event, delete")
class WebhooksBrowserTest {

    @Test
    @DisplayName("webhooks page: add with the secret shown once, deliveries verified by the receiver, test event, failing one deleted")
    void webhooksPage() throws Exception {
        Path data = Path.of("target", "e2e", "webhooks-" + UUID.randomUUID()).toAbsolutePath();
        Cloud cloud = null;
        Browser browser = null;
        try (WebhookReceiver home = new WebhookReceiver(); WebhookReceiver broken = new WebhookReceiver()) {
            broken.answering(request -> 500);
            cloud = Cloud.start(data.resolve("cloud"), Map.of());
            browser = Browser.start(Browser.DESKTOP);
            BrowserPages page = new BrowserPages(browser);
            page.driver.get(cloud.uri() + "/");
            String email = "owner-" + UUID.randomUUID() + "@example.org";
            page.signUp(email, "Olivia");
            page.visible("open-webhooks");
            JdbcClient jdbc = cloud.bean(JdbcClient.class);
            UUID lock = TestLocks.create(jdbc, TestLocks.accountId(jdbc, email), "Front door");

            page.click("open-webhooks");
            page.visible("webhook-kind-UNLOCK");
            page.waiting().until(d -> new Select(d.findElement(By.id("webhook-lock"))).getOptions().size() == 2);
            page.type("webhook-url", home.url());
            new Select(page.visible("webhook-lock")).selectByVisibleText("Front door");
            page.type("webhook-description", "Home Assistant");
            page.click("webhook-kind-LOW_BATTERY");
            page.click("webhook-create");
            String secret = page.visible("webhook-secret").getText();
            assertThat(secret).startsWith("whsec_");
            home.secret(secret);

            EventStore store = cloud.bean(EventStore.class);
            Instant now = Instant.now();
            store.store(lock, new EventMessage(1, 1, now, "UNLOCK", "FINGERPRINT", "OK", 1, "fingerprint-1", null, null, null));
            store.store(lock, new EventMessage(1, 2, now.plusSeconds(5), "ALARM", null, null, null, null, null, "LOW_BATTERY", null));
            await().atMost(Duration.ofSeconds(10)).until(() -> home.taken().size() == 2);
            assertThat(home.requests()).allMatch(WebhookReceiver.Request::verified);

            WebElement first = page.waiting().until(d -> d.findElement(By.cssSelector("#webhook-list li[data-webhook-id]")));
            String id = first.getAttribute("data-webhook-id");
            page.click("webhook-test-" + id);
            page.waitForText("message", "Test event delivered");
            assertThat(home.requests()).hasSize(3).allMatch(WebhookReceiver.Request::verified);
            page.waitForText("webhook-list", "Test event");
            assertThat(page.visible("webhook-list").getText()).contains("Delivered", "Low battery", "Front door", "Home Assistant");

            page.type("webhook-url", broken.url());
            page.click("webhook-create");
            page.waitForText("webhook-list", broken.url());
            store.store(lock, new EventMessage(1, 3, now.plusSeconds(9), "LOCK", "KEYPAD", "OK", null, null, null, null, null));
            await().atMost(Duration.ofSeconds(10)).until(() -> !broken.requests().isEmpty());
            page.waiting().until(d -> d.findElement(By.cssSelector("li[data-status='failing']")));
            page.script("document.getElementById('webhook-result').hidden = true");
            page.shots("webhooks", "webhook-list");
            page.driver.manage().window().setSize(Browser.DESKTOP);

            String brokenId = page.driver.findElement(By.cssSelector("li[data-status='failing']")).getAttribute("data-webhook-id");
            page.click("webhook-delete-" + brokenId);
            page.click("webhook-delete-confirm-" + brokenId);
            page.waiting().until(d -> d.findElements(By.cssSelector("li[data-webhook-id='" + brokenId + "']")).isEmpty());
            assertThat(page.driver.findElements(By.cssSelector("#webhook-list li[data-webhook-id]"))).hasSize(1);
            noConsoleErrors(browser);
            assertThat(List.of(home.taken().get(0).json().get("type").asString(), home.taken().get(1).json().get("type").asString()))
                    .containsExactly("UNLOCK", "ALARM");
        } finally {
            closeAll(browser, cloud);
        }
    }
}
