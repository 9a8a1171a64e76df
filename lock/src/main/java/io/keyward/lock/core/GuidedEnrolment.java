package io.keyward.lock.core;

import io.keyward.protocol.command.LockCommand.CredentialKind;

import java.time.Instant;

/**
 * One guided enrolment at a time (A1, B3-B5): which one runs, starting it (not while the keypad
 * offers something else), and ending it on a timeout, a cancel or lost power. The steps themselves
 * are {@link Enrolment}'s.
 */
final class GuidedEnrolment {

    private final Effects fx;
    private final Keypad keypad;
    private final Recognition recognition;
    private Enrolment current;

    GuidedEnrolment(Effects fx, Keypad keypad, Recognition recognition) {
        this.fx = fx;
        this.keypad = keypad;
        this.recognition = recognition;
    }

    /** The enrolment under way, or null (one that completed or failed is over). */
    Enrolment running() {
        if (current != null && current.over()) {
            current = null;
        }
        return current;
    }

    boolean running(CredentialKind kind) {
        return running() != null && current.kind() == kind;
    }

    /** A1: ✓ on the offer to create the administrator. */
    void newAdministrator() {
        current = Enrolment.newAdministrator(fx, keypad, recognition);
    }

    /** B3-B5 from the app (askedBy: the account that asked); returns why it cannot start, or null once started. */
    String start(LockUser user, CredentialKind kind, boolean duress, String askedBy) {
        if (running() != null || keypad.mode() != Keypad.Mode.IDLE) {
            return "the lock is busy with another guided step";
        }
        keypad.keepAwake();
        current = Enrolment.start(fx, keypad, recognition, user, kind, duress, askedBy);
        return null;
    }

    /** Ends the running enrolment unsuccessfully (it says so and logs why); false when none runs. */
    boolean end(String reason) {
        Enrolment ended = running();
        current = null;
        if (ended == null) {
            return false;
        }
        ended.failed(reason);
        return true;
    }

    /** Gone without a word: the power went, or a factory reset takes the keypad. */
    void drop() {
        current = null;
    }

    /** B3: 30 s of silence end a biometric enrolment. */
    void fireTimers() {
        Instant due = deadline();
        if (due != null && !fx.now().isBefore(due)) {
            end("TIMEOUT");
        }
    }

    /** A keypad enrolment ends when the keypad sleeps. */
    void keypadAsleep() {
        if (running() != null && current.usesKeypad()) {
            end("TIMEOUT");
        }
    }

    Instant deadline() {
        return running() == null ? null : current.deadline();
    }

    LockView.EnrolmentView view() {
        return running() == null ? null : current.view();
    }
}
