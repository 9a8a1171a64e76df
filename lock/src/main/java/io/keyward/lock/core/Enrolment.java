package io.keyward.lock.core;

import io.keyward.lock.hardware.FaceCapture;
import io.keyward.lock.hardware.FingerprintCapture;
import io.keyward.lock.hardware.Pose;
import io.keyward.lock.prompts.Prompt;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand.CredentialKind;
import io.keyward.protocol.command.LockUserRole;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One guided enrolment on the lock, led by voice prompts: the first administrator's passcode (A1),
 * or a face (B3), fingerprint (B4) or passcode (B5) of a lock user. Stores nothing until it
 * completes; any failure says why and leaves the lock as it was.
 */
final class Enrolment {

    static final int FINGER_PRESSES = 3;
    private static final Prompt[] POSE_PROMPTS =
            {Prompt.FACE_FRONT, Prompt.FACE_UP, Prompt.FACE_DOWN, Prompt.FACE_LEFT, Prompt.FACE_RIGHT};

    static final Duration SILENCE = Duration.ofSeconds(30);             // B3

    private final Effects fx;
    private final Keypad keypad;
    private final Recognition recognition;
    private final LockUser user; // null: the first administrator, created on success
    private final CredentialKind kind;
    private final boolean duress;
    /** The account that started it in the app, named in CREDENTIAL_ADDED (null: started at the lock). */
    private final String askedBy;
    private String firstPasscode;
    private final List<byte[]> presses = new ArrayList<>();
    private final List<float[]> looks = new ArrayList<>();
    private Instant deadline;
    private boolean over;

    private Enrolment(Effects fx, Keypad keypad, Recognition recognition, LockUser user, CredentialKind kind,
                      boolean duress, String askedBy) {
        this.fx = fx;
        this.keypad = keypad;
        this.recognition = recognition;
        this.user = user;
        this.kind = kind;
        this.duress = duress;
        this.askedBy = askedBy;
    }

    static Enrolment newAdministrator(Effects fx, Keypad keypad, Recognition recognition) {
        Enrolment e = new Enrolment(fx, keypad, recognition, null, CredentialKind.PASSCODE, false, null);
        fx.speak(Prompt.ENTER_PASSCODE);
        return e;
    }

    static Enrolment start(Effects fx, Keypad keypad, Recognition recognition, LockUser user, CredentialKind kind,
                           boolean duress, String askedBy) {
        Enrolment e = new Enrolment(fx, keypad, recognition, user, kind, duress, askedBy);
        e.prompt();
        return e;
    }

    /** Completed or failed: the lock is free for the next guided step. */
    boolean over() {
        return over;
    }

    CredentialKind kind() {
        return kind;
    }

    /** Progress, for the panel and the app (B3-B5: "shown live as the lock reports each step"). */
    LockView.EnrolmentView view() {
        int step;
        int steps;
        switch (kind) {
            case PASSCODE -> {
                step = firstPasscode == null ? 1 : 2;
                steps = 2;
            }
            case FINGERPRINT -> {
                step = Math.min(presses.size() + 1, FINGER_PRESSES);
                steps = FINGER_PRESSES;
            }
            default -> {
                step = Math.min(looks.size() + 1, POSE_PROMPTS.length);
                steps = POSE_PROMPTS.length;
            }
        }
        return new LockView.EnrolmentView(user == null ? null : user.id(), kind.name(), duress, step, steps);
    }

    boolean usesKeypad() {
        return kind == CredentialKind.PASSCODE;
    }

    /** When silence ends a biometric enrolment (B3: 30 s); keypad enrolments end when the keypad sleeps. */
    Instant deadline() {
        return deadline;
    }

    private void prompt() {
        switch (kind) {
            case PASSCODE -> fx.speak(Prompt.ENTER_PASSCODE);
            case FINGERPRINT -> fx.speak(Prompt.PLACE_FINGER);
            case FACE -> fx.speak(POSE_PROMPTS[0]);
        }
        touched();
    }

    private void touched() {
        keypad.keepAwake();
        if (!usesKeypad()) {
            deadline = fx.now().plus(SILENCE);
        }
    }

    // ---------------------------------------------------------------- passcode (A1, A2, B5)

    void passcodeEntered(String digits) {
        touched();
        if (firstPasscode == null) {
            PasscodeRules.Violation violation = PasscodeRules.check(digits);
            if (violation == null) {
                violation = PasscodeBook.checkAgainst(fx.data().secret(), digits, fx.data().credentials());
            }
            if (violation != null) {
                fx.speak(Prompt.PASSCODE_NOT_ALLOWED); // A1: says why and starts the step again
                keypad.show("Not allowed: " + violation.name().toLowerCase().replace('_', ' '));
                return;
            }
            firstPasscode = digits;
            fx.speak(Prompt.ENTER_AGAIN);
        } else if (!firstPasscode.equals(digits)) {
            firstPasscode = null;
            fx.speak(Prompt.PASSCODES_DIFFERENT);
            keypad.show("The passcodes are different");
            fx.speak(Prompt.ENTER_PASSCODE);
        } else {
            String digitsToStore = firstPasscode;
            firstPasscode = null;
            complete((id, owner) -> PasscodeBook.credential(fx.data().secret(), id, owner, duress, digitsToStore));
        }
    }

