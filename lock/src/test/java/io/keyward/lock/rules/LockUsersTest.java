package io.keyward.lock.rules;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.core.PasscodeRules;
import io.keyward.lock.hardware.Pose;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommand.CredentialKind;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.LockCommand.Validity;
import io.keyward.protocol.command.LockCommand.WeeklyWindow;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("SPEC B1-B7: lock users and credentials")
class LockUsersTest {

    @TempDir
    Path dir;

    private static void assertRefused(CommandReply r, String reason) {
        assertThat(r.accepted()).isFalse();
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.message()).isNotBlank();
    }

    @Test
    @DisplayName("B3-B5: a guided enrolment reports its step of steps (passcode 2, fingerprint 3, face 5) until it ends")
    void enrolmentProgress() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            int bob = t.addUser("Bob", LockUserRole.USER);
            assertThat(t.state().enrolment()).isNull();

            t.startEnrolment(bob, CredentialKind.PASSCODE, false);
            assertThat(t.state().enrolment()).extracting("user", "kind", "step", "steps").containsExactly(bob, "PASSCODE", 1, 2);
            t.type("580246");
            assertThat(t.state().enrolment().step()).isEqualTo(2);
            t.type("580246");
            assertThat(t.state().enrolment()).isNull();

            t.startEnrolment(bob, CredentialKind.FINGERPRINT, true);
            assertThat(t.state().enrolment()).extracting("kind", "duress", "step", "steps").containsExactly("FINGERPRINT", true, 1, 3);
            t.lock.finger("bob-thumb", 0.9);
            assertThat(t.state().enrolment().step()).isEqualTo(2);

            t.command(new LockCommand.CancelEnrolment());
            t.startEnrolment(bob, CredentialKind.FACE, false);
            assertThat(t.state().enrolment()).extracting("step", "steps").containsExactly(1, 5);
            t.lock.face("bob", Pose.FRONT, false);
            assertThat(t.state().enrolment().step()).isEqualTo(2);
            assertThat(t.lock.reportedState().enrolment()).as("reported to the cloud too")
                    .extracting("user", "kind", "step", "steps").containsExactly(bob, "FACE", 2, 5);
        }
    }

    @Test
    @DisplayName("B1: outside the validity period every credential is refused with that reason")
    void validityPeriod() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            Instant now = t.state().time();
            int bob = t.addUser("Bob", LockUserRole.USER);
            t.enrolPasscode(bob, "246813", false);
            assertThat(t.command(new LockCommand.SetValidity(bob,
                    new Validity(now.plusSeconds(3600), now.plusSeconds(7200), null))).accepted()).isTrue();
            t.settle();
            t.type("246813");
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("OUTSIDE_VALIDITY");
            t.advance(3600);
            t.type("246813");
            assertThat(t.unlocked()).isTrue();
            t.advance(3600);
            t.type("246813");
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("OUTSIDE_VALIDITY");
        }
    }

    @Test
    @DisplayName("B1 B10 (beyond the manual): weekly windows, read in the lock's zone (UTC by default); the manual clock starts Monday 08:00")
    void weeklyWindows() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            int cleaner = t.addUser("Cleaner", LockUserRole.USER);
            t.enrolPasscode(cleaner, "246813", false);
            // Mondays 09:00-10:00 only
            t.command(new LockCommand.SetValidity(cleaner,
                    new Validity(null, null, List.of(new WeeklyWindow(List.of(1), 540, 600)))));
            t.settle();
            t.type("246813");
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("OUTSIDE_VALIDITY");
            t.advance(3600);
            t.type("246813");
            assertThat(t.unlocked()).isTrue();
        }
    }

    @Test
    @DisplayName("B1: an impossible validity is refused and changes nothing")
    void badValidity() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            Instant now = t.state().time();
            String before = t.dataWithoutEvents();
            assertRefused(t.command(new LockCommand.AddUser("Eve", LockUserRole.USER, new Validity(now, now, null))), "BAD_VALIDITY");
            assertRefused(t.command(new LockCommand.AddUser("Eve", LockUserRole.USER,
                    new Validity(null, null, List.of(new WeeklyWindow(List.of(8), 0, 60))))), "BAD_VALIDITY");
            assertRefused(t.command(new LockCommand.AddUser(" ", LockUserRole.USER, null)), "BAD_NAME");
            assertRefused(t.command(new LockCommand.SetValidity(99, null)), "UNKNOWN_USER");
            assertThat(t.dataWithoutEvents()).isEqualTo(before);
        }
    }

    @Test
    @DisplayName("B6: deleting a user deletes its credentials; the last administrator cannot be deleted")
    void deleting() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            assertRefused(t.command(new LockCommand.DeleteUser(1)), "LAST_ADMINISTRATOR");
            int bob = t.addUser("Bob", LockUserRole.USER);
            t.enrolPasscode(bob, "246813", false);
            assertThat(t.command(new LockCommand.DeleteUser(bob)).accepted()).isTrue();
            assertThat(t.lock.view()).isNotNull();
            t.settle();
            t.type("246813");
            assertThat(t.unlocked()).isFalse();
            int second = t.addUser("Second admin", LockUserRole.ADMINISTRATOR);
            assertThat(t.command(new LockCommand.DeleteUser(1)).accepted()).isTrue();
            assertRefused(t.command(new LockCommand.DeleteUser(second)), "LAST_ADMINISTRATOR");
            assertRefused(t.command(new LockCommand.DeleteUser(42)), "UNKNOWN_USER");
            assertThat(t.addUser("Carol", LockUserRole.USER)).as("user numbers are not reused").isEqualTo(second + 1);
            t.reboot();
            assertThat(t.addUser("Dave", LockUserRole.USER)).as("nor after a restart").isEqualTo(second + 2);
        }
    }

    @Test
    @DisplayName("B5 + B7: the 51st passcode of the lock is refused; 3rd of a user and 2nd duress too")
    void passcodeLimits() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            List<String> codes = distinctPasscodes(51);
            int stored = 1; // the administrator's
            int user = 0;
            for (int i = 0; stored < 50; i++) {
                if (i % 2 == 0) {
                    user = t.addUser("User " + i, LockUserRole.USER);
                }
                t.enrolPasscode(user, codes.get(i), false);
                stored++;
            }
            int last = t.addUser("Late", LockUserRole.USER);
            String before = t.dataWithoutEvents();
            assertRefused(t.startEnrolment(last, CredentialKind.PASSCODE, false), "LOCK_FULL");
            assertThat(t.dataWithoutEvents()).isEqualTo(before);

            assertRefused(t.startEnrolment(user, CredentialKind.PASSCODE, false), "LOCK_FULL");
            t.command(new LockCommand.DeleteUser(last));
        }
        try (TestLock t = TestLock.withAdministrator(dir.resolve("second"))) {
            int bob = t.addUser("Bob", LockUserRole.USER);
            t.enrolPasscode(bob, "246813", true);
            assertRefused(t.startEnrolment(bob, CredentialKind.PASSCODE, true), "DURESS_FULL");
            t.enrolPasscode(bob, "808142", false);
            assertRefused(t.startEnrolment(bob, CredentialKind.PASSCODE, false), "USER_FULL");
        }
    }

    @Test
    @DisplayName("B5 + A2: a passcode equal to, inside, or around one on the lock is refused")
    void passcodeAlreadyOnLock() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            int bob = t.addUser("Bob", LockUserRole.USER);
            for (String clash : new String[]{TestLock.ADMIN_PASSCODE, "9" + TestLock.ADMIN_PASSCODE, "1357924"}) {
                t.startEnrolment(bob, CredentialKind.PASSCODE, false);
                t.type(clash);
                assertThat(t.lastPrompt()).as(clash).isEqualTo("PASSCODE_NOT_ALLOWED");
                t.press("BACK");
            }
            t.enrolPasscode(bob, "24681357", false);
            int carol = t.addUser("Carol", LockUserRole.USER);
            t.startEnrolment(carol, CredentialKind.PASSCODE, false);
            t.type("468135"); // inside Bob's passcode
            assertThat(t.lastPrompt()).isEqualTo("PASSCODE_NOT_ALLOWED");
        }
    }

    @Test
    @DisplayName("B4 + B7: a 7th fingerprint of a user and a second duress one are refused")
    void fingerprintLimits() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            int bob = t.addUser("Bob", LockUserRole.USER);
            t.enrolFingerprint(bob, "bob-duress", true);
            assertRefused(t.startEnrolment(bob, CredentialKind.FINGERPRINT, true), "DURESS_FULL");
            for (int i = 1; i <= 5; i++) {
                t.enrolFingerprint(bob, "bob-finger-" + i, false);
            }
            String before = t.dataWithoutEvents();
            assertRefused(t.startEnrolment(bob, CredentialKind.FINGERPRINT, false), "USER_FULL");
            assertThat(t.dataWithoutEvents()).isEqualTo(before);
        }
    }

    @Test
    @DisplayName("B4: enrolment asks for several presses, and refuses a finger already enrolled")
    void fingerprintEnrolment() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            int bob = t.addUser("Bob", LockUserRole.USER);
            t.startEnrolment(bob, CredentialKind.FINGERPRINT, false);
            assertThat(t.lastPrompt()).isEqualTo("PLACE_FINGER");
            t.lock.finger("bob-thumb", 0.9);
            assertThat(t.lastPrompt()).isEqualTo("PLACE_FINGER_AGAIN");
            t.lock.finger("bob-thumb", 0.1);
            assertThat(t.lastPrompt()).isEqualTo("PLACE_FINGER_AGAIN");
            t.lock.finger("bob-thumb", 0.9);
            t.lock.finger("bob-thumb", 0.9);
            assertThat(t.lastPrompt()).isEqualTo("OPERATION_SUCCESSFUL");
            t.startEnrolment(1, CredentialKind.FINGERPRINT, false);
            t.lock.finger("bob-thumb", 0.9);
            assertThat(t.lastPrompt()).isEqualTo("ALREADY_ENROLLED");
            assertThat(t.lastEvent(LockEvent.ENROLMENT_FAILED).reason()).isEqualTo("ALREADY_ENROLLED");
        }
    }

    @Test
    @DisplayName("B3: face enrolment walks five poses; 4th face refused; movement, obstruction and 30 s silence store nothing")
    void faceEnrolment() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            int bob = t.addUser("Bob", LockUserRole.USER);
            t.startEnrolment(bob, CredentialKind.FACE, false);
            List<String> asked = new ArrayList<>();
            for (Pose pose : Pose.values()) {
                asked.add(t.lastPrompt());
                t.lock.face("bob", pose, false);
            }
            assertThat(asked).containsExactly("FACE_FRONT", "FACE_UP", "FACE_DOWN", "FACE_LEFT", "FACE_RIGHT");
            assertThat(t.lastPrompt()).isEqualTo("OPERATION_SUCCESSFUL");

            String before = t.dataWithoutEvents();
            t.startEnrolment(bob, CredentialKind.FACE, false);
            t.lock.face("bob-twin", Pose.FRONT, false);
            t.lock.face("bob-twin", Pose.DOWN, false); // skipped UP: movement
            assertThat(t.lastEvent(LockEvent.ENROLMENT_FAILED).reason()).isEqualTo("MOVEMENT");
            t.startEnrolment(bob, CredentialKind.FACE, false);
            t.lock.face("bob-twin", Pose.FRONT, true);
            assertThat(t.lastEvent(LockEvent.ENROLMENT_FAILED).reason()).isEqualTo("OBSTRUCTED");
            t.startEnrolment(bob, CredentialKind.FACE, false);
            t.lock.face("bob-twin", Pose.FRONT, false);
            t.advance(30);
            assertThat(t.lastEvent(LockEvent.ENROLMENT_FAILED).reason()).isEqualTo("TIMEOUT");
            assertThat(t.events()).filteredOn(e -> LockEvent.CREDENTIAL_ADDED.equals(e.kind()) && e.user() == bob).hasSize(1);
            assertThat(t.dataWithoutEvents()).isEqualTo(before);

            t.enrolFace(bob, "bob-2");
            t.enrolFace(bob, "bob-3");
            assertRefused(t.startEnrolment(bob, CredentialKind.FACE, false), "USER_FULL");
            assertRefused(t.startEnrolment(bob, CredentialKind.FACE, true), "DURESS_NOT_ALLOWED");
        }
    }

    @Test
    @DisplayName("B2: a second guided enrolment while one runs is refused as busy")
    void oneEnrolmentAtATime() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            int bob = t.addUser("Bob", LockUserRole.USER);
            assertThat(t.startEnrolment(bob, CredentialKind.FINGERPRINT, false).accepted()).isTrue();
            assertRefused(t.startEnrolment(bob, CredentialKind.FACE, false), "BUSY");
            assertThat(t.command(new LockCommand.CancelEnrolment()).accepted()).isTrue();
            assertThat(t.lastEvent(LockEvent.ENROLMENT_FAILED).reason()).isEqualTo("CANCELLED");
        }
    }

    @Test
    @DisplayName("B2: a refused or malformed command is logged with its reason and changes nothing else")
    void refusedCommandsLogged() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            String before = t.dataWithoutEvents();
            assertRefused(t.command(new LockCommand.DeleteCredential(1, "passcode-9")), "UNKNOWN_CREDENTIAL");
            assertThat(t.lastEvent().kind()).isEqualTo(LockEvent.COMMAND_REFUSED);
            assertThat(t.lastEvent().reason()).isEqualTo("UNKNOWN_CREDENTIAL");
            t.lock.malformedCommand("malformed command: unexpected end of input");
            assertThat(t.lastEvent().kind()).isEqualTo(LockEvent.COMMAND_REFUSED);
            assertThat(t.lastEvent().reason()).isEqualTo("MALFORMED_COMMAND");
            assertThat(t.dataWithoutEvents()).isEqualTo(before);
        }
    }

    @Test
    @DisplayName("B2: commands need an administrator on the lock first (A1)")
    void commandsNeedAdministrator() throws Exception {
        try (TestLock t = new TestLock(dir)) {
            assertRefused(t.command(new LockCommand.AddUser("Bob", LockUserRole.USER, null)), "NO_ADMINISTRATOR");
        }
    }

    /** Passcodes following A2 that neither equal nor contain one another (all 8 digits, distinct). */
    static List<String> distinctPasscodes(int n) {
        List<String> out = new ArrayList<>();
        for (long x = 20_481_357L; out.size() < n; x += 7_919) {
            String code = Long.toString(x);
            if (PasscodeRules.check(code) == null && !code.contains("135792")) {
                out.add(code);
            }
        }
        return out;
    }
}
