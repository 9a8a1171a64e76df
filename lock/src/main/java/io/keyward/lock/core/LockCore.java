package io.keyward.lock.core;

import io.keyward.lock.hardware.FaceCapture;
import io.keyward.lock.hardware.FingerprintCapture;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.prompts.Prompt;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand.CredentialKind;
import io.keyward.protocol.command.Setting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The lock's firmware logic: a deterministic state machine, {@code inputs + clock -> state + outputs},
 * with no threads, sockets or files. One instance is one lock; its shell feeds it one input at a
 * time and carries out the outputs in order (store, speak, drive the bolt).
 *
 * The core only dispatches: each rule and its state live in a decider ({@link Unlocking},
 * {@link VisitorAccess}, {@link CommandHandling}, {@link GuidedEnrolment}, {@link BluetoothAccess},
 * {@link PowerAndBolt}, {@link Keypad} and {@link KeypadEntry}, {@link Pairing}), which acts through
 * one {@link Effects}: the step being handled, so every change is in the step's Persist output
 * before anything it says.
 */
public final class LockCore {

    static final double PAIRING_HOLD_SECONDS = 3;                        // A3
    static final double RESET_HOLD_SECONDS = 5;                          // D7

    private final String serial;
    private final LockData data;
    private final Entropy entropy;
    private final Step step = new Step();
    private Instant now;

    private final PowerAndBolt power;
    private final Keypad keypad;
    private final Unlocking unlocking;
    private final VisitorAccess visitors;
    private final GuidedEnrolment enrolment;
    private final KeypadEntry keypadEntry;
    private final CommandHandling commandHandling;
    private final BluetoothAccess bluetooth;
    private final Pairing pairing;
    private final EventAcks eventAcks;
    private final HomeCommands home;
    private final BindSecrets bindSecrets;
    private final DoorBinding doorBinding;

    public LockCore(String serial, LockData data, Biometrics biometrics, Entropy entropy, Instant now) {
        this.serial = Objects.requireNonNull(serial);
        this.data = Objects.requireNonNull(data);
        this.entropy = Objects.requireNonNull(entropy);
        this.now = Objects.requireNonNull(now);
        Recognition recognition = new Recognition(step, Objects.requireNonNull(biometrics));
        power = new PowerAndBolt(step);
        keypad = new Keypad(step, power);
        unlocking = new Unlocking(step, power, keypad, recognition);
        visitors = new VisitorAccess(step, power, unlocking, keypad);
        enrolment = new GuidedEnrolment(step, keypad, recognition);
        home = new HomeCommands(step, power, unlocking);
        Commands commands = new Commands(step, enrolment, unlocking, visitors, home);
        BluetoothRevocations revocations = new BluetoothRevocations(step, serial);
        bindSecrets = new BindSecrets(entropy);
        doorBinding = new DoorBinding(step, serial, keypad, unlocking, bindSecrets);
        commandHandling = new CommandHandling(step, serial, power, commands, revocations,
                new DeviceBinding(step, serial, bindSecrets, entropy));
        bluetooth = new BluetoothAccess(step, serial, power, unlocking, revocations, commandHandling);
        pairing = new Pairing(step, serial, entropy, keypad, bindSecrets);
        keypadEntry = new KeypadEntry(step, keypad, enrolment, unlocking, visitors, commands, pairing, doorBinding);
        eventAcks = new EventAcks(step);
    }

    /** Handles one input at one instant; returns what the shell must do, storage first. */
    public List<Output> handle(Input input, Instant at) {
        if (at.isAfter(now)) {
            now = at;
        }
        step.pending.clear();
        step.outputs.clear();
        if (data.secret() == null) {
            step.commit(new Change.SecretCreated(step.newSecret()));
        }
        fireTimers();
        dispatch(input);
        fireTimers();
        List<Output> result = new ArrayList<>(step.outputs.size() + 1);
        if (!step.pending.isEmpty()) {
            result.add(new Output.Persist(List.copyOf(step.pending)));
        }
        result.addAll(step.outputs);
        return result;
    }

