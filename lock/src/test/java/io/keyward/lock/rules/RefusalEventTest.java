package io.keyward.lock.rules;

import io.keyward.lock.core.LockEvent;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.Setting;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC C9, H5: a refused command is logged with its reason code in {@code reason} and the words in
 * {@code detail}; {@code alarm} holds an alarm kind and nothing else (issue 10 finding 1: the
 * refusal's 66-character message landed in {@code alarm}, which the cloud could not store).
 */
@DisplayName("SPEC C9: a refusal's event carries its reason in reason and detail, never in alarm")
class RefusalEventTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("finding 1: RELOCK_SECONDS=500 is refused as BAD_VALUE, the message in detail, alarm empty")
    void finding01_refusedSettingPutsItsReasonInReasonAndDetailNotInAlarm() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            CommandReply reply = t.command(new LockCommand.ChangeSetting(Setting.RELOCK_SECONDS, "500"));
            assertThat(reply.accepted()).isFalse();

            LockEvent refused = t.lastEvent(LockEvent.COMMAND_REFUSED);
            assertThat(refused).isNotNull();
            assertThat(refused.alarm()).as("alarm of a COMMAND_REFUSED event").isNull();
            assertThat(refused.reason()).isEqualTo(reply.reason());
            assertThat(refused.detail()).as("the words go to detail").contains(reply.message());
            assertThat(refused.result()).isEqualTo("REFUSED");
        }
    }

    @Test
    @DisplayName("finding 1: across refusals of every command kind, only ALARM events carry an alarm")
    void finding01_onlyAlarmEventsCarryAnAlarm() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.command(new LockCommand.DeleteUser(42));
            t.command(new LockCommand.ChangeSetting(Setting.LANGUAGE, "FR"));
            t.command(new LockCommand.AddUser("", LockUserRole.USER, null));
            t.command(new LockCommand.DeleteCredential(1, "passcode-99"));
            t.lock.tamper();
            int refusals = 0;
            for (LockEvent e : t.events()) {
                if (!LockEvent.ALARM.equals(e.kind())) {
                    assertThat(e.alarm()).as("alarm of " + e).isNull();
                }
                refusals += LockEvent.COMMAND_REFUSED.equals(e.kind()) ? 1 : 0;
            }
            assertThat(refusals).isEqualTo(4);
            System.out.println("refusal events: " + t.events().size() + " events checked, " + refusals + " refusals");
            assertThat(t.lastEvent(LockEvent.ALARM).alarm()).isEqualTo("TAMPER");
        }
    }
}
