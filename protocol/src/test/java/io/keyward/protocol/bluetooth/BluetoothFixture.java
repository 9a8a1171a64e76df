package io.keyward.protocol.bluetooth;

import io.keyward.protocol.link.CommandSigning;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/** A cloud, a lock and a phone holding a Bluetooth key, for the tests. */
final class BluetoothFixture {

    static final String SERIAL = "KW-0001";
    static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");

    final KeyPair cloud = CommandSigning.newKeyPair();
    final KeyPair device = DeviceKeys.newKeyPair();
    final RevokedKeys revoked = new RevokedKeys();

    BluetoothKey key(String serial, Instant from, Instant until) {
        return new BluetoothKey(serial, "bk-42", DeviceKeys.encode(device.getPublic()), "visitor@example.org",
                KeyRole.VISITOR, from, until, NOW.minus(Duration.ofHours(2)));
    }

    BluetoothKey key() {
        return key(SERIAL, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));
    }

    String token() {
        return key().sign(cloud.getPrivate());
    }

    LockSide lock() {
        return new LockSide(SERIAL, cloud.getPublic(), revoked);
    }

    PhoneSide phone(String token) {
        return PhoneSide.start(token, device).value();
    }

    /** Both sides of a handshake that went through. */
    record Pair(SecureSession phone, SecureSession lock, byte[] hello, byte[] lockHello, byte[] proof) {
    }

    Pair connect(String token, Instant at) {
        PhoneSide phone = phone(token);
        LockSide lock = lock();
        byte[] hello = phone.hello();
        byte[] lockHello = lock.onHello(hello, at).value();
        PhoneSide.Ready ready = phone.onLockHello(lockHello).value();
        SecureSession lockSession = lock.onProof(ready.proof()).value();
        return new Pair(ready.session(), lockSession, hello, lockHello, ready.proof());
    }

    Pair connect() {
        return connect(token(), NOW);
    }

    /** The token with one payload line replaced, the cloud's signature kept. */
    static String withLine(String token, int line, String value) {
        String[] parts = token.split("\\.");
        String[] lines = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).split("\n", -1);
        lines[line] = value;
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + payload + "." + parts[2];
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
