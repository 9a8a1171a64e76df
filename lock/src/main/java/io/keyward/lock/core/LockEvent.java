package io.keyward.lock.core;

import java.time.Instant;

import io.keyward.protocol.event.EventKind;

/**
 * One entry of the lock's event log (SPEC C9): every attempt, refusal, alarm and change, with a
 * per-lock sequence number that never goes back, not even across a factory reset (so the cloud
 * can store each (lock, seq) exactly once).
 * <p>
 * The words of its fields are the protocol's ({@link EventKind}, {@code UnlockMethod}, {@code Result},
 * {@code AlarmKind} in {@code io.keyward.protocol.event}); the fields stay strings so that an entry stored
 * by another version still reads, and the constants below name the kinds as the core writes them.
 */
public record LockEvent(long seq, Instant at, String kind, String method, String result,
                        Integer user, String credential, String reason, String alarm, String detail) {

    public static final String UNLOCK = EventKind.UNLOCK.name();
    public static final String LOCK = EventKind.LOCK.name();
    public static final String ALARM = EventKind.ALARM.name();
    public static final String USER_ADDED = EventKind.USER_ADDED.name();
    public static final String USER_DELETED = EventKind.USER_DELETED.name();
    public static final String VALIDITY_CHANGED = EventKind.VALIDITY_CHANGED.name();
    public static final String CREDENTIAL_ADDED = EventKind.CREDENTIAL_ADDED.name();
    public static final String CREDENTIAL_DELETED = EventKind.CREDENTIAL_DELETED.name();
    public static final String ENROLMENT_FAILED = EventKind.ENROLMENT_FAILED.name();
    public static final String SETTING_CHANGED = EventKind.SETTING_CHANGED.name();
    public static final String LOCKOUT_LIFTED = EventKind.LOCKOUT_LIFTED.name();
    public static final String COMMAND_REFUSED = EventKind.COMMAND_REFUSED.name();
    public static final String DOORBELL = EventKind.DOORBELL.name();
    public static final String PAIRING_MODE = EventKind.PAIRING_MODE.name();
    public static final String FACTORY_RESET = EventKind.FACTORY_RESET.name();
    public static final String PAIRED = EventKind.PAIRED.name();
    /** A revoke code typed on the keypad recorded its target as revoked (detail: the target's code id). */
    public static final String VISITOR_CODE_REVOKED = EventKind.VISITOR_CODE_REVOKED.name();
    /** A Bluetooth key was revoked on the lock (E3; credential: bluetooth-key:id, detail: who carried it). */
    public static final String BLUETOOTH_KEY_REVOKED = EventKind.BLUETOOTH_KEY_REVOKED.name();
    /** A Bluetooth accessory was paired or removed (G1, G2); credential: its id, detail: kind and name. */
    public static final String ACCESSORY_PAIRED = EventKind.ACCESSORY_PAIRED.name();
    public static final String ACCESSORY_REMOVED = EventKind.ACCESSORY_REMOVED.name();
    /** An owner device bound (issue 15; detail: its deviceId and name). */
    public static final String DEVICE_BOUND = EventKind.DEVICE_BOUND.name();
    /** An administrator's passcode at the door showed a bind QR (issue 15; user and credential: whose). */
    public static final String BIND_MODE = EventKind.BIND_MODE.name();
    public static final String DEVICE_REMOVED = EventKind.DEVICE_REMOVED.name();
}
