package io.keyward.lock.rules;

import io.keyward.lock.core.LockEvent;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.Setting;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("storage: nothing acknowledged is lost across a restart")
class RestartTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("users, credentials, settings and events survive a restart; sequence numbers and time go on")
    void everythingSurvives() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            int bob = t.addUser("Bob", LockUserRole.USER);
            t.enrolPasscode(bob, "246813", true);
            t.enrolFingerprint(bob, "bob-thumb", false);
            t.set(Setting.LANGUAGE, "ZH");
            t.advance(3600);
            t.type("246813");
            LockEvent last = t.lastEvent(LockEvent.ALARM);
            assertThat(last.alarm()).isEqualTo("DURESS");

            t.reboot();

            assertThat(t.lastEvent(LockEvent.ALARM)).isEqualTo(last);
            assertThat(t.state().time()).as("a manual clock resumes where the events left off").isAfterOrEqualTo(last.at());
            assertThat(t.lock.view().language()).isEqualTo("ZH");
            t.settle();
            t.lock.finger("bob-thumb", 0.9);
            assertThat(t.unlocked()).isTrue();
            assertThat(t.lastEvent(LockEvent.UNLOCK).seq()).isGreaterThan(last.seq());
            t.settle();
            t.type(TestLock.ADMIN_PASSCODE);
            assertThat(t.unlocked()).isTrue();
        }
    }
}
