package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.keyward.cloud.browser.Browser;
import io.keyward.cloud.browser.BrowserPages;
import io.keyward.protocol.trust.DeviceIds;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15, "the cloud alone cannot open a door", in the web app with two real Chromium profiles (two
 * devices: each its own IndexedDB and keys), a real cloud (H2, embedded broker) and a simulated lock.
 * Browser A adds the lock with its pairing QR (which carries the bind secret, trust design §4) and is
 * bound on the way; its Devices page lists it with the fingerprint trust.js computes; the remote unlock
 * it signs opens the bolt (design §3), and the lock's events show it. Browser B, the same account but
 * not bound, is refused with words that point to the Devices page; A grants it (a MANAGER kwdg1) and B
 * unlocks with that chain; at the door (hold ✓ 3 s, the
 * administrator passcode, ✓) the lock shows a bind code, B binds with its text, removes A (a lost
 * phone) with a REMOVE_DEVICE it signs; A is refused from then on, and what A still signs the lock
 * refuses itself (UNKNOWN_SIGNER). Screenshots: docs/screenshots/devices-{desktop,phone}.png.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("issue 15: two browser profiles as devices of a protected lock (trust design §3, §4, §6)")
class TrustDevicesBrowserTest extends TwoDeviceBrowsers {

    /** Carol's passcode, enrolled from A's browser (SPEC A2: no run, no repeat). */
    static final String CAROL_PASSCODE = "583914";
    /** Erin's, a person across locks put on a protected lock from the People page (issue 15, B11). */
    static final String ERIN_PASSCODE = "729364";

