package io.keyward.lock.core;

import java.time.Instant;
import java.util.List;

/** What a person at the door can see of the lock right now (the shell adds the prompts it spoke). */
public record LockView(String serial, boolean powered, boolean boltLocked, boolean lockedFromInside,
                       String door, boolean awake, List<String> lit, String maskedInput, boolean faceLight,
                       String screenText, String qr, boolean muted, int batteryPercent, boolean batteryLow,
                       boolean batteryInserted, boolean usbPower, boolean privacy, boolean leavingHome,
                       boolean lockoutActive, Instant lockoutUntil, List<AlarmView> alarms, String language,
                       Instant time) {

    public record AlarmView(String kind, Instant at, boolean active) {
    }
}