    /** When the next timer is due (keypad sleep, relock, lockout end, ...), or null. */
    public Instant nextDeadline() {
        return Stream.of(keypad.deadline(), power.nextDeadline(), unlocking.lockoutEnd(), pairing.deadline(),
                        enrolment.deadline(), doorBinding.deadline())
                .filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
    }

    private void dispatch(Input input) {
        if (input instanceof Input.Tick) {
            return;
        }
        if (input instanceof Input.BatteryLevel b) {
            powerChanged(power.batteryLevel(b.percent()));
        } else if (input instanceof Input.BatteryInserted b) {
            powerChanged(power.batteryInserted(b.inserted()));
        } else if (input instanceof Input.UsbPower u) {
            powerChanged(power.usbPower(u.connected()));
        } else if (input instanceof Input.SetButtonHold h) {
            setButton(h);
        } else if (input instanceof Input.MechanicalKeyTurned k) {
            unlocking.mechanicalKey(k.fits());
        } else if (input instanceof Input.HandleMoved h) {
            unlocking.handle(h.lift());
        } else if (input instanceof Input.DoorMoved d) {
            power.door(d.open());
        } else if (input instanceof Input.MotorJammed m) {
            power.motorJammed(m.jammed());
        } else if (input instanceof Input.DoorPressed d) {
            power.doorPressed(d.pressed());
        } else if (input instanceof Input.Command c) {
            step.output(new Output.Reply(power.powered() ? commandHandling.unsigned(c.command())
                    : CommandReply.refused("UNPOWERED", "the lock has no power")));
        } else if (input instanceof Input.SignedCommand c && power.powered()) {
            commandHandling.signed(c.command());
        } else if (input instanceof Input.PairingCompleted p && power.powered()) {
            pairing.completed(p);
        } else if (input instanceof Input.EventAcknowledged a) {
            eventAcks.acknowledged(a.from(), a.seq());
        } else if (input instanceof Input.MalformedCommand m && power.powered()) {
            String why = m.reason() == null ? "" : m.reason();
            step.record(Event.refused(LockEvent.COMMAND_REFUSED, "MALFORMED_COMMAND")
                    .detail(why.length() > 200 ? why.substring(0, 200) : why));
        } else if (input instanceof Input.BluetoothRefused r) {
            bluetooth.refused(r);
        } else if (input instanceof Input.BluetoothRequest r) {
            step.output(new Output.BluetoothResponse(bluetooth.request(r.key(), r.chain(), r.request())));
        } else if (power.powered()) {
            electronic(input);
        }
    }

    /** Inputs that need the electronics: ignored without power, as on a real lock. */
    private void electronic(Input input) {
        if (input instanceof Input.Touch) {
            keypad.wake();
        } else if (input instanceof Input.KeyPress k) {
            keypadEntry.press(k.key());
        } else if (input instanceof Input.KeyHold h) {
            keypadEntry.hold(h);
        } else if (input instanceof Input.FingerPlaced f) {
            finger(f.capture());
        } else if (input instanceof Input.FaceSeen f) {
            face(f.capture());
        } else if (input instanceof Input.Tamper) {
            power.tamper();
        } else if (input instanceof Input.RemoteButton b) {
            unlocking.remoteButton(b);
        } else if (input instanceof Input.HomeCommand c) {
            if (c.unlock()) {
                home.unlock(c.detail());
            } else {
                home.lock(c.detail());
            }
        }
    }

    private void fireTimers() {
        if (keypad.sleepDue()) {
            keypadEntry.sleep();
        }
        enrolment.fireTimers();
        power.fireTimers();
        unlocking.expireLockout();
        pairing.fireTimers();
        bindSecrets.forgetExpired(now);
    }

    // ------------------------------------------------------------------ power and the SET button (C10, A3, D7)

    /** What lived only in RAM is gone with the power: guided steps, half-typed input, pairing, one-time mute. */
    private void powerChanged(boolean lost) {
        if (lost) {
            enrolment.drop();
            keypadEntry.sleep();
            pairing.end();
            doorBinding.forgetAll(); // bind secrets live in RAM only (issue 15)
        }
    }

