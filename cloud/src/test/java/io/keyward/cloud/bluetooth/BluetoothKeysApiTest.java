package io.keyward.cloud.bluetooth;

import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.TestLocks;
import io.keyward.cloud.signing.CloudSigningKey;
import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.bluetooth.KeyRevocation;
import io.keyward.protocol.bluetooth.LockSide;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.PhoneSide;
import io.keyward.protocol.bluetooth.Refusal;
import io.keyward.protocol.bluetooth.RevokedKeys;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.link.CommandSigning;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC C5, E3 over real HTTP: Bluetooth keys issued, redeemed from pairing codes, listed and revoked. */
abstract class BluetoothKeysApiTest extends CloudTest {

    record Person(String email, UUID id, String session) {
        String[] auth() {
            return new String[] {"Cookie", "KW_SESSION=" + session, "X-Keyward", "1"};
        }
    }

    @Autowired
    CloudSigningKey signingKey;

    @Autowired
    BluetoothKeys keys;

    private Person person() {
        String email = signUp();
        return new Person(email, TestLocks.accountId(jdbc, email), signIn(email));
    }

    private PublicKey cloudKey() {
        return CommandSigning.publicKey(signingKey.publicKey());
    }

    private static String device(KeyPair pair) {
        return DeviceKeys.encode(pair.getPublic());
    }

    private void share(UUID lock, Person with, String role) {
        jdbc.sql("insert into shares (lock_id, account_id, role, created_at) values (:lock, :account, :role, current_timestamp)")
                .param("lock", lock).param("account", with.id()).param("role", role).update();
    }

    private String serial(UUID lock) {
        return jdbc.sql("select serial from locks where id = :id").param("id", lock).query(String.class).single();
    }

    private Api.Response askKey(Person who, UUID lock, String deviceKey) {
        return api.postJson("/api/locks/" + lock + "/bluetooth-key", Api.json(Map.of("deviceKey", deviceKey)), who.auth());
    }

