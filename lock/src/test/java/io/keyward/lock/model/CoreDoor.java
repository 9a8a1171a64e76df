package io.keyward.lock.model;

import io.keyward.lock.core.Input;
import io.keyward.lock.core.LockCore;
import io.keyward.lock.core.LockData;
import io.keyward.lock.core.LockEvent;
import io.keyward.lock.core.LockView;
import io.keyward.lock.core.Output;
import io.keyward.lock.hardware.FingerprintCapture;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.hardware.Pose;
import io.keyward.lock.sim.ManualClock;
import io.keyward.lock.sim.SimulatedFaceCamera;
import io.keyward.lock.sim.SimulatedFingerprintReader;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.SignedCommand;

import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock core driven in-process as the simulated lock's shell drives it (every input at the manual
 * clock's instant; timers fired at their own instants when the clock moves on), with the real
 * SourceAFIS matcher and the simulated camera. Fingerprint presses come from a seeded reader and are
 * made once per finger and press number, so a run is repeatable and thousands of steps stay fast.
 * Set up as {@link DoorLock#paired}: administrator 135792, paired with a cloud, visitor secret shared.
 */
final class CoreDoor {

    private static final MemoBiometrics BIOMETRICS = new MemoBiometrics();
    private static final SimulatedFaceCamera CAMERA = new SimulatedFaceCamera(11);
    private static final KeyPair CLOUD = CommandSigning.newKeyPair();
    private static final int PRESSES_PER_FINGER = 4;
    private static final Map<String, FingerprintCapture> PRESSES = new ConcurrentHashMap<>();

    private final LockCore core;
    private final java.util.Map<String, Integer> pressCount = new java.util.HashMap<>();
    private Instant now = ManualClock.START;
    private CommandReply reply;

    CoreDoor(long seed) {
        Random random = new Random(seed);
        core = new LockCore(DoorLock.SERIAL, new LockData(), BIOMETRICS, n -> {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        }, now);
        step(new Input.Touch());
        keys(List.of(Key.OK));
        keys(Action.Type.keys(DoorLock.ADMIN_PASSCODE));
        keys(Action.Type.keys(DoorLock.ADMIN_PASSCODE));
        step(new Input.SetButtonHold(3, false));
        step(new Input.PairingCompleted(CommandSigning.encode(CLOUD.getPublic()), "tcp://127.0.0.1:0", "broker-password",
                DoorLock.VISITOR_SECRET.toBase64Url()));
        if (!LockEvent.PAIRED.equals(lastEvent().kind())) {
            throw new IllegalStateException("the lock did not pair: " + lastEvent());
        }
        advanceClock(25);
    }

    private List<Output> step(Input input) {
        List<Output> outputs = core.handle(input, now);
        for (Output o : outputs) {
            if (o instanceof Output.Reply r) {
                reply = r.reply();
            }
        }
        return outputs;
    }

    void keys(List<Key> keys) {
        keys.forEach(k -> step(new Input.KeyPress(k)));
    }

    void touch() {
        step(new Input.Touch());
    }

    /** The nth press of a finger (n counted per lock), one of a few fixed presses; poor: a light touch. */
    void finger(String finger, boolean poor) {
        if (poor) {
            step(new Input.FingerPlaced(FingerprintCapture.poorPress()));
            return;
        }
        int n = pressCount.merge(finger, 1, Integer::sum) % PRESSES_PER_FINGER;
        step(new Input.FingerPlaced(PRESSES.computeIfAbsent(finger + "#" + n,
                k -> new SimulatedFingerprintReader(k.hashCode()).press(finger, 0.95))));
    }

    void face(String face, Pose pose) {
        step(new Input.FaceSeen(CAMERA.look(face, pose, false)));
    }

    void mechanicalKey() {
        step(new Input.MechanicalKeyTurned(true));
    }

    void handle(boolean lift) {
        step(new Input.HandleMoved(lift));
    }

    /** false when the panel refuses: a thrown bolt holds the door shut. */
    boolean door(boolean open) {
        if (open && !core.doorCanOpen()) {
            return false;
        }
        step(new Input.DoorMoved(open));
        return true;
    }

    void battery(int percent) {
        step(new Input.BatteryLevel(percent));
    }

    void batteryInserted(boolean inserted) {
        step(new Input.BatteryInserted(inserted));
    }

    void usb(boolean connected) {
        step(new Input.UsbPower(connected));
    }

    void tamper() {
        step(new Input.Tamper());
    }

    CommandReply command(LockCommand command) {
        reply = null;
        step(new Input.Command(command));
        return reply;
    }

    SignedCommand signed(String body) {
        return CommandSigning.sign(CLOUD.getPrivate(), DoorLock.SERIAL, body, now, 10);
    }

    void signedCommand(SignedCommand command) {
        step(new Input.SignedCommand(command));
    }

    /** As SimulatedLock.advanceClock: every timer fires at its own instant on the way. */
    void advanceClock(long seconds) {
        Instant target = now.plusSeconds(seconds);
        for (Instant due = core.nextDeadline(); due != null && !due.isAfter(target); due = core.nextDeadline()) {
            now = due.isBefore(now) ? now : due;
            step(new Input.Tick());
        }
        now = target;
        step(new Input.Tick());
    }

    Instant now() {
        return now;
    }

    LockView view() {
        return core.view();
    }

    List<LockEvent> events(long after) {
        return core.data().eventsAfter(after);
    }

    LockEvent lastEvent() {
        List<LockEvent> all = events(0);
        return all.get(all.size() - 1);
    }
}
