package io.keyward.lock.core;

import io.keyward.lock.hardware.FaceCapture;
import io.keyward.lock.hardware.FingerprintCapture;
import io.keyward.lock.prompts.Prompt;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.command.WeeklySchedule;
import io.keyward.protocol.event.AlarmKind;
import io.keyward.protocol.event.UnlockMethod;

import java.time.Instant;

/**
 * Opening from outside and inside (C1-C4, C7, C9, C11, B1, B8, D1, D4, D5, G2): one face, fingerprint
 * or passcode verification from its refusal checks to the bolt, with the trial-and-error lockout
 * (D1) it feeds; the mechanical key, the inside handle and the remote controllers.
 */
final class Unlocking {

    static final UnlockMethod REMOTE_CONTROLLER = UnlockMethod.REMOTE_CONTROLLER; // G2
    /** What the screen says after a face, fingerprint, passcode or visitor code opened the door. */
    static final String OPENED = "DOOR_UNLOCKED";

    private final Effects fx;
    private final PowerAndBolt power;
    private final Keypad keypad;
    private final Recognition recognition;
    private final TrialAndErrorLock trialAndError = new TrialAndErrorLock();

    Unlocking(Effects fx, PowerAndBolt power, Keypad keypad, Recognition recognition) {
        this.fx = fx;
        this.power = power;
        this.keypad = keypad;
        this.recognition = recognition;
    }

    void passcode(Credential found) {
        attempt(UnlockMethod.PASSCODE, found);
    }

    /** A good press (a poor one is no attempt: the reader asks again). */
    void finger(FingerprintCapture capture) {
        attempt(UnlockMethod.FINGERPRINT, recognition.finger(capture.template()));
    }

    void face(FaceCapture capture) {
        attempt(UnlockMethod.FACE, recognition.face(capture.features()));
    }

    /** One face, fingerprint or passcode verification, from refusal checks to the bolt. */
    private void attempt(UnlockMethod method, Credential credential) {
        LockData data = fx.data();
        if (!data.hasAdministrator()) {
            refuse(method, null, "NO_ADMINISTRATOR", Prompt.VERIFICATION_FAILED); // A1
        } else if (lockedOut()) {
            refuse(method, null, "LOCKED_OUT", Prompt.SYSTEM_LOCKED);
        } else if (credential == null) {
            refuse(method, null, "WRONG_CREDENTIAL", Prompt.VERIFICATION_FAILED);
            failedVerification();
        } else {
            LockUser user = data.user(credential.user()).orElseThrow();
            if (!user.validAt(fx.now(), WeeklySchedule.zone(data.setting(Setting.TIME_ZONE)))) { // B10: the home's zone
                refuse(method, credential, "OUTSIDE_VALIDITY", Prompt.OUTSIDE_VALIDITY);
            } else if (data.flag(Setting.PRIVACY_MODE) && !user.isAdministrator()) {
                refuse(method, credential, "PRIVACY_MODE", Prompt.PRIVACY_MODE_ON); // D4
            } else {
                power.unlock(Event.unlock(method).ok(credential.user(), credential.id()));
                keypad.show(OPENED); // not the refusal of an earlier try, still on the screen
                if (credential.duress()) {
                    fx.record(Event.alarm(AlarmKind.DURESS)); // B8: silent, nothing on the panel
                }
            }
        }
    }

    /** Refused on the panel with the reason on the screen; the event names the credential when one matched. */
    void refuse(UnlockMethod method, Credential credential, String reason, Prompt prompt) {
        fx.record(Event.unlock(method).refused(reason)
                .by(credential == null ? null : credential.user(), credential == null ? null : credential.id()));
        fx.speak(prompt);
        keypad.show(reason);
    }

    /** D1: one more failure; the fifth within 5 minutes locks the lock for 3 minutes, loudly. */
    void failedVerification() {
        if (!fx.data().flag(Setting.TRIAL_AND_ERROR_LOCK) || !trialAndError.fail(fx.now())) {
            return;
        }
        power.sound(AlarmKind.SYSTEM_LOCKED, trialAndError.until(), Prompt.SYSTEM_LOCKED);
    }

    boolean lockedOut() {
        return trialAndError.active(fx.now());
    }

    /** When the lockout ends, or null. */
    Instant lockoutEnd() {
        return trialAndError.until();
    }

    void expireLockout() {
        trialAndError.expire(fx.now());
    }

    /** An administrator lifts it from the app: the alarm stops too; true when a lockout was active. */
    boolean liftLockout() {
        power.silence(AlarmKind.SYSTEM_LOCKED);
        return trialAndError.lift(fx.now());
    }

    /** D7: a factory reset forgets every failure. */
    void forgetFailures() {
        trialAndError.lift(fx.now());
    }

    /** C4: the key always turns the bolt, power or not; the lock logs it when it has power. */
    void mechanicalKey(boolean fits) {
        if (fits) {
            power.unlockByHand(Event.unlock(UnlockMethod.MECHANICAL_KEY).ok());
        }
    }

    /** C11: lifting throws the bolt from inside; pushing opens, which alarms in leaving-home mode (D5). */
    void handle(boolean lift) {
        if (lift) {
            power.lockFromInside();
            return;
        }
        power.unlockByHand(Event.unlock(UnlockMethod.INSIDE_HANDLE).ok());
        if (power.powered() && fx.data().flag(Setting.LEAVING_HOME)) {
            fx.record(Event.alarm(AlarmKind.LEAVING_HOME_INSIDE_OPENING));
        }
    }

    /**
     * G2, C7: a remote controller's button. Genuine and new (rolling code, docs/lock.md "Accessories")
     * or refused; a genuine press moves the counter on even when refused, so it cannot be replayed
     * later. Works like a user credential in privacy mode (D4: refused); the trial-and-error lockout
     * (D1) does not stop it, being a Bluetooth unlock, which D1 keeps working.
     */
    void remoteButton(Input.RemoteButton press) {
        LockData data = fx.data();
        Accessory remote = press.accessory() == null ? null : data.accessory(press.accessory()).orElse(null);
        String refusal = Accessories.refusal(remote, press);
        if (refusal == null) {
            fx.commit(new Change.RemoteCounterAccepted(remote.id(), press.counter()));
            refusal = data.flag(Setting.PRIVACY_MODE) ? "PRIVACY_MODE" : null;
        }
        String credential = remote == null ? null : remote.id();
        String name = remote == null ? null : remote.name();
        if (refusal != null) {
            fx.record(Event.unlock(REMOTE_CONTROLLER).refused(refusal).by(null, credential).detail(name));
            return;
        }
        power.unlock(Event.unlock(REMOTE_CONTROLLER).ok(null, credential).detail(name));
    }
}
