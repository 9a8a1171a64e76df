package io.keyward.lock.panel;

import java.time.Instant;
import java.util.List;

/**
 * The body of the panel API's {@code GET /state} (../shared/PANEL-API.md): what a person at the
 * door can see and hear. Field names and values are the contract; serialize this record as is.
 */
public record PanelState(
        String serial,
        boolean powered,
        String bolt,               // LOCKED | UNLOCKED
        boolean lockedFromInside,
        String door,               // OPEN | CLOSED | UNKNOWN
        Keypad keypad,
        Screen screen,
        List<Prompt> prompts,
        boolean muted,
        Battery battery,
        Modes modes,
        Lockout lockout,
        List<Alarm> alarms,
        boolean online,
        Instant time,
        Enrolment enrolment,        // addition: the guided enrolment under way, or null
        Bluetooth bluetooth,        // addition: the simulated Bluetooth radio (docs/bluetooth.md)
        List<Accessory> accessories, // addition: paired Bluetooth accessories (G1, G2)
        Motor motor,                // addition (issue 12): the bolt jammed, and the simulated causes
        String homeMqtt,            // addition: OFF | CONNECTING | CONNECTED | REFUSED (docs/home-assistant.md)
        Pairing pairing,            // addition (issue 14): pairing mode's expiry while the QR is shown, else null
        boolean administrator,      // addition (issue 14): whether the first administrator exists (A1)
        List<Device> devices,       // addition (issue 15): the owner devices the lock has bound
        String lockKey,             // addition (issue 15, design §9): the lock's Ed25519 identity key, SPKI b64u, or null
        String lockKeyMac) {        // addition (issue 15, design §9): its MAC under the visitor secret, or null

    /** An owner device (issue 15, docs/trust.md §6): how PAIRING_QR or DOOR; never its keys. */
    public record Device(String deviceId, String name, Instant boundAt, String how) {
    }

    /**
     * Pairing mode (A3): when the QR code stops working, and how many seconds are left by the lock's clock,
     * so a page can count down in words instead of leaving it inside the QR text ({@code expires=<epoch>}).
     */
    public record Pairing(Instant expiresAt, long secondsLeft) {
    }

    /**
     * jammed: the motor stalled twice and gave up (the bolt stays where it stuck, as "bolt" says);
     * motorJammed and doorPressed: the simulated causes set by POST /motor/jam and POST /door/press.
     */
    public record Motor(boolean jammed, boolean motorJammed, boolean doorPressed) {
    }

    /** A paired accessory: kind DOOR_SENSOR or REMOTE_CONTROLLER. */
    public record Accessory(String id, String kind, String name) {
    }

    /** Whether phones are in Bluetooth range (POST /bluetooth/range), and how many connections are open. */
    public record Bluetooth(boolean inRange, int connections) {
    }

    /** step of steps of a guided enrolment; user null while the first administrator is created. */
    public record Enrolment(Integer user, String kind, boolean duress, int step, int steps) {
    }

    /** input is masked: one '*' per digit typed. faceLight is the red light of a manual face trigger (C1). */
    public record Keypad(boolean awake, List<String> lit, String input, boolean faceLight) {
    }

    public record Screen(String text, String qr) {
    }

    /** silent: the prompt was due but the lock is muted (privacy mode D4 or one-time mute D6). */
    public record Prompt(String id, String text, Instant at, boolean silent) {
    }

    public record Battery(int percent, boolean low, boolean inserted, boolean usbPower) {
    }

    public record Modes(boolean privacy, boolean leavingHome) {
    }

    public record Lockout(boolean active, Instant until) {
    }

    public record Alarm(String kind, Instant at, boolean active) {
    }
}
