package io.keyward.cloud.e2e;

import static io.keyward.cloud.browser.BrowserPages.closeAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import io.keyward.cloud.browser.Browser;
import io.keyward.cloud.browser.BrowserPages;
import io.keyward.protocol.trust.DeviceSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15's acceptance for shared members (trust design §2 kwdg1/kwdr1, §7), in two real Chromium
 * profiles (two devices, two accounts) against a real simulated lock: the owner pairs and binds its
 * browser; shares the lock with a member; the member's browser registers itself and waits, showing its
 * fingerprint; the owner's Devices page shows the same fingerprint and grants; the member unlocks
 * remotely (signed with the chain) and over Bluetooth (the chain as its token): the panel shows the bolt
 * open. Then the lock's cloud link is taken down, so the cloud cannot pass REVOKE_GRANT on; the owner
 * revokes on its device, and the revocation reaches the lock over Bluetooth from the owner's app. The
 * member's Bluetooth unlock is refused REVOKED, and after the link is back its remote unlock too, both
 * in the lock's words in the app.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Issue 15: a shared member's device is granted by the owner's device, and revoked past the cloud")
class SharedDeviceGrantsBrowserTest {

    static final Duration RELOCK = Duration.ofSeconds(30);

    final Path data = Path.of("target", "e2e", "grants-browser-" + UUID.randomUUID()).toAbsolutePath();
    Cloud cloud;
    Lock lock;
    Account owner;
    Account member;
    Browser ownerBrowser;
    Browser memberBrowser;
    Browser managerBrowser; // SPEC T7, started by managerRevokesOnItsDevice
    Browser erinBrowser; // SPEC T7, a member's device the manager's grants (managerGrantsOnItsDevice)
    BrowserPages managerPage;
    Account manager;
    String managerDeviceId;
    String managerGrant;
    BrowserPages ownerPage;
    BrowserPages memberPage;
    String lockId;
    String memberDeviceId;
    String grantId;

    @BeforeAll
    void start() throws Exception {
        cloud = Cloud.shared();
        lock = Lock.start(data.resolve("locks"), cloud.uri());
        owner = Account.signUp(cloud);
        member = Account.signUp(cloud);
        ownerBrowser = Browser.start(Browser.DESKTOP);
        memberBrowser = Browser.start(Browser.DESKTOP);
        ownerPage = new BrowserPages(ownerBrowser, 400);
        memberPage = new BrowserPages(memberBrowser, 400);
        ownerPage.openAppAndPanelTabs(cloud.uri() + "/", lock.running().panelUrl() + "/panel");
        memberPage.openAppAndPanelTabs(cloud.uri() + "/", null);
    }

    @AfterAll
    void stop() {
        closeAll(ownerBrowser, memberBrowser, managerBrowser, erinBrowser, lock, cloud);
    }

