package io.keyward.lock.core;

import java.time.Instant;

/**
 * A device the lock itself bound at its door (issue 15, docs/trust.md §4): the root of trust. Its
 * deviceKey (ECDSA P-256, SPKI b64u) signs grants and commands; its agreeKey (ECDH P-256, SPKI b64u)
 * receives the visitor secret sealed by the lock. how is {@link #PAIRING_QR} or {@link #DOOR}.
 */
public record OwnerDevice(String deviceId, String deviceKey, String agreeKey, String name, Instant boundAt,
                          String how) {

    /** Bound with the bind secret of the pairing QR (A3). */
    public static final String PAIRING_QR = "PAIRING_QR";
    /** Bound with the bind secret shown after an administrator's passcode at the door. */
    public static final String DOOR = "DOOR";
}