    private Api.Response invite(Person who, UUID lock, Instant from, Instant until) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("validFrom", from.toString());
        body.put("validUntil", until.toString());
        body.put("name", "Plumber");
        return api.postJson("/api/locks/" + lock + "/bluetooth-invites", Api.json(body), who.auth());
    }

    private Api.Response redeem(Person who, String code, String deviceKey) {
        return api.postJson("/api/bluetooth-invites/redeem", Api.json(Map.of("code", code, "deviceKey", deviceKey)), who.auth());
    }

    private static Instant instant(JsonNode node) {
        return OffsetDateTime.parse(node.asString()).toInstant();
    }

    /** A full handshake of the Java phone against the Java lock side, as the lock would run it. */
    private Outcome<?> handshake(String token, KeyPair device, String serial, Instant now, RevokedKeys revoked) {
        Outcome<PhoneSide> phone = PhoneSide.start(token, device);
        if (!phone.isOk()) {
            return phone;
        }
        LockSide lock = new LockSide(serial, cloudKey(), revoked);
        Outcome<byte[]> lockHello = lock.onHello(phone.value().hello(), now);
        if (!lockHello.isOk()) {
            return lockHello;
        }
        return lock.onProof(phone.value().onLockHello(lockHello.value()).value().proof());
    }

    @Test
    @DisplayName("C5 a member gets a signed key for their device with their role, 7 days; the lock's check accepts it")
    void memberKey() {
        Person owner = person();
        Person member = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        share(lock, member, "MEMBER");
        KeyPair device = DeviceKeys.newKeyPair();

        Api.Response issued = askKey(member, lock, device(device));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        JsonNode key = issued.json();
        String token = key.get("token").asString();
        assertThat(token).startsWith("kwbk1.");
        BluetoothKey decoded = BluetoothKey.verify(token, cloudKey()).value();
        assertThat(decoded.role()).isEqualTo(KeyRole.MEMBER);
        assertThat(decoded.account()).isEqualTo(member.id().toString());
        assertThat(decoded.serial()).isEqualTo(serial(lock));
        assertThat(decoded.keyId()).isEqualTo(key.get("keyId").asString());
        assertThat(("bluetooth-key:" + decoded.keyId()).length()).as("as the lock logs it, fits the cloud's event credential")
                .isLessThanOrEqualTo(40);
        assertThat(Duration.between(clock.instant(), instant(key.get("validUntil")))).isBetween(Duration.ofDays(7).minusMinutes(1), Duration.ofDays(7));
        assertThat(instant(key.get("validFrom"))).isBefore(clock.instant());
        assertThat(key.get("radio").isNull()).as("the lock has not reported a radio").isTrue();
        assertThat(handshake(token, device, serial(lock), clock.instant(), new RevokedKeys()).isOk()).isTrue();

        Api.Response again = askKey(member, lock, device(device));
        assertThat(again.json().get("keyId").asString()).as("fresh key answered again").isEqualTo(decoded.keyId());
        Api.Response ownerKey = askKey(owner, lock, device(DeviceKeys.newKeyPair()));
        assertThat(BluetoothKey.decode(ownerKey.json().get("token").asString()).value().role()).isEqualTo(KeyRole.OWNER);
    }

    @Test
    @DisplayName("C5 a stranger gets 404 no such lock; a garbage device key 400; nothing is stored")
    void strangersAndGarbage() {
        Person owner = person();
        Person stranger = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        Api.Response refused = askKey(stranger, lock, device(DeviceKeys.newKeyPair()));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.error()).isEqualTo("no such lock");
        for (String garbage : new String[] {"", "AAAA", "not base64!", device(DeviceKeys.newKeyPair()) + "A",
                "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE"}) {
            Api.Response bad = askKey(owner, lock, garbage);
            assertThat(bad.status()).as(garbage).isEqualTo(400);
            assertThat(bad.error()).contains("deviceKey");
        }
        assertThat(jdbc.sql("select count(*) from bluetooth_keys where lock_id = :l").param("l", lock)
                .query(Long.class).single()).isZero();
        assertThat(api.get("/api/locks/" + lock + "/bluetooth-keys", stranger.auth()).status()).isEqualTo(404);
        assertThat(api.get("/api/locks/" + lock + "/bluetooth-revocations", stranger.auth()).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("E3 the owner's pairing code gives a visitor a VISITOR key for its period, once; a second redemption 409")
    void visitorRedeemsOnce() {
        Person owner = person();
        Person visitor = person();
        Person other = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        Instant from = clock.instant().minus(Duration.ofMinutes(1));
        Instant until = clock.instant().plus(Duration.ofDays(2));

        Api.Response made = invite(owner, lock, from, until);
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        String code = made.json().get("code").asString();
        assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
        assertThat(Duration.between(clock.instant(), instant(made.json().get("expiresAt")))).isBetween(Duration.ofHours(24).minusMinutes(1), Duration.ofHours(24));

        KeyPair device = DeviceKeys.newKeyPair();
        Api.Response redeemed = redeem(visitor, code.toLowerCase().replace("-", " "), device(device));
        assertThat(redeemed.status()).as(redeemed.toString()).isEqualTo(201);
        String token = redeemed.json().get("token").asString();
        BluetoothKey key = BluetoothKey.verify(token, cloudKey()).value();
        assertThat(key.role()).isEqualTo(KeyRole.VISITOR);
        assertThat(key.validFrom()).isEqualTo(from.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(key.validUntil()).isEqualTo(until.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(handshake(token, device, serial(lock), clock.instant(), new RevokedKeys()).isOk()).isTrue();
        assertThat(handshake(token, device, serial(lock), until, new RevokedKeys()).reason())
                .as("the end of the period is exclusive").isEqualTo(Refusal.EXPIRED);

        Api.Response twice = redeem(other, code, device(DeviceKeys.newKeyPair()));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.error()).contains("used already");
        assertThat(redeem(other, "0000-0000-0000", device(DeviceKeys.newKeyPair())).status()).isEqualTo(404);
        assertThat(redeem(other, "not a code", device(DeviceKeys.newKeyPair())).status()).isEqualTo(400);

        // the visitor sees their key (with the token) across locks and on the lock, but no other key
        JsonNode mine = api.get("/api/bluetooth/keys", visitor.auth()).json();
        assertThat(mine.size()).isEqualTo(1);
        assertThat(mine.get(0).get("token").asString()).isEqualTo(token);
        assertThat(mine.get(0).get("name").asString()).isEqualTo("Plumber");
        assertThat(mine.get(0).get("lockName").asString()).isEqualTo("Front door");
        askKey(owner, lock, device(DeviceKeys.newKeyPair()));
        assertThat(api.get("/api/locks/" + lock + "/bluetooth-keys", visitor.auth()).json().size()).isEqualTo(1);
        JsonNode all = api.get("/api/locks/" + lock + "/bluetooth-keys", owner.auth()).json();
        assertThat(all.size()).isEqualTo(2);
        for (JsonNode listed : all) {
            boolean visitorsKey = listed.get("accountId").asString().equals(visitor.id().toString());
            assertThat(listed.get("token").isNull()).as("only the holder sees a token").isEqualTo(visitorsKey);
            assertThat(listed.get("mine").asBoolean()).isEqualTo(!visitorsKey);
        }
    }

    @Test
    @DisplayName("D7 on a lock reset at the door, a member's key, a pairing code made before and a new code are refused 409 with "
            + "the reason; nothing is issued, claimed or made; after a new binding the device gets a new key, dated from it")
    void resetLockIssuesNoKeys() {
        Person owner = person();
        Person member = person();
        Person visitor = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        share(lock, member, "MEMBER");
        String memberDevice = device(DeviceKeys.newKeyPair());
        String oldKey = askKey(member, lock, memberDevice).json().get("keyId").asString();
        String code = invite(owner, lock, clock.instant(), clock.instant().plus(Duration.ofDays(2))).json().get("code").asString();
        jdbc.sql("update locks set reset_at = current_timestamp where id = :id").param("id", lock).update();

        for (Api.Response refused : new Api.Response[] {askKey(member, lock, memberDevice), // not even the key it had
                askKey(member, lock, device(DeviceKeys.newKeyPair())),
                redeem(visitor, code, device(DeviceKeys.newKeyPair())),
                invite(owner, lock, clock.instant(), clock.instant().plus(Duration.ofDays(1)))}) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.error()).contains("reset at the door");
        }
        assertThat(jdbc.sql("select count(*) from bluetooth_keys where lock_id = :id").param("id", lock)
                .query(Long.class).single()).as("only the key of before").isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from bluetooth_invites where lock_id = :id and redeemed_at is null and requested_by is null")
                .param("id", lock).query(Long.class).single()).as("the code is not used up, no new one made").isEqualTo(1);

        // bound again (Pairing sets reset_at null and paired_at to the binding's time): keys are dated from it at least
        // another node's clock a little ahead; milliseconds, as the lock is told (PairingProof.Grant#boundAt)
        Instant boundAt = clock.instant().plus(Duration.ofSeconds(30)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        jdbc.sql("update locks set reset_at = null, paired_at = :at where id = :id")
                .param("at", java.time.OffsetDateTime.ofInstant(boundAt, java.time.ZoneOffset.UTC)).param("id", lock).update();
        Api.Response issued = askKey(member, lock, memberDevice);
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        assertThat(issued.json().get("keyId").asString()).as("a new key: the lock refuses the one of before").isNotEqualTo(oldKey);
        BluetoothKey key = BluetoothKey.verify(issued.json().get("token").asString(), cloudKey()).value();
        assertThat(key.issuedAt()).isEqualTo(boundAt);
        assertThat(key.admits(serial(lock), boundAt, new RevokedKeys(), boundAt).reason()).as("the lock admits it").isNull();
    }

    @Test
    @DisplayName("E3 only the owner makes pairing codes (a manager 403); a code not redeemed within 24 hours is refused 410")
    void ownerOnlyAndExpiry() {
        Person owner = person();
        Person manager = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        share(lock, manager, "MANAGER");
        Instant now = clock.instant();
        assertThat(invite(manager, lock, now, now.plus(Duration.ofDays(3))).status()).isEqualTo(403);
        assertThat(invite(owner, lock, now, now).status()).as("empty period").isEqualTo(400);
        assertThat(invite(owner, lock, now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1))).status())
                .as("past period").isEqualTo(400);
        assertThat(invite(owner, lock, now, now.plus(Duration.ofDays(400))).status()).as("too long").isEqualTo(400);

        String code = invite(owner, lock, now, now.plus(Duration.ofDays(3))).json().get("code").asString();
        clock.advance(Duration.ofHours(24));
        try {
            Api.Response late = redeem(manager, code, device(DeviceKeys.newKeyPair()));
            assertThat(late.status()).isEqualTo(410);
            assertThat(late.error()).contains("expired");
        } finally {
            clock.advance(Duration.ofHours(-24));
        }
    }

    @Test
    @DisplayName("E3 revoking signs a revocation, lists it for the apps and queues REVOKE_BLUETOOTH_KEY to the offline lock")
    void revocation() {
        Person owner = person();
        Person visitor = person();
        Person member = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        share(lock, member, "MEMBER");
        String code = invite(owner, lock, clock.instant(), clock.instant().plus(Duration.ofDays(1))).json().get("code").asString();
        KeyPair device = DeviceKeys.newKeyPair();
        JsonNode key = redeem(visitor, code, device(device)).json();
        String keyId = key.get("keyId").asString();
        String token = key.get("token").asString();
        String path = "/api/locks/" + lock + "/bluetooth-keys/" + keyId + "/revoke";

        assertThat(api.postJson(path, "", member.auth()).status()).as("a member cannot see others' keys").isEqualTo(404);
        Api.Response revoked = api.postJson(path, "", owner.auth());
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        String revocation = revoked.json().get("revocation").asString();
        assertThat(revocation).startsWith("kwrv1.");
        assertThat(revoked.json().get("note").asString()).contains("offline");
        KeyRevocation signed = KeyRevocation.verify(revocation, cloudKey(), serial(lock)).value();
        assertThat(signed.keyId()).isEqualTo(keyId);

        // queued for the lock, as desired state
        String body = jdbc.sql("select body from lock_commands where lock_id = :l and status = 'PENDING'")
                .param("l", lock).query(String.class).single();
        assertThat(parse(body)).isEqualTo(new LockCommand.RevokeBluetoothKey(revocation));
        // listed for every app of the lock (the visitor, holding a key, included)
        assertThat(api.get("/api/locks/" + lock + "/bluetooth-revocations", member.auth()).json().get("revocations")
                .get(0).asString()).isEqualTo(revocation);
        JsonNode visitorsKeys = api.get("/api/bluetooth/keys", visitor.auth()).json();
        assertThat(visitorsKeys.get(0).get("status").asString()).isEqualTo("REVOKED");
        assertThat(visitorsKeys.get(0).get("revocations").get(0).asString()).isEqualTo(revocation);

        // the lock that applied it refuses the key; revoking again queues nothing more
        RevokedKeys revokedKeys = new RevokedKeys();
        assertThat(revokedKeys.apply(revocation, cloudKey(), serial(lock)).isOk()).isTrue();
        assertThat(handshake(token, device, serial(lock), clock.instant(), revokedKeys).reason()).isEqualTo(Refusal.REVOKED);
        Api.Response again = api.postJson(path, "", visitor.auth());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("revocation").asString()).isEqualTo(revocation);
        assertThat(jdbc.sql("select count(*) from lock_commands where lock_id = :l").param("l", lock)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(api.postJson("/api/locks/" + lock + "/bluetooth-keys/nope/revoke", "", owner.auth()).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("E3 a visitor may revoke their own key (the lock's revocation then lists it)")
    void visitorRevokesOwn() {
        Person owner = person();
        Person visitor = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        String code = invite(owner, lock, clock.instant(), clock.instant().plus(Duration.ofDays(1))).json().get("code").asString();
        String keyId = redeem(visitor, code, device(DeviceKeys.newKeyPair())).json().get("keyId").asString();
        Api.Response revoked = api.postJson("/api/locks/" + lock + "/bluetooth-keys/" + keyId + "/revoke", "", visitor.auth());
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(api.get("/api/locks/" + lock + "/bluetooth-revocations", owner.auth()).json().get("revocations").size())
                .isEqualTo(1);
    }

    @Test
    @DisplayName("C5 a member whose share is removed or changed loses their key: revoked and queued to the lock; a visitor's key stays")
    void staleRolesRevoked() {
        Person owner = person();
        Person member = person();
        Person manager = person();
        Person visitor = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        share(lock, member, "MEMBER");
        share(lock, manager, "MANAGER");
        String memberKey = askKey(member, lock, device(DeviceKeys.newKeyPair())).json().get("keyId").asString();
        String managerKey = askKey(manager, lock, device(DeviceKeys.newKeyPair())).json().get("keyId").asString();
        String ownerKey = askKey(owner, lock, device(DeviceKeys.newKeyPair())).json().get("keyId").asString();
        String code = invite(owner, lock, clock.instant(), clock.instant().plus(Duration.ofDays(1))).json().get("code").asString();
        String visitorKey = redeem(visitor, code, device(DeviceKeys.newKeyPair())).json().get("keyId").asString();

        jdbc.sql("delete from shares where lock_id = :l and account_id = :a").param("l", lock).param("a", member.id()).update();
        jdbc.sql("update shares set role = 'MEMBER' where lock_id = :l and account_id = :a").param("l", lock).param("a", manager.id())
                .update();
        keys.revokeStale();

        assertThat(keys.find(lock, memberKey).orElseThrow().revocation()).as("share removed").startsWith("kwrv1.");
        assertThat(keys.find(lock, managerKey).orElseThrow().revocation()).as("role changed").startsWith("kwrv1.");
        assertThat(keys.find(lock, ownerKey).orElseThrow().revokedAt()).isNull();
        assertThat(keys.find(lock, visitorKey).orElseThrow().revokedAt()).isNull();
        assertThat(jdbc.sql("select count(*) from lock_commands where lock_id = :l and body like '%REVOKE_BLUETOOTH_KEY%'")
                .param("l", lock).query(Long.class).single()).isEqualTo(2);
        String newKey = askKey(manager, lock, device(DeviceKeys.newKeyPair())).json().get("role").asString();
        assertThat(newKey).as("a new key with the new role").isEqualTo("MEMBER");
    }

    private static LockCommand parse(String json) {
        try {
            return LockCommands.parse(json);
        } catch (LockCommands.MalformedCommand e) {
            throw new AssertionError(e);
        }
    }
}
