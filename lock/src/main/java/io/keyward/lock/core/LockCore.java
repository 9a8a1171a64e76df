package io.keyward.lock.core;

import io.keyward.lock.hardware.FaceCapture;
import io.keyward.lock.hardware.FingerprintCapture;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.prompts.Prompt;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.pairing.PairingPayload;
import io.keyward.protocol.visitor.CodeId;
import io.keyward.protocol.visitor.VisitorCode;
import io.keyward.protocol.visitor.SeenCodes;
import io.keyward.protocol.visitor.VisitorCodeCheck;
import io.keyward.protocol.visitor.VisitorKind;
import io.keyward.protocol.visitor.VisitorSecret;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The lock's firmware logic: a deterministic state machine, {@code inputs + clock -> state + outputs},
 * with no threads, sockets or files. One instance is one lock; its shell feeds it one input at a
 * time and carries out the outputs in order (store, speak, drive the bolt).
 */
public final class LockCore {

    static final Duration KEYPAD_TIMEOUT = Duration.ofSeconds(20);       // A6
    static final Duration BIOMETRIC_ENROL_SILENCE = Duration.ofSeconds(30); // B3
    static final Duration TAMPER_ALARM = Duration.ofSeconds(60);         // D2
    static final Duration PAIRING_VALID = Duration.ofMinutes(5);         // A3
    static final int LOW_BATTERY_PERCENT = 20;                           // D3
    static final double PAIRING_HOLD_SECONDS = 3;                        // A3
    static final double RESET_HOLD_SECONDS = 5;                          // D7
    static final double MUTE_HOLD_SECONDS = 2;                           // D6
    static final int VISITOR_DIGITS = 12;                                // E1, E2
    static final String VISITOR_PASSCODE = "VISITOR_PASSCODE";
    static final String SYNCHRONIZED = "SYNCHRONIZED";                   // F2
    static final String REMOTE_CONTROLLER = "REMOTE_CONTROLLER";         // G2

    enum KeypadMode { IDLE, OFFER_ADMIN, CONFIRM_RESET }

    private final String serial;
    private final Biometrics biometrics;
    private final Entropy entropy;
    private final LockData data;
    private final TrialAndErrorLock trialAndError = new TrialAndErrorLock();
    private final Alarms alarms = new Alarms();
    private final Enrolment.Host enrolmentHost = new EnrolmentHost();
    private final SignedCommandCheck signedCommands;
    private final AppliedCommands appliedCommands = new AppliedCommands();
    private final RefusedCopies refusedCopies = new RefusedCopies();
    private final java.util.TreeSet<Long> ackedAhead = new java.util.TreeSet<>();
    private final BluetoothAccess bluetooth = new BluetoothAccess(new BluetoothHost());
    private Instant now;

    // power (C10): the electronics run on the battery, or on a power bank at the Type-C port
    private int batteryPercent = 100;
    private boolean batteryInserted = true;
    private boolean usbPower;
    private boolean lowBatteryAlerted;

    // bolt and door (C8, C11)
    private boolean boltLocked = true;
    private boolean lockedFromInside;
    private boolean doorOpen;
    private Instant relockAt;
    private boolean relockWhenDoorCloses;

    // keypad (A1, A6, C3, D6)
    private boolean awake;
    private Instant sleepAt;
    private final StringBuilder typed = new StringBuilder();
    private KeypadMode mode = KeypadMode.IDLE;
    private boolean oneTimeMute;
    private String screenText = "";

    private Enrolment enrolment;
    private String pairingCode;
    private Instant pairingUntil;
    private String pairingSecret;

    // the step being handled
    private final List<Change> pending = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();

    public LockCore(String serial, LockData data, Biometrics biometrics, Entropy entropy, Instant now) {
        this.serial = Objects.requireNonNull(serial);
        this.data = Objects.requireNonNull(data);
        this.biometrics = Objects.requireNonNull(biometrics);
        this.entropy = Objects.requireNonNull(entropy);
        this.now = Objects.requireNonNull(now);
        this.signedCommands = new SignedCommandCheck(now); // C6: no replay across a restart
    }

    /** Handles one input at one instant; returns what the shell must do, storage first. */
    public List<Output> handle(Input input, Instant at) {
        if (at.isAfter(now)) {
            now = at;
        }
        pending.clear();
        outputs.clear();
        if (data.secret() == null) {
            commit(new Change.SecretCreated(newSecret()));
        }
        fireTimers();
        dispatch(input);
        fireTimers();
        List<Output> result = new ArrayList<>(outputs.size() + 1);
        if (!pending.isEmpty()) {
            result.add(new Output.Persist(List.copyOf(pending)));
        }
        result.addAll(outputs);
        return result;
    }

    /** When the next timer is due (keypad sleep, relock, lockout end, ...), or null. */
    public Instant nextDeadline() {
        return Stream.of(awake ? sleepAt : null, relockAt, trialAndError.until(), pairingUntil,
                        enrolment == null ? null : enrolment.deadline(), alarms.nextEnd(now))
                .filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
    }

