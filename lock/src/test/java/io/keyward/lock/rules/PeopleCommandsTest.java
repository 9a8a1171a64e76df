package io.keyward.lock.rules;

import io.keyward.lock.core.LockEvent;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommand.Validity;
import io.keyward.protocol.command.LockCommand.WeeklyWindow;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.Setting;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The lock's side of people across locks (docs/people.md): ADD_USER with a passcode, windows in the home's zone. */
@DisplayName("SPEC B10, B11: a person's lock user with a passcode in one command; weekly windows in the home's time zone")
class PeopleCommandsTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("B11 ADD_USER with a passcode adds the user and the code at once: the code opens and is kept as a keyed hash")
    void addUserWithPasscode() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            CommandReply added = t.command(new LockCommand.AddUser("Cleaner", LockUserRole.USER, null, "482916"));
            assertThat(added.accepted()).isTrue();
            assertThat(added.user()).isEqualTo(2);
            assertThat(t.dataWithoutEvents()).as("no passcode in the clear in the lock's storage").doesNotContain("482916");
            assertThat(t.lastEvent(LockEvent.CREDENTIAL_ADDED).user()).isEqualTo(2);
            t.settle();
            t.type("482916");
            assertThat(t.unlocked()).isTrue();
        }
    }

    @Test
    @DisplayName("B11 A2 C3 ADD_USER with a passcode the lock cannot take is refused whole, with the rule's reason, and changes nothing")
    void refusedWhole() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            String before = t.dataWithoutEvents();
            assertRefused(t.command(new LockCommand.AddUser("Eve", LockUserRole.USER, null, TestLock.ADMIN_PASSCODE)),
                    "PASSCODE_ALREADY_ON_LOCK");
            assertRefused(t.command(new LockCommand.AddUser("Eve", LockUserRole.USER, null, "9" + TestLock.ADMIN_PASSCODE)),
                    "PASSCODE_OVERLAPS_EXISTING");
            assertRefused(t.command(new LockCommand.AddUser("Eve", LockUserRole.USER, null, "123456")), "PASSCODE_CONSECUTIVE_DIGITS");
            assertRefused(t.command(new LockCommand.AddUser("Eve", LockUserRole.USER, null, "777777")), "PASSCODE_REPEATED_DIGIT");
            assertRefused(t.command(new LockCommand.AddUser("Eve", LockUserRole.USER, null, "12a456")), "PASSCODE_NOT_DIGITS");
            assertRefused(t.command(new LockCommand.AddUser("Eve", LockUserRole.USER, null, "4829")), "PASSCODE_TOO_SHORT");
            assertThat(t.dataWithoutEvents()).as("no user without the passcode asked for").isEqualTo(before);
        }
    }

    @Test
    @DisplayName("B11 A2 C3 REPLACE_PASSCODE changes a user's code in place: the new code opens and the old no longer; a code on the lock, one breaking A2, an unknown user are refused and change nothing")
    void replacePasscode() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            assertThat(t.command(new LockCommand.AddUser("Cleaner", LockUserRole.USER, null, "482916")).accepted()).isTrue();
            String before = t.dataWithoutEvents();
            assertRefused(t.command(new LockCommand.ReplacePasscode(2, TestLock.ADMIN_PASSCODE)), "PASSCODE_ALREADY_ON_LOCK");
            assertRefused(t.command(new LockCommand.ReplacePasscode(2, "9" + TestLock.ADMIN_PASSCODE)), "PASSCODE_OVERLAPS_EXISTING");
            assertRefused(t.command(new LockCommand.ReplacePasscode(2, "123456")), "PASSCODE_CONSECUTIVE_DIGITS");
            assertRefused(t.command(new LockCommand.ReplacePasscode(9, "593817")), "UNKNOWN_USER");
            assertThat(t.dataWithoutEvents()).as("nothing changed by a refusal").isEqualTo(before);

            // around the user's own old code: allowed, since that one goes
            assertThat(t.command(new LockCommand.ReplacePasscode(2, "4829163")).accepted()).isTrue();
            assertThat(t.dataWithoutEvents()).as("kept as a keyed hash").doesNotContain("4829163");
            assertThat(t.lastEvent(LockEvent.CREDENTIAL_DELETED).user()).isEqualTo(2);
            assertThat(t.lastEvent(LockEvent.CREDENTIAL_ADDED).user()).isEqualTo(2);
            t.settle();
            t.type("482916");
            assertThat(t.unlocked()).as("the old code").isFalse();
            t.settle();
            t.type("4829163");
            assertThat(t.unlocked()).as("the new code").isTrue();
        }
    }

    @Test
    @DisplayName("B10 the same Monday 09:00-10:00 window opens at 08:00 UTC in Europe/Berlin (09:00 there) but not in UTC; an unknown zone is refused")
    void windowsInTheHomesZone() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) { // the manual clock starts Monday 2026-01-05 08:00 UTC
            Validity mondayMorning = new Validity(null, null, List.of(new WeeklyWindow(List.of(1), 540, 600)));
            assertThat(t.command(new LockCommand.AddUser("Cleaner", LockUserRole.USER, mondayMorning, "482916")).accepted()).isTrue();
            t.settle();
            t.type("482916");
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).as("08:00 in UTC").isEqualTo("OUTSIDE_VALIDITY");
            t.set(Setting.TIME_ZONE, "Europe/Berlin");
            t.type("482916");
            assertThat(t.unlocked()).as("09:00 in Berlin").isTrue();
            assertRefused(t.command(new LockCommand.ChangeSetting(Setting.TIME_ZONE, "Mars/Olympus")), "BAD_VALUE");
        }
    }

    private static void assertRefused(CommandReply r, String reason) {
        assertThat(r.accepted()).as(reason).isFalse();
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.message()).isNotBlank();
    }
}
