package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.pairing.PairingPayload;
import io.keyward.protocol.trust.BindPayload;
import io.keyward.protocol.trust.BindProof;
import io.keyward.protocol.trust.DeviceSigner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15, "the cloud alone cannot open a door", through the cloud's REST API with a real simulated lock
 * (H2, embedded broker): a phone ({@link DeviceSigner}, real JDK ECDSA/ECDH) binds itself with the bind secret
 * read off the lock's own pairing QR, the lock reports it and enters trust mode, and from then on the cloud
 * relays what the phone signs and refuses early what nobody signed (trust design §2 "HTTP", §3, §4, §6, §7).
 */
@DisplayName("Trust mode through the cloud: binding, device-signed commands, early refusals (issue 15; H2, embedded broker)")
class TrustEndToEndTest extends CloudWithLocks {

    private static final String COMMAND = "Keyward-Device-Command";
    private static final String CHAIN = "Keyward-Device-Chain";

    @Override
    Map<String, String> settings() {
        return Map.of();
    }

    @Override
    boolean onTheSharedCloud() {
        return true;
    }

    /** A lock paired through its QR, the first phone bound with the QR's bind secret (design §4 "First phone"). */
    record Bound(Account owner, Lock lock, String id, DeviceSigner phone, String visitorSecret) {
    }

    private Bound bound() throws Exception {
        return bound(this);
    }

    /** The same for another test class on this fixture (CompromisedCloudTest). */
    static Bound bound(CloudWithLocks t) throws Exception {
        Account owner = Account.signUp(t.cloud);
        Lock lock = t.newLock().withAdministrator();
        PairingPayload qr = PairingPayload.parse(lock.pairingCode());
        assertThat(qr.bind()).as("SPEC A3 + design §4: the pairing QR carries a bind secret").isNotNull();
        // the app strips the bind secret before the cloud sees the pairing text
        Api.Response added = expect(owner.post("/api/locks", Map.of("pairingCode", qr.withoutBind().encode(), "name", "Front door")), 201);
        String id = added.json().get("id").asString();
        await().atMost(SOON).until(() -> owner.lock(id).get("online").asBoolean() && lock.running().linked());
        assertThat(owner.lock(id).get("trustMode").asBoolean()).as("no owner device yet: as before issue 15").isFalse();

        DeviceSigner phone = DeviceSigner.generate();
        JsonNode answer = expect(owner.post("/api/locks/" + id + "/devices", bind(phone, qr.bind(), lock.serial, "Alice's phone")), 201).json();
        assertThat(answer.get("deviceId").asString()).isEqualTo(phone.deviceId());
        String sealed = answer.get("sealedVisitorSecret").asString();
        assertThat(BindProof.verifyReply(answer.get("mac").asString(), qr.bind(), lock.serial, phone.deviceId(), sealed))
                .as("design §4: the reply's mac proves it is the lock's answer").isTrue();
        String visitorSecret = phone.openSealed(sealed, lock.serial);
        assertThat(visitorSecret).as("design §5: the visitor secret sealed to the phone").isNotBlank();
        await().atMost(SOON).until(() -> owner.lock(id).get("trustMode").asBoolean());
        return new Bound(owner, lock, id, phone, visitorSecret);
    }

    static Map<String, String> bind(DeviceSigner phone, String secret, String serial, String name) {
        return Map.of("deviceKey", phone.deviceKey(), "agreeKey", phone.agreeKey(), "name", name,
                "proof", phone.bindProof(secret, serial, name));
    }

    static String signed(DeviceSigner device, String serial, LockCommand command, Duration lifetime) {
        return device.command(serial, LockCommands.write(command), Instant.now(), lifetime);
    }

