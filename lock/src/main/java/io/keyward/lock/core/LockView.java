package io.keyward.lock.core;

import java.time.Instant;
import java.util.List;

/**
 * What a person at the door can see of the lock right now (the shell adds the prompts it spoke).
 * boltJammed: the motor failed to move the bolt twice (issue 12); boltLocked is then where the bolt
 * stuck, and a later successful move clears it.
 */
public record LockView(String serial, boolean powered, boolean boltLocked, boolean boltJammed, boolean lockedFromInside,
                       String door, boolean awake, List<String> lit, String maskedInput, boolean faceLight,
                       String screenText, String qr, boolean muted, int batteryPercent, boolean batteryLow,
                       boolean batteryInserted, boolean usbPower, boolean privacy, boolean leavingHome,
                       boolean lockoutActive, Instant lockoutUntil, List<AlarmView> alarms, String language,
                       Instant time, EnrolmentView enrolment) {

    public record AlarmView(String kind, Instant at, boolean active) {
    }

    /**
     * A guided enrolment under way: whose (null: the first administrator), what, and which step of
     * how many the person is at (a passcode 2, a fingerprint 3 presses, a face 5 poses).
     */
    public record EnrolmentView(Integer user, String kind, boolean duress, int step, int steps) {
    }
}
