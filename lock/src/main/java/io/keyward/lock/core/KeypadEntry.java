package io.keyward.lock.core;

import io.keyward.lock.hardware.Key;
import io.keyward.lock.prompts.Prompt;
import io.keyward.protocol.command.Setting;

/**
 * What a key on the keypad does (A1, A6, C3, D5, D6, D7, D8): digits, ↶ and ✓ (a passcode, a visitor
 * code, a step of a keypad enrolment), 🏡 leaving-home mode, 🔔 the doorbell, holding 0 to mute once,
 * and ✓ or ↶ on what the lock offers (create the administrator, confirm a factory reset).
 */
final class KeypadEntry {

    static final double MUTE_HOLD_SECONDS = 2;                           // D6

    private final Effects fx;
    private final Keypad keypad;
    private final GuidedEnrolment enrolment;
    private final Unlocking unlocking;
    private final VisitorAccess visitors;
    private final Commands commands;
    private final Pairing pairing;
    private final DoorBinding doorBinding;

    KeypadEntry(Effects fx, Keypad keypad, GuidedEnrolment enrolment, Unlocking unlocking, VisitorAccess visitors,
                Commands commands, Pairing pairing, DoorBinding doorBinding) {
        this.fx = fx;
        this.keypad = keypad;
        this.enrolment = enrolment;
        this.unlocking = unlocking;
        this.visitors = visitors;
        this.commands = commands;
        this.pairing = pairing;
        this.doorBinding = doorBinding;
    }

    void press(Key key) {
        keypad.wake();
        if (doorBinding.asking()) {
            doorBinding.press(key); // issue 15: an administrator's passcode to bind a phone at the door
        } else if (keypad.mode() != Keypad.Mode.IDLE) {
            offered(key);
        } else if (key.isDigit()) {
            keypad.type(key);
        } else if (key == Key.BACK) {
            if (!keypad.clearTyped()) {
                enrolment.end("CANCELLED");
            }
        } else if (key == Key.OK) {
            confirm();
        } else if (key == Key.HOME && enrolment.running() == null) {
            toggleLeavingHome();
        } else if (key == Key.BELL) {
            fx.record(Event.happened(LockEvent.DOORBELL));
            fx.speak(Prompt.DOORBELL);
        }
    }

    void hold(Input.KeyHold hold) {
        if (hold.key() == Key.D0 && hold.seconds() >= MUTE_HOLD_SECONDS) {
            keypad.wake();
            keypad.muteOnce();
        } else if (hold.key() == Key.OK && hold.seconds() >= DoorBinding.HOLD_SECONDS && bindingMayStart()) {
            doorBinding.start(); // issue 15: bind a new phone at the door
        } else {
            press(hold.key());
        }
    }

    /** Not while a guided enrolment, the reset's confirmation or the passcode prompt itself holds the keypad. */
    private boolean bindingMayStart() {
        return enrolment.running() == null && keypad.mode() != Keypad.Mode.CONFIRM_RESET && !doorBinding.asking();
    }

    /** The keypad sleeps, and a keypad enrolment and the door binding's prompt with it (A6). */
    void sleep() {
        doorBinding.cancel();
        enrolment.keypadAsleep();
        keypad.sleep();
    }

    /** D7: SET held while the battery goes back in; ✓ then resets. */
    void offerFactoryReset() {
        enrolment.drop();
        keypad.clearTyped();
        keypad.keepAwake();
        keypad.mode(Keypad.Mode.CONFIRM_RESET);
        fx.speak(Prompt.CONFIRM_FACTORY_RESET);
    }

    /** Only ✓ and ↶ are lit while the lock offers to create an administrator or to reset. */
    private void offered(Key key) {
        if (key == Key.BACK) {
            sleep();
        } else if (key == Key.OK && keypad.mode() == Keypad.Mode.CONFIRM_RESET) {
            factoryReset();
        } else if (key == Key.OK) {
            keypad.mode(Keypad.Mode.IDLE);
            enrolment.newAdministrator();
        }
    }

    private void factoryReset() {
        fx.commit(new Change.FactoryReset(fx.newSecret()));
        fx.record(Event.ok(LockEvent.FACTORY_RESET));
        unlocking.forgetFailures();
        keypad.mode(Keypad.Mode.IDLE);
        pairing.end();
        doorBinding.forgetAll(); // D7: no bind secret outlives the reset
        fx.speak(Prompt.FACTORY_RESET_DONE);
        sleep();
    }

    private void confirm() {
        String digits = keypad.takeTyped();
        Enrolment running = enrolment.running();
        if (running != null && running.usesKeypad()) {
            running.passcodeEntered(digits);
        } else if (!digits.isEmpty() && running == null) {
            LockData data = fx.data();
            Credential found = PasscodeBook.find(data.secret(), digits, data.credentials());
            if (found == null && visitors.mayBeVisitorCode(digits)) {
                visitors.attempt(digits);
            } else {
                unlocking.passcode(found);
            }
        }
    }

    /** D5: 🏡 on the keypad turns leaving-home mode on and off. */
    private void toggleLeavingHome() {
        if (!fx.data().hasAdministrator()) {
            return;
        }
        boolean on = !fx.data().flag(Setting.LEAVING_HOME);
        commands.changeSetting(Setting.LEAVING_HOME, Boolean.toString(on));
        fx.speak(on ? Prompt.LEAVING_HOME_ON : Prompt.LEAVING_HOME_OFF);
    }
}