    @Test
    @Order(1)
    @DisplayName("§4 the owner pairs the lock with a QR that carries a bind secret: its browser is the owner device, the lock is protected")
    void ownerPairsAndBinds() {
        ownerPage.app();
        ownerPage.signIn(owner.email, BrowserPages.PASSWORD);
        ownerPage.visible("add-lock");
        lock.withAdministrator();
        String pairing = lock.pairingCode();
        assertThat(pairing).as("SPEC A3 + design §4: the pairing QR carries a bind secret").contains("&bind=");
        ownerPage.app();
        ownerPage.click("add-lock");
        ownerPage.type("pairing-code", pairing);
        ownerPage.type("lock-name", "Front door");
        WebElement protect = ownerPage.visible("pair-protect");
        if (!protect.isSelected()) {
            ownerPage.click(protect);
        }
        ownerPage.click("pair-submit");
        ownerPage.waitForText("lock-online", "Online");
        lockId = ownerBrowser.driver.getCurrentUrl().replaceAll(".*#/lock/([0-9a-f-]{36}).*", "$1");
        String said = ownerBrowser.driver.findElement(By.id("message")).getText();
        try {
            ownerPage.waiting(Duration.ofSeconds(60)).until(d -> d.findElement(By.id("trust-status")).getText()
                    .startsWith("Protected"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("not bound after pairing; the app said: " + said + " / now: "
                    + ownerBrowser.driver.findElement(By.id("message")).getText() + "; console: "
                    + ownerBrowser.consoleErrors() + "; lock devices: " + lock.state().get("devices"), e);
        }
        JsonNode view = owner.lock(lockId);
        assertThat(view.get("trustMode").asBoolean()).isTrue();
        assertThat(view.get("ownerDevices").size()).isEqualTo(1);
        assertThat(view.at("/ownerDevices/0/deviceId").asString()).isEqualTo(deviceIdOf(ownerBrowser));
    }

    @Test
    @Order(2)
    @DisplayName("§3 the owner turns remote unlock on, signed on its device; and shares the lock with the member (H3)")
    void ownerTurnsOnRemoteUnlockAndShares() {
        ownerBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId + "/settings");
        ownerPage.click("setting-REMOTE_UNLOCK");
        await().atMost(Duration.ofSeconds(30)).until(() -> lockEvents().anyMatch(e ->
                "SETTING_CHANGED".equals(e.path("kind").asString())));
        Account.expect(owner.post("/api/locks/" + lockId + "/shares", Map.of("email", member.email, "role", "MEMBER")), 201);
    }

    @Test
    @Order(3)
    @DisplayName("§7 the member's browser registers itself and waits for a grant, showing its fingerprint; its unlock is refused before anything is sent")
    void memberWaits() {
        memberPage.app();
        memberPage.signIn(member.email, BrowserPages.PASSWORD);
        memberPage.visible("signout");
        memberBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId);
        memberDeviceId = deviceIdOf(memberBrowser);
        String fingerprint = fingerprint(memberDeviceId);
        untilText(memberBrowser, memberPage, "trust-this-device", "Waiting for the owner or a manager to grant this device");
        assertThat(memberPage.visible("trust-this-device").getText()).contains(fingerprint);
        assertThat(memberBrowser.driver.findElement(By.id("trust-steps")).isDisplayed())
                .as("a member's device is granted, not bound at the door").isFalse();

        memberPage.click("unlock");
        memberPage.waiting().until(d -> d.findElement(By.id("unlock-refusal")).isDisplayed());
        assertThat(memberPage.visible("unlock-refusal").getText()).contains("This device is not bound to the lock");
        assertThat(lock.state().get("bolt").asString()).isEqualTo("LOCKED");
    }

