package io.keyward.protocol.event;

import java.util.Optional;

/**
 * How a door was opened or locked: the "method" field of an UNLOCK or LOCK event (SPEC C9). A
 * constant's name is its wire string.
 */
public enum UnlockMethod {
    /** Face recognition (C1). */
    FACE,
    /** A finger on the reader (C2). */
    FINGERPRINT,
    /** A passcode on the keypad, with anti-peeping (C3). */
    PASSCODE,
    /** The mechanical key, which always opens (C4). */
    MECHANICAL_KEY,
    /** The rear handle: lifting locks, pushing opens from inside (C11). */
    INSIDE_HANDLE,
    /** A remote unlock from the app through the cloud (C6). */
    REMOTE,
    /** A Bluetooth key near the lock (C5, E3). */
    BLUETOOTH,
    /** A visitor's one-time or periodic passcode (E1, E2). */
    VISITOR_PASSCODE,
    /** A paired remote controller's button (C7, G2). */
    REMOTE_CONTROLLER,
    /** Opened because a linked lock was opened from outside (F2). */
    SYNCHRONIZED,
    /** An UNLOCK (or LOCK) command on the home's own MQTT broker, from Home Assistant say (C12). */
    HOME_MQTT;

    /**
     * F2: the methods that open from outside the door, so that a linked lock follows. Not an unlock from
     * the home broker (C12): its login is no signed command, so it opens this door only, never a second.
     */
    public boolean fromOutside() {
        return switch (this) {
            case FACE, FINGERPRINT, PASSCODE, VISITOR_PASSCODE, REMOTE, BLUETOOTH -> true;
            case MECHANICAL_KEY, INSIDE_HANDLE, REMOTE_CONTROLLER, SYNCHRONIZED, HOME_MQTT -> false;
        };
    }

    /** The constant of a wire string; empty for null or a method this version does not know (a newer lock's). */
    public static Optional<UnlockMethod> of(String wire) {
        for (UnlockMethod value : values()) {
            if (value.name().equals(wire)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