    private void dispatch(Input input) {
        if (input instanceof Input.Tick) {
            return;
        }
        if (input instanceof Input.BatteryLevel b) {
            batteryLevel(b.percent());
        } else if (input instanceof Input.BatteryInserted b) {
            setPower(b.inserted(), usbPower);
        } else if (input instanceof Input.UsbPower u) {
            setPower(batteryInserted, u.connected());
        } else if (input instanceof Input.SetButtonHold h) {
            setButton(h);
        } else if (input instanceof Input.MechanicalKeyTurned k) {
            mechanicalKey(k.fits());
        } else if (input instanceof Input.HandleMoved h) {
            handle(h.lift());
        } else if (input instanceof Input.DoorMoved d) {
            door(d.open());
        } else if (input instanceof Input.Command c) {
            reply(powered() ? unsignedCommand(c.command()) : CommandReply.refused("UNPOWERED", "the lock has no power"));
        } else if (input instanceof Input.SignedCommand c && powered()) {
            signedCommand(c.command());
        } else if (input instanceof Input.PairingCompleted p && powered()) {
            pairingCompleted(p);
        } else if (input instanceof Input.EventAcknowledged a) {
            eventAcknowledged(a.seq());
        } else if (input instanceof Input.MalformedCommand m && powered()) {
            String why = m.reason() == null ? "" : m.reason();
            event(LockEvent.COMMAND_REFUSED, null, "REFUSED", null, null, "MALFORMED_COMMAND", null,
                    why.length() > 200 ? why.substring(0, 200) : why);
        } else if (input instanceof Input.BluetoothRefused r) {
            bluetooth.refused(r);
        } else if (input instanceof Input.BluetoothRequest r) {
            outputs.add(new Output.BluetoothResponse(bluetooth.request(r.key(), r.request())));
        } else if (powered()) {
            electronic(input);
        }
    }

    /** Inputs that need the electronics: ignored without power, as on a real lock. */
    private void electronic(Input input) {
        if (input instanceof Input.Touch) {
            wake();
        } else if (input instanceof Input.KeyPress k) {
            key(k.key());
        } else if (input instanceof Input.KeyHold h) {
            holdKey(h);
        } else if (input instanceof Input.FingerPlaced f) {
            finger(f.capture());
        } else if (input instanceof Input.FaceSeen f) {
            face(f.capture());
        } else if (input instanceof Input.Tamper) {
            tamper();
        } else if (input instanceof Input.RemoteButton b) {
            remoteButton(b);
        }
    }

    // ------------------------------------------------------------------ timers

    private void fireTimers() {
        if (awake && !now.isBefore(sleepAt)) {
            sleep();
        }
        if (enrolment != null && enrolment.deadline() != null && !now.isBefore(enrolment.deadline())) {
            endEnrolment(false, "TIMEOUT");
        }
        if (relockAt != null && !now.isBefore(relockAt)) {
            relockAt = null;
            if (doorOpen && bodyWithSensor()) {
                relockWhenDoorCloses = true; // C8: a door held open is locked once it closes
            } else {
                lockBolt(null, "AUTO_RELOCK");
            }
        }
        trialAndError.expire(now);
        if (pairingUntil != null && !now.isBefore(pairingUntil)) {
            endPairing();
        }
    }

    // ------------------------------------------------------------------ power (C10, D3, D7)

    private boolean powered() {
        return (batteryInserted && batteryPercent > 0) || usbPower;
    }

    private void batteryLevel(int percent) {
        boolean wasPowered = powered();
        batteryPercent = percent;
        if (percent >= LOW_BATTERY_PERCENT) {
            lowBatteryAlerted = false;
        } else if (batteryInserted && powered() && !lowBatteryAlerted) {
            lowBatteryAlerted = true; // D3: the app is alerted once per drop
            alarmEvent("LOW_BATTERY");
        }
        powerChanged(wasPowered);
    }

    private void setPower(boolean inserted, boolean usb) {
        boolean wasPowered = powered();
        batteryInserted = inserted;
        usbPower = usb;
        powerChanged(wasPowered);
    }

    private void powerChanged(boolean wasPowered) {
        if (wasPowered && !powered()) {
            // what lived only in RAM is gone: guided steps, half-typed input, pairing, one-time mute
            enrolment = null;
            sleep();
            endPairing();
            relockAt = null;
        }
    }

    private void setButton(Input.SetButtonHold hold) {
        if (hold.insertBattery()) {
            setPower(true, usbPower);
            if (hold.seconds() >= RESET_HOLD_SECONDS && powered()) {
                askFactoryReset();
            }
        } else if (powered() && hold.seconds() >= PAIRING_HOLD_SECONDS) {
            enterPairing();
        }
    }

    private void askFactoryReset() {
        enrolment = null;
        mode = KeypadMode.CONFIRM_RESET;
        awake = true;
        typed.setLength(0);
        sleepAt = now.plus(KEYPAD_TIMEOUT);
        speak(Prompt.CONFIRM_FACTORY_RESET);
    }

    private void factoryReset() {
        commit(new Change.FactoryReset(newSecret()));
        event(LockEvent.FACTORY_RESET, null, "OK", null, null, null, null);
        trialAndError.lift(now);
        mode = KeypadMode.IDLE;
        endPairing();
        speak(Prompt.FACTORY_RESET_DONE);
        sleep();
    }

    // ------------------------------------------------------------------ pairing (A3)

    private void enterPairing() {
        wakeQuietly();
        if (!data.hasAdministrator()) {
            speak(Prompt.CREATE_ADMIN); // A3: pairing needs an administrator on the lock
            mode = KeypadMode.OFFER_ADMIN;
            return;
        }
        pairingSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(entropy.bytes(16));
        pairingUntil = now.plus(PAIRING_VALID);
        pairingCode = new PairingPayload(serial, pairingSecret, pairingUntil).encode();
        event(LockEvent.PAIRING_MODE, null, "OK", null, null, null, null);
        speak(Prompt.PAIRING_MODE);
    }

