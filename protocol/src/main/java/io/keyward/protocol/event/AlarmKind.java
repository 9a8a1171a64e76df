package io.keyward.protocol.event;

/**
 * The "alarm" field of an ALARM event: what went wrong. Every one alerts the lock's accounts (SPEC H4).
 * A constant's name is its wire string.
 */
public enum AlarmKind {
    /** The front panel was forced off the door (D2). */
    TAMPER,
    /** A duress fingerprint or passcode opened the door (B8). */
    DURESS,
    /** Too many failed verifications locked the keypad, reader and camera (D1). */
    SYSTEM_LOCKED,
    /** The battery dropped below 20 % (D3). */
    LOW_BATTERY,
    /** The door was opened from inside in leaving-home mode (D5). */
    LEAVING_HOME_INSIDE_OPENING,
    /** The motor could not move the bolt, twice: the bolt is jammed until a later move succeeds (D9). */
    BOLT_JAMMED
}
