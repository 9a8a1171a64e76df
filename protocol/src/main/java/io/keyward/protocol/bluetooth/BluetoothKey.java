package io.keyward.protocol.bluetooth;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * A Bluetooth key (SPEC C5, E3): a token the cloud signs with its Ed25519 key and the lock checks
 * offline with the cloud's public key it learned at pairing. It binds one lock (serial), the key's
 * id (what a revocation names), the holder's device public key (P-256 SPKI, base64url; the phone
 * proves possession of it in each session), the account, its role, the validity [validFrom,
 * validUntil) and when it was issued. Instants are kept to the millisecond, as the token carries them.
 *
 * Text form: {@code kwbk1.<base64url payload>.<base64url Ed25519 signature over the payload>}, the
 * payload being the UTF-8 lines {@code keyward-bluetooth-key-v1, serial, keyId, deviceKey, account,
 * role, validFrom-ms, validUntil-ms, issuedAt-ms} joined by {@code \n}.
 */
public record BluetoothKey(String serial, String keyId, String deviceKey, String account, KeyRole role,
                           Instant validFrom, Instant validUntil, Instant issuedAt) {

    public static final String PREFIX = "kwbk1";
    static final String HEADER = "keyward-bluetooth-key-v1";
    private static final int LINES = 9;

    public BluetoothKey {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
        Objects.requireNonNull(issuedAt, "issuedAt");
        for (String field : new String[]{serial, keyId, account}) {
            if (!SignedText.isField(field)) {
                throw new IllegalArgumentException("a field is empty, too long or has control characters");
            }
        }
        if (DeviceKeys.decode(deviceKey) == null) {
            throw new IllegalArgumentException("deviceKey is not a P-256 SPKI in base64url");
        }
        validFrom = validFrom.truncatedTo(ChronoUnit.MILLIS);
        validUntil = validUntil.truncatedTo(ChronoUnit.MILLIS);
        issuedAt = issuedAt.truncatedTo(ChronoUnit.MILLIS);
        if (validFrom.isBefore(Instant.EPOCH) || issuedAt.isBefore(Instant.EPOCH) || !validUntil.isAfter(validFrom)
                || validUntil.toEpochMilli() > 999_999_999_999_999L) {
            throw new IllegalArgumentException("validity must be a non-empty period after 1970");
        }
    }

    /** The token text, signed by the cloud's Ed25519 private key. */
    public String sign(PrivateKey cloudKey) {
        return SignedText.sign(PREFIX, List.of(HEADER, serial, keyId, deviceKey, account, role.name(),
                SignedText.millis(validFrom), SignedText.millis(validUntil), SignedText.millis(issuedAt)), cloudKey);
    }

    /** The key of a token whose signature is the cloud's: MALFORMED or FORGED_TOKEN otherwise. */
    public static Outcome<BluetoothKey> verify(String token, PublicKey cloudKey) {
        Objects.requireNonNull(cloudKey, "cloudKey");
        return read(token, cloudKey);
    }

    /** The key of a token without checking its signature, for the app that holds it. */
    public static Outcome<BluetoothKey> decode(String token) {
        return read(token, null);
    }

    /**
     * The whole check a lock makes offline: the cloud's signature, this lock, the validity at the
     * lock's clock, not revoked. The proof of possession of the device key is the session's part.
     */
    public static Outcome<BluetoothKey> check(String token, PublicKey cloudKey, String serial, Instant now,
                                              RevokedKeys revoked) {
        Outcome<BluetoothKey> key = verify(token, cloudKey);
        return key.isOk() ? key.value().admits(serial, now, revoked) : key;
    }

    /** Whether this (already verified) key opens the lock serial at now: WRONG_LOCK, NOT_YET_VALID, EXPIRED, REVOKED. */
    public Outcome<BluetoothKey> admits(String lockSerial, Instant now, RevokedKeys revoked) {
        if (!serial.equals(lockSerial)) {
            return Outcome.refused(Refusal.WRONG_LOCK, "key " + keyId + " is for another lock");
        }
        if (now.isBefore(validFrom)) {
            return Outcome.refused(Refusal.NOT_YET_VALID, "key " + keyId + " is valid from " + validFrom);
        }
        if (!now.isBefore(validUntil)) {
            return Outcome.refused(Refusal.EXPIRED, "key " + keyId + " expired at " + validUntil);
        }
        if (revoked != null && revoked.isRevoked(keyId)) {
            return Outcome.refused(Refusal.REVOKED, "key " + keyId + " is revoked");
        }
        return Outcome.ok(this);
    }

    /**
     * The same for a cloud-signed key on a lock the cloud bound at boundAt (null: not known): refused
     * ISSUED_BEFORE_PAIRING when signed before it, as the keys of an earlier binding are (SPEC D7: a factory reset
     * forgot them, and the same cloud key signed them).
     */
    public Outcome<BluetoothKey> admits(String lockSerial, Instant now, RevokedKeys revoked, Instant boundAt) {
        if (boundAt != null && issuedAt.isBefore(boundAt)) {
            return Outcome.refused(Refusal.ISSUED_BEFORE_PAIRING, "key " + keyId + " was issued before this lock was paired");
        }
        return admits(lockSerial, now, revoked);
    }

    /** The holder's device public key. */
    public ECPublicKey devicePublicKey() {
        return DeviceKeys.decode(deviceKey);
    }

    private static Outcome<BluetoothKey> read(String token, PublicKey cloudKey) {
        Outcome<String[]> opened = SignedText.open(PREFIX, HEADER, LINES, token, cloudKey);
        if (!opened.isOk()) {
            return opened.refusal();
        }
        String[] f = opened.value();
        Instant from = SignedText.instant(f[6]);
        Instant until = SignedText.instant(f[7]);
        Instant issued = SignedText.instant(f[8]);
        KeyRole role = role(f[5]);
        if (from == null || until == null || issued == null || role == null) {
            return Outcome.refused(Refusal.MALFORMED, "a field of the key does not read");
        }
        try {
            return Outcome.ok(new BluetoothKey(f[1], f[2], f[3], f[4], role, from, until, issued));
        } catch (IllegalArgumentException e) {
            return Outcome.refused(Refusal.MALFORMED, e.getMessage());
        }
    }

    private static KeyRole role(String text) {
        for (KeyRole r : KeyRole.values()) {
            if (r.name().equals(text)) {
                return r;
            }
        }
        return null;
    }
}
