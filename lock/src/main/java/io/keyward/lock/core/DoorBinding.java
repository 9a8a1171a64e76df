package io.keyward.lock.core;

import io.keyward.lock.hardware.Key;
import io.keyward.lock.prompts.Prompt;
import io.keyward.protocol.command.LockCommand.CredentialKind;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.command.WeeklySchedule;
import io.keyward.protocol.event.AlarmKind;
import io.keyward.protocol.trust.BindPayload;

/**
 * Binding a new phone at the door (issue 15, docs/trust.md §4): hold ✓ 3 s, type an administrator's
 * passcode and ✓, and the screen shows a bind QR for 5 minutes. Only someone at the door who knows an
 * administrator's passcode can make the cloud-proof secret appear, so a lost phone is replaced without
 * the cloud. A wrong passcode is a failed verification (D1); the lockout refuses the flow; ↶ and the
 * keypad's 20 s timeout (A6) cancel the prompt (a QR already shown stays for its 5 minutes).
 */
final class DoorBinding {

    static final double HOLD_SECONDS = 3;                               // trust design §4

    private final Effects fx;
    private final String serial;
    private final Keypad keypad;
    private final Unlocking unlocking;
    private final BindSecrets secrets;
    private boolean asking;

    DoorBinding(Effects fx, String serial, Keypad keypad, Unlocking unlocking, BindSecrets secrets) {
        this.fx = fx;
        this.serial = serial;
        this.keypad = keypad;
        this.unlocking = unlocking;
        this.secrets = secrets;
    }

    /** ✓ held long enough: asks for an administrator's passcode; not without one, nor during the lockout. */
    void start() {
        keypad.wake();
        keypad.clearTyped();
        if (!fx.data().hasAdministrator()) {
            keypad.mode(Keypad.Mode.OFFER_ADMIN); // as on waking (A1): create the administrator first
            fx.speak(Prompt.CREATE_ADMIN);
        } else if (unlocking.lockedOut()) {
            refuseLockedOut();
        } else {
            asking = true;
            keypad.show("Enter an administrator passcode");
            fx.speak(Prompt.ENTER_ADMIN_PASSCODE);
        }
    }

    /** Whether the keypad's keys are the passcode prompt's now. */
    boolean asking() {
        return asking;
    }

    /** A key while asking: digits are typed, ✓ checks them, ↶ cancels. */
    void press(Key key) {
        if (key.isDigit()) {
            keypad.type(key);
        } else if (key == Key.BACK) {
            cancel();
            keypad.clearTyped();
            keypad.show("");
        } else if (key == Key.OK) {
            check(keypad.takeTyped());
        }
    }

    /** ↶ or the keypad fell asleep (A6): the prompt is gone, a QR already shown is not. */
    void cancel() {
        asking = false;
    }

    /** A power cut or a factory reset: the prompt and every bind secret (RAM only) are gone. */
    void forgetAll() {
        asking = false;
        secrets.clear();
    }

    private void check(String typed) {
        if (unlocking.lockedOut()) {
            asking = false;
            refuseLockedOut();
            return;
        }
        Credential credential = exactPasscode(typed);
        LockUser user = credential == null ? null : fx.data().user(credential.user()).orElse(null);
        if (user == null || credential.duress() || !user.isAdministrator() || !validNow(user)) {
            refuse(credential);
            return;
        }
        asking = false;
        secrets.make(OwnerDevice.DOOR, BindSecrets.DOOR_VALID, fx.now());
        keypad.show("Scan the QR code with the new phone's app");
        fx.speak(Prompt.SCAN_TO_BIND);
        fx.record(Event.ok(LockEvent.BIND_MODE).by(user.id(), credential.id()));
    }

    /** Wrong: OPERATION_FAILED and one more failure for D1; a duress passcode also raises its silent alarm (B8). */
    private void refuse(Credential credential) {
        fx.record(Event.refused(LockEvent.COMMAND_REFUSED, "WRONG_CREDENTIAL").detail("bind at the door")
                .by(credential == null ? null : credential.user(), credential == null ? null : credential.id()));
        if (credential != null && credential.duress()) {
            fx.record(Event.alarm(AlarmKind.DURESS));
        }
        keypad.show("WRONG_CREDENTIAL");
        fx.speak(Prompt.OPERATION_FAILED);
        unlocking.failedVerification();
        if (unlocking.lockedOut()) {
            asking = false; // the fifth: SYSTEM_LOCKED sounds, and the flow ends
        }
    }

    private void refuseLockedOut() {
        keypad.show("LOCKED_OUT");
        fx.speak(Prompt.SYSTEM_LOCKED);
    }

    /** Exactly a passcode of the lock, not one inside more digits (the anti-peeping run of C3 opens, it does not bind). */
    private Credential exactPasscode(String typed) {
        if (typed.length() < PasscodeRules.MIN_DIGITS || typed.length() > PasscodeRules.MAX_DIGITS) {
            return null;
        }
        String hash = PasscodeBook.hash(fx.data().secret(), typed);
        return fx.data().credentials().stream()
                .filter(c -> c.kind() == CredentialKind.PASSCODE && hash.equals(c.passcodeHash()))
                .findFirst().orElse(null);
    }

    private boolean validNow(LockUser user) {
        return user.validAt(fx.now(), WeeklySchedule.zone(fx.data().setting(Setting.TIME_ZONE)));
    }

    /** The bind QR's text while its secret is live and unused, else null. */
    String qr() {
        BindSecrets.Live live = secrets.shown(OwnerDevice.DOOR, fx.now());
        return live == null ? null : new BindPayload(serial, live.secret(), live.until()).encode();
    }

    /** When the shown QR stops working (so the screen clears then), or null. */
    java.time.Instant deadline() {
        BindSecrets.Live live = secrets.shown(OwnerDevice.DOOR, fx.now());
        return live == null ? null : live.until();
    }
}