    // ---------------------------------------------------------------- fingerprint (B4)

    void fingerPressed(FingerprintCapture capture) {
        touched();
        if (capture.isPoor()) {
            fx.speak(Prompt.PLACE_FINGER_AGAIN);
            return;
        }
        byte[] template = capture.template();
        if (presses.isEmpty() && recognition.finger(template) != null) {
            fail("ALREADY_ENROLLED", Prompt.ALREADY_ENROLLED);
            return;
        }
        if (!presses.isEmpty() && !recognition.sameFinger(presses.get(0), template)) {
            fx.speak(Prompt.PLACE_FINGER_AGAIN); // another finger: ask for the one being enrolled
            return;
        }
        presses.add(template);
        if (presses.size() < FINGER_PRESSES) {
            fx.speak(Prompt.PLACE_FINGER_AGAIN);
        } else {
            List<byte[]> templates = List.copyOf(presses);
            complete((id, owner) -> new Credential(id, owner, CredentialKind.FINGERPRINT, duress, null, null, templates, null));
        }
    }

    // ---------------------------------------------------------------- face (B3)

    void faceSeen(FaceCapture capture) {
        touched();
        Pose expected = Pose.values()[looks.size()];
        if (capture.isNobody()) {
            fail("MOVED_AWAY", Prompt.OPERATION_FAILED);
        } else if (capture.obstructed()) {
            fail("OBSTRUCTED", Prompt.OPERATION_FAILED);
        } else if (capture.pose() != expected) {
            fail("MOVEMENT", Prompt.OPERATION_FAILED);
        } else if (looks.isEmpty() && recognition.face(capture.features()) != null) {
            fail("ALREADY_ENROLLED", Prompt.ALREADY_ENROLLED);
        } else if (!looks.isEmpty() && !recognition.sameFace(looks.get(0), capture.features())) {
            fail("MOVEMENT", Prompt.OPERATION_FAILED); // someone else stepped in
        } else {
            looks.add(capture.features());
            if (looks.size() < POSE_PROMPTS.length) {
                fx.speak(POSE_PROMPTS[looks.size()]);
            } else {
                float[] template = mean(looks);
                complete((id, owner) -> new Credential(id, owner, CredentialKind.FACE, false, null, null, null, template));
            }
        }
    }

    /** The enrolled face: the normalised mean of the five poses. */
    private static float[] mean(List<float[]> vectors) {
        float[] sum = new float[vectors.get(0).length];
        for (float[] v : vectors) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += v[i];
            }
        }
        double norm = 0;
        for (float x : sum) {
            norm += x * x;
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < sum.length; i++) {
            sum[i] *= scale;
        }
        return sum;
    }

    // ---------------------------------------------------------------- ending

    /** Makes the credential once its id and owner are known. */
    private interface CredentialFactory {
        Credential make(String id, int owner);
    }

    private void complete(CredentialFactory factory) {
        LockData data = fx.data();
        if (user != null && data.user(user.id()).isEmpty()) {
            fail("UNKNOWN_USER", Prompt.OPERATION_FAILED); // deleted while enrolling
            return;
        }
        int owner = user == null ? data.nextUserId() : user.id();
        CommandReply full = Limits.refusal(data, owner, kind, duress);
        if (full != null) {
            fail(full.reason(), Prompt.CAPACITY_FULL);
            return;
        }
        if (user == null) {
            fx.commit(new Change.UserAdded(new LockUser(owner, "Administrator " + owner, LockUserRole.ADMINISTRATOR, null)));
            fx.record(Event.ok(LockEvent.USER_ADDED).by(owner, null));
        }
        String id = Credential.idFor(kind, data.nextCredentialNo(kind));
        fx.commit(new Change.CredentialAdded(factory.make(id, owner)));
        fx.record(Event.ok(LockEvent.CREDENTIAL_ADDED).by(owner, id).askedBy(askedBy));
        fx.speak(Prompt.OPERATION_SUCCESSFUL);
        keypad.show("Operation successful");
        over = true;
    }

    private void fail(String reason, Prompt prompt) {
        over = true;
        failed(reason);
        if (prompt != Prompt.OPERATION_FAILED) {
            fx.speak(prompt);
        }
    }

    /** Ends the enrolment unsuccessfully: says so, logs why, stores nothing else. */
    void failed(String reason) {
        over = true;
        fx.record(Event.refused(LockEvent.ENROLMENT_FAILED, reason).by(user == null ? null : user.id(), null));
        fx.speak(Prompt.OPERATION_FAILED);
        keypad.show("Operation failed: " + reason.toLowerCase().replace('_', ' '));
    }
}
