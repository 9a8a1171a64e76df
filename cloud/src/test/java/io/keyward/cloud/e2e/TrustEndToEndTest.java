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
import io.keyward.protocol.trust.LockKey;
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
        return bound(t, Account.signUp(t.cloud), DeviceSigner.generate());
    }

    /** A lock of owner's, paired through its QR, with phone bound as its first owner device (a phone may own several locks). */
    static Bound bound(CloudWithLocks t, Account owner, DeviceSigner phone) throws Exception {
        Lock lock = t.newLock().withAdministrator();
        PairingPayload qr = PairingPayload.parse(lock.pairingCode());
        assertThat(qr.bind()).as("SPEC A3 + design §4: the pairing QR carries a bind secret").isNotNull();
        // the app strips the bind secret before the cloud sees the pairing text
        Api.Response added = expect(owner.post("/api/locks", Map.of("pairingCode", qr.withoutBind().encode(), "name", "Front door")), 201);
        String id = added.json().get("id").asString();
        await().atMost(SOON).until(() -> owner.lock(id).get("online").asBoolean() && lock.running().linked());
        assertThat(owner.lock(id).get("trustMode").asBoolean()).as("no owner device yet: as before issue 15").isFalse();

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

    /** Two protected locks of one owner, B following A (SPEC F1, F2): linked by the phone's signed LINK_LOCK (design §9). */
    record Linked(Bound a, Bound b) {
    }

    /**
     * A and B protected by the same phone; the phone checks A's reported key with the visitor secret sealed to it,
     * signs LINK_LOCK for B, the cloud relays it (PUT sync-link with the header), and B's administrator confirms
     * the link at B's keypad (F1). Returns once the link is ACTIVE and B has relocked.
     */
    static Linked linked(CloudWithLocks t) throws Exception {
        Bound a = bound(t);
        return link(a, bound(t, a.owner(), a.phone()));
    }

    static Linked link(Bound a, Bound b) {
        String key = checkedKey(a);
        String link = signed(a.phone(), b.lock().serial, new LockCommand.LinkLock(a.lock().serial, key), Duration.ofMinutes(5));
        String path = "/api/locks/" + a.id() + "/sync-link";
        JsonNode view = expect(a.owner().send("PUT", path, Map.of("linkedLockId", b.id()), COMMAND, link), 200).json();
        assertThat(view.get("status").asString()).isEqualTo("PENDING");
        await().atMost(SOON).until(() -> "true".equals(a.owner().lock(b.id()).at("/reported/settings/SYNCHRONIZED_UNLOCK").asString()));
        b.lock().type(Lock.ADMIN_PASSCODE); // F1: B's administrator at B's door
        await().atMost(SOON).until(() -> "ACTIVE".equals(expect(a.owner().get(path), 200).json().get("status").asString()));
        await().atMost(SOON).until(() -> "LOCKED".equals(b.lock().state().get("bolt").asString()));
        return new Linked(a, b);
    }

    /** What the app does before it signs (design §9): A's reported key, its MAC checked with A's visitor secret. */
    static String checkedKey(Bound a) {
        await().atMost(SOON).until(() -> LockKey.verifyMac(text(a.owner().lock(a.id()), "lockKeyMac"), a.visitorSecret(), a.lock().serial,
                text(a.owner().lock(a.id()), "lockKey")));
        JsonNode lock = a.owner().lock(a.id());
        assertThat(lock.at("/reported/lockKey").asString()).as("the lock's own report carries it").isEqualTo(text(lock, "lockKey"));
        assertThat(a.lock().state().get("lockKey").asString()).as("the panel shows the same key").isEqualTo(text(lock, "lockKey"));
        return text(lock, "lockKey");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
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
    @DisplayName("design §9, SPEC T8, F1, F2: two protected locks of one owner; PUT sync-link without the phone's LINK_LOCK is 428, with one "
            + "for another key 400 DEVICE_COMMAND_MISMATCH; A's key checked with its MAC under the visitor secret (another secret fails), "
            + "the phone's LINK_LOCK relayed and confirmed at B; a keypad unlock at A opens B, logged SYNCHRONIZED from A; "
            + "unlinking sends B UNLINK_LOCK")
    void signedSyncLink() throws Exception {
        Bound a = bound();
        Bound b = bound(this, a.owner, a.phone);
        String path = "/api/locks/" + a.id + "/sync-link";
        Api.Response unsigned = a.owner.put(path, Map.of("linkedLockId", b.id));
        assertThat(unsigned.status()).as(unsigned.toString()).isEqualTo(428);
        assertThat(unsigned.json().get("reason").asString()).isEqualTo("DEVICE_SIGNATURE_REQUIRED");
        String key = checkedKey(a);
        assertThat(LockKey.verifyMac(text(a.owner.lock(a.id), "lockKeyMac"), b.visitorSecret, a.lock.serial, key))
                .as("B's secret does not vouch for A's key").isFalse();
        String bKey = text(a.owner.lock(b.id), "lockKey");
        String wrong = signed(a.phone, b.lock.serial, new LockCommand.LinkLock(a.lock.serial, bKey), Duration.ofMinutes(5));
        Api.Response mismatch = a.owner.send("PUT", path, Map.of("linkedLockId", b.id), COMMAND, wrong);
        assertThat(mismatch.status()).as(mismatch.toString()).isEqualTo(400);
        assertThat(mismatch.json().get("reason").asString()).isEqualTo("DEVICE_COMMAND_MISMATCH");
        assertThat(expect(a.owner.get(path), 200).json().get("linkedLockId").isNull()).as("no link stored").isTrue();

        Linked l = link(a, b);
        l.a().lock().type(Lock.ADMIN_PASSCODE); // someone opens A from outside
        assertThat(l.a().lock().state().get("bolt").asString()).isEqualTo("UNLOCKED");
        await().atMost(SOON).until(() -> "UNLOCKED".equals(l.b().lock().state().get("bolt").asString()));
        JsonNode followed = lastUnlock(l.b().lock());
        assertThat(followed.get("method").asString() + " " + followed.get("result").asString() + " " + followed.get("detail").asString())
                .isEqualTo("SYNCHRONIZED OK " + l.a().lock().serial);

        expect(l.a().owner().delete("/api/locks/" + l.a().id() + "/sync-link"), 204);
        await().atMost(SOON).until(() -> java.util.stream.StreamSupport.stream(l.b().lock().events().spliterator(), false)
                .anyMatch(e -> ("unlinked lock " + l.a().lock().serial).equals(e.path("detail").asString())));
    }

    static JsonNode lastUnlock(Lock lock) {
        JsonNode events = lock.events();
        for (int i = events.size() - 1; i >= 0; i--) {
            if ("UNLOCK".equals(events.get(i).path("kind").asString())) {
                return events.get(i);
            }
        }
        throw new AssertionError("no unlock in " + events);
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
    @DisplayName("design §3, §5, §7: in trust mode the cloud makes no Bluetooth key (409 BLUETOOTH_KEYS_IN_APP; a pairing code is made "
            + "but makes no key, see visitorGrantOverBluetooth), "
            + "no visitor passcode (409 VISITOR_CODES_IN_APP), links no other lock to it without its owner device's LINK_LOCK "
            + "(428 DEVICE_SIGNATURE_REQUIRED, nothing stored or queued); "
            + "what only takes access away or opens nothing still goes unsigned")
    void cloudSignedThingsRefused() throws Exception {
        Bound b = bound();
        String path = "/api/locks/" + b.id;
        Api.Response key = b.owner.post(path + "/bluetooth-key", Map.of("deviceKey", b.phone.deviceKey()));
        assertThat(key.status()).as(key.toString()).isEqualTo(409);
        assertThat(key.json().get("reason").asString()).isEqualTo("BLUETOOTH_KEYS_IN_APP");
        Api.Response code = b.owner.post(path + "/visitor-codes", Map.of("kind", "ONE_TIME", "start", Instant.now().toString(), "name", "Guest"));
        assertThat(code.status()).as(code.toString()).isEqualTo(409);
        assertThat(code.json().get("reason").asString()).isEqualTo("VISITOR_CODES_IN_APP");

        String other = pair(b.owner, newLock());
        Api.Response link = b.owner.put("/api/locks/" + other + "/sync-link", Map.of("linkedLockId", b.id));
        assertThat(link.status()).as("design §9: a link to a protected lock needs its owner device's LINK_LOCK: " + link).isEqualTo(428);
        assertThat(link.json().get("reason").asString()).isEqualTo("DEVICE_SIGNATURE_REQUIRED");
        assertThat(expect(b.owner.get("/api/locks/" + other + "/commands"), 200).json().size()).as("nothing queued").isZero();
        JsonNode stored = expect(b.owner.get("/api/locks/" + other + "/sync-link"), 200).json().path("linkedLockId");
        assertThat(stored.isNull() || stored.isMissingNode()).as("no link stored: " + stored).isTrue();

        expect(b.owner.put(path + "/settings/RELOCK_SECONDS", Map.of("value", "30")), 200);
        Api.Response addUser = b.owner.post(path + "/users", Map.of("name", "Dan", "role", "USER"));
        assertThat(addUser.status()).as(addUser.toString()).isEqualTo(428);
        String signedAdd = signed(b.phone, b.lock.serial, new LockCommand.AddUser("Dan", io.keyward.protocol.command.LockUserRole.USER,
                LockCommand.Validity.ALWAYS), Duration.ofHours(1));
        int dan = expect(b.owner.send("POST", path + "/users", Map.of("name", "Dan", "role", "USER"), COMMAND, signedAdd), 200)
                .json().get("user").asInt();
        expect(b.owner.delete(path + "/users/" + dan), 200);
    }

    static final String CODE = "482916";

    @Test
    @DisplayName("issue 15 + B11 people on a protected lock: a person on a protected and an unprotected lock; the unprotected one "
            + "gets the code at once (ON_LOCK, opens), the protected one waits PENDING why SIGNATURE with nothing queued, its request "
            + "listed without the passcode; a signature of another code, for another lock or of another schedule is 400 "
            + "DEVICE_COMMAND_MISMATCH and nothing is queued; a schedule change replaces the request (the old one 409 "
            + "SIGNATURE_REQUEST_GONE); the phone's signature of the request: ON_LOCK and the code opens the protected lock's keypad; "
            + "a later schedule is a SET_VALIDITY request, signed, ON_LOCK")
    void peopleOnAProtectedLock() throws Exception {
        Bound b = bound();
        Lock plain = newLock();
        String plainId = pair(b.owner, plain);
        Instant from = Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant until = from.plus(Duration.ofDays(30));
        JsonNode created = expect(b.owner.post("/api/people", Map.of("name", "Carol", "passcode", CODE,
                "schedule", Map.of("from", from.toString(), "until", until.toString()), "locks", List.of(b.id, plainId))), 201).json();
        String person = created.get("id").asString();
        await().atMost(SOON).until(() -> personOn(b.owner, person, plainId).get("state").asString().equals("ON_LOCK"));
        assertThat(plain.type(CODE).get("bolt").asString()).as("the unprotected lock got the code at once").isEqualTo("UNLOCKED");
        await().atMost(SOON).until(() -> "SIGNATURE".equals(personOn(b.owner, person, b.id).path("why").asString()));
        assertThat(personOn(b.owner, person, b.id).get("state").asString()).isEqualTo("PENDING");
        assertThat(peopleCommands(b)).as("nothing queued unsigned for the protected lock").isEmpty();

        String path = "/api/people/" + person + "/signatures";
        JsonNode first = onlyRequest(b, path);
        assertThat(first.get("kind").asString()).isEqualTo("ADD");
        assertThat(first.get("serial").asString()).isEqualTo(b.lock.serial);
        assertThat(first.get("passcodeNeeded").asBoolean()).isTrue();
        assertThat(first.at("/command/type").asString()).isEqualTo("ADD_USER");
        assertThat(first.get("command").has("passcode")).as("the code is never shown back").isFalse();
        assertThat(first.toString()).doesNotContain(CODE);

        // mismatches: another code, another lock, another schedule; each 400 and nothing queued
        String firstId = first.get("requestId").asString();
        for (String[] wrong : List.of(
                new String[] {b.lock.serial, withCode(first.get("command"), "593817")},
                new String[] {plain.serial, withCode(first.get("command"), CODE)},
                new String[] {b.lock.serial, withCode(((tools.jackson.databind.node.ObjectNode) first.get("command").deepCopy())
                        .set("validity", tools.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                                .put("from", from.toString()).put("until", until.plus(Duration.ofDays(1)).toString())), CODE)})) {
            Api.Response refused = b.owner.post(path, Map.of("requestId", firstId,
                    "command", b.phone.command(wrong[0], wrong[1], Instant.now(), Duration.ofDays(7))));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.json().get("reason").asString()).isEqualTo("DEVICE_COMMAND_MISMATCH");
            assertThat(refused.body()).doesNotContain(CODE).doesNotContain("593817");
        }
        assertThat(peopleCommands(b)).as("a mismatch queues nothing").isEmpty();
        assertThat(onlyRequest(b, path).get("requestId").asString()).as("the request still waits").isEqualTo(firstId);
        Api.Response unsigned = b.owner.post(path, Map.of("requestId", firstId, "command", "kwdc1.not-a-token"));
        assertThat(unsigned.status()).as(unsigned.toString()).isEqualTo(400);
        assertThat(unsigned.json().get("reason").asString()).isEqualTo("BAD_DEVICE_COMMAND");

        // a newer wish replaces the request not yet signed
        Instant later = until.plus(Duration.ofDays(10));
        expect(b.owner.put("/api/people/" + person + "/schedule", Map.of("from", from.toString(), "until", later.toString())), 200);
        JsonNode second = onlyRequest(b, path);
        assertThat(second.get("requestId").asString()).isNotEqualTo(firstId);
        assertThat(second.at("/command/validity/until").asString()).isEqualTo(later.toString());
        Api.Response old = b.owner.post(path, Map.of("requestId", firstId,
                "command", b.phone.command(b.lock.serial, withCode(first.get("command"), CODE), Instant.now(), Duration.ofDays(7))));
        assertThat(old.status()).as(old.toString()).isEqualTo(409);
        assertThat(old.json().get("reason").asString()).isEqualTo("SIGNATURE_REQUEST_GONE");
        assertThat(peopleCommands(b)).isEmpty();

        // signed as listed, with the code the app has: queued verbatim, applied, and the code opens
        String token = b.phone.command(b.lock.serial, withCode(second.get("command"), CODE), Instant.now(), Duration.ofDays(7));
        expect(b.owner.post(path, Map.of("requestId", second.get("requestId").asString(), "command", token)), 202);
        await().atMost(SOON).until(() -> personOn(b.owner, person, b.id).get("state").asString().equals("ON_LOCK"));
        assertThat(peopleCommands(b)).as("one command, device-signed").hasSize(1);
        assertThat(b.lock.type(CODE).get("bolt").asString()).as("the code opens the protected lock's keypad").isEqualTo("UNLOCKED");
        assertThat(expect(b.owner.get(path), 200).json().size()).isZero();

        // a later schedule: SET_VALIDITY, no passcode needed
        Instant sooner = until.minus(Duration.ofDays(5));
        expect(b.owner.put("/api/people/" + person + "/schedule", Map.of("from", from.toString(), "until", sooner.toString())), 200);
        await().atMost(SOON).until(() -> personOn(b.owner, person, plainId).get("state").asString().equals("ON_LOCK"));
        JsonNode third = onlyRequest(b, path);
        assertThat(third.get("kind").asString()).isEqualTo("SCHEDULE");
        assertThat(third.get("passcodeNeeded").asBoolean()).isFalse();
        assertThat(third.at("/command/type").asString()).isEqualTo("SET_VALIDITY");
        expect(b.owner.post(path, Map.of("requestId", third.get("requestId").asString(),
                "command", b.phone.command(b.lock.serial, third.get("command").toString(), Instant.now(), Duration.ofDays(7)))), 202);
        await().atMost(SOON).until(() -> personOn(b.owner, person, b.id).get("state").asString().equals("ON_LOCK"));
        int user = personOn(b.owner, person, b.id).get("lockUser").asInt();
        await("the lock reports the later schedule for the person's lock user").atMost(SOON).until(() -> {
            for (JsonNode u : b.owner.lock(b.id).at("/reported/users")) {
                if (u.get("id").asInt() == user) {
                    return u.toString().contains(sooner.toString());
                }
            }
            return false;
        });
    }

    @Test
    @DisplayName("issue 15 + B11 a protected lock away: a signed ADD_USER waits in the queue; a newer schedule takes it back unsent "
            + "(SUPERSEDED) and asks for a new signature; a signature that expires in the queue goes back to SIGNATURE when the "
            + "lock returns; the signature made then: ON_LOCK. A person taken off before the lock had them: request dropped, gone")
    void protectedLockAway() throws Exception {
        Bound b = bound();
        b.lock.running().dropLink();
        await().atMost(SOON).until(() -> !b.owner.lock(b.id).get("online").asBoolean());
        String person = expect(b.owner.post("/api/people", Map.of("name", "Dora", "passcode", CODE, "locks", List.of(b.id))), 201)
                .json().get("id").asString();
        String path = "/api/people/" + person + "/signatures";
        JsonNode first = onlyRequest(b, path);
        String signedFirst = b.phone.command(b.lock.serial, withCode(first.get("command"), CODE), Instant.now(), Duration.ofDays(7));
        expect(b.owner.post(path, Map.of("requestId", first.get("requestId").asString(), "command", signedFirst)), 202);
        assertThat(personOn(b.owner, person, b.id).get("why").asString()).as("queued, the lock away").isEqualTo("OFFLINE");

        Instant until = Instant.now().plus(Duration.ofDays(20)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        expect(b.owner.put("/api/people/" + person + "/schedule", Map.of("until", until.toString())), 200);
        JsonNode second = onlyRequest(b, path);
        assertThat(second.at("/command/validity/until").asString()).isEqualTo(until.toString());
        JsonNode superseded = peopleCommands(b).get(0);
        assertThat(superseded.get("status").asString()).as("the unsent signed command is taken back").isEqualTo("refused");
        assertThat(superseded.get("reason").asString()).isEqualTo("SUPERSEDED");

        // signed for 2 seconds only, and the lock away longer: the queue answers EXPIRED, the row asks again
        expect(b.owner.post(path, Map.of("requestId", second.get("requestId").asString(), "command",
                b.phone.command(b.lock.serial, withCode(second.get("command"), CODE), Instant.now(), Duration.ofSeconds(2)))), 202);
        Thread.sleep(2_500);
        b.lock.running().restoreLink();
        await().atMost(SOON).until(() -> "SIGNATURE".equals(personOn(b.owner, person, b.id).path("why").asString()));
        JsonNode third = onlyRequest(b, path);
        assertThat(third.get("requestId").asString()).isNotEqualTo(second.get("requestId").asString());
        expect(b.owner.post(path, Map.of("requestId", third.get("requestId").asString(), "command",
                b.phone.command(b.lock.serial, withCode(third.get("command"), CODE), Instant.now(), Duration.ofDays(7)))), 202);
        await().atMost(SOON).until(() -> personOn(b.owner, person, b.id).get("state").asString().equals("ON_LOCK"));
        assertThat(b.lock.type(CODE).get("bolt").asString()).isEqualTo("UNLOCKED");

        String later = expect(b.owner.post("/api/people", Map.of("name", "Eve", "passcode", "736150", "locks", List.of(b.id))), 201)
                .json().get("id").asString();
        assertThat(expect(b.owner.get("/api/people/" + later + "/signatures"), 200).json().size()).isOne();
        expect(b.owner.delete("/api/people/" + later), 202);
        await().atMost(SOON).until(() -> b.owner.get("/api/people/" + later).status() == 404);
    }

    private static JsonNode personOn(Account owner, String person, String lockId) {
        for (JsonNode l : expect(owner.get("/api/people/" + person), 200).json().get("locks")) {
            if (l.get("lockId").asString().equals(lockId)) {
                return l;
            }
        }
        throw new AssertionError("the person is not on lock " + lockId);
    }

    private static JsonNode onlyRequest(Bound b, String path) {
        JsonNode requests = expect(b.owner.get(path), 200).json();
        assertThat(requests.size()).as(requests.toString()).isOne();
        assertThat(requests.get(0).get("lockId").asString()).isEqualTo(b.id);
        return requests.get(0);
    }

    /** The listed command with the person's code put back in, as the app does before it signs. */
    private static String withCode(JsonNode command, String code) {
        return ((tools.jackson.databind.node.ObjectNode) command.deepCopy()).put("passcode", code).toString();
    }

    /** The lock's queued commands that people sync makes (device-signed or not), newest first. */
    private static List<JsonNode> peopleCommands(Bound b) {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode c : expect(b.owner.get("/api/locks/" + b.id + "/commands"), 200).json()) {
            String type = c.at("/command/type").asString();
            if (List.of("ADD_USER", "SET_VALIDITY", "REPLACE_PASSCODE", "DEVICE_SIGNED").contains(type)) {
                out.add(c);
            }
        }
        return out;
    }

    @Test
    @DisplayName("design §2: a device-signed change for a lock that is away waits (202) in its DEVICE_SIGNED envelope, shown as the "
            + "command it carries and its signer (never the token), and is obeyed "
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
        // shown back as the command inside and who signed it; the sealed token never (neither kws1: nor kwdc1.)
        assertThat(waiting.json().at("/command/command/type").asString()).isEqualTo("CHANGE_SETTING");
        assertThat(waiting.json().at("/command/signer").asString()).isEqualTo(b.phone.deviceId());
        JsonNode pending = b.owner.lock(b.id).get("pending");
        assertThat(pending.get(0).at("/command/command/setting").asString()).isEqualTo("PRIVACY_MODE");
        assertThat(waiting.body() + pending).doesNotContain("kws1:").doesNotContain("kwdc1.");
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
    @DisplayName("SPEC T7, design §2 kwdr1, §8: the owner's phone grants a manager's phone, the manager's phone grants a member's phone; "
            + "the manager's phone revokes it with its own chain: REVOKE_GRANT with chain and grant reaches the lock, the revocation "
            + "is listed for apps as kwdr1~grant~chain, the member is refused REVOKED and the manager still opens")
    void managerRevokesMember() throws Exception {
        Bound b = bound();
        String path = "/api/locks/" + b.id;
        Account manager = Account.signUp(cloud);
        Account member = Account.signUp(cloud);
        expect(b.owner.post(path + "/shares", Map.of("email", manager.email, "role", "MANAGER")), 201);
        expect(b.owner.post(path + "/shares", Map.of("email", member.email, "role", "MEMBER")), 201);
        String on = signed(b.phone, b.lock.serial, new LockCommand.ChangeSetting(Setting.REMOTE_UNLOCK, "true"), Duration.ofMinutes(5));
        expect(b.owner.send("PUT", path + "/settings/REMOTE_UNLOCK", Map.of("value", "true"), COMMAND, on), 200);
        DeviceSigner managerPhone = DeviceSigner.generate();
        DeviceSigner memberPhone = DeviceSigner.generate();
        expect(b.owner.post("/api/devices", Map.of("deviceKey", b.phone.deviceKey(), "agreeKey", b.phone.agreeKey(),
                "name", "Owner's phone")), 201);
        expect(manager.post("/api/devices", Map.of("deviceKey", managerPhone.deviceKey(), "agreeKey", managerPhone.agreeKey(),
                "name", "Manager's phone")), 201);
        expect(member.post("/api/devices", Map.of("deviceKey", memberPhone.deviceKey(), "agreeKey", memberPhone.agreeKey(),
                "name", "Member's phone")), 201);
        Instant now = Instant.now();
        String parent = b.phone.grant(b.lock.serial, managerPhone.deviceKey(), manager.email,
                io.keyward.protocol.bluetooth.KeyRole.MANAGER, now.minusSeconds(60), now.plus(Duration.ofDays(30)), now);
        expect(b.owner.post(path + "/grants", Map.of("token", parent)), 201);
        io.keyward.protocol.trust.DeviceGrant leaf = managerPhone.grantOf(b.lock.serial, memberPhone.deviceKey(), member.email,
                io.keyward.protocol.bluetooth.KeyRole.MEMBER, now.minusSeconds(60), now.plus(Duration.ofDays(7)), now);
        String leafToken = managerPhone.sign(leaf);
        expect(manager.post(path + "/grants", Map.of("token", leafToken)), 201);

        String unlock = signed(memberPhone, b.lock.serial, new LockCommand.RemoteUnlock(member.email), Duration.ofSeconds(30));
        expect(member.send("POST", path + "/unlock", "{}", COMMAND, unlock, CHAIN, leafToken + "~" + parent), 200);
        assertThat(b.lock.state().get("bolt").asString()).isEqualTo("UNLOCKED");
        await().atMost(SOON).until(() -> "LOCKED".equals(b.lock.state().get("bolt").asString()));

        String revocation = managerPhone.revocation(b.lock.serial, leaf.grantId(), leaf.validUntil(), Instant.now());
        assertThat(manager.post(path + "/grants/" + leaf.grantId() + "/revocation", Map.of("token", revocation)).status())
                .as("a manager's revocation without its chain: the lock would not know the signer").isEqualTo(409);
        JsonNode revoked = expect(manager.post(path + "/grants/" + leaf.grantId() + "/revocation",
                Map.of("token", revocation, "chain", List.of(parent))), 200).json();
        String sync = revoked.get("commandId").asString();
        await().atMost(SOON).until(() -> "applied".equals(b.owner.get(path + "/commands/" + sync).json().get("status").asString()));
        assertThat(expect(member.get(path + "/bluetooth-revocations"), 200).json().get("revocations").get(0).asString())
                .isEqualTo(revocation + "~" + leafToken + "~" + parent);

        String again = signed(memberPhone, b.lock.serial, new LockCommand.RemoteUnlock(member.email), Duration.ofSeconds(30));
        Api.Response refused = member.send("POST", path + "/unlock", "{}", COMMAND, again, CHAIN, leafToken + "~" + parent);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("reason").asString()).isEqualTo("REVOKED");
        assertThat(b.lock.state().get("bolt").asString()).isEqualTo("LOCKED");
        String managers = signed(managerPhone, b.lock.serial, new LockCommand.RemoteUnlock(manager.email), Duration.ofSeconds(30));
        expect(manager.send("POST", path + "/unlock", "{}", COMMAND, managers, CHAIN, parent), 200);
        assertThat(b.lock.state().get("bolt").asString()).as("the manager's own grant stands").isEqualTo("UNLOCKED");
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

    @Test
    @DisplayName("SPEC E3, E4, T3, T6 + design §7 on a protected lock: the owner makes a pairing code, the visitor's app redeems it (202, waiting, its "
            + "fingerprint), the owner's phone answers the request with a VISITOR kwdg1 for the code's period; the visitor's chain opens "
            + "over Bluetooth; with privacy mode on (signed by the owner's phone) it is refused PRIVACY_MODE (E4); the owner's phone "
            + "revokes the grant: REVOKE_GRANT reaches the lock and the visitor is refused REVOKED")
    void visitorGrantOverBluetooth() throws Exception {
        Bound b = bound();
        String path = "/api/locks/" + b.id;
        // the cloud checks a grant's signature with the keys its accounts registered (trust-grants): the owner's phone
        expect(b.owner.post("/api/devices", Map.of("deviceKey", b.phone.deviceKey(), "agreeKey", b.phone.agreeKey(),
                "name", "Owner's phone")), 201);
        Instant from = Instant.now().minusSeconds(60);
        JsonNode invite = expect(b.owner.post(path + "/bluetooth-invites", Map.of("validFrom", from.toString(),
                "validUntil", from.plus(Duration.ofDays(1)).toString(), "name", "Dana")), 201).json();

        Account visitor = Account.signUp(cloud);
        DeviceSigner visitorPhone = DeviceSigner.generate();
        JsonNode waiting = expect(visitor.post("/api/bluetooth-invites/redeem", Map.of("code", invite.get("code").asString(),
                "deviceKey", visitorPhone.deviceKey())), 202).json();
        assertThat(waiting.get("status").asString()).isEqualTo("WAITING");
        assertThat(waiting.get("fingerprint").asString()).isEqualTo(visitorPhone.fingerprint());

        // the owner's phone: the request as listed, its fingerprint compared with the visitor's screen, then signed
        JsonNode request = expect(b.owner.get(path + "/device-requests"), 200).json().get(0);
        assertThat(request.get("kind").asString()).isEqualTo("VISITOR");
        assertThat(request.get("fingerprint").asString()).isEqualTo(waiting.get("fingerprint").asString());
        io.keyward.protocol.trust.DeviceGrant grant = b.phone.grantOf(b.lock.serial, request.get("deviceKey").asString(),
                request.get("accountEmail").asString(), io.keyward.protocol.bluetooth.KeyRole.VISITOR,
                Instant.parse(request.get("validFrom").asString()), Instant.parse(request.get("validUntil").asString()), Instant.now());
        expect(b.owner.post(path + "/grants", Map.of("token", b.phone.sign(grant), "inviteId", request.get("inviteId").asString())), 201);

        JsonNode mine = expect(visitor.get(path + "/grants/mine?deviceId=" + visitorPhone.deviceId()), 200).json();
        assertThat(mine.get("status").asString()).isEqualTo("GRANTED");
        String chain = mine.get("joined").asString();
        String radio = b.owner.lock(b.id).path("reported").path("radio").asString();
        java.security.KeyPair phoneKeys = new java.security.KeyPair(visitorPhone.publicKey(), visitorPhone.signingKey());
        io.keyward.protocol.bluetooth.RadioClient.Handshake hello = io.keyward.protocol.bluetooth.RadioClient.connect(radio, chain, phoneKeys);
        assertThat(hello.ok()).as("the visitor's chain over Bluetooth: " + hello.reason()).isTrue();
        assertThat(hello.session().unlock().ok()).isTrue();
        assertThat(b.lock.state().get("bolt").asString()).isEqualTo("UNLOCKED");

        String privacy = signed(b.phone, b.lock.serial, new LockCommand.ChangeSetting(Setting.PRIVACY_MODE, "true"), Duration.ofMinutes(5));
        expect(b.owner.send("PUT", path + "/settings/PRIVACY_MODE", Map.of("value", "true"), COMMAND, privacy), 200);
        io.keyward.protocol.bluetooth.RadioResponse private_ = io.keyward.protocol.bluetooth.RadioClient.connect(radio, chain, phoneKeys)
                .session().unlock();
        assertThat(private_.ok()).isFalse();
        assertThat(private_.reason()).as("E4: a visitor obeys privacy mode").isEqualTo("PRIVACY_MODE");
        String open = signed(b.phone, b.lock.serial, new LockCommand.ChangeSetting(Setting.PRIVACY_MODE, "false"), Duration.ofMinutes(5));
        expect(b.owner.send("PUT", path + "/settings/PRIVACY_MODE", Map.of("value", "false"), COMMAND, open), 200);

        String revocation = b.phone.revocation(b.lock.serial, grant.grantId(), grant.validUntil(), Instant.now());
        String sync = expect(b.owner.post(path + "/grants/" + grant.grantId() + "/revocation", Map.of("token", revocation)), 200)
                .json().get("commandId").asString();
        await().atMost(SOON).until(() -> "applied".equals(b.owner.get(path + "/commands/" + sync).json().get("status").asString()));
        io.keyward.protocol.bluetooth.RadioClient.Handshake after = io.keyward.protocol.bluetooth.RadioClient.connect(radio, chain, phoneKeys);
        assertThat(after.ok()).isFalse();
        assertThat(after.reason()).isEqualTo("REVOKED");
        assertThat(expect(visitor.get(path + "/grants/mine?deviceId=" + visitorPhone.deviceId()), 200).json().get("status")
                .asString()).isEqualTo("REVOKED");
    }
}