    @Test
    @Order(1)
    @DisplayName("design §3, §4: pair and bind, signed remote unlock on and unlock, a user and passcode added from the browser (signed) that opens, "
            + "an unbound profile refused, binding at the door, removing the lost device")
    void twoDevices() throws Exception {
        // ---- A: adds the lock with the QR's text, bind secret and all; the app keeps the secret from the cloud
        a.signIn(owner.email, Account.PASSWORD);
        a.visible("signout");
        String qr = lock.pairingCode();
        assertThat(qr).as("SPEC A3 + design §4: the pairing QR carries a bind secret").contains("&bind=");
        a.click("add-lock");
        a.type("pairing-code", qr);
        a.type("lock-name", "Front door");
        a.click("pair-submit");
        a.waitForText("lock-online", "Online");
        String lockId = first.driver.getCurrentUrl().replaceAll(".*#/lock/", "");
        a.waitForText("trust-status", "Protected");
        a.waitForText("trust-this-device", "This device is one of them");

        String firstId = (String) script(first, "return await trust.deviceId();");
        String firstFingerprint = (String) script(first, "return await trust.fingerprint();");
        assertThat(firstFingerprint).isEqualTo(DeviceIds.fingerprint(firstId));
        JsonNode reported = owner.lock(lockId);
        assertThat(reported.get("trustMode").asBoolean()).isTrue();
        assertThat(reported.at("/ownerDevices/0/deviceId").asString()).isEqualTo(firstId);
        assertThat(reported.at("/ownerDevices/0/how").asString()).isEqualTo("PAIRING_QR");
        assertThat(lock.state().at("/devices/0/deviceId").asString()).as("design §6: the panel lists it").isEqualTo(firstId);
        assertThat(script(first, "return await trust.visitorSecret('" + lock.serial + "') !== null;"))
                .as("design §5: the sealed visitor secret opened and kept in this browser").isEqualTo(true);

        // ---- A's Devices page: this device, with the fingerprint trust.js computes
        first.driver.get(cloud.uri() + "/#/lock/" + lockId + "/devices");
        WebElement mine = a.waiting().until(d -> d.findElement(By.cssSelector("li[data-device-id='" + firstId + "']")));
        assertThat(mine.findElement(By.className("device-fingerprint")).getText()).isEqualTo(firstFingerprint);
        assertThat(mine.getText()).contains("this device").contains("when the lock was added");

        // ---- A turns remote unlock on (a §3 setting: signed) and unlocks (signed): the bolt opens
        first.driver.get(cloud.uri() + "/#/lock/" + lockId + "/settings");
        WebElement remote = a.visible("setting-REMOTE_UNLOCK");
        if (!remote.isSelected()) {
            a.click(remote);
        }
        await().atMost(BrowserPages.WAIT).until(() -> "true".equals(owner.lock(lockId).at("/reported/settings/REMOTE_UNLOCK").asString()));
        expect(owner.put("/api/locks/" + lockId + "/settings/RELOCK_SECONDS", Map.of("value", "5")), 200); // not in §3: as before
        first.driver.get(cloud.uri() + "/#/lock/" + lockId);
        a.waitForText("lock-online", "Online");
        a.click("unlock");
        a.waitForText("message", "Unlocked");
        assertThat(lock.state().get("bolt").asString()).as("SPEC C6: opened by the signed unlock").isEqualTo("UNLOCKED");
        await().atMost(BrowserPages.WAIT).until(() -> remoteUnlocks(lockId) == 1);
        await().atMost(BrowserPages.WAIT).until(() -> "LOCKED".equals(lock.state().get("bolt").asString()));

        // ---- A adds a lock user and enrols a passcode for them (ADD_USER and START_ENROLMENT, both §3: signed):
        // typed twice on the keypad, the new passcode opens the door
        first.driver.get(cloud.uri() + "/#/lock/" + lockId + "/users");
        a.type("user-name", "Carol");
        new Select(a.visible("user-role")).selectByValue("USER");
        a.click("user-add");
        WebElement carolItem = a.waiting().until(d -> d.findElements(By.cssSelector("#user-list li[data-user]")).stream()
                .filter(li -> li.getText().contains("Carol")).findFirst().orElse(null));
        int carol = Integer.parseInt(carolItem.getAttribute("data-user"));
        a.click("enrol-passcode-" + carol);
        a.waitForText("enrolment-progress", "1 of 2");
        lock.type(CAROL_PASSCODE);
        a.waitForText("enrolment-progress", "2 of 2");
        lock.type(CAROL_PASSCODE);
        a.waiting().until(d -> !d.findElements(By.cssSelector("#user-list li[data-user='" + carol + "'] li[data-credential^='passcode-']"))
                .isEmpty());
        lock.type(CAROL_PASSCODE);
        assertThat(lock.state().get("bolt").asString()).as("SPEC B2, B5 in trust mode: the signed user's passcode opens").isEqualTo("UNLOCKED");
        await().atMost(BrowserPages.WAIT).until(() -> "LOCKED".equals(lock.state().get("bolt").asString()));

        // ---- B: the same account, another profile, not bound: told why, pointed to Devices; nothing opens
        b.signIn(owner.email, Account.PASSWORD);
        b.visible("signout");
        second.driver.get(cloud.uri() + "/#/lock/" + lockId);
        b.waitForText("trust-this-device", "not bound");
        b.click("unlock");
        b.waitForText("unlock-refusal", "not bound to the lock");
        b.waitForText("unlock-refusal", "Devices page");
        assertThat(lock.state().get("bolt").asString()).isEqualTo("LOCKED");

        // ---- A grants B (same account, registered when B opened Devices): B unlocks with the chain [A's MANAGER grant]
        second.driver.get(cloud.uri() + "/#/lock/" + lockId + "/devices");
        b.waitForText("device-this", "fingerprint");
        String secondId = (String) script(second, "return await trust.deviceId();");
        first.driver.get(cloud.uri() + "/#/lock/" + lockId + "/devices");
        a.click("device-grant-" + secondId);
        a.waitForText("message", "may now unlock and manage");
        second.driver.get(cloud.uri() + "/#/lock/" + lockId);
        b.waitForText("lock-online", "Online");
        b.click("unlock");
        b.waitForText("message", "Unlocked");
        assertThat(lock.state().get("bolt").asString()).as("design §2: a granted device's chain").isEqualTo("UNLOCKED");
        await().atMost(BrowserPages.WAIT).until(() -> remoteUnlocks(lockId) == 2);
        await().atMost(BrowserPages.WAIT).until(() -> "LOCKED".equals(lock.state().get("bolt").asString()));

        // ---- at the door: hold ✓ 3 s, the administrator passcode, ✓: the lock shows a bind code
        lock.post("/touch", "{}");
        lock.post("/hold", "{\"key\":\"OK\",\"seconds\":3}");
        lock.expectPrompt("ENTER_ADMIN_PASSCODE");
        List<String> keys = new ArrayList<>();
        for (char c : Lock.ADMIN_PASSCODE.toCharArray()) {
            keys.add(String.valueOf(c));
        }
        keys.add("OK");
        String bindCode = lock.keys(keys.toArray(String[]::new)).at("/screen/qr").asString();
        assertThat(bindCode).startsWith("keyward://bind?");

        // ---- B binds with the code's text
        second.driver.get(cloud.uri() + "/#/lock/" + lockId + "/devices");
        b.type("bind-name", "Bob's laptop");
        b.type("bind-code", bindCode);
        b.click("bind-submit");
        b.waitForText("message", "This device is bound to the lock");
        b.waiting().until(d -> d.findElements(By.cssSelector("#device-list li")).size() == 2);
        WebElement bobs = b.waiting().until(d -> d.findElement(By.cssSelector("li[data-device-id='" + secondId + "']")));
        assertThat(bobs.getText()).contains("Bob's laptop").contains("this device").contains("at the door");
        b.shots("devices");

        // ---- B removes A (a lost phone): a REMOVE_DEVICE B signs
        b.click("device-remove-" + firstId);
        b.click("device-remove-confirm-" + firstId);
        b.waitForText("message", "was removed from the lock");
        b.waiting().until(d -> d.findElements(By.cssSelector("#device-list li")).size() == 1);
        await().atMost(BrowserPages.WAIT).until(() -> owner.lock(lockId).get("ownerDevices").size() == 1);
        assertThat(lock.state().at("/devices/0/deviceId").asString()).isEqualTo(secondId);
        assertThat(b.driver.findElements(By.id("device-remove-" + secondId))).as("no Remove on this device itself").isEmpty();

        // ---- A is refused: by the app (not bound any more), and by the lock itself for what A still signs
        first.driver.get(cloud.uri() + "/#/lock/" + lockId);
        a.waitForText("trust-this-device", "not bound");
        a.click("unlock");
        a.waitForText("unlock-refusal", "not bound to the lock");
        Object lockSays = script(first, "const signed = await trust.signCommand('" + lock.serial + "', JSON.stringify("
                + "{type: 'REMOTE_UNLOCK', account: '" + owner.email + "'}), 25000);"
                + " const r = await fetch('/api/locks/" + lockId + "/unlock', {method: 'POST', credentials: 'same-origin',"
                + " headers: {'X-Keyward': '1', 'Keyward-Device-Command': signed.token}});"
                + " return r.status + ' ' + (await r.json()).reason;");
        assertThat(lockSays).as("design §4: grants and commands ending at a removed device: UNKNOWN_SIGNER").isEqualTo("409 UNKNOWN_SIGNER");
        assertThat(lock.state().get("bolt").asString()).isEqualTo("LOCKED");

        // ---- B, bound at the door, unlocks
        second.driver.get(cloud.uri() + "/#/lock/" + lockId);
        b.waitForText("trust-this-device", "This device is one of them");
        b.click("unlock");
        b.waitForText("message", "Unlocked");
        assertThat(lock.state().get("bolt").asString()).isEqualTo("UNLOCKED");
        await().atMost(BrowserPages.WAIT).until(() -> remoteUnlocks(lockId) == 3);

        // ---- and over Bluetooth (SPEC C5): the hello carries B's self-grant, not a cloud-made key
        await().atMost(BrowserPages.WAIT).until(() -> "LOCKED".equals(lock.state().get("bolt").asString()));
        b.click("trust-unlock-nearby");
        b.waitForText("trust-nearby-result", "Unlocked over Bluetooth");
        assertThat(lock.state().get("bolt").asString()).isEqualTo("UNLOCKED");
        assertThat(events(lockId)).as("design §6: the lock's events").anyMatch(e -> "DEVICE_BOUND".equals(e.get("kind").asString()))
                .anyMatch(e -> "DEVICE_REMOVED".equals(e.get("kind").asString()));
        BrowserPages.onlyRefusals("(404|409|428)", first, second);
    }

