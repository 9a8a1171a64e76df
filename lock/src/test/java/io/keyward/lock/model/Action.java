package io.keyward.lock.model;

import io.keyward.lock.hardware.Key;
import io.keyward.lock.hardware.Pose;

import java.util.ArrayList;
import java.util.List;

/**
 * What a person at the door or the app does, as the model-based test generates it. Each action runs
 * as one or more steps of the {@link Harness}; a guided enrolment continues only while the model
 * says it runs (the lock must agree at each step anyway).
 */
sealed interface Action {

    void run(Harness h);

    /** Digits then ✓ on the keypad (C3). what: a name for the trace. */
    record Type(String digits, String what) implements Action {
        public void run(Harness h) {
            h.step("type " + digits + " ✓ (" + what + ")", lock -> lock.keys(keys(digits)),
                    m -> m.type(digits, h.visitorCodes));
        }

        static List<Key> keys(String digits) {
            List<Key> keys = new ArrayList<>();
            for (char c : digits.toCharArray()) {
                keys.add(Key.fromPanelName(String.valueOf(c)));
            }
            keys.add(Key.OK);
            return keys;
        }

        public String toString() {
            return "type " + digits + " (" + what + ")";
        }
    }

    /** ↶, 🏡 or 🔔 alone. */
    record Press(String key) implements Action {
        public void run(Harness h) {
            h.step("press " + key, lock -> lock.keys(List.of(Key.fromPanelName(key))), m -> m.key(key));
        }
    }

    record Touch() implements Action {
        public void run(Harness h) {
            h.step("touch", lock -> lock.touch(), LockModel::touch);
        }
    }

    record Finger(String finger, boolean poor) implements Action {
        public void run(Harness h) {
            h.step(this.toString(), lock -> lock.finger(finger, poor), m -> m.finger(finger, poor));
        }

        public String toString() {
            return "finger " + finger + (poor ? " (poor press)" : "");
        }
    }

    record Face(String face) implements Action {
        public void run(Harness h) {
            h.step("face " + face, lock -> lock.face(face, Pose.FRONT), m -> m.face(face, 0));
        }
    }

    /** START_ENROLMENT, then the passcode typed twice (B5, A2) while the enrolment runs. */
    record EnrolPasscode(int user, String passcode, String again, boolean duress) implements Action {
        public void run(Harness h) {
            h.command(Command.enrol(user, LockModel.Kind.PASSCODE, duress));
            for (String digits : new String[] {passcode, again}) {
                if (h.model.enrolling != null) {
                    new Type(digits, "enrolment").run(h);
                }
            }
        }
    }

    /** START_ENROLMENT, then three presses of the finger (B4). */
    record EnrolFinger(int user, String finger, boolean duress) implements Action {
        public void run(Harness h) {
            h.command(Command.enrol(user, LockModel.Kind.FINGERPRINT, duress));
            for (int i = 0; i < 3 && h.model.enrolling != null; i++) {
                new Finger(finger, false).run(h);
            }
        }
    }

    /** START_ENROLMENT, then the face in the five poses (B3); wrongPose: that look is another pose. */
    record EnrolFace(int user, String face, int wrongPose) implements Action {
        public void run(Harness h) {
            h.command(Command.enrol(user, LockModel.Kind.FACE, false));
            for (int i = 0; i < 5 && h.model.enrolling != null; i++) {
                int pose = i == wrongPose ? (i + 1) % 5 : i;
                h.step("face " + face + " " + Pose.values()[pose], lock -> lock.face(face, Pose.values()[pose]),
                        m -> m.face(face, pose));
            }
        }
    }

    record App(Command command) implements Action {
        public void run(Harness h) {
            h.command(command);
        }

        public String toString() {
            return command.toString();
        }
    }

    record MechanicalKey() implements Action {
        public void run(Harness h) {
            h.step("mechanical key", CoreDoor::mechanicalKey, LockModel::mechanicalKey);
        }
    }

    record Handle(boolean lift) implements Action {
        public void run(Harness h) {
            h.step(lift ? "handle LIFT" : "handle PUSH",
                    lock -> lock.handle(lift),
                    m -> {
                        if (lift) {
                            m.handleLift();
                        } else {
                            m.handlePush();
                        }
                    });
        }
    }

    record Door(boolean open) implements Action {
        public void run(Harness h) {
            h.door(open);
        }
    }

    record Battery(int percent) implements Action {
        public void run(Harness h) {
            h.step("battery " + percent + " %", lock -> lock.battery(percent), m -> m.batteryLevel(percent));
        }
    }

    record BatteryInserted(boolean inserted) implements Action {
        public void run(Harness h) {
            h.step(inserted ? "battery in" : "battery out", lock -> lock.batteryInserted(inserted),
                    m -> m.batteryInserted(inserted));
        }
    }

    record Usb(boolean connected) implements Action {
        public void run(Harness h) {
            h.step(connected ? "USB power on" : "USB power off", lock -> lock.usb(connected), m -> m.usb(connected));
        }
    }

    record Tamper() implements Action {
        public void run(Harness h) {
            h.step("tamper", lock -> lock.tamper(), LockModel::tamper);
        }
    }

    record Remote(boolean replay) implements Action {
        public void run(Harness h) {
            h.remote(replay);
        }
    }

    record Advance(long seconds) implements Action {
        public void run(Harness h) {
            h.step("clock +" + seconds + " s", lock -> lock.advanceClock(seconds), m -> m.advance(seconds));
        }
    }
}