    @Test
    @Order(4)
    @DisplayName("§7 the owner's Devices page lists the waiting device with the same fingerprint and grants it the sharing's role")
    void ownerGrants() throws Exception {
        ownerPage.app();
        ownerBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId + "/devices");
        WebElement waiting = ownerPage.waiting(Duration.ofSeconds(30)).until(d -> d.findElements(
                By.cssSelector("#grant-requests li[data-device-id='" + memberDeviceId + "']")).stream().findFirst().orElse(null));
        assertThat(waiting.getText()).contains(fingerprint(memberDeviceId)).contains(member.email).contains("Member")
                .contains("Compare");
        ownerPage.click("grant-" + memberDeviceId);
        WebElement granted = ownerPage.waiting(Duration.ofSeconds(30)).until(d -> d.findElements(
                By.cssSelector("#grant-list li[data-grant-id]")).stream().findFirst().orElse(null));
        grantId = granted.getAttribute("data-grant-id");
        ownerPage.waitForText("grant-state-" + grantId, "Active");
        assertThat(ownerPage.visible("grant-requests-none").isDisplayed()).isTrue();
        ownerPage.shots("grants", "shared-devices");
    }

    @Test
    @Order(5)
    @DisplayName("§2, §3 the member unlocks remotely with a command signed on its device and its grant chain: the bolt opens")
    void memberUnlocksRemotely() {
        memberBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId);
        untilText(memberBrowser, memberPage, "trust-this-device", "member grant");
        memberPage.click("unlock");
        memberPage.waiting(Duration.ofSeconds(30)).until(d -> "Unlocked.".equals(d.findElement(By.id("message")).getText()));
        await().atMost(Duration.ofSeconds(10)).until(() -> "UNLOCKED".equals(lock.state().get("bolt").asString()));
        assertThat(lockEvents().filter(e -> "UNLOCK".equals(e.path("kind").asString())
                && "REMOTE".equals(e.path("method").asString()) && "OK".equals(e.path("result").asString())).count())
                .isEqualTo(1);
        relocked();
    }

    @Test
    @Order(6)
    @DisplayName("§3 the member unlocks over Bluetooth with its grant chain as the token: the bolt opens, and the owner's All events shows it in words, without the grant's or the device's id, nor the bound owner phone's")
    void memberUnlocksOverBluetooth() {
        memberBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId + "/bluetooth");
        memberPage.waiting(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("bt-unlock")).isEnabled());
        memberPage.click("bt-unlock");
        memberPage.waitForText("bt-result", "Unlocked");
        await().atMost(Duration.ofSeconds(10)).until(() -> "UNLOCKED".equals(lock.state().get("bolt").asString()));
        assertThat(lockEvents().anyMatch(e -> "UNLOCK".equals(e.path("kind").asString())
                && "BLUETOOTH".equals(e.path("method").asString()) && "OK".equals(e.path("result").asString())
                && e.path("credential").asString().contains(grantId))).as("the lock logs the grant it opened for").isTrue();
        // SPEC H5 on the owner's All events: the entry names the member's account, not the grant's id
        ownerPage.app();
        ownerBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId + "/events");
        WebElement entry = ownerPage.waiting(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#event-list li[data-seq]"))
                .stream().filter(li -> li.getText().startsWith("Unlocked") && li.getText().contains("Bluetooth")).findFirst().orElse(null));
        assertThat(entry.getText()).as("the events page shows who, not the grant's id or the lock's wording of it")
                .doesNotContain("grant:").doesNotContain("device grant").doesNotContain("MEMBER");
        WebElement remote = ownerBrowser.driver.findElements(By.cssSelector("#event-list li[data-seq]")).stream()
                .filter(li -> li.getText().contains("Remote (app)")).findFirst().orElseThrow();
        assertThat(remote.getText()).as("a device-signed unlock: no raw device id").doesNotContain(", device");
        WebElement bound = ownerBrowser.driver.findElements(By.cssSelector("#event-list li[data-seq]")).stream()
                .filter(li -> li.getText().startsWith("Owner phone bound")).findFirst().orElseThrow();
        assertThat(bound.getText()).as("design §6 DEVICE_BOUND: the device's name and fingerprint, not its 22-character id")
                .contains("(" + fingerprint(deviceIdOf(ownerBrowser)) + ")").doesNotContain(deviceIdOf(ownerBrowser));
        relocked();
    }

    @Test
    @Order(7)
    @DisplayName("kwdr1 with the lock's cloud link down the owner revokes on its device; its app carries the revocation to the lock over Bluetooth")
    void ownerRevokesPastTheCloud() {
        lock.running().dropLink();
        await().atMost(Duration.ofSeconds(30)).until(() -> !owner.lock(lockId).get("online").asBoolean());

        ownerPage.app();
        ownerBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId + "/devices");
        ownerPage.click("grant-revoke-" + grantId);
        ownerPage.waitForText("grant-state-" + grantId, "Revoked");
        assertThat(revokedAtLock()).as("the cloud could not pass REVOKE_GRANT on: the link is down").isFalse();

        ownerBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId + "/bluetooth");
        ownerPage.waiting(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("bt-unlock")).isEnabled());
        ownerPage.click("bt-unlock");
        ownerPage.waitForText("bt-result", "Unlocked");
        await().atMost(Duration.ofSeconds(10)).until(this::revokedAtLock);
        assertThat(lockEvents().filter(e -> "BLUETOOTH_KEY_REVOKED".equals(e.path("kind").asString()))
                .map(e -> e.path("detail").asString()).toList())
                .anySatisfy(detail -> assertThat(detail).contains("carried by device grant"));
        relocked();
    }

    @Test
    @Order(8)
    @DisplayName("REVOKED the member's Bluetooth unlock is refused by the lock, in the lock's words; the bolt stays locked")
    void memberRefusedOverBluetooth() {
        memberPage.app();
        ((JavascriptExecutor) memberBrowser.driver).executeScript("document.getElementById('bt-result').textContent = ''");
        memberPage.click("bt-unlock");
        memberPage.waitForText("bt-result", "revoked");
        assertThat(memberPage.visible("bt-result").getText()).doesNotContain("REVOKED");
        assertThat(lock.state().get("bolt").asString()).isEqualTo("LOCKED");
        assertThat(lockEvents().anyMatch(e -> "UNLOCK".equals(e.path("kind").asString())
                && "REFUSED".equals(e.path("result").asString()) && "REVOKED".equals(e.path("reason").asString())))
                .as("the lock refused REVOKED").isTrue();
    }

    @Test
    @Order(9)
    @DisplayName("REVOKED after the link is back, the member's remote unlock is refused by the lock, in the lock's words")
    void memberRefusedRemotely() {
        lock.running().restoreLink();
        await().atMost(Duration.ofSeconds(60)).until(() -> owner.lock(lockId).get("online").asBoolean());
        memberBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId);
        untilText(memberBrowser, memberPage, "trust-this-device", "was revoked");
        memberPage.click("unlock");
        memberPage.waiting(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("unlock-refusal")).isDisplayed()
                && !d.findElement(By.id("unlock-refusal")).getText().isBlank());
        assertThat(memberPage.visible("unlock-refusal").getText()).contains("This device’s access was revoked.")
                .doesNotContain("REVOKED");
        assertThat(lock.state().get("bolt").asString()).isEqualTo("LOCKED");
    }

    @Test
    @Order(10)
    @DisplayName("SPEC T7 a manager's browser, granted MANAGER by the owner's device, revokes the member's new grant on its own device with its "
            + "chain: no Revoke on the manager's own grant; REVOKE_GRANT reaches the lock and the member's remote unlock is refused REVOKED")
    void managerRevokesOnItsDevice() throws Exception {
        manager = Account.signUp(cloud);
        Account.expect(owner.post("/api/locks/" + lockId + "/shares", Map.of("email", manager.email, "role", "MANAGER")), 201);
        managerBrowser = Browser.start(Browser.DESKTOP);
        managerPage = new BrowserPages(managerBrowser, 400);
        managerPage.openAppAndPanelTabs(cloud.uri() + "/", null);
        managerPage.app();
        managerPage.signIn(manager.email, BrowserPages.PASSWORD);
        managerPage.visible("signout");
        managerBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId);
        managerDeviceId = deviceIdOf(managerBrowser);
        untilText(managerBrowser, managerPage, "trust-this-device", "Waiting for the owner or a manager to grant this device");

        // the owner's device grants the manager's browser (MANAGER, as shared) and the member's device again
        ownerPage.app();
        ownerBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId + "/devices");
        for (String device : java.util.List.of(managerDeviceId, memberDeviceId)) {
            ownerPage.waiting(Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("grant-" + device)).isEmpty());
            ownerPage.click("grant-" + device);
            ownerPage.waiting(Duration.ofSeconds(30)).until(d -> d.findElements(By.id("grant-" + device)).isEmpty());
        }
        JsonNode grants = Account.expect(owner.get("/api/locks/" + lockId + "/grants"), 200).json();
        String memberGrant = StreamSupport.stream(grants.spliterator(), false)
                .filter(g -> g.get("holderId").asString().equals(memberDeviceId) && "ACTIVE".equals(g.get("status").asString()))
                .map(g -> g.get("grantId").asString()).findFirst().orElseThrow();
        managerGrant = StreamSupport.stream(grants.spliterator(), false)
                .filter(g -> g.get("holderId").asString().equals(managerDeviceId))
                .map(g -> g.get("grantId").asString()).findFirst().orElseThrow();

        // the app carries revocations in batches the lock's 16 KiB record takes: a manager's is about 1.2 KB (kwdr1~grant~chain)
        Object sizes = ((JavascriptExecutor) managerBrowser.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "import('/app/bluetooth.js').then((m) => done(JSON.stringify([m.revocationBatches(Array(70).fill('x')),"
                        + " m.revocationBatches(Array(11).fill('y'.repeat(2300)))].map((bs) => bs.map((b) => b.length)))),"
                        + " (e) => done('error: ' + e));");
        assertThat(sizes).isEqualTo("[[64,6],[5,5,1]]");

        managerBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId + "/devices");
        managerPage.waiting(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("grants-manager-revokes")).isDisplayed());
        assertThat(managerBrowser.driver.findElement(By.id("grants-sign-where")).isDisplayed()).isFalse();
        managerPage.waiting(Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("grant-revoke-" + memberGrant)).isEmpty());
        assertThat(managerBrowser.driver.findElements(By.id("grant-revoke-" + managerGrant)))
                .as("a manager does not revoke a MANAGER grant").isEmpty();
        managerPage.click("grant-revoke-" + memberGrant);
        managerPage.waitForText("grant-state-" + memberGrant, "Revoked");
        await().atMost(Duration.ofSeconds(30)).until(() -> lockEvents().anyMatch(e -> "BLUETOOTH_KEY_REVOKED".equals(e.path("kind").asString())
                && e.path("credential").asString().contains(memberGrant) && e.path("detail").asString().contains(managerDeviceId)));

        memberBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId);
        untilText(memberBrowser, memberPage, "trust-this-device", "was revoked");
        long refusedBefore = refusedRevoked();
        memberPage.click("unlock");
        memberPage.waiting(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("unlock-refusal")).isDisplayed()
                && !d.findElement(By.id("unlock-refusal")).getText().isBlank());
        assertThat(memberPage.visible("unlock-refusal").getText()).contains("This device’s access was revoked.");
        assertThat(lock.state().get("bolt").asString()).isEqualTo("LOCKED");
        assertThat(refusedRevoked()).as("the lock itself refused the new grant's unlock").isEqualTo(refusedBefore + 1);
    }

    @Test
    @Order(11)
    @DisplayName("SPEC E3, E4, T3 + design §7: the owner makes a visitor's pairing code on the protected lock's Bluetooth page; "
            + "the second profile, signed up as a visitor, redeems it and waits, showing its fingerprint; the owner's Devices page "
            + "lists the request with the same fingerprint and approves it; the visitor opens over Bluetooth with its VISITOR grant")
    void visitorPairingCode() {
        relocked();
        ownerPage.app();
        ownerBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId + "/bluetooth");
        assertThat(ownerPage.visible("bt-invite-trust").getText()).contains("Devices");
        ownerPage.type("bt-invite-name", "Dana");
        ownerPage.click("bt-invite-create");
        String code = ownerPage.visible("bt-invite-code").getAttribute("data-code");

        memberPage.app();
        memberPage.click("signout");
        String visitorEmail = "visitor-" + UUID.randomUUID() + "@example.org";
        memberPage.signUp(visitorEmail, "Dana");
        memberPage.visible("add-lock");
        memberBrowser.driver.get(cloud.uri() + "/#/bluetooth");
        memberPage.type("bt-redeem-code", code);
        memberPage.click("bt-redeem-submit");
        String fingerprint = fingerprint(deviceIdOf(memberBrowser));
        WebElement waiting = memberPage.waiting(Duration.ofSeconds(30)).until(d -> d.findElements(
                By.cssSelector("#bt-visitor-requests li[data-invite-id]")).stream().findFirst().orElse(null));
        assertThat(waiting.getText()).contains("Front door").contains("Dana").contains(fingerprint).contains("Waiting for the owner");
        assertThat(memberBrowser.driver.findElements(By.cssSelector("#bt-key-list button"))).as("no key yet").isEmpty();

        ownerBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId + "/devices");
        WebElement request = ownerPage.waiting(Duration.ofSeconds(30)).until(d -> d.findElements(
                By.cssSelector("#grant-requests li[data-invite-id]")).stream().findFirst().orElse(null));
        assertThat(request.getText()).contains("Dana").contains(fingerprint).contains(visitorEmail).contains("Visitor")
                .contains("Compare");
        ownerPage.click("approve-" + request.getAttribute("data-invite-id"));
        ownerPage.waiting(Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("#grant-requests li[data-invite-id]"))
                .isEmpty());

        memberBrowser.driver.navigate().refresh();
        WebElement unlock = memberPage.waiting(Duration.ofSeconds(30)).until(d -> d.findElements(
                By.cssSelector("#bt-key-list button[id^='bt-unlock-']")).stream().findFirst().orElse(null));
        String visitorGrant = unlock.getAttribute("id").substring("bt-unlock-".length());
        assertThat(memberBrowser.driver.findElements(By.cssSelector("#bt-visitor-requests li"))).as("no longer waiting").isEmpty();
        memberPage.click(unlock);
        memberPage.waitForText("bt-result", "Unlocked");
        await().atMost(Duration.ofSeconds(10)).until(() -> "UNLOCKED".equals(lock.state().get("bolt").asString()));
        assertThat(lockEvents().anyMatch(e -> "UNLOCK".equals(e.path("kind").asString())
                && "BLUETOOTH".equals(e.path("method").asString()) && "OK".equals(e.path("result").asString())
                && e.path("credential").asString().contains(visitorGrant))).as("the lock opened for the visitor's grant").isTrue();
        relocked();
    }

    @Test
    @Order(12)
    @DisplayName("SPEC T7, issue 15: the manager's browser, granted MANAGER by the owner's device (above), grants a member's waiting "
            + "device MEMBER on its own device, within its own grant and with its grant as the parent; the member opens the real lock "
            + "over Bluetooth with that chain; the manager's device is offered no OWNER or MANAGER grant, also for a manager's device")
    void managerGrantsOnItsDevice() throws Exception {
        relocked();
        Account erin = Account.signUp(cloud);
        Account.expect(owner.post("/api/locks/" + lockId + "/shares", Map.of("email", erin.email, "role", "MEMBER")), 201);
        // the manager account's other device waits too: shared MANAGER, yet a manager's device may give it MEMBER only
        DeviceSigner tablet = DeviceSigner.generate();
        assertThat(manager.post("/api/devices", Map.of("deviceKey", tablet.deviceKey(), "agreeKey", tablet.agreeKey(),
                "name", "Carol's tablet")).status()).isBetween(200, 201);

        erinBrowser = Browser.start(Browser.DESKTOP);
        BrowserPages erinPage = new BrowserPages(erinBrowser, 400);
        erinPage.openAppAndPanelTabs(cloud.uri() + "/", null);
        erinPage.app();
        erinPage.signIn(erin.email, BrowserPages.PASSWORD);
        erinPage.visible("signout");
        erinBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId);
        String erinDevice = deviceIdOf(erinBrowser);
        untilText(erinBrowser, erinPage, "trust-this-device", "Waiting for the owner or a manager to grant this device");

        managerPage.app();
        managerBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId + "/devices");
        untilText(managerBrowser, managerPage, "grants-manager-revokes", "can grant members and visitors");
        WebElement grantErin = managerPage.waiting(Duration.ofSeconds(30)).until(d -> d.findElements(By.id("grant-" + erinDevice))
                .stream().findFirst().orElse(null));
        WebElement grantTablet = managerPage.waiting(Duration.ofSeconds(30)).until(d -> d.findElements(By.id("grant-" + tablet.deviceId()))
                .stream().findFirst().orElse(null));
        assertThat(grantErin.getText()).isEqualTo("Grant (member)");
        assertThat(grantTablet.getText()).as("a MANAGER chain signs MEMBER or VISITOR only (ROLE_NOT_ALLOWED)").isEqualTo("Grant (member)");
        assertThat(managerBrowser.driver.findElements(By.cssSelector("#grant-requests button")))
                .allSatisfy(b -> assertThat(b.getAttribute("data-role")).isIn("MEMBER", "VISITOR"))
                .noneSatisfy(b -> assertThat(b.getText().toLowerCase(java.util.Locale.ROOT)).containsAnyOf("manager", "owner"));

        managerPage.click(grantErin);
        managerPage.waiting(Duration.ofSeconds(30)).until(d -> d.findElements(By.id("grant-" + erinDevice)).isEmpty());
        JsonNode grants = Account.expect(owner.get("/api/locks/" + lockId + "/grants"), 200).json();
        JsonNode parent = StreamSupport.stream(grants.spliterator(), false)
                .filter(g -> g.get("grantId").asString().equals(managerGrant)).findFirst().orElseThrow();
        JsonNode given = StreamSupport.stream(grants.spliterator(), false)
                .filter(g -> g.get("holderId").asString().equals(erinDevice)).findFirst().orElseThrow();
        assertThat(given.get("role").asString()).isEqualTo("MEMBER");
        assertThat(given.get("signerId").asString()).as("signed on the manager's device").isEqualTo(managerDeviceId);
        assertThat(given.get("parentId").asString()).as("the manager's own grant is the parent").isEqualTo(managerGrant);
        assertThat(java.time.OffsetDateTime.parse(given.get("validUntil").asString()))
                .as("the leaf lies within its parent").isBeforeOrEqualTo(java.time.OffsetDateTime.parse(parent.get("validUntil").asString()));
        String erinGrant = given.get("grantId").asString();

        erinBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId);
        untilText(erinBrowser, erinPage, "trust-this-device", "member grant");
        erinBrowser.driver.get(cloud.uri() + "/#/lock/" + lockId + "/bluetooth");
        erinPage.waiting(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("bt-unlock")).isEnabled());
        erinPage.click("bt-unlock");
        erinPage.waitForText("bt-result", "Unlocked");
        await().atMost(Duration.ofSeconds(10)).until(() -> "UNLOCKED".equals(lock.state().get("bolt").asString()));
        assertThat(lockEvents().anyMatch(e -> "UNLOCK".equals(e.path("kind").asString())
                && "BLUETOOTH".equals(e.path("method").asString()) && "OK".equals(e.path("result").asString())
                && e.path("credential").asString().contains(erinGrant))).as("the lock opened for the manager's grant").isTrue();
        relocked();
    }

    private long refusedRevoked() {
        return lockEvents().filter(e -> "UNLOCK".equals(e.path("kind").asString()) && "REVOKED".equals(e.path("reason").asString()))
                .count();
    }

    // ------------------------------------------------------------------ helpers

    /** Waits until the element's text contains the words; on a timeout, says what the page showed instead. */
    private static void untilText(Browser browser, BrowserPages page, String id, String words) {
        try {
            page.waiting(Duration.ofSeconds(30)).until(d -> d.findElement(By.id(id)).getText().contains(words));
        } catch (org.openqa.selenium.TimeoutException e) {
            var found = browser.driver.findElements(By.id(id));
            throw new AssertionError("#" + id + " never said '" + words + "': it says '"
                    + (found.isEmpty() ? "(missing)" : found.get(0).getText()) + "'; message: '"
                    + browser.driver.findElements(By.id("message")).stream().map(WebElement::getText).findFirst().orElse("")
                    + "'; url " + browser.driver.getCurrentUrl() + "; console: " + browser.consoleErrors(), e);
        }
    }

    /** The browser's deviceId as its app computes it (trust.js, design §1). */
    private String deviceIdOf(Browser browser) {
        Object id = ((JavascriptExecutor) browser.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "import('/app/trust.js').then((m) => m.deviceId()).then(done, (e) => done('error: ' + e));");
        assertThat(id).asString().hasSize(22);
        return (String) id;
    }

    private static String fingerprint(String deviceId) {
        String head = deviceId.substring(0, 8).toUpperCase(java.util.Locale.ROOT);
        return head.substring(0, 4) + "-" + head.substring(4);
    }

    private java.util.stream.Stream<JsonNode> lockEvents() {
        return StreamSupport.stream(lock.events().spliterator(), false);
    }

    private boolean revokedAtLock() {
        return lockEvents().anyMatch(e -> "BLUETOOTH_KEY_REVOKED".equals(e.path("kind").asString())
                && e.path("credential").asString().contains(grantId));
    }

    private void relocked() {
        await().atMost(RELOCK).until(() -> "LOCKED".equals(lock.state().get("bolt").asString()));
    }
}