    @Test
    @Order(2)
    @DisplayName("issue 15 + B11: a person added on the People page to a lock this browser protects is signed by it at once: ON_LOCK "
            + "and the code opens the keypad; a later schedule waits for a signature: an unbound profile's Sign says to bind at the "
            + "door, the bound one's Sign sends it: ON_LOCK again")
    void personOnAProtectedLock() throws Exception {
        Lock door = Lock.start(data.resolve("locks"), cloud.uri());
        try {
            door.withAdministrator();
            first.driver.get(cloud.uri() + "/");
            if (first.driver.findElements(By.id("signout")).isEmpty()) {
                a.signIn(owner.email, Account.PASSWORD);
            }
            a.click("add-lock");
            a.type("pairing-code", door.pairingCode());
            a.type("lock-name", "Side door");
            a.click("pair-submit");
            a.waitForText("lock-online", "Online");
            String doorId = first.driver.getCurrentUrl().replaceAll(".*#/lock/", "");
            a.waitForText("trust-status", "Protected");
            await().atMost(BrowserPages.WAIT).until(() -> owner.lock(doorId).get("trustMode").asBoolean());

            first.driver.get(cloud.uri() + "/#/people");
            a.type("person-name", "Erin");
            a.type("person-passcode", ERIN_PASSCODE);
            a.click("person-lock-" + doorId);
            a.click("person-create");
            a.waitForText("message", "Signed on this device");
            String person = a.waiting().until(d -> d.findElements(By.cssSelector("#people-list li[data-person-id]")).stream()
                    .filter(li -> li.getText().contains("Erin")).findFirst().orElse(null)).getAttribute("data-person-id");
            a.waiting().until(d -> "ON_LOCK".equals(d.findElement(By.id("person-chip-" + person + "-" + doorId)).getAttribute("data-state")));
            door.type(ERIN_PASSCODE);
            assertThat(door.state().get("bolt").asString()).as("issue 15 + B11: the signed person's code opens").isEqualTo("UNLOCKED");

            // a later schedule (here by the API): SET_VALIDITY waits for a signature, shown on both profiles' pages
            expect(owner.put("/api/people/" + person + "/schedule", Map.of("until", java.time.Instant.now()
                    .plus(java.time.Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())), 200);
            second.driver.get(cloud.uri() + "/#/people");
            b.waitForText("person-sign-waiting-" + person + "-" + doorId, "Waiting for a signature on Side door");
            b.click("person-sign-" + person + "-" + doorId);
            b.click("person-" + person + "-sign-save");
            b.waitForText("person-" + person + "-sign-refusal", "Bind it at the lock’s door");
            assertThat(expect(owner.get("/api/people/" + person + "/signatures"), 200).json().size()).as("still waiting").isOne();

            first.driver.get(cloud.uri() + "/#/people");
            a.click("person-sign-" + person + "-" + doorId);
            a.click("person-" + person + "-sign-save");
            a.waitForText("message", "Signed on this device for Side door");
            a.waiting().until(d -> "ON_LOCK".equals(d.findElement(By.id("person-chip-" + person + "-" + doorId)).getAttribute("data-state")));
            assertThat(expect(owner.get("/api/people/" + person + "/signatures"), 200).json().size()).isZero();
            BrowserPages.onlyRefusals("(404|409|428)", first, second);
        } finally {
            door.close();
        }
    }

    private List<JsonNode> events(String lockId) {
        return expect(owner.get("/api/locks/" + lockId + "/events?limit=200"), 200).json().get("events").valueStream().toList();
    }

    private long remoteUnlocks(String lockId) {
        return events(lockId).stream().filter(e -> "UNLOCK".equals(e.get("kind").asString())
                && "REMOTE".equals(e.get("method").asString("")) && "OK".equals(e.get("result").asString(""))).count();
    }

    /** Runs body in the page with trust.js imported as trust (the app's own module, this profile's keys). */
    private static Object script(Browser browser, String body) {
        return ((JavascriptExecutor) browser.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "import('/app/trust.js').then(async (trust) => {" + body + "})"
                        + ".then(done, (e) => done('error: ' + (e && (e.reason || e.message) || e)));");
    }
}