    private void pairingCompleted(Input.PairingCompleted p) {
        if (pairingUntil == null || p.cloudPublicKey() == null || p.brokerUri() == null || p.brokerPassword() == null) {
            return; // only the pairing handshake the lock itself started may bind it
        }
        commit(new Change.CloudLinked(p.cloudPublicKey(), p.brokerUri(), p.brokerPassword()));
        if (validVisitorSecret(p.visitorSecret()) && !p.visitorSecret().equals(data.visitorSecret())) {
            commit(new Change.VisitorSecretSet(p.visitorSecret())); // E1, E2: shared with the cloud from now on
        }
        event(LockEvent.PAIRED, null, "OK", null, null, null, null);
        endPairing();
        speak(Prompt.OPERATION_SUCCESSFUL);
    }

    /** The QR leaves the screen and its one-time secret is forgotten. */
    private void endPairing() {
        pairingUntil = null;
        pairingCode = null;
        pairingSecret = null;
    }

    /**
     * H5: the cloud stored this event. What is kept acknowledged (in storage) only moves up to the
     * first gap, so an event the cloud never got is sent again; acks beyond a gap wait in RAM (after a
     * reboot those events are simply sent again, and the cloud keeps each once).
     */
    private void eventAcknowledged(long seq) {
        if (seq <= data.acknowledgedSeq() || seq >= data.nextSeq()) {
            return;
        }
        ackedAhead.add(seq);
        long upTo = data.acknowledgedSeq();
        long oldestKept = data.oldestKeptSeq(); // older ones were dropped by retention: nothing to wait for
        while (upTo + 1 < oldestKept || ackedAhead.remove(upTo + 1)) {
            upTo++;
        }
        ackedAhead.headSet(upTo + 1).clear();
        if (upTo > data.acknowledgedSeq()) {
            commit(new Change.EventsAcknowledged(upTo));
        }
    }

    // ------------------------------------------------------------------ keypad (A1, A6, C3, D5, D6, D8)

    private void wake() {
        boolean wasAwake = awake;
        wakeQuietly();
        if (wasAwake) {
            return;
        }
        if (!data.hasAdministrator()) {
            mode = KeypadMode.OFFER_ADMIN;
            speak(Prompt.CREATE_ADMIN);
        } else if (batteryPercent < LOW_BATTERY_PERCENT && batteryInserted) {
            speak(Prompt.LOW_BATTERY); // D3: reminded at each wake
        }
    }

    private void wakeQuietly() {
        awake = true;
        sleepAt = now.plus(KEYPAD_TIMEOUT);
    }

    private void sleep() {
        if (enrolment != null && enrolment.usesKeypad()) {
            endEnrolment(false, "TIMEOUT");
        }
        awake = false;
        typed.setLength(0);
        mode = KeypadMode.IDLE;
        oneTimeMute = false; // D6: muted until the lock sleeps
        screenText = "";
    }

    private void key(Key key) {
        wake();
        if (mode == KeypadMode.OFFER_ADMIN || mode == KeypadMode.CONFIRM_RESET) {
            offerKey(key);
        } else if (key.isDigit()) {
            if (typed.length() < PasscodeRules.MAX_TYPED) {
                typed.append(key.digit()); // C3: at most 20 digits; more are ignored
            }
        } else if (key == Key.BACK) {
            back();
        } else if (key == Key.OK) {
            confirm();
        } else if (key == Key.HOME && enrolment == null) {
            toggleLeavingHome();
        } else if (key == Key.BELL) {
            event(LockEvent.DOORBELL, null, null, null, null, null, null);
            speak(Prompt.DOORBELL);
        }
    }

    /** Only ✓ and ↶ are lit while the lock offers to create an administrator or to reset. */
    private void offerKey(Key key) {
        if (key == Key.BACK) {
            sleep();
        } else if (key == Key.OK && mode == KeypadMode.CONFIRM_RESET) {
            factoryReset();
        } else if (key == Key.OK) {
            mode = KeypadMode.IDLE;
            enrolment = Enrolment.newAdministrator(enrolmentHost);
        }
    }

    private void back() {
        if (typed.length() > 0) {
            typed.setLength(0);
        } else if (enrolment != null) {
            endEnrolment(false, "CANCELLED");
        }
    }

    private void confirm() {
        String digits = typed.toString();
        typed.setLength(0);
        if (enrolment != null && enrolment.usesKeypad()) {
            enrolment.passcodeEntered(digits);
        } else if (!digits.isEmpty() && enrolment == null) {
            Credential found = PasscodeBook.find(data.secret(), digits, data.credentials());
            if (found == null && digits.length() == VISITOR_DIGITS && validVisitorSecret(data.visitorSecret())) {
                visitorAttempt(digits);
            } else {
                attempt("PASSCODE", found);
            }
        }
    }

    // ------------------------------------------------------------------ visitor passcodes (E1, E2, E4)