    @Test
    @DisplayName("design §4, §6: a phone bound with the pairing QR's bind secret is reported by the lock; GET /api/locks/{id} and the "
            + "list show trustMode and ownerDevices with the fingerprint; the same bind again is the lock's 409 (secret used up)")
    void bindShowsTrustMode() throws Exception {
        Bound b = bound();
        JsonNode lock = b.owner.lock(b.id);
        assertThat(lock.get("ownerDevices")).hasSize(1);
        JsonNode device = lock.get("ownerDevices").get(0);
        assertThat(device.get("deviceId").asString()).isEqualTo(b.phone.deviceId());
        assertThat(device.get("name").asString()).isEqualTo("Alice's phone");
        assertThat(device.get("how").asString()).isEqualTo("PAIRING_QR");
        assertThat(device.get("fingerprint").asString()).isEqualTo(b.phone.fingerprint());
        assertThat(device.get("boundAt").isNull()).isFalse();
        JsonNode listed = expect(b.owner.get("/api/locks"), 200).json().get(0);
        assertThat(listed.get("trustMode").asBoolean()).isTrue();
        assertThat(listed.get("ownerDevices").get(0).get("deviceId").asString()).isEqualTo(b.phone.deviceId());
        assertThat(b.lock.state().get("devices").get(0).get("deviceId").asString()).as("the panel lists it too").isEqualTo(b.phone.deviceId());

        DeviceSigner again = DeviceSigner.generate();
        Api.Response used = b.owner.post("/api/locks/" + b.id + "/devices", Map.of("deviceKey", again.deviceKey(),
                "agreeKey", again.agreeKey(), "name", "Other", "proof", b.phone.bindProof("AAAAAAAAAAAAAAAAAAAAAA", b.lock.serial, "Other")));
        assertThat(used.status()).as(used.toString()).isEqualTo(409);
        assertThat(used.json().get("reason").asString()).isEqualTo("BAD_BIND_PROOF");
        Api.Response notAKey = b.owner.post("/api/locks/" + b.id + "/devices", Map.of("deviceKey", "AAAA", "agreeKey", again.agreeKey(),
                "name", "Other", "proof", "A".repeat(43)));
        assertThat(notAKey.status()).as("a key that is not P-256 SPKI: 400 before anything is sent " + notAKey).isEqualTo(400);
    }

    @Test
    @DisplayName("SPEC C6 + design §3: in trust mode remote unlock without a signature is 428 DEVICE_SIGNATURE_REQUIRED and the bolt stays; "
            + "turning remote unlock on needs the phone's signature too; signed by the owner device, 200 and the bolt is unlocked; "
            + "the same token again opens nothing")
    void remoteUnlockNeedsTheDevice() throws Exception {
        Bound b = bound();
        String path = "/api/locks/" + b.id;
        Api.Response unsignedOn = b.owner.put(path + "/settings/REMOTE_UNLOCK", Map.of("value", "true"));
        assertThat(unsignedOn.status()).as(unsignedOn.toString()).isEqualTo(428);
        assertThat(unsignedOn.json().get("reason").asString()).isEqualTo("DEVICE_SIGNATURE_REQUIRED");
        assertThat(unsignedOn.error()).contains("owner device");
        assertThat(expect(b.owner.get(path + "/commands"), 200).json().size()).as("nothing queued").isZero();

        String on = signed(b.phone, b.lock.serial, new LockCommand.ChangeSetting(Setting.REMOTE_UNLOCK, "true"), Duration.ofMinutes(5));
        expect(b.owner.send("PUT", path + "/settings/REMOTE_UNLOCK", Map.of("value", "true"), COMMAND, on), 200);
        await().atMost(SOON).until(() -> "true".equals(b.owner.lock(b.id).at("/reported/settings/REMOTE_UNLOCK").asString()));

        Api.Response unsigned = b.owner.post(path + "/unlock", "{}");
        assertThat(unsigned.status()).as(unsigned.toString()).isEqualTo(428);
        assertThat(unsigned.json().get("reason").asString()).isEqualTo("DEVICE_SIGNATURE_REQUIRED");
        assertThat(b.lock.state().get("bolt").asString()).isEqualTo("LOCKED");

        String unlock = signed(b.phone, b.lock.serial, new LockCommand.RemoteUnlock(b.owner.email), Duration.ofSeconds(30));
        JsonNode opened = expect(b.owner.send("POST", path + "/unlock", "{}", COMMAND, unlock, CHAIN, ""), 200).json();
        assertThat(opened.get("unlocked").asBoolean()).isTrue();
        assertThat(b.lock.state().get("bolt").asString()).isEqualTo("UNLOCKED");

        // the same signed unlock again, once the bolt relocked: the lock answers a copy of an obeyed command with
        // its earlier answer (as AppliedCommands does for the cloud's), and does not open again
        await().atMost(SOON).until(() -> "LOCKED".equals(b.lock.state().get("bolt").asString()));
        b.owner.send("POST", path + "/unlock", "{}", COMMAND, unlock);
        assertThat(b.lock.state().get("bolt").asString()).as("a replayed device command opens nothing").isEqualTo("LOCKED");
    }

