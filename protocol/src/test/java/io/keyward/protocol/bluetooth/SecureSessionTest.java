package io.keyward.protocol.bluetooth;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Duration;

import static io.keyward.protocol.bluetooth.BluetoothFixture.NOW;
import static io.keyward.protocol.bluetooth.BluetoothFixture.SERIAL;
import static io.keyward.protocol.bluetooth.BluetoothFixture.text;
import static io.keyward.protocol.bluetooth.BluetoothFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("bluetooth: the secure session between a phone and a lock (SPEC C5, E3)")
class SecureSessionTest {

    private final BluetoothFixture f = new BluetoothFixture();

    @Test
    @DisplayName("a full handshake, then an encrypted request and response")
    void roundTrip() {
        BluetoothFixture.Pair s = f.connect();
        assertThat(s.lock().key()).isEqualTo(f.key());
        assertThat(s.lock().key().account()).isEqualTo("visitor@example.org");

        byte[] request = s.phone().seal(utf8("{\"type\":\"UNLOCK\"}")).value();
        assertThat(text(request)).doesNotContain("UNLOCK");
        assertThat(text(s.lock().open(request).value())).isEqualTo("{\"type\":\"UNLOCK\"}");

        byte[] response = s.lock().seal(utf8("{\"unlocked\":true}")).value();
        assertThat(text(s.phone().open(response).value())).isEqualTo("{\"unlocked\":true}");

        for (int i = 0; i < 5; i++) {
            assertThat(text(s.lock().open(s.phone().seal(utf8("n" + i)).value()).value())).isEqualTo("n" + i);
        }
        assertThat(s.phone().open(s.lock().seal(new byte[0]).value()).value()).isEmpty();
    }

    @Test
    @DisplayName("a replayed Bluetooth exchange is refused (SPEC C5, E3)")
    void replayedExchangeIsRefused() {
        BluetoothFixture.Pair recorded = f.connect();
        byte[] recordedUnlock = recorded.phone().seal(utf8("{\"type\":\"UNLOCK\"}")).value();

        // later, an attacker in range plays the phone's recorded messages to the lock
        LockSide lock = f.lock();
        Outcome<byte[]> lockHello = lock.onHello(recorded.hello(), NOW.plusSeconds(60));
        assertThat(lockHello.isOk()).isTrue();
        assertThat(lockHello.value()).isNotEqualTo(recorded.lockHello());
        Outcome<SecureSession> session = lock.onProof(recorded.proof());
        assertThat(session.reason()).isEqualTo(Refusal.BAD_PROOF);
        // the handshake is over: nothing more goes through that connection
        assertThat(lock.onProof(recorded.proof()).reason()).isEqualTo(Refusal.MALFORMED);
        assertThat(lock.onHello(recorded.hello(), NOW).reason()).isEqualTo(Refusal.MALFORMED);
        // and the recorded unlock request does not open under any other session's keys
        BluetoothFixture.Pair other = f.connect();
        assertThat(other.lock().open(recordedUnlock).reason()).isEqualTo(Refusal.BAD_RECORD);
    }

    @Test
    @DisplayName("a replayed or reordered record inside a session is refused, and closes the session")
    void replayedRecordIsRefused() {
        BluetoothFixture.Pair s = f.connect();
        byte[] first = s.phone().seal(utf8("unlock")).value();
        assertThat(s.lock().open(first).isOk()).isTrue();
        assertThat(s.lock().open(first).reason()).isEqualTo(Refusal.REPLAYED_RECORD);
        assertThat(s.lock().isClosed()).isTrue();
        assertThat(s.lock().open(s.phone().seal(utf8("again")).value()).reason()).isEqualTo(Refusal.CLOSED);

        BluetoothFixture.Pair t = f.connect();
        byte[] a = t.phone().seal(utf8("a")).value();
        byte[] b = t.phone().seal(utf8("b")).value();
        assertThat(t.lock().open(b).isOk()).isTrue();
        assertThat(t.lock().open(a).reason()).isEqualTo(Refusal.REPLAYED_RECORD);
    }

    @Test
    @DisplayName("a record sent back to its sender (reflection) is refused")
    void reflectedRecordIsRefused() {
        BluetoothFixture.Pair s = f.connect();
        assertThat(s.phone().open(s.phone().seal(utf8("unlock")).value()).reason()).isEqualTo(Refusal.BAD_RECORD);
    }