    private static boolean validVisitorSecret(String text) {
        if (text == null) {
            return false;
        }
        try {
            VisitorSecret.fromBase64Url(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Exactly 12 typed digits that are no enrolled passcode: a visitor code is looked for (no anti-peeping
     * scan, see docs/visitor-passcodes.md). Every refusal looks the same on the panel as a wrong passcode
     * and counts toward the lockout (D1); only the event names the outcome.
     */
    private void visitorAttempt(String digits) {
        if (!data.hasAdministrator() || trialAndError.active(now)) {
            attempt("PASSCODE", null); // A1, D1: refused as any passcode, before the code is even looked at
            return;
        }
        if (now.isBefore(VisitorCode.EPOCH) || VisitorCode.hourOf(now) < data.visitorHour()) {
            visitorRefused(null, "VISITOR_CLOCK_BEHIND"); // the table is only good with a clock that never ran back
            return;
        }
        long hour = VisitorCode.hourOf(now);
        VisitorCodeCheck.Result r = VisitorCodeCheck.check(VisitorSecret.fromBase64Url(data.visitorSecret()), now,
                digits, data.seenCodes());
        if (r.outcome() == VisitorCodeCheck.Outcome.UNKNOWN) {
            keepSeenCodes(r, hour);
            refuse("PASSCODE", null, "WRONG_CREDENTIAL", Prompt.VERIFICATION_FAILED);
            failedVerification();
        } else if (r.opens() && data.flag(Setting.PRIVACY_MODE)) {
            visitorRefused(r.id(), "PRIVACY_MODE"); // D4, E4: the code is not used up
        } else if (r.opens()) {
            keepSeenCodes(r, hour);
            unlock(VISITOR_PASSCODE, null, null, codeId(r.id()));
        } else if (r.accepted()) {
            keepSeenCodes(r, hour);
            event(LockEvent.VISITOR_CODE_REVOKED, VISITOR_PASSCODE, "OK", null, null, null, null,
                    codeId(r.id().target()));
            speak(Prompt.OPERATION_SUCCESSFUL);
        } else {
            keepSeenCodes(r, hour);
            visitorRefused(r.id(), "VISITOR_" + r.outcome().name());
        }
    }

    /**
     * E1, E2: a revocation by sync (the cloud's link, or an app's) puts the code in the seen-codes table as
     * revoked, for as long as it could still open; a code past its end needs nothing remembered.
     */
    private CommandReply visitorRevokedBySync(String code) {
        CodeId id = parseCodeId(code);
        if (id == null || id.kind() == VisitorKind.REVOKE) {
            return CommandReply.refused("BAD_VISITOR_CODE", "a visitor code is named ONE_TIME/hour/variant or PERIODIC/hour/variant");
        }
        if (data.visitorSecret() == null) {
            return CommandReply.refused("NO_VISITOR_SECRET", "this lock has no visitor passcodes");
        }
        if (now.isBefore(VisitorCode.EPOCH)) {
            return CommandReply.refused("VISITOR_CLOCK_BEHIND", "the lock's clock is not set");
        }
        long hour = Math.max(VisitorCode.hourOf(now), data.visitorHour());
        SeenCodes seen = data.seenCodes().pruned(hour);
        long keepUntil = seen.keepUntilForRevoked(id);
        if (keepUntil > hour) {
            Optional<SeenCodes> revoked = seen.withRevoked(id, keepUntil);
            if (revoked.isEmpty()) {
                return CommandReply.refused("VISITOR_TABLE_FULL", "the lock's table of visitor codes is full");
            }
            commit(new Change.VisitorCodesSeen(hour, revoked.get().entries()));
        }
        event(LockEvent.VISITOR_CODE_REVOKED, null, "OK", null, null, null, null, codeId(id));
        return CommandReply.ok();
    }

    /** KIND/startHour/variant, as {@link #codeId} writes it; null when it does not read. */
    static CodeId parseCodeId(String text) {
        String[] parts = text == null ? new String[0] : text.split("/", -1);
        if (parts.length != 3 || !parts[1].matches("[0-9]{1,9}") || !parts[2].matches("[0-9]{1,9}")) {
            return null;
        }
        try {
            return new CodeId(VisitorKind.valueOf(parts[0]), Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void keepSeenCodes(VisitorCodeCheck.Result r, long hour) {
        if (!r.seen().equals(data.seenCodes())) {
            commit(new Change.VisitorCodesSeen(hour, r.seen().entries()));
        }
    }

    /** Refused like a wrong passcode on the panel (same prompt and screen); the event says why. */
    private void visitorRefused(CodeId id, String reason) {
        event(LockEvent.UNLOCK, VISITOR_PASSCODE, "REFUSED", null, null, reason, null, id == null ? null : codeId(id));
        speak(Prompt.VERIFICATION_FAILED);
        screenText = "WRONG_CREDENTIAL";
        failedVerification();
    }

    /** A visitor code's id in events: kind/start hour/variant, as the cloud lists it. */
    static String codeId(CodeId id) {
        return id.kind() + "/" + id.startHour() + "/" + id.variant();
    }

    private void holdKey(Input.KeyHold hold) {
        if (hold.key() == Key.D0 && hold.seconds() >= MUTE_HOLD_SECONDS) {
            wake();
            oneTimeMute = true; // D6: the keypad flashes twice; silent until sleep
            screenText = "Muted";
            speak(Prompt.MUTED);
        } else {
            key(hold.key());
        }
    }

    private void toggleLeavingHome() {
        if (!data.hasAdministrator()) {
            return;
        }
        boolean on = !data.flag(Setting.LEAVING_HOME);
        changeSetting(Setting.LEAVING_HOME, Boolean.toString(on));
        speak(on ? Prompt.LEAVING_HOME_ON : Prompt.LEAVING_HOME_OFF);
    }

    // ------------------------------------------------------------------ biometrics (B3, B4, C1, C2)

    private void finger(FingerprintCapture capture) {
        wake();
        if (enrolment != null && enrolment.kind() == LockCommand.CredentialKind.FINGERPRINT) {
            enrolment.fingerPressed(capture);
        } else if (capture.isPoor()) {
            speak(Prompt.PLACE_FINGER_AGAIN); // not a verification: the reader asks again
        } else if (enrolment == null) {
            attempt("FINGERPRINT", identifyFinger(capture.template()));
        }
    }

    private void face(FaceCapture capture) {
        if (enrolment != null && enrolment.kind() == LockCommand.CredentialKind.FACE) {
            enrolment.faceSeen(capture);
            return;
        }
        boolean manualTrigger = "MANUAL".equals(data.setting(Setting.FACE_TRIGGER));
        if (capture.isNobody() || capture.obstructed() || enrolment != null || (manualTrigger && !awake)) {
            return; // C1: no face to recognise, or manual trigger without a touch first
        }
        wake();
        attempt("FACE", identifyFace(capture.features()));
    }

    Credential identifyFinger(byte[] probe) {
        List<byte[]> templates = new ArrayList<>();
        List<Credential> owners = new ArrayList<>();
        for (Credential c : data.credentials()) {
            if (c.kind() == LockCommand.CredentialKind.FINGERPRINT) {
                for (byte[] t : c.fingerprints()) {
                    templates.add(t);
                    owners.add(c);
                }
            }
        }
        int i = templates.isEmpty() ? -1 : biometrics.identifyFingerprint(probe, templates);
        return i < 0 ? null : owners.get(i);
    }

    Credential identifyFace(float[] probe) {
        List<Credential> faces = data.credentials().stream()
                .filter(c -> c.kind() == LockCommand.CredentialKind.FACE).toList();
        int i = faces.isEmpty() ? -1 : biometrics.identifyFace(probe, faces.stream().map(Credential::face).toList());
        return i < 0 ? null : faces.get(i);
    }

    // ------------------------------------------------------------------ unlocking (C1-C4, C9, C11, B1, B8, D1, D4)

    /** One face, fingerprint or passcode verification, from refusal checks to the bolt. */
    private void attempt(String method, Credential credential) {
        if (!data.hasAdministrator()) {
            refuse(method, null, "NO_ADMINISTRATOR", Prompt.VERIFICATION_FAILED); // A1
        } else if (trialAndError.active(now)) {
            refuse(method, null, "LOCKED_OUT", Prompt.SYSTEM_LOCKED);
        } else if (credential == null) {
            refuse(method, null, "WRONG_CREDENTIAL", Prompt.VERIFICATION_FAILED);
            failedVerification();
        } else {
            LockUser user = data.user(credential.user()).orElseThrow();
            if (!user.validAt(now)) {
                refuse(method, credential, "OUTSIDE_VALIDITY", Prompt.OUTSIDE_VALIDITY);
            } else if (data.flag(Setting.PRIVACY_MODE) && !user.isAdministrator()) {
                refuse(method, credential, "PRIVACY_MODE", Prompt.PRIVACY_MODE_ON); // D4
            } else {
                unlock(method, credential.user(), credential.id());
                if (credential.duress()) {
                    alarmEvent("DURESS"); // B8: silent, nothing on the panel
                }
            }
        }
    }

    private void refuse(String method, Credential credential, String reason, Prompt prompt) {
        event(LockEvent.UNLOCK, method, "REFUSED", credential == null ? null : credential.user(),
                credential == null ? null : credential.id(), reason, null);
        speak(prompt);
        screenText = reason;
    }

    private void failedVerification() {
        if (!data.flag(Setting.TRIAL_AND_ERROR_LOCK) || !trialAndError.fail(now)) {
            return;
        }
        alarms.raise("SYSTEM_LOCKED", now, trialAndError.until());
        alarmEvent("SYSTEM_LOCKED");
        outputs.add(new Output.Siren("SYSTEM_LOCKED", (int) TrialAndErrorLock.LOCKOUT.toSeconds()));
        speakAlways(Prompt.SYSTEM_LOCKED);
    }

    private void unlock(String method, Integer user, String credential) {
        unlock(method, user, credential, null);
    }

    private void unlock(String method, Integer user, String credential, String detail) {
        if (powered()) {
            event(LockEvent.UNLOCK, method, "OK", user, credential, null, null, detail);
            speak(Prompt.DOOR_UNLOCKED);
            relockAt = now.plus(Duration.ofSeconds(data.seconds(Setting.RELOCK_SECONDS)));
            relockWhenDoorCloses = false;
        }
        boltLocked = false;
        lockedFromInside = false;
        outputs.add(new Output.MoveBolt(false));
    }

    private void lockBolt(String method, String detail) {
        relockAt = null;
        relockWhenDoorCloses = false;
        boltLocked = true;
        outputs.add(new Output.MoveBolt(true));
        if (powered()) {
            event(LockEvent.LOCK, method, "OK", null, null, null, null, detail);
            speak(Prompt.DOOR_LOCKED);
        }
    }

    /** C4: the key always turns the bolt, power or not; the lock logs it when it has power. */
    private void mechanicalKey(boolean fits) {
        if (fits) {
            unlock("MECHANICAL_KEY", null, null);
        }
    }

    /** C11: lifting throws the bolt from inside; pushing opens, which alarms in leaving-home mode (D5). */
    private void handle(boolean lift) {
        if (lift) {
            lockBolt("INSIDE_HANDLE", null);
            lockedFromInside = true;
            if (powered()) {
                speak(Prompt.LOCKED_FROM_INSIDE);
            }
            return;
        }
        unlock("INSIDE_HANDLE", null, null);
        if (powered() && data.flag(Setting.LEAVING_HOME)) {
            alarmEvent("LEAVING_HOME_INSIDE_OPENING");
        }
    }

    private void door(boolean open) {
        doorOpen = open;
        if (open && !boltLocked && relockAt != null && bodyWithSensor()) {
            relockAt = null;
            relockWhenDoorCloses = true; // C8: with a sensor, relock once the door has closed again
        } else if (!open && relockWhenDoorCloses && !boltLocked) {
            lockBolt(null, "AUTO_RELOCK");
        }
    }

    /** Whether the leaf can swing: a thrown bolt holds the door shut. */
    public boolean doorCanOpen() {
        return !boltLocked || doorOpen;
    }

    /** Whether the lock knows if the door is open: a body with its own sensor, or a paired door sensor (G1). */
    private boolean bodyWithSensor() {
        return "WITH_SENSOR".equals(data.setting(Setting.BODY_TYPE)) || data.hasDoorSensor();
    }

    /**
     * G2, C7: a remote controller's button. Genuine and new (rolling code, docs/lock.md "Accessories")
     * or refused; a genuine press moves the counter on even when refused, so it cannot be replayed
     * later. Works like a user credential in privacy mode (D4: refused); the trial-and-error lockout
     * (D1) does not stop it, being a Bluetooth unlock, which D1 keeps working.
     */
    private void remoteButton(Input.RemoteButton press) {
        Accessory remote = press.accessory() == null ? null : data.accessory(press.accessory()).orElse(null);
        String refusal = Accessories.refusal(remote, press);
        if (refusal == null) {
            commit(new Change.RemoteCounterAccepted(remote.id(), press.counter()));
            refusal = data.flag(Setting.PRIVACY_MODE) ? "PRIVACY_MODE" : null;
        }
        String credential = remote == null ? null : remote.id();
        String name = remote == null ? null : remote.name();
        if (refusal != null) {
            event(LockEvent.UNLOCK, REMOTE_CONTROLLER, "REFUSED", null, credential, refusal, null, name);
            return;
        }
        unlock(REMOTE_CONTROLLER, null, credential, name);
    }

    // ------------------------------------------------------------------ alarms (D2)

    private void tamper() {
        alarms.raise("TAMPER", now, now.plus(TAMPER_ALARM));
        alarmEvent("TAMPER");
        outputs.add(new Output.Siren("TAMPER", (int) TAMPER_ALARM.toSeconds()));
        speakAlways(Prompt.ALARM_TAMPER);
    }

    private void alarmEvent(String alarm) {
        event(LockEvent.ALARM, null, null, null, null, null, alarm, null);
    }

    // ------------------------------------------------------------------ commands (B2, D1, H6)

    /** A command over the simulated app link (panel): everything but remote unlock, which must be signed. */
    private CommandReply unsignedCommand(LockCommand command) {
        if (command instanceof LockCommand.RemoteUnlock) {
            CommandReply refused = CommandReply.refused("NOT_SIGNED", "remote unlock needs a signed command from the cloud");
            event(LockEvent.UNLOCK, "REMOTE", "REFUSED", null, null, refused.reason(), null);
            return refused;
        }
        if (command instanceof LockCommand.SyncUnlock) {
            CommandReply refused = CommandReply.refused("NOT_SIGNED", "synchronized unlock needs a signed command from the cloud");
            event(LockEvent.UNLOCK, SYNCHRONIZED, "REFUSED", null, null, refused.reason(), null);
            return refused;
        }
        return command(command);
    }

    /** C6: a command from the cloud is obeyed only when it is for this lock, signed, in time and new. */
    private void signedCommand(io.keyward.protocol.link.SignedCommand c) {
        LockCommand command = parseBody(c.body());
        String cloudKey = data.cloud() == null ? null : data.cloud().cloudPublicKey();
        String refusal = signedCommands.refusal(c, serial, cloudKey, now);
        if (refusal == null && command == null) {
            refusal = "MALFORMED_COMMAND";
        }
        CommandReply earlier = "REPLAYED".equals(refusal) ? appliedCommands.earlier(c.id()) : null;
        if (earlier != null) {
            // a copy of a management command obeyed already (a broker's redelivery, a session taken
            // over): the same answer again, nothing obeyed and nothing logged (docs/link.md)
            outputs.add(new Output.LinkReply(c.id(), earlier));
            return;
        }
        CommandReply reply;
        if (refusal != null) {
            reply = CommandReply.refused(refusal, "command refused: " + refusal.toLowerCase().replace('_', ' '));
            if (!refusedCopies.firstTime(c.nonce(), refusal)) {
                outputs.add(new Output.LinkReply(c.id(), reply)); // refused again, logged once already
                return;
            }
            if (command instanceof LockCommand.RemoteUnlock) {
                event(LockEvent.UNLOCK, "REMOTE", "REFUSED", null, null, refusal, null);
            } else if (command instanceof LockCommand.SyncUnlock) {
                event(LockEvent.UNLOCK, SYNCHRONIZED, "REFUSED", null, null, refusal, null);
            } else {
                event(LockEvent.COMMAND_REFUSED, null, "REFUSED", null, null, refusal, null, "signed command " + c.id());
            }
        } else if (command instanceof LockCommand.RemoteUnlock r) {
            reply = remoteUnlock(r);
        } else if (command instanceof LockCommand.SyncUnlock u) {
            reply = syncUnlock(u);
        } else {
            reply = appliedCommands.replyTo(c.id(), () -> command(command));
        }
        outputs.add(new Output.LinkReply(c.id(), reply));
    }

    private static LockCommand parseBody(String body) {
        try {
            return body == null ? null : io.keyward.protocol.command.LockCommands.parse(body);
        } catch (io.keyward.protocol.command.LockCommands.MalformedCommand e) {
            return null;
        }
    }

    /** C6 + D1 + D4: remote unlock works during lockout, not when switched off or in privacy mode. */
    private CommandReply remoteUnlock(LockCommand.RemoteUnlock r) {
        String refusal = !data.flag(Setting.REMOTE_UNLOCK) ? "REMOTE_UNLOCK_OFF"
                : data.flag(Setting.PRIVACY_MODE) ? "PRIVACY_MODE" : null;
        String who = r.account() == null ? null : "account " + r.account();
        if (refusal != null) {
            event(LockEvent.UNLOCK, "REMOTE", "REFUSED", null, null, refusal, null, who);
            return CommandReply.refused(refusal, refusal.equals("PRIVACY_MODE")
                    ? "privacy mode is on" : "remote unlock is off in the lock's settings");
        }
        unlock("REMOTE", null, null, who);
        return CommandReply.ok();
    }

    /**
     * F2: the linked lock was opened from outside. Refused when switched off or in privacy mode (D4);
     * otherwise opens and relocks after the synchronization duration, not the relock time (C8 still
     * applies once the door is opened: it then relocks when the door has closed again).
     */
    private CommandReply syncUnlock(LockCommand.SyncUnlock u) {
        String refusal = !data.flag(Setting.SYNCHRONIZED_UNLOCK) ? "SYNCHRONIZED_UNLOCK_OFF"
                : data.flag(Setting.PRIVACY_MODE) ? "PRIVACY_MODE" : null;
        String from = u.fromSerial() == null ? null : u.fromSerial().length() > 64 ? u.fromSerial().substring(0, 64) : u.fromSerial();
        if (refusal != null) {
            event(LockEvent.UNLOCK, SYNCHRONIZED, "REFUSED", null, null, refusal, null, from);
            return CommandReply.refused(refusal, refusal.equals("PRIVACY_MODE")
                    ? "privacy mode is on" : "synchronized unlock is off in the lock's settings");
        }
        unlock(SYNCHRONIZED, null, null, from);
        if (powered()) {
            relockAt = now.plus(Duration.ofSeconds(data.seconds(Setting.SYNCHRONIZATION_SECONDS)));
        }
        return CommandReply.ok();
    }

    private CommandReply command(LockCommand command) {
        if (command instanceof LockCommand.RevokeBluetoothKey r) {
            return bluetooth.revokeCommand(r.revocation()); // E3: the cloud's signature is checked, not the link
        }
        CommandReply reply = data.hasAdministrator()
                ? Commands.execute(command, commandHost)
                : CommandReply.refused("NO_ADMINISTRATOR", "create the administrator on the lock first");
        if (!reply.accepted()) {
            event(LockEvent.COMMAND_REFUSED, null, "REFUSED", null, null, reply.reason(), null,
                    command.getClass().getSimpleName() + ": " + reply.message()); // free text: detail, not alarm (C9)
        }
        return reply;
    }

    private void reply(CommandReply reply) {
        outputs.add(new Output.Reply(reply));
    }

    private final Commands.Host commandHost = new Commands.Host() {
        @Override
        public LockData data() {
            return data;
        }

        @Override
        public void commit(Change change) {
            LockCore.this.commit(change);
        }

        @Override
        public void event(String kind, Integer user, String credential, String detail) {
            LockCore.this.event(kind, null, "OK", user, credential, null, null, detail);
        }

        @Override
        public void changeSetting(Setting setting, String value) {
            LockCore.this.changeSetting(setting, value);
        }

        @Override
        public String startEnrolment(LockUser user, LockCommand.CredentialKind kind, boolean duress) {
            if (enrolment != null || mode != KeypadMode.IDLE) {
                return "the lock is busy with another guided step";
            }
            wakeQuietly();
            enrolment = Enrolment.start(enrolmentHost, user, kind, duress);
            return null;
        }

        @Override
        public boolean cancelEnrolment() {
            if (enrolment == null) {
                return false;
            }
            endEnrolment(false, "CANCELLED");
            return true;
        }

        @Override
        public CommandReply revokeVisitorCode(String code) {
            return visitorRevokedBySync(code);
        }

        @Override
        public boolean liftLockout() {
            alarms.clear("SYSTEM_LOCKED", now);
            return trialAndError.lift(now);
        }

        @Override
        public String newAccessorySecret() {
            return newSecret();
        }
    };

    private void changeSetting(Setting setting, String value) {
        if (value.equals(data.setting(setting))) {
            return;
        }
        commit(new Change.SettingChanged(setting, value));
        event(LockEvent.SETTING_CHANGED, null, "OK", null, null, null, null, setting + "=" + value);
    }

    /** What Bluetooth (C5, E3) needs of the core. */
    private final class BluetoothHost implements BluetoothAccess.Host {
        @Override
        public LockData data() {
            return data;
        }

        @Override
        public String serial() {
            return serial;
        }

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public boolean powered() {
            return LockCore.this.powered();
        }

        @Override
        public boolean lockedOut() {
            return trialAndError.active(now);
        }

        @Override
        public void commit(Change change) {
            LockCore.this.commit(change);
        }

        @Override
        public void event(String kind, String method, String result, String credential, String reason, String detail) {
            LockCore.this.event(kind, method, result, null, credential, reason, null, detail);
        }

        @Override
        public void unlock(String credential, String detail) {
            LockCore.this.unlock(BluetoothAccess.METHOD, null, credential, detail);
        }

        @Override
        public CommandReply command(LockCommand command) {
            return unsignedCommand(command);
        }
    }

    // ------------------------------------------------------------------ enrolment plumbing

    private void endEnrolment(boolean success, String reason) {
        Enrolment ended = enrolment;
        enrolment = null;
        if (ended != null && !success) {
            ended.failed(reason);
        }
    }

    private final class EnrolmentHost implements Enrolment.Host {
        @Override
        public LockData data() {
            return data;
        }

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public Biometrics biometrics() {
            return biometrics;
        }

        @Override
        public void commit(Change change) {
            LockCore.this.commit(change);
        }

        @Override
        public void event(String kind, Integer user, String credential, String reason) {
            LockCore.this.event(kind, null, reason == null ? "OK" : "REFUSED", user, credential, reason, null);
        }

        @Override
        public void speak(Prompt prompt) {
            LockCore.this.speak(prompt);
        }

        @Override
        public void show(String text) {
            screenText = text;
        }

        @Override
        public void keepAwake() {
            awake = true;
            sleepAt = now.plus(KEYPAD_TIMEOUT);
        }

        @Override
        public void finished() {
            enrolment = null;
        }

        @Override
        public Credential identifyFinger(byte[] probe) {
            return LockCore.this.identifyFinger(probe);
        }

        @Override
        public Credential identifyFace(float[] probe) {
            return LockCore.this.identifyFace(probe);
        }
    }

    // ------------------------------------------------------------------ effects

    private void commit(Change change) {
        data.apply(change);
        pending.add(change);
    }

    /** An event that is no alarm: the last field is free text (issue 10 finding 1: it once meant "alarm"). */
    private void event(String kind, String method, String result, Integer user, String credential,
                       String reason, String detail) {
        event(kind, method, result, user, credential, reason, null, detail);
    }

    /** alarm holds an alarm kind (TAMPER, DURESS ...) of an ALARM event and nothing else: words go to detail. */
    private void event(String kind, String method, String result, Integer user, String credential,
                       String reason, String alarm, String detail) {
        if (alarm != null && !LockEvent.ALARM.equals(kind)) {
            throw new IllegalArgumentException(kind + " event with alarm '" + alarm + "': only ALARM events carry one");
        }
        commit(new Change.EventRecorded(new LockEvent(data.nextSeq(), now, kind, method, result,
                user, credential, reason, alarm, detail)));
    }

    private boolean muted() {
        return oneTimeMute || data.flag(Setting.PRIVACY_MODE);
    }

    private void speak(Prompt prompt) {
        outputs.add(new Output.Speak(prompt, muted()));
    }

    /** Alarms are never muted. */
    private void speakAlways(Prompt prompt) {
        outputs.add(new Output.Speak(prompt, false));
    }

    private String newSecret() {
        return Base64.getEncoder().encodeToString(entropy.bytes(32));
    }

    // ------------------------------------------------------------------ what a person sees

    public LockView view() {
        boolean manualFace = "MANUAL".equals(data.setting(Setting.FACE_TRIGGER));
        return new LockView(serial, powered(), boltLocked, lockedFromInside, doorView(), awake && powered(),
                litKeys(), "*".repeat(typed.length()), awake && manualFace && enrolment == null,
                screenText, pairingCode, muted(), batteryPercent,
                batteryPercent < LOW_BATTERY_PERCENT, batteryInserted, usbPower,
                data.flag(Setting.PRIVACY_MODE), data.flag(Setting.LEAVING_HOME),
                trialAndError.active(now), trialAndError.active(now) ? trialAndError.until() : null,
                alarms.view(now), data.setting(Setting.LANGUAGE), now, enrolment == null ? null : enrolment.view());
    }

    private String doorView() {
        return bodyWithSensor() ? (doorOpen ? "OPEN" : "CLOSED") : "UNKNOWN";
    }

    private List<String> litKeys() {
        if (!awake || !powered()) {
            return List.of();
        }
        if (mode != KeypadMode.IDLE) {
            return List.of("OK", "BACK");
        }
        return Stream.of(Key.values()).map(Key::panelName).toList();
    }

    public LockData data() {
        return data;
    }

    public String serial() {
        return serial;
    }

    /** The one-time pairing secret while in pairing mode (A3), else null; the cloud link checks it. */
    public String pairingSecret() {
        return pairingUntil == null ? null : pairingSecret;
    }

    public Instant now() {
        return now;
    }
}
