package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import io.keyward.cloud.Api;
import io.keyward.cloud.browser.BrowserPages;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15, trust design §5 (SPEC E1, E4) in the web app with a real Chromium, a real cloud (H2, embedded
 * broker) and a simulated lock: the browser adds the lock with its pairing QR and is bound on the way (the
 * lock makes a new visitor secret and seals it to this browser, trust.js keeps it); on the Visitor Passcode
 * page the browser makes a one-time code itself (visitor-codes.js) and the cloud records it without digits;
 * typed on the lock's keypad it opens the bolt once, the second time the lock refuses it (VISITOR_USED). A
 * second code revoked on the page gets a revoke code made in the browser; typed on the keypad it makes the
 * lock refuse that code (VISITOR_REVOKED); a period under an hour is refused on the page. A second
 * profile of the same account, not bound, is told it holds no secret and pointed to Devices.
 */
@DisplayName("issue 15: visitor codes made in the browser open a protected lock once (trust design §5; SPEC E1, E4)")
class TrustVisitorCodesBrowserTest extends TwoDeviceBrowsers {

    @Test
    @DisplayName("§5 E1 a one-time code made in the browser opens the bolt once and is refused the second time; the cloud never held its digits")
    void madeInTheBrowser() throws Exception {
        a.signIn(owner.email, Account.PASSWORD);
        a.visible("signout");
        a.click("add-lock");
        a.type("pairing-code", lock.pairingCode());
        a.type("lock-name", "Front door");
        a.click("pair-submit");
        a.waitForText("lock-online", "Online");
        String lockId = first.driver.getCurrentUrl().replaceAll(".*#/lock/", "");
        a.waitForText("trust-status", "Protected");
        expect(owner.put("/api/locks/" + lockId + "/settings/RELOCK_SECONDS", Map.of("value", "5")), 200);

        // the cloud no longer makes codes for this lock (its copy of the secret is stale)
        Api.Response cloudMade = owner.post("/api/locks/" + lockId + "/visitor-codes",
                Map.of("kind", "ONE_TIME", "start", java.time.Instant.now().toString()));
        assertThat(cloudMade.status()).as(cloudMade.toString()).isEqualTo(409);

        // ---- the Visitor Passcode page makes the code here
        first.driver.get(cloud.uri() + "/#/lock/" + lockId + "/visitors");
        a.waitForText("visitor-trust", "made here on this device");
        a.type("visitor-name", "Cleaner");
        a.click("visitor-create");
        String code = a.visible("visitor-code").getAttribute("data-code");
        assertThat(code).matches("\\d{12}");

        JsonNode listed = expect(owner.get("/api/locks/" + lockId + "/visitor-codes"), 200).json();
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).get("madeInApp").asBoolean()).isTrue();
        assertThat(listed.get(0).get("code").isNull()).as("the cloud answers no digits").isTrue();
        assertThat(listed.toString()).doesNotContain(code);
        String itemId = listed.get(0).get("id").asString();
        WebElement item = a.waiting().until(d -> d.findElement(By.cssSelector("#visitor-list li[data-visitor-id='" + itemId + "']")));
        assertThat(item.getText()).as("this device makes the digits again for the list")
                .contains(code.substring(0, 4) + " " + code.substring(4, 8) + " " + code.substring(8)).contains("Cleaner");

        // ---- E1 at the door: opens once, then VISITOR_USED
        lock.type(code);
        await().atMost(BrowserPages.WAIT).until(() -> "UNLOCKED".equals(lock.state().get("bolt").asString()));
        await().atMost(Duration.ofSeconds(25)).until(() -> "LOCKED".equals(lock.state().get("bolt").asString()));
        lock.type(code);
        await().atMost(BrowserPages.WAIT).until(() -> "VISITOR_USED".equals(lastEvent("reason")));
        assertThat(lock.state().get("bolt").asString()).isEqualTo("LOCKED");

        // ---- E4 a second code, revoked on the page: the browser's revoke code makes the lock refuse it
        first.driver.navigate().refresh();
        a.waitForText("visitor-trust", "made here on this device");
        a.type("visitor-name", "Gardener");
        a.click("visitor-create");
        a.waiting().until(d -> {
            String shown = d.findElement(By.id("visitor-code")).getAttribute("data-code");
            return shown != null && !shown.equals(code);
        });
        String gardener = first.driver.findElement(By.id("visitor-code")).getAttribute("data-code");
        JsonNode both = expect(owner.get("/api/locks/" + lockId + "/visitor-codes"), 200).json();
        JsonNode gardenerRow = both.valueStream().filter(c -> "Gardener".equals(c.get("name").asString())).findFirst().orElseThrow();
        String gardenerId = gardenerRow.get("id").asString();
        String gardenerCodeId = gardenerRow.get("codeId").asString();
        a.click("visitor-revoke-" + gardenerId);
        a.click("visitor-revoke-confirm-" + gardenerId);
        String revokeCode = a.visible("visitor-revoke-code-" + gardenerId).getAttribute("data-code");
        assertThat(revokeCode).matches("\\d{12}").isNotEqualTo(gardener);
        lock.type(revokeCode);
        await().atMost(BrowserPages.WAIT).until(() -> lock.events().valueStream().anyMatch(e ->
                "VISITOR_CODE_REVOKED".equals(text(e, "kind")) && "VISITOR_PASSCODE".equals(text(e, "method"))
                        && gardenerCodeId.equals(text(e, "detail"))));
        lock.type(gardener);
        await().atMost(BrowserPages.WAIT).until(() -> "VISITOR_REVOKED".equals(lastEvent("reason")));
        assertThat(lock.state().get("bolt").asString()).isEqualTo("LOCKED");

        // ---- E2 a period shorter than an hour is refused on the page before anything is made or sent
        int before = expect(owner.get("/api/locks/" + lockId + "/visitor-codes"), 200).json().size();
        new Select(a.visible("visitor-kind")).selectByValue("PERIODIC");
        ((JavascriptExecutor) first.driver).executeScript(
                "arguments[0].value = document.getElementById('visitor-start').value;", a.visible("visitor-end"));
        a.click("visitor-create");
        a.waitForText("message", "at least one hour");
        assertThat(expect(owner.get("/api/locks/" + lockId + "/visitor-codes"), 200).json().size()).isEqualTo(before);

        // ---- another profile of the same account, not bound: no secret here, pointed to Devices
        b.signIn(owner.email, Account.PASSWORD);
        b.visible("signout");
        second.driver.get(cloud.uri() + "/#/lock/" + lockId + "/visitors");
        b.waitForText("visitor-trust", "does not hold the lock");
        assertThat(b.visible("visitor-open-devices").getAttribute("href")).endsWith("#/lock/" + lockId + "/devices");
        assertThat(second.driver.findElement(By.id("visitor-create")).isDisplayed()).isFalse();
        WebElement elsewhere = b.waiting().until(d -> d.findElement(By.cssSelector("#visitor-list li[data-visitor-id='" + itemId + "']")));
        assertThat(elsewhere.getText()).contains("Made on another device").doesNotContain(code.substring(0, 4) + " " + code.substring(4, 8));
        BrowserPages.onlyRefusals("(409)", first, second);
    }

    private String lastEvent(String field) {
        JsonNode last = lock.events().valueStream().reduce((x, y) -> y).orElse(null);
        return last == null ? null : text(last, field);
    }

    private static String text(JsonNode node, String field) {
        return node.get(field) == null || node.get(field).isNull() ? null : node.get(field).asString();
    }
}