    @Test
    @DisplayName("a tampered record is refused: any byte of the header, ciphertext or tag")
    void tamperedRecordIsRefused() {
        byte[] plain = utf8("{\"type\":\"UNLOCK\"}");
        int length = f.connect().phone().seal(plain).value().length;
        for (int i = 0; i < length; i++) {
            BluetoothFixture.Pair s = f.connect();
            byte[] record = s.phone().seal(plain).value();
            record[i] ^= 0x01;
            Refusal reason = s.lock().open(record).reason();
            assertThat(reason).as("byte %d flipped", i).isIn(Refusal.BAD_RECORD, Refusal.MALFORMED);
        }
        BluetoothFixture.Pair s = f.connect();
        byte[] record = s.phone().seal(plain).value();
        assertThat(s.lock().open(java.util.Arrays.copyOf(record, record.length - 1)).reason())
                .isEqualTo(Refusal.BAD_RECORD);
    }

    @Test
    @DisplayName("an expired or not yet valid key is refused; the end of validity is exclusive")
    void expiredKeyIsRefused() {
        String token = f.key(SERIAL, NOW.minus(Duration.ofDays(2)), NOW).sign(f.cloud.getPrivate());
        assertThat(f.lock().onHello(f.phone(token).hello(), NOW).reason()).isEqualTo(Refusal.EXPIRED);
        assertThat(f.lock().onHello(f.phone(token).hello(), NOW.minusMillis(1)).isOk()).isTrue();

        String later = f.key(SERIAL, NOW.plusSeconds(1), NOW.plus(Duration.ofDays(1))).sign(f.cloud.getPrivate());
        assertThat(f.lock().onHello(f.phone(later).hello(), NOW).reason()).isEqualTo(Refusal.NOT_YET_VALID);
    }

    @Test
    @DisplayName("a revoked key is refused, whether the cloud or an app brought the revocation")
    void revokedKeyIsRefused() {
        String token = f.token();
        assertThat(f.lock().onHello(f.phone(token).hello(), NOW).isOk()).isTrue();

        String revocation = KeyRevocation.of(f.key(), NOW).sign(f.cloud.getPrivate());
        assertThat(f.revoked.apply(revocation, f.cloud.getPublic(), SERIAL).isOk()).isTrue();

        assertThat(f.lock().onHello(f.phone(token).hello(), NOW).reason()).isEqualTo(Refusal.REVOKED);
        assertThat(f.revoked.ids()).containsExactly("bk-42");
        f.revoked.prune(f.key().validUntil());
        assertThat(f.revoked.ids()).isEmpty();
    }

    @Test
    @DisplayName("a revocation not signed by the cloud, or for another lock, changes nothing")
    void forgedRevocationIsRefused() {
        KeyPair other = io.keyward.protocol.link.CommandSigning.newKeyPair();
        String forged = KeyRevocation.of(f.key(), NOW).sign(other.getPrivate());
        assertThat(f.revoked.apply(forged, f.cloud.getPublic(), SERIAL).reason()).isEqualTo(Refusal.FORGED_TOKEN);
        String elsewhere = new KeyRevocation("KW-9999", "bk-42", NOW.plusSeconds(60), NOW).sign(f.cloud.getPrivate());
        assertThat(f.revoked.apply(elsewhere, f.cloud.getPublic(), SERIAL).reason()).isEqualTo(Refusal.WRONG_LOCK);
        assertThat(f.revoked.apply("kwrv1.x.y", f.cloud.getPublic(), SERIAL).reason()).isEqualTo(Refusal.MALFORMED);
        assertThat(f.revoked.ids()).isEmpty();
    }

