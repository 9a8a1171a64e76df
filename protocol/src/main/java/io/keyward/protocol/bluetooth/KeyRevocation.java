package io.keyward.protocol.bluetooth;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The cloud's signed word that one Bluetooth key of one lock is revoked (SPEC E3). Signed like a
 * key, so any app of the lock may carry it to the lock over Bluetooth, and the cloud over its link:
 * the lock trusts the signature, not the messenger. keyUntil (the revoked key's own end of
 * validity) lets the lock forget the revocation once the key would have expired anyway.
 *
 * Text form: {@code kwrv1.<base64url payload>.<base64url Ed25519 signature>}, payload lines
 * {@code keyward-bluetooth-revocation-v1, serial, keyId, keyUntil-ms, issuedAt-ms}.
 */
public record KeyRevocation(String serial, String keyId, Instant keyUntil, Instant issuedAt) {

    public static final String PREFIX = "kwrv1";
    static final String HEADER = "keyward-bluetooth-revocation-v1";
    private static final int LINES = 5;

    public KeyRevocation {
        Objects.requireNonNull(keyUntil, "keyUntil");
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (!SignedText.isField(serial) || !SignedText.isField(keyId)) {
            throw new IllegalArgumentException("a field is empty, too long or has control characters");
        }
        keyUntil = keyUntil.truncatedTo(ChronoUnit.MILLIS);
        issuedAt = issuedAt.truncatedTo(ChronoUnit.MILLIS);
        if (keyUntil.isBefore(Instant.EPOCH) || issuedAt.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException("instants before 1970");
        }
    }

    /** The revocation of a key, to be signed by the cloud. */
    public static KeyRevocation of(BluetoothKey key, Instant now) {
        return new KeyRevocation(key.serial(), key.keyId(), key.validUntil(), now);
    }

    public String sign(PrivateKey cloudKey) {
        return SignedText.sign(PREFIX, List.of(HEADER, serial, keyId, SignedText.millis(keyUntil),
                SignedText.millis(issuedAt)), cloudKey);
    }

    /** The revocation of a token signed by the cloud, for the lock serial: MALFORMED, FORGED_TOKEN, WRONG_LOCK otherwise. */
    public static Outcome<KeyRevocation> verify(String token, PublicKey cloudKey, String lockSerial) {
        Objects.requireNonNull(cloudKey, "cloudKey");
        Outcome<String[]> opened = SignedText.open(PREFIX, HEADER, LINES, token, cloudKey);
        if (!opened.isOk()) {
            return opened.refusal();
        }
        String[] f = opened.value();
        Instant until = SignedText.instant(f[3]);
        Instant issued = SignedText.instant(f[4]);
        if (until == null || issued == null || !SignedText.isField(f[1]) || !SignedText.isField(f[2])) {
            return Outcome.refused(Refusal.MALFORMED, "a field of the revocation does not read");
        }
        if (!f[1].equals(lockSerial)) {
            return Outcome.refused(Refusal.WRONG_LOCK, "revocation for another lock");
        }
        return Outcome.ok(new KeyRevocation(f[1], f[2], until, issued));
    }
}
