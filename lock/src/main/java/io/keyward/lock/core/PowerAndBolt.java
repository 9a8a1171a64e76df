package io.keyward.lock.core;

import io.keyward.lock.prompts.Prompt;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.event.AlarmKind;
import io.keyward.protocol.event.UnlockMethod;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Power (C10, D3), the bolt and the door (C4, C8, C11) and the alarms that sound (D1, D2): the
 * electronics run on the battery or a power bank at the Type-C port; the bolt opens, relocks after
 * the relock time or once an opened door has closed again; a thrown bolt holds the door.
 */
final class PowerAndBolt {

    static final Duration TAMPER_ALARM = Duration.ofSeconds(60);         // D2
    static final int LOW_BATTERY_PERCENT = 20;                           // D3

    private final Effects fx;
    private final Alarms alarms = new Alarms();

    private int batteryPercent = 100;
    private boolean batteryInserted = true;
    private boolean usbPower;
    private boolean lowBatteryAlerted;

    private boolean boltLocked = true;
    private boolean lockedFromInside;
    private boolean doorOpen;
    private Instant relockAt;
    private boolean relockWhenDoorCloses;

    PowerAndBolt(Effects fx) {
        this.fx = fx;
    }

    // ------------------------------------------------------------------ power (C10, D3)

    boolean powered() {
        return (batteryInserted && batteryPercent > 0) || usbPower;
    }

    /** D3: the app is alerted once per drop below 20 %. True when this cut the power. */
    boolean batteryLevel(int percent) {
        boolean wasPowered = powered();
        batteryPercent = percent;
        if (percent >= LOW_BATTERY_PERCENT) {
            lowBatteryAlerted = false;
        } else if (batteryInserted && powered() && !lowBatteryAlerted) {
            lowBatteryAlerted = true;
            fx.record(Event.alarm(AlarmKind.LOW_BATTERY));
        }
        return lost(wasPowered);
    }

    /** True when this cut the power. */
    boolean batteryInserted(boolean inserted) {
        return supply(inserted, usbPower);
    }

    /** True when this cut the power. */
    boolean usbPower(boolean connected) {
        return supply(batteryInserted, connected);
    }

    private boolean supply(boolean inserted, boolean usb) {
        boolean wasPowered = powered();
        batteryInserted = inserted;
        usbPower = usb;
        return lost(wasPowered);
    }

    private boolean lost(boolean wasPowered) {
        if (wasPowered && !powered()) {
            relockAt = null; // a timer lives in RAM
            return true;
        }
        return false;
    }

    /** D3: reminded at each wake while the inserted battery is low. */
    boolean batteryLow() {
        return batteryPercent < LOW_BATTERY_PERCENT && batteryInserted;
    }

    // ------------------------------------------------------------------ bolt and door (C4, C8, C11)

    /** Opens the bolt; logged, announced and relocked later only with power (C4: a key turns it anyway). */
    void unlock(Event event) {
        unlock(event, Duration.ofSeconds(fx.data().seconds(Setting.RELOCK_SECONDS)));
    }

    void unlock(Event event, Duration relockAfter) {
        if (powered()) {
            fx.record(event);
            fx.speak(Prompt.DOOR_UNLOCKED);
            relockAt = fx.now().plus(relockAfter);
            relockWhenDoorCloses = false;
        }
        boltLocked = false;
        lockedFromInside = false;
        fx.output(new Output.MoveBolt(false));
    }

    void lock(Event event) {
        relockAt = null;
        relockWhenDoorCloses = false;
        boltLocked = true;
        fx.output(new Output.MoveBolt(true));
        if (powered()) {
            fx.record(event);
            fx.speak(Prompt.DOOR_LOCKED);
        }
    }

    /** C11: the inside handle lifted throws the bolt and says so. */
    void lockFromInside() {
        lock(Event.lock(UnlockMethod.INSIDE_HANDLE));
        lockedFromInside = true;
        if (powered()) {
            fx.speak(Prompt.LOCKED_FROM_INSIDE);
        }
    }

    void door(boolean open) {
        doorOpen = open;
        if (open && !boltLocked && relockAt != null && knowsDoor()) {
            relockAt = null;
            relockWhenDoorCloses = true; // C8: with a sensor, relock once the door has closed again
        } else if (!open && relockWhenDoorCloses && !boltLocked) {
            lock(Event.lock(null).detail("AUTO_RELOCK"));
        }
    }

    void fireTimers() {
        if (relockAt != null && !fx.now().isBefore(relockAt)) {
            relockAt = null;
            if (doorOpen && knowsDoor()) {
                relockWhenDoorCloses = true; // C8: a door held open is locked once it closes
            } else {
                lock(Event.lock(null).detail("AUTO_RELOCK"));
            }
        }
    }

    /** Whether the leaf can swing: a thrown bolt holds the door shut. */
    boolean doorCanOpen() {
        return !boltLocked || doorOpen;
    }

    /** Whether the lock knows if the door is open: a body with its own sensor, or a paired door sensor (G1). */
    private boolean knowsDoor() {
        return "WITH_SENSOR".equals(fx.data().setting(Setting.BODY_TYPE)) || fx.data().hasDoorSensor();
    }

    // ------------------------------------------------------------------ alarms (D1, D2)

    void tamper() {
        sound(AlarmKind.TAMPER, fx.now().plus(TAMPER_ALARM), Prompt.ALARM_TAMPER);
    }

    /** Logs the alarm, sounds the siren until it ends and says it, never muted. */
    void sound(AlarmKind alarm, Instant until, Prompt prompt) {
        alarms.raise(alarm.name(), fx.now(), until);
        fx.record(Event.alarm(alarm));
        fx.output(new Output.Siren(alarm.name(), (int) Duration.between(fx.now(), until).toSeconds()));
        fx.speakAlways(prompt);
    }

    void silence(AlarmKind alarm) {
        alarms.clear(alarm.name(), fx.now());
    }

    /** The relock or the end of a sounding alarm, whichever comes first; null when none. */
    Instant nextDeadline() {
        Instant alarmEnd = alarms.nextEnd(fx.now());
        return relockAt == null || (alarmEnd != null && alarmEnd.isBefore(relockAt)) ? alarmEnd : relockAt;
    }

    // ------------------------------------------------------------------ what a person sees

    boolean boltLocked() {
        return boltLocked;
    }

    boolean lockedFromInside() {
        return lockedFromInside;
    }

    String doorView() {
        return knowsDoor() ? (doorOpen ? "OPEN" : "CLOSED") : "UNKNOWN";
    }

    int batteryPercent() {
        return batteryPercent;
    }

    boolean batteryIn() {
        return batteryInserted;
    }

    boolean usbConnected() {
        return usbPower;
    }

    List<LockView.AlarmView> alarmsView() {
        return alarms.view(fx.now());
    }
}
