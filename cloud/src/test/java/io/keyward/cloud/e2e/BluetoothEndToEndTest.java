package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.bluetooth.RadioClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * SPEC C5, E3 with real parts: the cloud issues Bluetooth keys, a real simulated lock's radio
 * (RadioClient, the Java phone) opens with them, and a revocation reaches the lock either from the cloud
 * when the lock is next online or from another account's app over Bluetooth while the lock stays offline.
 * Until one of them reaches it, the offline lock still accepts the revoked key: the window E3 allows.
 */
class BluetoothEndToEndTest {

    static final Duration RECONNECT = Duration.ofSeconds(60);

    final Path data = Path.of("target", "e2e", "bluetooth-" + UUID.randomUUID()).toAbsolutePath();
    Cloud cloud;
    Lock lock;

    @AfterEach
    void stop() {
        if (lock != null) {
            lock.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    /** A visitor's key on a device: the cloud's answer to redeeming the owner's code. */
    record Key(Account account, KeyPair device, String keyId, String token, String radio) {
        RadioClient.Handshake connect() {
            return RadioClient.connect(radio, token, device);
        }
    }

    @Test
    @DisplayName("E3 a visitor redeems the owner's code and unlocks over Bluetooth (UNLOCK by BLUETOOTH reaches the cloud); "
            + "a revoked key is still accepted before any sync and refused after the lock's next sync with the cloud")
    void revokedKeyRefusedAfterSync() throws Exception {
        Paired paired = pairedWithVisitor();
        Account owner = paired.owner();
        String id = paired.id();
        Key visitor = paired.visitor();
        RadioClient.Handshake first = visitor.connect();
        assertThat(first.ok()).as("handshake: " + first.reason()).isTrue();
        assertThat(first.session().unlock().ok()).isTrue();
        await().atMost(RECONNECT).untilAsserted(() -> assertThat(events(owner, id)).as("the cloud's events; the lock's: "
                + lock.events()).anyMatch(e -> "UNLOCK".equals(e.get("kind").asString())
                && "BLUETOOTH".equals(e.path("method").asString())));

        offline(owner, id);
        JsonNode revoked = expect(owner.post("/api/locks/" + id + "/bluetooth-keys/" + visitor.keyId() + "/revoke", "{}"), 200).json();
        assertThat(revoked.get("note").asString()).contains("offline");
        RadioClient.Handshake window = visitor.connect();
        assertThat(window.ok()).as("offline, before any sync, the revoked key still opens: " + window.reason()).isTrue();
        assertThat(window.session().unlock().ok()).isTrue();

        lock.running().restoreLink();
        await().atMost(RECONNECT).untilAsserted(() -> {
            RadioClient.Handshake after = visitor.connect();
            assertThat(after.ok()).as("after the sync").isFalse();
            assertThat(after.reason()).isEqualTo("REVOKED");
        });
    }

    @Test
    @DisplayName("E3 another account's app carries the revocation to the offline lock over Bluetooth; then the visitor is refused")
    void revocationCarriedByAnApp() throws Exception {
        cloud = Cloud.start(data.resolve("cloud"), Map.of());
        Account owner = Account.signUp(cloud);
        Account member = Account.signUp(cloud);
        lock = Lock.start(data.resolve("locks"), cloud.uri());
        String id = pairedLock(owner);
        expect(owner.post("/api/locks/" + id + "/shares", Map.of("email", member.email, "role", "MEMBER")), 201);
        KeyPair memberDevice = DeviceKeys.newKeyPair();
        JsonNode memberKey = expect(member.post("/api/locks/" + id + "/bluetooth-key",
                Map.of("deviceKey", DeviceKeys.encode(memberDevice.getPublic()))), 200).json();
        Key visitor = visitorKey(owner, id);

        offline(owner, id);
        expect(owner.post("/api/locks/" + id + "/bluetooth-keys/" + visitor.keyId() + "/revoke", "{}"), 200);
        assertThat(visitor.connect().ok()).as("the lock has not heard of the revocation yet").isTrue();

        List<String> revocations = StreamSupport.stream(expect(member.get("/api/locks/" + id + "/bluetooth-revocations"), 200)
                .json().get("revocations").spliterator(), false).map(JsonNode::asString).toList();
        assertThat(revocations).hasSize(1);
        RadioClient.Handshake carrier = RadioClient.connect(visitor.radio(), memberKey.get("token").asString(), memberDevice);
        assertThat(carrier.ok()).as("member's handshake: " + carrier.reason()).isTrue();
        var applied = carrier.session().revocations(revocations);
        assertThat(applied.ok()).isTrue();
        assertThat(applied.applied()).isEqualTo(1);

        RadioClient.Handshake refused = visitor.connect();
        assertThat(refused.ok()).isFalse();
        assertThat(refused.reason()).isEqualTo("REVOKED");
        assertThat(owner.lock(id).get("online").asBoolean()).as("all while the lock was offline").isFalse();
    }

    @Test
    @DisplayName("D7 a lock reset at the door and added by a new owner on the same cloud refuses the old binding's keys "
            + "(ISSUED_BEFORE_PAIRING), though the same cloud key signed them; the new owner's key opens")
    void resetEndsTheOldBindingsKeys() throws Exception {
        Paired paired = pairedWithVisitor();
        Account owner = paired.owner();
        String id = paired.id();
        Key visitor = paired.visitor();
        assertThat(visitor.connect().ok()).as("opens while its binding lasts").isTrue();

        lock.post("/battery", "{\"inserted\":false}");
        lock.post("/hold", "{\"button\":\"SET\",\"seconds\":5,\"insertBattery\":true}");
        lock.expectPrompt("CONFIRM_FACTORY_RESET");
        lock.keys("OK");
        await().atMost(RECONNECT).until(() -> !owner.lock(id).get("reset").isNull());

        Account buyer = Account.signUp(cloud);
        String newId = pairedLock(buyer);
        RadioClient.Handshake old = visitor.connect();
        assertThat(old.ok()).isFalse();
        assertThat(old.reason()).isEqualTo("ISSUED_BEFORE_PAIRING");

        KeyPair device = DeviceKeys.newKeyPair();
        JsonNode key = expect(buyer.post("/api/locks/" + newId + "/bluetooth-key",
                Map.of("deviceKey", DeviceKeys.encode(device.getPublic()))), 200).json();
        RadioClient.Handshake fresh = RadioClient.connect(key.get("radio").asString(), key.get("token").asString(), device);
        assertThat(fresh.ok()).as("the new binding's key: " + fresh.reason()).isTrue();
        assertThat(fresh.session().unlock().ok()).isTrue();
    }

    // ---- helpers ----

    record Paired(Account owner, String id, Key visitor) {
    }

    /** The cloud and a lock started, the lock paired with a new owner, and a visitor's key from the owner's code. */
    private Paired pairedWithVisitor() throws Exception {
        cloud = Cloud.start(data.resolve("cloud"), Map.of());
        Account owner = Account.signUp(cloud);
        lock = Lock.start(data.resolve("locks"), cloud.uri());
        String id = pairedLock(owner);
        return new Paired(owner, id, visitorKey(owner, id));
    }

    private String pairedLock(Account owner) {
        lock.withAdministrator();
        String id = expect(owner.post("/api/locks", Map.of("pairingCode", lock.pairingCode(), "name", "Front door")), 201)
                .json().get("id").asString();
        await().atMost(RECONNECT).until(() -> owner.lock(id).get("online").asBoolean()
                && owner.lock(id).path("reported").path("radio").isString());
        return id;
    }

    /** The owner's pairing code redeemed by a new account for a new device. */
    private Key visitorKey(Account owner, String lockId) {
        Instant now = Instant.now();
        String code = expect(owner.post("/api/locks/" + lockId + "/bluetooth-invites", Map.of("validFrom", now.toString(),
                "validUntil", now.plus(Duration.ofDays(1)).toString(), "name", "Visitor")), 201).json().get("code").asString();
        Account visitor = Account.signUp(cloud);
        KeyPair device = DeviceKeys.newKeyPair();
        JsonNode key = expect(visitor.post("/api/bluetooth-invites/redeem",
                Map.of("code", code, "deviceKey", DeviceKeys.encode(device.getPublic()))), 201).json();
        assertThat(key.get("role").asString()).isEqualTo("VISITOR");
        assertThat(key.get("radio").isString()).as("the lock's radio, from its report").isTrue();
        return new Key(visitor, device, key.get("keyId").asString(), key.get("token").asString(), key.get("radio").asString());
    }

    /** Drops the lock's cloud link and waits until the cloud sees it offline. */
    private void offline(Account owner, String id) {
        lock.running().dropLink();
        await().atMost(RECONNECT).until(() -> !owner.lock(id).get("online").asBoolean());
    }

    private static List<JsonNode> events(Account owner, String id) {
        JsonNode page = expect(owner.get("/api/locks/" + id + "/events?limit=200"), 200).json();
        return StreamSupport.stream(page.get("events").spliterator(), false).toList();
    }
}
