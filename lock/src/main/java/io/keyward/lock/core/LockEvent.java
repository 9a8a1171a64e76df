package io.keyward.lock.core;

import java.time.Instant;

/**
 * One entry of the lock's event log (SPEC C9): every attempt, refusal, alarm and change, with a
 * per-lock sequence number that never goes back, not even across a factory reset (so the cloud
 * can store each (lock, seq) exactly once).
 */
public record LockEvent(long seq, Instant at, String kind, String method, String result,
                        Integer user, String credential, String reason, String alarm, String detail) {

    public static final String UNLOCK = "UNLOCK";
    public static final String LOCK = "LOCK";
    public static final String ALARM = "ALARM";
    public static final String USER_ADDED = "USER_ADDED";
    public static final String USER_DELETED = "USER_DELETED";
    public static final String VALIDITY_CHANGED = "VALIDITY_CHANGED";
    public static final String CREDENTIAL_ADDED = "CREDENTIAL_ADDED";
    public static final String CREDENTIAL_DELETED = "CREDENTIAL_DELETED";
    public static final String ENROLMENT_FAILED = "ENROLMENT_FAILED";
    public static final String SETTING_CHANGED = "SETTING_CHANGED";
    public static final String LOCKOUT_LIFTED = "LOCKOUT_LIFTED";
    public static final String COMMAND_REFUSED = "COMMAND_REFUSED";
    public static final String DOORBELL = "DOORBELL";
    public static final String PAIRING_MODE = "PAIRING_MODE";
    public static final String FACTORY_RESET = "FACTORY_RESET";
    public static final String PAIRED = "PAIRED";
    /** A revoke code typed on the keypad recorded its target as revoked (detail: the target's code id). */
    public static final String VISITOR_CODE_REVOKED = "VISITOR_CODE_REVOKED";
    /** A Bluetooth key was revoked on the lock (E3; credential: bluetooth-key:id, detail: who carried it). */
    public static final String BLUETOOTH_KEY_REVOKED = "BLUETOOTH_KEY_REVOKED";
}
