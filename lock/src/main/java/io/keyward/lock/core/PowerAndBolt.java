package io.keyward.lock.core;

import io.keyward.lock.prompts.Prompt;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.event.AlarmKind;
import io.keyward.protocol.event.UnlockMethod;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Power (C10, D3), the bolt and the door (C4, C8, C11) and the alarms that sound (D1, D2): the
 * electronics run on the battery or a power bank at the Type-C port; the bolt opens, relocks after
 * the relock time or once an opened door has closed again; a thrown bolt holds the door. The motor
 * may stall (a jammed motor, a door pressed against the bolt; D9): it tries once more, then the bolt is
 * jammed and every account is alerted (issue 12, H4) until a later move succeeds.
 */
final class PowerAndBolt {

    static final Duration TAMPER_ALARM = Duration.ofSeconds(60);         // D2
    static final int LOW_BATTERY_PERCENT = 20;                           // D3
    static final Duration BOLT_RETRY = Duration.ofSeconds(1);           // a stalled motor tries once more

    /** A move of the bolt asked for: where to, the event it logs, the relock after an unlock; at: a retry's time. */
    private record Move(boolean locked, Event event, Duration relockAfter, Instant at) {
        Move(boolean locked, Event event, Duration relockAfter) {
            this(locked, event, relockAfter, null);
        }

        Move retryAt(Instant when) {
            return new Move(locked, event, relockAfter, when);
        }
    }

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

    private boolean motorJammed;   // the simulated fault (panel)
    private boolean doorPressed;   // the simulated leaf pressed against the bolt (panel)
    private Move retry;            // a stalled move waiting for its one retry (RAM, like the relock timer)
    private boolean boltJammed;    // the retry stalled too

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
            retry = null;
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
        drive(new Move(false, event, relockAfter));
    }

    /** The bolt thrown by the motor (a relock, a remote lock). */
    void lock(Event event) {
        drive(new Move(true, event, null));
    }

    /** C4, C11: a key or the inside handle turns the bolt by hand: it moves, jam or not, power or not. */
    void unlockByHand(Event event) {
        moved(new Move(false, event, Duration.ofSeconds(fx.data().seconds(Setting.RELOCK_SECONDS))));
    }

    /** The motor tries; a stall is tried again once after {@link #BOLT_RETRY}, then the bolt is jammed. */
    private void drive(Move move) {
        if (!powered() || motorMoves(move.locked())) {
            moved(move); // without power only a hand turns the bolt: C4 keeps that path
        } else {
            retry = move.retryAt(fx.now().plus(BOLT_RETRY)); // a newer move replaces one waiting to retry
        }
    }

    private void retryNow() {
        Move move = retry;
        retry = null;
        if (motorMoves(move.locked())) {
            moved(move);
        } else {
            jammed(move);
        }
    }

    /** The second stall: the bolt stays where it stuck, and every account hears of it (H4). */
    private void jammed(Move move) {
        boltJammed = true;
        alarms.raise(AlarmKind.BOLT_JAMMED.name(), fx.now(), fx.now()); // shown, not sounded: no siren for a jam
        fx.record(Event.alarm(AlarmKind.BOLT_JAMMED).detail(move.locked() ? "LOCKING" : "UNLOCKING"));
    }

    private boolean motorMoves(boolean toLocked) {
        boolean bound = doorPressed && !doorOpen && boltLocked && !toLocked; // only a thrown bolt takes the leaf's weight
        return !motorJammed && !bound;
    }

    private void moved(Move move) {
        boltJammed = false; // a bolt that moved is free again
        retry = null;
        if (move.locked()) {
            locked(move.event());
        } else {
            unlocked(move.event(), move.relockAfter());
        }
    }

    private void unlocked(Event event, Duration relockAfter) {
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

    private void locked(Event event) {
        relockAt = null;
        relockWhenDoorCloses = false;
        boltLocked = true;
        fx.output(new Output.MoveBolt(true));
        if (powered()) {
            fx.record(event);
            fx.speak(Prompt.DOOR_LOCKED);
        }
    }

    /** The simulated motor's fault (panel): it stalls whichever way it is driven. */
    void motorJammed(boolean jammed) {
        motorJammed = jammed;
    }

    /** A door pushed or pulled against the thrown bolt (panel): the bolt binds and the motor cannot retract it. */
    void doorPressed(boolean pressed) {
        doorPressed = pressed;
    }

    /** C11: the inside handle lifted throws the bolt and says so. */
    void lockFromInside() {
        moved(new Move(true, Event.lock(UnlockMethod.INSIDE_HANDLE), null)); // by hand, like the key
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
        if (retry != null && !fx.now().isBefore(retry.at())) {
            retryNow();
        }
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

    /** The bolt's retry, the relock or the end of a sounding alarm, whichever comes first; null when none. */
    Instant nextDeadline() {
        return Stream.of(retry == null ? null : retry.at(), relockAt, alarms.nextEnd(fx.now()))
                .filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
    }

    // ------------------------------------------------------------------ what a person sees

    boolean boltLocked() {
        return boltLocked;
    }

    boolean boltJammed() {
        return boltJammed;
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
