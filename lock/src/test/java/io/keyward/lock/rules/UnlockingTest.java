package io.keyward.lock.rules;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.hardware.Pose;
import io.keyward.lock.panel.PanelPort;
import io.keyward.lock.panel.PanelRefusal;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.Setting;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("SPEC C1-C4, C8-C11, A4: unlocking")
class UnlockingTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("C1 automatic trigger: a known face in range opens without a touch")
    void faceAutomatic() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.enrolFace(1, "alice");
            t.settle();
            t.lock.face("alice", Pose.FRONT, false);
            assertThat(t.unlocked()).isTrue();
            LockEvent e = t.lastEvent(LockEvent.UNLOCK);
            assertThat(e.method()).isEqualTo("FACE");
            assertThat(e.credential()).isEqualTo("face-1");
        }
    }

    @Test
    @DisplayName("C1 manual trigger: a face alone does nothing; after a touch the red light flashes and it opens")
    void faceManual() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.enrolFace(1, "alice");
            t.set(Setting.FACE_TRIGGER, "MANUAL");
            t.settle();
            t.lock.face("alice", Pose.FRONT, false);
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lock.touch().keypad().faceLight()).isTrue();
            t.lock.face("alice", Pose.FRONT, false);
            assertThat(t.unlocked()).isTrue();
        }
    }

    @Test
    @DisplayName("C1: a stranger's face is refused as a wrong credential; a covered face is not an attempt")
    void strangerFace() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.enrolFace(1, "alice");
            t.settle();
            t.lock.face("mallory", Pose.FRONT, false);
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("WRONG_CREDENTIAL");
            int before = t.events().size();
            t.lock.face("alice", Pose.FRONT, true);
            assertThat(t.events()).hasSize(before);
        }
    }

    @Test
    @DisplayName("C2: an enrolled finger opens, another finger is refused, a poor press is asked again")
    void fingerprint() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.enrolFingerprint(1, "alice-thumb", false);
            t.settle();
            t.lock.finger("bob-index", 0.9);
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("WRONG_CREDENTIAL");
            int before = t.events().size();
            t.lock.finger("alice-thumb", 0.2);
            assertThat(t.lastPrompt()).isEqualTo("PLACE_FINGER_AGAIN");
            assertThat(t.events()).hasSize(before);
            t.lock.finger("alice-thumb", 0.9);
            assertThat(t.unlocked()).isTrue();
            assertThat(t.lastEvent(LockEvent.UNLOCK).credential()).isEqualTo("fingerprint-1");
        }
    }

    @Test
    @DisplayName("C3: random digits before and after the passcode still open; ↶ clears the input")
    void antiPeeping() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            t.type("98" + TestLock.ADMIN_PASSCODE + "0417");
            assertThat(t.unlocked()).isTrue();
            t.settle();
            t.press("1 3 5 BACK");
            assertThat(t.state().keypad().input()).isEmpty();
            t.type("792");
            assertThat(t.unlocked()).isFalse();
        }
    }

    @Test
    @DisplayName("C3, C9: after a wrong passcode the right one opens and the screen no longer shows the refusal")
    void rightCodeAfterWrongClearsTheRefusal() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            t.type("792");
            assertThat(t.state().screen().text()).isEqualTo("WRONG_CREDENTIAL");
            t.type(TestLock.ADMIN_PASSCODE);
            assertThat(t.unlocked()).isTrue();
            assertThat(t.state().screen().text()).isEqualTo("DOOR_UNLOCKED");
        }
    }

    @Test
    @DisplayName("C3: digits past the 20th are ignored")
    void twentyDigitsAtMost() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            t.type("00000000000000" + TestLock.ADMIN_PASSCODE); // 20 digits: opens
            assertThat(t.unlocked()).isTrue();
            t.settle();
            t.type("000000000000000" + TestLock.ADMIN_PASSCODE); // 21: the last digit never arrives
            assertThat(t.unlocked()).isFalse();
        }
    }

    @Test
    @DisplayName("C4: the mechanical key opens with an empty battery (not logged), in lockout and in privacy mode")
    void mechanicalKey() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.set(Setting.PRIVACY_MODE, "true");
            t.settle();
            t.lock.mechanicalKey("copy");
            assertThat(t.unlocked()).isFalse();
            t.lock.mechanicalKey("original");
            assertThat(t.unlocked()).isTrue();
            assertThat(t.lastEvent(LockEvent.UNLOCK).method()).isEqualTo("MECHANICAL_KEY");
            t.settle();
            for (int i = 0; i < 5; i++) {
                t.type("999888777");
            }
            assertThat(t.state().lockout().active()).isTrue();
            t.lock.mechanicalKey("original");
            assertThat(t.unlocked()).isTrue();
            t.settle();
            t.lock.battery(0, null);
            int before = t.events().size();
            t.lock.mechanicalKey("original");
            assertThat(t.unlocked()).isTrue();
            assertThat(t.events()).hasSize(before);
        }
    }

    @Test
    @DisplayName("C8: relocks after the relock time; the setting changes it")
    void relockTime() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            t.type(TestLock.ADMIN_PASSCODE);
            t.advance(9);
            assertThat(t.unlocked()).isTrue();
            t.advance(1);
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lastEvent(LockEvent.LOCK).detail()).isEqualTo("AUTO_RELOCK");
            t.set(Setting.RELOCK_SECONDS, "30");
            t.settle();
            t.type(TestLock.ADMIN_PASSCODE);
            t.advance(29);
            assertThat(t.unlocked()).isTrue();
            t.advance(1);
            assertThat(t.unlocked()).isFalse();
        }
    }

    @Test
    @DisplayName("C8 + A4: with a sensor the lock waits for the opened door to close; without one it relocks on time")
    void relockWithSensor() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            t.type(TestLock.ADMIN_PASSCODE);
            t.lock.door(PanelPort.DoorPosition.OPEN);
            assertThat(t.state().door()).isEqualTo("OPEN");
            t.advance(60);
            assertThat(t.unlocked()).as("door still open").isTrue();
            t.lock.door(PanelPort.DoorPosition.CLOSED);
            assertThat(t.unlocked()).isFalse();

            t.set(Setting.BODY_TYPE, "WITHOUT_SENSOR");
            assertThat(t.state().door()).isEqualTo("UNKNOWN");
            t.settle();
            t.type(TestLock.ADMIN_PASSCODE);
            t.lock.door(PanelPort.DoorPosition.OPEN);
            t.advance(10);
            assertThat(t.unlocked()).isFalse();
        }
    }

    @Test
    @DisplayName("C8: a thrown bolt holds the door shut (the panel refuses to open it)")
    void boltHoldsDoor() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            String before = t.dataWithoutEvents();
            assertThatThrownBy(() -> t.lock.door(PanelPort.DoorPosition.OPEN)).isInstanceOf(PanelRefusal.class);
            assertThat(t.dataWithoutEvents()).isEqualTo(before);
        }
    }

    @Test
    @DisplayName("C9: every attempt is an event with time, method, user, credential, result and reason")
    void everyAttemptIsAnEvent() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            int bob = t.addUser("Bob", LockUserRole.USER);
            t.enrolPasscode(bob, "246813", false);
            t.settle();
            t.type("246813");
            LockEvent ok = t.lastEvent(LockEvent.UNLOCK);
            assertThat(ok.method()).isEqualTo("PASSCODE");
            assertThat(ok.result()).isEqualTo("OK");
            assertThat(ok.user()).isEqualTo(bob);
            assertThat(ok.credential()).isEqualTo("passcode-2");
            assertThat(ok.at()).isNotNull();
            t.settle();
            t.type("777777000");
            LockEvent refused = t.lastEvent(LockEvent.UNLOCK);
            assertThat(refused.result()).isEqualTo("REFUSED");
            assertThat(refused.reason()).isEqualTo("WRONG_CREDENTIAL");
            assertThat(refused.seq()).isGreaterThan(ok.seq());
        }
    }

    @Test
    @DisplayName("C10: with the battery empty nothing answers; a power bank on Type-C brings it back to unlock as usual")
    void emergencyPower() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            t.lock.battery(0, null);
            assertThat(t.state().powered()).isFalse();
            t.lock.touch();
            t.type(TestLock.ADMIN_PASSCODE);
            assertThat(t.unlocked()).isFalse();
            assertThat(t.state().keypad().awake()).isFalse();
            t.lock.usbPower(true);
            assertThat(t.state().powered()).isTrue();
            t.type(TestLock.ADMIN_PASSCODE);
            assertThat(t.unlocked()).isTrue();
        }
    }

    @Test
    @DisplayName("C11: lifting the rear handle locks from inside; pushing it opens")
    void indoorLock() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            t.lock.handle(PanelPort.HandleAction.PUSH);
            assertThat(t.unlocked()).isTrue();
            assertThat(t.lastEvent(LockEvent.UNLOCK).method()).isEqualTo("INSIDE_HANDLE");
            t.lock.handle(PanelPort.HandleAction.LIFT);
            assertThat(t.unlocked()).isFalse();
            assertThat(t.state().lockedFromInside()).isTrue();
            assertThat(t.lastPrompt()).isEqualTo("LOCKED_FROM_INSIDE");
            t.lock.handle(PanelPort.HandleAction.PUSH);
            assertThat(t.state().lockedFromInside()).isFalse();
            assertThat(t.unlocked()).isTrue();
        }
    }
}
