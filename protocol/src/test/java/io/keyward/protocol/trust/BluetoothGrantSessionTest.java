package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.LockSide;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.PhoneSide;
import io.keyward.protocol.bluetooth.Refusal;
import io.keyward.protocol.bluetooth.RevokedKeys;
import io.keyward.protocol.bluetooth.SecureSession;
import io.keyward.protocol.link.CommandSigning;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 (docs/trust-design §2, §3's Bluetooth sentence): the Bluetooth session's lock side on a
 * device grant chain. In trust mode the hello's cloud key is refused CLOUD_KEY_NOT_TRUSTED and a
 * chain is checked against the owner devices with the design's reasons; the proof of possession is
 * by the leaf holder's key. Without owner devices a cloud key works as before and a chain is refused.
 */
@DisplayName("issue 15: Bluetooth sessions on device grant chains (LockSide)")
class BluetoothGrantSessionTest {

    static final String SERIAL = "KW-0001";
    static final Instant NOW = Instant.parse("2026-12-06T05:00:00Z");

    final KeyPair cloud = CommandSigning.newKeyPair();
    final DeviceSigner owner = DeviceSigner.generate();
    final DeviceSigner manager = DeviceSigner.generate();
    final DeviceSigner member = DeviceSigner.generate();
    final RevokedKeys revoked = new RevokedKeys();
    final Map<String, ECPublicKey> owners = new HashMap<>(Map.of(owner.deviceId(), owner.publicKey()));

    // ------------------------------------------------------------------ fixtures

    LockSide lock(boolean trustMode) {
        return BluetoothGrants.lockSide(SERIAL, cloud.getPublic(), revoked, trustMode, owners::get);
    }

    static KeyPair pair(DeviceSigner d) {
        return new KeyPair(d.publicKey(), d.signingKey());
    }

    String grant(DeviceSigner signer, DeviceSigner holder, KeyRole role, Instant from, Instant until) {
        return signer.grant(SERIAL, holder.deviceKey(), "person@example.com", role, from, until, NOW);
    }

    String grant(DeviceSigner signer, DeviceSigner holder, KeyRole role) {
        return grant(signer, holder, role, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));
    }

    record Done(Outcome<byte[]> hello, Outcome<SecureSession> lock, SecureSession phone, LockSide side) {
    }

    /** A whole handshake with the chain held by holder, at the lock's clock now. */
    Done connect(LockSide side, String chain, KeyPair holder, Instant now) {
        PhoneSide phone = chain.startsWith("kwbk1.") ? PhoneSide.start(chain, holder).value()
                : BluetoothGrants.phone(chain, holder).value();
        Outcome<byte[]> hello = side.onHello(phone.hello(), now);
        if (!hello.isOk()) {
            return new Done(hello, null, null, side);
        }
        PhoneSide.Ready ready = phone.onLockHello(hello.value()).value();
        return new Done(hello, side.onProof(ready.proof()), ready.session(), side);
    }

    Done connect(String chain, DeviceSigner holder) {
        return connect(lock(true), chain, pair(holder), NOW);
    }

    static String join(String... grants) {
        return String.join("~", grants);
    }

    static void assertRefused(Done d, Refusal reason) {
        assertThat(d.hello().isOk()).as("hello refused").isFalse();
        assertThat(d.hello().reason()).isEqualTo(reason);
        assertThat(d.side().key()).isNull();
    }

    // ------------------------------------------------------------------ sessions that open

    @Test
    @DisplayName("§2: an owner device's self-grant opens a session: the leaf is the session's key (grant id, OWNER), records flow both ways")
    void ownerSelfGrant() {
        String self = owner.selfGrant(SERIAL, "owner@example.com", NOW);
        Done d = connect(self, owner);
        assertThat(d.lock().isOk()).isTrue();
        SecureSession lockSession = d.lock().value();
        DeviceGrant leaf = DeviceGrant.decode(self).value();
        assertThat(lockSession.key().keyId()).isEqualTo(leaf.grantId());
        assertThat(lockSession.key().role()).isEqualTo(KeyRole.OWNER);
        assertThat(lockSession.key().deviceKey()).isEqualTo(owner.deviceKey());
        assertThat(lockSession.chain()).isEqualTo(self);
        assertThat(d.side().presentedGrant()).isTrue();
        byte[] record = d.phone().seal("{\"type\":\"UNLOCK\"}".getBytes(StandardCharsets.UTF_8)).value();
        assertThat(new String(lockSession.open(record).value(), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"UNLOCK\"}");
        assertThat(d.phone().open(lockSession.seal(new byte[]{7}).value()).value()).containsExactly(7);
    }

    @Test
    @DisplayName("§2: a member's grant from an owner device, and a manager→member chain, open with the leaf's role")
    void memberAndManagerChain() {
        Done direct = connect(grant(owner, member, KeyRole.MEMBER), member);
        assertThat(direct.lock().value().key().role()).isEqualTo(KeyRole.MEMBER);

        String parent = grant(owner, manager, KeyRole.MANAGER, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
        String leaf = grant(manager, member, KeyRole.MEMBER);
        Done chained = connect(join(leaf, parent), member);
        assertThat(chained.lock().isOk()).isTrue();
        assertThat(chained.lock().value().key().role()).isEqualTo(KeyRole.MEMBER);
        assertThat(chained.lock().value().key().keyId()).isEqualTo(DeviceGrant.decode(leaf).value().grantId());
        assertThat(chained.lock().value().chain()).isEqualTo(join(leaf, parent));
    }

    // ------------------------------------------------------------------ refusals (§2 reasons)

    @Test
    @DisplayName("§3: in trust mode a cloud-signed kwbk1 key is refused CLOUD_KEY_NOT_TRUSTED; without owner devices it opens as before and a chain is refused UNKNOWN_SIGNER")
    void cloudKeyOnlyWithoutOwnerDevices() {
        KeyPair phone = DeviceKeys.newKeyPair();
        String cloudKey = new BluetoothKey(SERIAL, "bk-1", DeviceKeys.encode(phone.getPublic()), "a@example.com",
                KeyRole.OWNER, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)), NOW).sign(cloud.getPrivate());
        Done trusted = connect(lock(true), cloudKey, phone, NOW);
        assertRefused(trusted, Refusal.CLOUD_KEY_NOT_TRUSTED);
        assertThat(trusted.side().presented()).isNull();

        Done before = connect(lock(false), cloudKey, phone, NOW);
        assertThat(before.lock().isOk()).as("a lock without owner devices still takes cloud keys").isTrue();
        assertThat(before.lock().value().chain()).isNull();
        assertThat(new LockSide(SERIAL, cloud.getPublic(), revoked).onHello(
                BluetoothGrants.phone(owner.selfGrant(SERIAL, "o@example.com", NOW), pair(owner)).value().hello(), NOW)
                .reason()).as("a lock without a grant check refuses chains").isEqualTo(Refusal.MALFORMED);

        owners.clear(); // no owner device: nobody's grant can be trusted
        assertRefused(connect(lock(false), owner.selfGrant(SERIAL, "o@example.com", NOW), pair(owner), NOW),
                Refusal.UNKNOWN_SIGNER);
    }

    @Test
    @DisplayName("§2: a chain of three grants is refused CHAIN_TOO_LONG")
    void chainOfThree() {
        DeviceSigner third = DeviceSigner.generate();
        String top = grant(owner, manager, KeyRole.MANAGER);
        String middle = grant(manager, member, KeyRole.MANAGER);
        String leaf = grant(member, third, KeyRole.MEMBER);
        assertRefused(connect(join(leaf, middle, top), third), Refusal.CHAIN_TOO_LONG);
    }

    @Test
    @DisplayName("§2: a grant for another lock is WRONG_LOCK; one signed by a device that is not an owner device is UNKNOWN_SIGNER")
    void wrongLockAndUnknownSigner() {
        String other = owner.grant("KW-0002", member.deviceKey(), "m@example.com", KeyRole.MEMBER,
                NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)), NOW);
        assertRefused(connect(other, member), Refusal.WRONG_LOCK);
        assertRefused(connect(grant(manager, member, KeyRole.MEMBER), member), Refusal.UNKNOWN_SIGNER);
        assertRefused(connect(manager.selfGrant(SERIAL, "x@example.com", NOW), manager), Refusal.UNKNOWN_SIGNER);
    }

    @Test
    @DisplayName("§4: a grant whose owner device was removed is refused UNKNOWN_SIGNER, its manager's chain too")
    void removedOwnerDevice() {
        DeviceSigner visitor = DeviceSigner.generate();
        String memberGrant = grant(owner, member, KeyRole.MEMBER);
        String parent = grant(owner, manager, KeyRole.MANAGER);
        String leaf = grant(manager, visitor, KeyRole.VISITOR);
        assertThat(connect(memberGrant, member).lock().isOk()).isTrue();
        assertThat(connect(join(leaf, parent), visitor).lock().isOk()).isTrue();
        DeviceSigner other = DeviceSigner.generate();
        owners.put(other.deviceId(), other.publicKey()); // another owner device stays bound
        owners.remove(owner.deviceId());
        assertRefused(connect(memberGrant, member), Refusal.UNKNOWN_SIGNER);
        assertRefused(connect(join(leaf, parent), visitor), Refusal.UNKNOWN_SIGNER);
        assertRefused(connect(owner.selfGrant(SERIAL, "o@example.com", NOW), owner), Refusal.UNKNOWN_SIGNER);
    }

    @Test
    @DisplayName("§2: a visitor's grant outside its validity is NOT_YET_VALID or EXPIRED (end exclusive); the log may name the verified leaf")
    void visitorOutsideValidity() {
        Instant from = NOW.plus(Duration.ofHours(1));
        Instant until = NOW.plus(Duration.ofHours(3));
        String visitor = grant(owner, member, KeyRole.VISITOR, from, until);
        Done early = connect(lock(true), visitor, pair(member), NOW);
        assertRefused(early, Refusal.NOT_YET_VALID);
        assertThat(early.side().presented().keyId()).isEqualTo(DeviceGrant.decode(visitor).value().grantId());
        assertThat(early.side().presented().account()).isEqualTo("person@example.com");
        assertThat(early.side().presentedGrant()).isTrue();
        assertThat(connect(lock(true), visitor, pair(member), from).lock().value().key().role()).isEqualTo(KeyRole.VISITOR);
        assertRefused(connect(lock(true), visitor, pair(member), until), Refusal.EXPIRED);
    }

    @Test
    @DisplayName("§2: a revoked grant (leaf or parent) is REVOKED; a manager granting a MANAGER is ROLE_NOT_ALLOWED")
    void revokedAndRole() {
        String parent = grant(owner, manager, KeyRole.MANAGER);
        String leaf = grant(manager, member, KeyRole.MEMBER);
        revoked.revoke(DeviceGrant.decode(parent).value().grantId(), NOW.plus(Duration.ofDays(1)));
        assertRefused(connect(join(leaf, parent), member), Refusal.REVOKED);
        String selfLeaf = grant(owner, member, KeyRole.MEMBER);
        revoked.revoke(DeviceGrant.decode(selfLeaf).value().grantId(), NOW.plus(Duration.ofDays(1)));
        assertRefused(connect(selfLeaf, member), Refusal.REVOKED);

        String parent2 = grant(owner, manager, KeyRole.MANAGER);
        assertRefused(connect(join(grant(manager, member, KeyRole.MANAGER), parent2), member), Refusal.ROLE_NOT_ALLOWED);
    }

    @Test
    @DisplayName("§2: a forged grant (signed by another key, or a field changed) is refused FORGED; the proof needs the leaf holder's key (BAD_PROOF)")
    void forgedAndStolen() {
        String real = grant(owner, member, KeyRole.MEMBER);
        DeviceGrant g = DeviceGrant.decode(real).value();
        String forged = new DeviceGrant(g.serial(), g.grantId(), g.holderKey(), g.account(), KeyRole.OWNER,
                g.validFrom(), g.validUntil(), g.issuedAt(), g.signerId()).sign(member.signingKey());
        Done refused = connect(forged, member);
        assertRefused(refused, Refusal.FORGED_TOKEN);
        assertThat(Refusal.FORGED_TOKEN.code()).isEqualTo("FORGED");
        assertThat(refused.side().presented()).as("an unverified leaf is not named").isNull();

        // a thief with the member's chain but not its device key: the lock accepts the hello, not the proof
        KeyPair thief = DeviceKeys.newKeyPair();
        BluetoothKey claimed = BluetoothGrants.sessionKey(g);
        assertThat(PhoneSide.start(real, claimed, thief).reason()).isEqualTo(Refusal.MALFORMED);
        BluetoothKey thiefView = new BluetoothKey(g.serial(), g.grantId(), DeviceKeys.encode(thief.getPublic()),
                g.account(), g.role(), g.validFrom(), g.validUntil(), g.issuedAt());
        PhoneSide stolen = PhoneSide.start(real, thiefView, thief).value();
        LockSide side = lock(true);
        byte[] lockHello = side.onHello(stolen.hello(), NOW).value();
        Outcome<SecureSession> proof = side.onProof(stolen.onLockHello(lockHello).value().proof());
        assertThat(proof.reason()).isEqualTo(Refusal.BAD_PROOF);
    }

    @Test
    @DisplayName("hello: a chain of two grants fits the raised limit; a token over 2 grants' length, or not printable ASCII, is MALFORMED")
    void helloLimits() {
        assertThat(LockSide.MAX_HELLO_TOKEN).isEqualTo(4097);
        byte[] tooLong = hello(new byte[LockSide.MAX_HELLO_TOKEN + 1], 'a');
        assertThat(lock(true).onHello(tooLong, NOW).reason()).isEqualTo(Refusal.MALFORMED);
        byte[] control = hello(new byte[40], '\n');
        assertThat(lock(true).onHello(control, NOW).reason()).isEqualTo(Refusal.MALFORMED);
        assertThat(lock(true).onHello(hello(new byte[40], 'k'), NOW).reason()).isEqualTo(Refusal.MALFORMED);
    }

    @Test
    @DisplayName("§2 strict: any one character of a manager→member chain changed in the hello is refused (never admitted, never thrown)")
    void everyCharacterChanged() {
        String parent = grant(owner, manager, KeyRole.MANAGER);
        String chain = join(grant(manager, member, KeyRole.MEMBER), parent);
        assertThat(lock(true).onHello(helloOf(chain), NOW).isOk()).as("the chain itself").isTrue();
        for (int i = 0; i < chain.length(); i += 3) {
            char c = chain.charAt(i);
            String changed = chain.substring(0, i) + (c == 'A' ? 'B' : 'A') + chain.substring(i + 1);
            LockSide side = lock(true);
            Outcome<byte[]> hello = side.onHello(helloOf(changed), NOW);
            assertThat(hello.isOk()).as("character %d changed", i).isFalse();
            assertThat(side.key()).isNull();
        }
    }

    static byte[] helloOf(String token) {
        byte[] bytes = token.getBytes(StandardCharsets.US_ASCII);
        byte[] raw = DeviceKeys.raw((ECPublicKey) DeviceKeys.newKeyPair().getPublic());
        return ByteBuffer.allocate(2 + raw.length + 16 + 2 + bytes.length).put((byte) 1).put((byte) 1).put(raw)
                .put(new byte[16]).putShort((short) bytes.length).put(bytes).array();
    }

    /** A hello with a fresh ephemeral key and a token of the given length filled with fill. */
    static byte[] hello(byte[] token, char fill) {
        java.util.Arrays.fill(token, (byte) fill);
        byte[] raw = DeviceKeys.raw((ECPublicKey) DeviceKeys.newKeyPair().getPublic());
        return ByteBuffer.allocate(2 + raw.length + 16 + 2 + token.length).put((byte) 1).put((byte) 1).put(raw)
                .put(new byte[16]).putShort((short) token.length).put(token).array();
    }
}