    @Test
    @DisplayName("a token signed by another key, or with any field changed, is refused as forged")
    void forgedTokenIsRefused() {
        KeyPair other = io.keyward.protocol.link.CommandSigning.newKeyPair();
        String byOther = f.key().sign(other.getPrivate());
        assertThat(f.lock().onHello(f.phone(byOther).hello(), NOW).reason()).isEqualTo(Refusal.FORGED_TOKEN);

        String token = f.token();
        KeyPair thief = DeviceKeys.newKeyPair();
        String[] changes = {null, "KW-0002", "bk-43", DeviceKeys.encode(thief.getPublic()), "owner@example.org",
                "OWNER", "0", "99999999999999", "1"};
        for (int line = 1; line < changes.length; line++) {
            String changed = BluetoothFixture.withLine(token, line, changes[line]);
            Outcome<BluetoothKey> decoded = BluetoothKey.decode(changed);
            assertThat(decoded.isOk()).as("line %d still reads", line).isTrue();
            KeyPair holder = line == 3 ? thief : f.device;
            byte[] hello = PhoneSide.start(changed, holder).value().hello();
            assertThat(f.lock().onHello(hello, NOW).reason()).as("line %d changed", line).isEqualTo(Refusal.FORGED_TOKEN);
        }
    }

    @Test
    @DisplayName("a token for another lock is refused")
    void tokenForAnotherLockIsRefused() {
        String token = f.key("KW-0002", NOW.minusSeconds(60), NOW.plusSeconds(60)).sign(f.cloud.getPrivate());
        assertThat(f.lock().onHello(f.phone(token).hello(), NOW).reason()).isEqualTo(Refusal.WRONG_LOCK);
    }

    @Test
    @DisplayName("a stolen token without its device key does not complete the handshake")
    void stolenTokenIsRefused() {
        String token = f.token();
        KeyPair thief = DeviceKeys.newKeyPair();
        // the thief's own client refuses to present a token for another device key ...
        assertThat(PhoneSide.start(token, thief).reason()).isEqualTo(Refusal.MALFORMED);
        // ... so it builds the hello itself and signs the transcript with its own key
        PhoneSide honest = f.phone(token);
        LockSide lock = f.lock();
        byte[] hello = honest.hello();
        byte[] lockHello = lock.onHello(hello, NOW).value();
        byte[] signature = DeviceKeys.sign(thief.getPrivate(), Wire.proofInput(Wire.transcriptHash(hello, lockHello)));
        byte[] proof = Wire.concat(new byte[]{Wire.VERSION, Wire.PROOF}, signature);
        assertThat(lock.onProof(proof).reason()).isEqualTo(Refusal.BAD_PROOF);
    }

    @Test
    @DisplayName("a man in the middle who swaps the ephemeral keys breaks the proof")
    void swappedEphemeralIsRefused() {
        PhoneSide phone = f.phone(f.token());
        LockSide lock = f.lock();
        byte[] hello = phone.hello();
        byte[] swapped = hello.clone();
        byte[] attacker = DeviceKeys.raw((java.security.interfaces.ECPublicKey) DeviceKeys.newKeyPair().getPublic());
        System.arraycopy(attacker, 0, swapped, 2, attacker.length);
        byte[] lockHello = lock.onHello(swapped, NOW).value();
        byte[] proof = phone.onLockHello(lockHello).value().proof();
        assertThat(lock.onProof(proof).reason()).isEqualTo(Refusal.BAD_PROOF);
    }

    @Test
    @DisplayName("messages that do not read are refused, never thrown")
    void malformedMessages() {
        assertThat(f.lock().onHello(null, NOW).reason()).isEqualTo(Refusal.MALFORMED);
        assertThat(f.lock().onHello(new byte[]{1, 1}, NOW).reason()).isEqualTo(Refusal.MALFORMED);
        byte[] hello = f.phone(f.token()).hello();
        byte[] badPoint = hello.clone();
        badPoint[10] ^= 1;
        assertThat(f.lock().onHello(badPoint, NOW).reason()).isEqualTo(Refusal.MALFORMED);
        byte[] longer = java.util.Arrays.copyOf(hello, hello.length + 1);
        assertThat(f.lock().onHello(longer, NOW).reason()).isEqualTo(Refusal.MALFORMED);
        LockSide lock = f.lock();
        assertThat(lock.onProof(new byte[66]).reason()).isEqualTo(Refusal.MALFORMED);
        PhoneSide phone = f.phone(f.token());
        assertThat(phone.onLockHello(new byte[83]).reason()).isEqualTo(Refusal.MALFORMED);
        assertThat(phone.onLockHello(new byte[83]).reason()).isEqualTo(Refusal.CLOSED);
    }
}
