package io.keyward.protocol.event;

import java.util.Optional;

/**
 * The kinds of entry in a lock's event log (SPEC C9), as they cross the wire in the "kind" field of an
 * event (the lock's JSON, MQTT, the cloud's database and API): one list for the lock, the cloud and,
 * checked by a test, the app's words. A constant's name is its wire string.
 */
public enum EventKind {
    /** An unlock, done or refused, with its method and, when refused, the reason (C1-C7, C9). */
    UNLOCK,
    /** The bolt thrown: automatic relock or from inside (C8, C11). */
    LOCK,
    /** An alarm; the event's "alarm" field holds its {@link AlarmKind} (D1-D3, D5, B8). */
    ALARM,
    /** A lock user added, by the app or as the first administrator (A1, B1). */
    USER_ADDED,
    /** A lock user deleted with all its credentials (B6). */
    USER_DELETED,
    /** A lock user's validity period or weekly windows changed (B1). */
    VALIDITY_CHANGED,
    /** A face, fingerprint or passcode enrolled (B3-B5). */
    CREDENTIAL_ADDED,
    /** A credential deleted (B2). */
    CREDENTIAL_DELETED,
    /** A guided enrolment failed or was cancelled; nothing stored (B3-B5). */
    ENROLMENT_FAILED,
    /** A setting changed (H6). */
    SETTING_CHANGED,
    /** The trial-and-error lockout lifted from the app (D1). */
    LOCKOUT_LIFTED,
    /** A command refused: malformed, unsigned, late, replayed, or not allowed (B2, C6). */
    COMMAND_REFUSED,
    /** The doorbell rang (D8). */
    DOORBELL,
    /** Pairing mode entered by holding SET (A3). */
    PAIRING_MODE,
    /** A factory reset at the door (D7). */
    FACTORY_RESET,
    /** The lock paired with an account in the cloud (A3). */
    PAIRED,
    /** A revoke code typed on the keypad recorded its target as revoked (E1, E2; detail: the target's code id). */
    VISITOR_CODE_REVOKED,
    /** A Bluetooth key revoked on the lock (E3; credential: bluetooth-key:id, detail: who carried it). */
    BLUETOOTH_KEY_REVOKED,
    /** A door sensor or remote controller paired (G1, G2; credential: its id, detail: kind and name). */
    ACCESSORY_PAIRED,
    /** An accessory removed (G1, G2). */
    ACCESSORY_REMOVED,
    /** An owner device bound at the lock (issue 15, docs/trust.md §4; detail: its deviceId and name). */
    DEVICE_BOUND,
    /** A bind QR shown at the door after an administrator's passcode (issue 15; user: whose passcode). */
    BIND_MODE,
    /** An owner device removed by another owner device (issue 15, docs/trust.md §4; detail: its deviceId and name). */
    DEVICE_REMOVED;

    /** The constant of a wire string; empty for null or a kind this version does not know (a newer lock's). */
    public static Optional<EventKind> of(String wire) {
        for (EventKind value : values()) {
            if (value.name().equals(wire)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