    private void setButton(Input.SetButtonHold hold) {
        if (hold.insertBattery()) {
            power.batteryInserted(true); // putting a battery in never cuts the power
            if (hold.seconds() >= RESET_HOLD_SECONDS && power.powered()) {
                keypadEntry.offerFactoryReset();
            }
        } else if (power.powered() && hold.seconds() >= PAIRING_HOLD_SECONDS) {
            pairing.enter();
        }
    }

    // ------------------------------------------------------------------ biometrics routing (B3, B4, C1, C2)

    private void finger(FingerprintCapture capture) {
        keypad.wake();
        Enrolment running = enrolment.running();
        if (enrolment.running(CredentialKind.FINGERPRINT)) {
            running.fingerPressed(capture);
        } else if (capture.isPoor()) {
            step.speak(Prompt.PLACE_FINGER_AGAIN); // not a verification: the reader asks again
        } else if (running == null) {
            unlocking.finger(capture);
        }
    }

    private void face(FaceCapture capture) {
        Enrolment running = enrolment.running();
        if (enrolment.running(CredentialKind.FACE)) {
            running.faceSeen(capture);
            return;
        }
        if (capture.isNobody() || capture.obstructed() || running != null || (manualFace() && !keypad.awake())) {
            return; // C1: no face to recognise, or manual trigger without a touch first
        }
        keypad.wake();
        unlocking.face(capture);
    }

    private boolean manualFace() {
        return "MANUAL".equals(data.setting(Setting.FACE_TRIGGER));
    }

    // ------------------------------------------------------------------ effects of the step being handled

    /** The one {@link Effects} every decider acts through: this step's changes and outputs, in order. */
    private final class Step implements Effects {
        private final List<Change> pending = new ArrayList<>();
        private final List<Output> outputs = new ArrayList<>();

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public LockData data() {
            return data;
        }

        @Override
        public void commit(Change change) {
            data.apply(change);
            pending.add(change);
        }

        @Override
        public void record(Event event) {
            commit(new Change.EventRecorded(event.numbered(data.nextSeq(), now)));
        }

        @Override
        public void speak(Prompt prompt) {
            outputs.add(new Output.Speak(prompt, keypad.muted()));
        }

        @Override
        public void speakAlways(Prompt prompt) {
            outputs.add(new Output.Speak(prompt, false));
        }

        @Override
        public void output(Output output) {
            outputs.add(output);
        }

        @Override
        public String newSecret() {
            return Base64.getEncoder().encodeToString(entropy.bytes(32));
        }
    }

    // ------------------------------------------------------------------ what a person sees

    public LockView view() {
        boolean lockedOut = unlocking.lockedOut();
        return new LockView(serial, power.powered(), power.boltLocked(), power.boltJammed(), power.lockedFromInside(), power.doorView(),
                keypad.awake() && power.powered(), keypad.litKeys(power.powered()), keypad.maskedInput(),
                keypad.awake() && manualFace() && enrolment.running() == null,
                keypad.screenText(), pairing.code() != null ? pairing.code() : doorBinding.qr(), keypad.muted(), power.batteryPercent(),
                power.batteryPercent() < PowerAndBolt.LOW_BATTERY_PERCENT, power.batteryIn(), power.usbConnected(),
                data.flag(Setting.PRIVACY_MODE), data.flag(Setting.LEAVING_HOME),
                lockedOut, lockedOut ? unlocking.lockoutEnd() : null,
                power.alarmsView(), data.setting(Setting.LANGUAGE), now, enrolment.view());
    }

    /** Whether the leaf can swing: a thrown bolt holds the door shut. */
    public boolean doorCanOpen() {
        return power.doorCanOpen();
    }

    public LockData data() {
        return data;
    }

    public String serial() {
        return serial;
    }

    /** The one-time pairing secret while in pairing mode (A3), else null; the cloud link checks it. */
    public String pairingSecret() {
        return pairing.secret();
    }

    public Instant now() {
        return now;
    }
}
