package io.keyward.protocol.bluetooth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * The phone's side of one Bluetooth session (the Java client of the protocol; the web app speaks
 * the same with WebCrypto). Pure: it takes and gives byte arrays, the caller moves them.
 *
 * <pre>
 * PhoneSide phone = PhoneSide.start(token, deviceKeyPair).value();
 * send(phone.hello());
 * PhoneSide.Ready ready = phone.onLockHello(receive()).value();   // or a refusal
 * send(ready.proof());
 * SecureSession session = ready.session();                        // seal / open records
 * </pre>
 */
public final class PhoneSide {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The proof to send to the lock, and the session that runs once the lock accepts it. */
    public record Ready(byte[] proof, SecureSession session) {
    }

    private final BluetoothKey key;
    private final String chain;
    private final KeyPair device;
    private final KeyPair ephemeral;
    private final byte[] hello;
    private boolean done;

    private PhoneSide(BluetoothKey key, String chain, KeyPair device, KeyPair ephemeral, byte[] hello) {
        this.key = key;
        this.chain = chain;
        this.device = device;
        this.ephemeral = ephemeral;
        this.hello = hello;
    }

    /**
     * A new session for the Bluetooth key token held with the device key pair (P-256): MALFORMED
     * when the token does not read or names another device key.
     */
    public static Outcome<PhoneSide> start(String token, KeyPair deviceKey) {
        Outcome<BluetoothKey> key = BluetoothKey.decode(token);
        if (!key.isOk()) {
            return key.refusal();
        }
        return start(token, key.value(), deviceKey);
    }

    /**
     * A new session presenting token, whose own format's reader gave key (issue 15: a device grant
     * chain, read by {@code trust.BluetoothGrants.phone}, presents its leaf): MALFORMED when the key
     * names another device key.
     */
    public static Outcome<PhoneSide> start(String token, BluetoothKey key, KeyPair deviceKey) {
        Objects.requireNonNull(deviceKey, "deviceKey");
        Objects.requireNonNull(key, "key");
        if (token == null || token.isEmpty() || token.length() > LockSide.MAX_HELLO_TOKEN
                || !token.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            return Outcome.refused(Refusal.MALFORMED, "the token is not 1 to " + LockSide.MAX_HELLO_TOKEN
                    + " printable ASCII characters");
        }
        String own;
        try {
            own = DeviceKeys.encode(deviceKey.getPublic());
        } catch (IllegalArgumentException e) {
            return Outcome.refused(Refusal.MALFORMED, "the device key is not P-256");
        }
        if (!own.equals(key.deviceKey())) {
            return Outcome.refused(Refusal.MALFORMED, "the token is for another device key");
        }
        KeyPair ephemeral = DeviceKeys.newKeyPair();
        byte[] nonce = new byte[Wire.NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        byte[] tokenBytes = token.getBytes(StandardCharsets.US_ASCII);
        byte[] hello = ByteBuffer.allocate(Wire.HELLO_FIXED + tokenBytes.length)
                .put(Wire.VERSION).put(Wire.HELLO)
                .put(DeviceKeys.raw((ECPublicKey) ephemeral.getPublic()))
                .put(nonce)
                .putShort((short) tokenBytes.length)
                .put(tokenBytes)
                .array();
        return Outcome.ok(new PhoneSide(key, token.startsWith(BluetoothKey.PREFIX + ".") ? null : token,
                deviceKey, ephemeral, hello));
    }

    /** Message 1, phone to lock: {@code [1][1][ephemeral: 65][nonce: 16][token length: 2][token]}. */
    public byte[] hello() {
        return hello.clone();
    }

    /**
     * Takes message 2, the lock's hello {@code [1][2][ephemeral: 65][nonce: 16]}, and gives message 3,
     * the proof {@code [1][3][ECDSA P-256 signature r||s: 64]} over the transcript, with the session.
     */
    public synchronized Outcome<Ready> onLockHello(byte[] lockHello) {
        if (done) {
            return Outcome.refused(Refusal.CLOSED, "this handshake is over");
        }
        done = true;
        try {
            if (!Wire.isHeader(lockHello, Wire.LOCK_HELLO) || lockHello.length != Wire.LOCK_HELLO_LENGTH) {
                return Outcome.refused(Refusal.MALFORMED, "not a lock hello");
            }
            ECPublicKey lockEphemeral = DeviceKeys.fromRaw(Arrays.copyOfRange(lockHello, 2, 2 + DeviceKeys.RAW_LENGTH));
            if (lockEphemeral == null) {
                return Outcome.refused(Refusal.MALFORMED, "the lock's ephemeral key is not a P-256 point");
            }
            byte[] transcript = Wire.transcriptHash(hello, lockHello);
            byte[] secret = DeviceKeys.agree(ephemeral.getPrivate(), lockEphemeral);
            byte[] proof = Wire.concat(new byte[]{Wire.VERSION, Wire.PROOF},
                    DeviceKeys.sign(device.getPrivate(), Wire.proofInput(transcript)));
            SecureSession session = new SecureSession(key, chain,
                    Hkdf.derive(transcript, secret, Wire.PHONE_TO_LOCK, 32),
                    Hkdf.derive(transcript, secret, Wire.LOCK_TO_PHONE, 32),
                    SecureSession.PHONE_PREFIX, SecureSession.LOCK_PREFIX);
            Arrays.fill(secret, (byte) 0);
            return Outcome.ok(new Ready(proof, session));
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return Outcome.refused(Refusal.MALFORMED, "the lock hello does not agree a key");
        }
    }

    /** The Bluetooth key this session presents. */
    public BluetoothKey key() {
        return key;
    }
}