    @Test
    @DisplayName("design §2 HTTP: a signed REMOTE_UNLOCK sent to the settings endpoint, or another lock's, is 400 DEVICE_COMMAND_MISMATCH; "
            + "malformed headers are 400 BAD_DEVICE_COMMAND, never a 500; a device that is not an owner device gets the lock's UNKNOWN_SIGNER (409)")
    void mismatchesAndRefusals() throws Exception {
        Bound b = bound();
        String path = "/api/locks/" + b.id;
        String unlock = signed(b.phone, b.lock.serial, new LockCommand.RemoteUnlock(b.owner.email), Duration.ofSeconds(30));
        Api.Response toSettings = b.owner.send("PUT", path + "/settings/REMOTE_UNLOCK", Map.of("value", "true"), COMMAND, unlock);
        assertThat(toSettings.status()).as(toSettings.toString()).isEqualTo(400);
        assertThat(toSettings.json().get("reason").asString()).isEqualTo("DEVICE_COMMAND_MISMATCH");
        String otherLock = signed(b.phone, "KW-ELSEWHERE", new LockCommand.RemoteUnlock(b.owner.email), Duration.ofSeconds(30));
        Api.Response elsewhere = b.owner.send("POST", path + "/unlock", "{}", COMMAND, otherLock);
        assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo(400);
        assertThat(elsewhere.json().get("reason").asString()).isEqualTo("DEVICE_COMMAND_MISMATCH");
        String forSomeoneElse = signed(b.phone, b.lock.serial, new LockCommand.RemoteUnlock("mallory@example.org"), Duration.ofSeconds(30));
        assertThat(b.owner.send("POST", path + "/unlock", "{}", COMMAND, forSomeoneElse).status()).isEqualTo(400);

        for (String bad : List.of("kwdc1", "kwdc1.AAAA.BBBB", "garbage", unlock.substring(0, unlock.length() - 3), "k".repeat(6000))) {
            Api.Response r = b.owner.send("POST", path + "/unlock", "{}", COMMAND, bad);
            assertThat(r.status()).as(bad.length() + " chars: " + r).isEqualTo(400);
        }
        Api.Response badChain = b.owner.send("POST", path + "/unlock", "{}", COMMAND, unlock, CHAIN, "kwdg1.x.y~kwdg1.x.y~kwdg1.x.y");
        assertThat(badChain.status()).as(badChain.toString()).isEqualTo(400);
        assertThat(badChain.json().get("reason").asString()).isEqualTo("BAD_DEVICE_COMMAND");

        String on = signed(b.phone, b.lock.serial, new LockCommand.ChangeSetting(Setting.REMOTE_UNLOCK, "true"), Duration.ofMinutes(5));
        expect(b.owner.send("PUT", path + "/settings/REMOTE_UNLOCK", Map.of("value", "true"), COMMAND, on), 200);
        DeviceSigner stranger = DeviceSigner.generate();
        String strangers = signed(stranger, b.lock.serial, new LockCommand.RemoteUnlock(b.owner.email), Duration.ofSeconds(30));
        Api.Response refused = b.owner.send("POST", path + "/unlock", "{}", COMMAND, strangers);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("reason").asString()).isEqualTo("UNKNOWN_SIGNER");
        assertThat(b.lock.state().get("bolt").asString()).isEqualTo("LOCKED");
    }

    @Test
    @DisplayName("design §4: a second phone bound at the door (hold ✓ 3 s, the administrator's passcode, the bind QR), then removed with "
            + "the first phone's signed REMOVE_DEVICE (204); without a signature 428; the last owner device is the lock's LAST_OWNER_DEVICE")
    void bindAtTheDoorAndRemove() throws Exception {
        Bound b = bound();
        String path = "/api/locks/" + b.id;
        b.lock.post("/touch", "{}");
        b.lock.post("/hold", "{\"key\":\"OK\",\"seconds\":3}");
        b.lock.expectPrompt("ENTER_ADMIN_PASSCODE");
        List<String> keys = new java.util.ArrayList<>();
        for (char c : Lock.ADMIN_PASSCODE.toCharArray()) {
            keys.add(String.valueOf(c));
        }
        keys.add("OK");
        JsonNode shown = b.lock.keys(keys.toArray(String[]::new));
        BindPayload qr = BindPayload.parse(shown.at("/screen/qr").asString());
        DeviceSigner second = DeviceSigner.generate();
        expect(b.owner.post(path + "/devices", bind(second, qr.bind(), b.lock.serial, "Bob's phone")), 201);
        await().atMost(SOON).until(() -> b.owner.lock(b.id).get("ownerDevices").size() == 2);
        assertThat(b.owner.lock(b.id).get("ownerDevices").get(1).get("how").asString()).isEqualTo("DOOR");

        Api.Response unsigned = b.owner.delete(path + "/devices/" + second.deviceId());
        assertThat(unsigned.status()).as(unsigned.toString()).isEqualTo(428);
        String wrong = signed(b.phone, b.lock.serial, new LockCommand.RemoveDevice(b.phone.deviceId()), Duration.ofMinutes(1));
        assertThat(b.owner.send("DELETE", path + "/devices/" + second.deviceId(), null, COMMAND, wrong).status())
                .as("signed for another device").isEqualTo(400);
        assertThat(b.owner.delete(path + "/devices/not-a-device-id").status()).isEqualTo(400);

        String remove = signed(b.phone, b.lock.serial, new LockCommand.RemoveDevice(second.deviceId()), Duration.ofMinutes(1));
        expect(b.owner.send("DELETE", path + "/devices/" + second.deviceId(), null, COMMAND, remove), 204);
        await().atMost(SOON).until(() -> b.owner.lock(b.id).get("ownerDevices").size() == 1);

        String last = signed(b.phone, b.lock.serial, new LockCommand.RemoveDevice(b.phone.deviceId()), Duration.ofMinutes(1));
        Api.Response refused = b.owner.send("DELETE", path + "/devices/" + b.phone.deviceId(), null, COMMAND, last);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("reason").asString()).isEqualTo("LAST_OWNER_DEVICE");
    }

    @Test
    @DisplayName("design §3, §5, §7: in trust mode the cloud makes no Bluetooth key (409 BLUETOOTH_KEYS_IN_APP), no pairing code for one, "
            + "no visitor passcode (409 VISITOR_CODES_IN_APP), puts the lock on no person (409 PEOPLE_NEED_DEVICE_SIGNING), links it to no "
            + "other lock (409 DEVICE_LINK_REQUIRED); "
            + "what only takes access away or opens nothing still goes unsigned")
    void cloudSignedThingsRefused() throws Exception {
        Bound b = bound();
        String path = "/api/locks/" + b.id;
        Api.Response key = b.owner.post(path + "/bluetooth-key", Map.of("deviceKey", b.phone.deviceKey()));
        assertThat(key.status()).as(key.toString()).isEqualTo(409);
        assertThat(key.json().get("reason").asString()).isEqualTo("BLUETOOTH_KEYS_IN_APP");
        Api.Response invite = b.owner.post(path + "/bluetooth-invites", Map.of("validFrom", Instant.now().toString(),
                "validUntil", Instant.now().plus(Duration.ofDays(1)).toString()));
        assertThat(invite.status()).as(invite.toString()).isEqualTo(409);
        assertThat(invite.json().get("reason").asString()).isEqualTo("BLUETOOTH_KEYS_IN_APP");
        Api.Response code = b.owner.post(path + "/visitor-codes", Map.of("kind", "ONE_TIME", "start", Instant.now().toString(), "name", "Guest"));
        assertThat(code.status()).as(code.toString()).isEqualTo(409);
        assertThat(code.json().get("reason").asString()).isEqualTo("VISITOR_CODES_IN_APP");
        Api.Response person = b.owner.post("/api/people", Map.of("name", "Carol", "passcode", "482916", "locks", List.of(b.id)));
        assertThat(person.status()).as(person.toString()).isEqualTo(409);
        assertThat(person.json().get("reason").asString()).isEqualTo("PEOPLE_NEED_DEVICE_SIGNING");

        String other = pair(b.owner, newLock());
        Api.Response link = b.owner.put("/api/locks/" + other + "/sync-link", Map.of("linkedLockId", b.id));
        assertThat(link.status()).as("F1 links are not signed yet: " + link).isEqualTo(409);
        assertThat(link.json().get("reason").asString()).isEqualTo("DEVICE_LINK_REQUIRED");
        assertThat(expect(b.owner.get("/api/locks/" + other + "/commands"), 200).json().size()).as("nothing queued").isZero();

        expect(b.owner.put(path + "/settings/RELOCK_SECONDS", Map.of("value", "30")), 200);
        Api.Response addUser = b.owner.post(path + "/users", Map.of("name", "Dan", "role", "USER"));
        assertThat(addUser.status()).as(addUser.toString()).isEqualTo(428);
        String signedAdd = signed(b.phone, b.lock.serial, new LockCommand.AddUser("Dan", io.keyward.protocol.command.LockUserRole.USER,
                LockCommand.Validity.ALWAYS), Duration.ofHours(1));
        int dan = expect(b.owner.send("POST", path + "/users", Map.of("name", "Dan", "role", "USER"), COMMAND, signedAdd), 200)
                .json().get("user").asInt();
        expect(b.owner.delete(path + "/users/" + dan), 200);
    }

    @Test
    @DisplayName("design §2: a device-signed change for a lock that is away waits (202) in its DEVICE_SIGNED envelope and is obeyed "
            + "when the lock is back; the same token again is 409 REPLAYED")
    void queuedWhileAway() throws Exception {
        Bound b = bound();
        String path = "/api/locks/" + b.id;
        b.lock.close();
        await().atMost(SOON).until(() -> !b.owner.lock(b.id).get("online").asBoolean());
        String on = signed(b.phone, b.lock.serial, new LockCommand.ChangeSetting(Setting.PRIVACY_MODE, "true"), Duration.ofDays(1));
        Api.Response waiting = b.owner.send("PUT", path + "/settings/PRIVACY_MODE", Map.of("value", "true"), COMMAND, on);
        assertThat(waiting.status()).as(waiting.toString()).isEqualTo(202);
        assertThat(waiting.json().at("/command/type").asString()).isEqualTo("DEVICE_SIGNED");
        Api.Response twice = b.owner.send("PUT", path + "/settings/PRIVACY_MODE", Map.of("value", "true"), COMMAND, on);
        assertThat(twice.status()).as(twice.toString()).isEqualTo(409);
        assertThat(twice.json().get("reason").asString()).isEqualTo("REPLAYED");

        Lock back = Lock.start(b.lock.serial, data.resolve("locks"), cloud.uri());
        locks.add(back);
        await().atMost(SOON).until(() -> "true".equals(b.owner.lock(b.id).at("/reported/settings/PRIVACY_MODE").asString()));
        String commandId = waiting.json().get("id").asString();
        assertThat(expect(b.owner.get(path + "/commands/" + commandId), 200).json().get("status").asString()).isEqualTo("applied");
    }

    @Test
    @DisplayName("design §2, §7 grants relay: the owner's phone grants a member's phone (kwdg1), the cloud stores it and hands the "
            + "member's device its chain; signed by the member's phone with that chain, remote unlock opens; the owner's phone revokes "
            + "the grant (kwdr1): REVOKE_GRANT reaches the lock, the revocation is listed for apps, and the member is refused REVOKED")
    void grantsRelay() throws Exception {
        Bound b = bound();
        String path = "/api/locks/" + b.id;
        Account member = Account.signUp(cloud);
        expect(b.owner.post(path + "/shares", Map.of("email", member.email, "role", "MEMBER")), 201);
        String on = signed(b.phone, b.lock.serial, new LockCommand.ChangeSetting(Setting.REMOTE_UNLOCK, "true"), Duration.ofMinutes(5));
        expect(b.owner.send("PUT", path + "/settings/REMOTE_UNLOCK", Map.of("value", "true"), COMMAND, on), 200);

        DeviceSigner memberPhone = DeviceSigner.generate();
        // the cloud checks a grant's signature with the keys its accounts registered (trust-grants): the owner's phone
        expect(b.owner.post("/api/devices", Map.of("deviceKey", b.phone.deviceKey(), "agreeKey", b.phone.agreeKey(),
                "name", "Owner's phone")), 201);
        // SPEC H3 on grants (trust-grants): the holder is a device the shared account registered
        expect(member.post("/api/devices", Map.of("deviceKey", memberPhone.deviceKey(), "agreeKey", memberPhone.agreeKey(),
                "name", "Member's phone")), 201);
        Instant now = Instant.now();
        io.keyward.protocol.trust.DeviceGrant grant = b.phone.grantOf(b.lock.serial, memberPhone.deviceKey(), member.email,
                io.keyward.protocol.bluetooth.KeyRole.MEMBER, now.minusSeconds(60), now.plus(Duration.ofDays(30)), now);
        String token = b.phone.sign(grant);
        expect(b.owner.post(path + "/grants", Map.of("token", token)), 201);
        expect(b.owner.post(path + "/grants", Map.of("token", token)), 200);
        Api.Response strangers = b.owner.post(path + "/grants", Map.of("token", DeviceSigner.generate().grant(b.lock.serial,
                memberPhone.deviceKey(), member.email, io.keyward.protocol.bluetooth.KeyRole.OWNER, now, now.plusSeconds(60), now)));
        assertThat(strangers.status()).as("signed by no owner device: " + strangers).isEqualTo(409);
        assertThat(b.owner.post(path + "/grants", Map.of("token", "kwdg1.junk.junk")).status()).isEqualTo(400);

        JsonNode chain = expect(member.get(path + "/grants/mine?deviceId=" + memberPhone.deviceId()), 200).json().get("chain");
        assertThat(chain).hasSize(1);
        assertThat(chain.get(0).asString()).isEqualTo(token);
        String unlock = signed(memberPhone, b.lock.serial, new LockCommand.RemoteUnlock(member.email), Duration.ofSeconds(30));
        expect(member.send("POST", path + "/unlock", "{}", COMMAND, unlock, CHAIN, chain.get(0).asString()), 200);
        assertThat(b.lock.state().get("bolt").asString()).isEqualTo("UNLOCKED");
        String manage = signed(memberPhone, b.lock.serial, new LockCommand.ChangeSetting(Setting.PRIVACY_MODE, "true"), Duration.ofMinutes(5));
        assertThat(member.send("PUT", path + "/settings/PRIVACY_MODE", Map.of("value", "true"), COMMAND, manage, CHAIN, token).status())
                .as("a member's account may not manage: the cloud's role check first").isEqualTo(403);

        String revocation = b.phone.revocation(b.lock.serial, grant.grantId(), grant.validUntil(), Instant.now());
        JsonNode revoked = expect(b.owner.post(path + "/grants/" + grant.grantId() + "/revocation", Map.of("token", revocation)), 200).json();
        String sync = revoked.get("commandId").asString();
        await().atMost(SOON).until(() -> "applied".equals(b.owner.get(path + "/commands/" + sync).json().get("status").asString()));
        assertThat(expect(member.get(path + "/bluetooth-revocations"), 200).json().get("revocations").toString()).contains(revocation);
        assertThat(expect(member.get(path + "/grants/mine?deviceId=" + memberPhone.deviceId()), 200).json().get("status")
                .asString()).isEqualTo("REVOKED");
        assertThat(b.owner.post(path + "/grants/" + UUID.randomUUID() + "/revocation", Map.of("token", revocation)).status())
                .as("no such grant").isEqualTo(404);

        await().atMost(SOON).until(() -> "LOCKED".equals(b.lock.state().get("bolt").asString()));
        String again = signed(memberPhone, b.lock.serial, new LockCommand.RemoteUnlock(member.email), Duration.ofSeconds(30));
        Api.Response refused = member.send("POST", path + "/unlock", "{}", COMMAND, again, CHAIN, token);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("reason").asString()).isEqualTo("REVOKED");
        assertThat(b.lock.state().get("bolt").asString()).isEqualTo("LOCKED");
    }

    @Test
    @DisplayName("design §7: an account registers its devices (201, again 200, idempotent by deviceId), lists them with fingerprints; "
            + "a key that is not P-256 SPKI is 400")
    void accountDevices() {
        Account me = Account.signUp(cloud);
        DeviceSigner phone = DeviceSigner.generate();
        Map<String, String> body = Map.of("deviceKey", phone.deviceKey(), "agreeKey", phone.agreeKey(), "name", "Alice's phone");
        JsonNode made = expect(me.post("/api/devices", body), 201).json();
        assertThat(made.get("deviceId").asString()).isEqualTo(phone.deviceId());
        assertThat(made.get("fingerprint").asString()).isEqualTo(phone.fingerprint());
        expect(me.post("/api/devices", body), 200);
        JsonNode mine = expect(me.get("/api/devices"), 200).json();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("agreeKey").asString()).isEqualTo(phone.agreeKey());
        assertThat(me.post("/api/devices", Map.of("deviceKey", "AAAA", "agreeKey", phone.agreeKey(), "name", "x")).status()).isEqualTo(400);
        assertThat(me.post("/api/devices", Map.of("deviceKey", phone.deviceKey(), "agreeKey", phone.agreeKey(), "name", "")).status())
                .isEqualTo(400);
        assertThat(expect(Account.signUp(cloud).get("/api/devices"), 200).json()).as("another account sees none").isEmpty();
    }
}
