package io.keyward.lock.model;

import io.keyward.lock.core.LockEvent;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.Setting;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the model-based test ({@link LockModelProperties}) found the lock wrong, each pinned by a plain test. */
@DisplayName("Model-based test: disagreements found, decided from SPEC")
class ModelDisagreementsTest {

    @Test
    @DisplayName("finding 1 (lock side), C9: a refused command's message is its detail; alarm is only for ALARM events")
    void finding01_refusedCommandKeepsItsMessageInDetailNotInAlarm() throws Exception {
        try (DoorLock d = DoorLock.paired(1)) {
            d.lock.command(new LockCommand.ChangeSetting(Setting.RELOCK_SECONDS, "500"));
            LockEvent e = d.lastEvent();
            assertThat(e.kind()).isEqualTo(LockEvent.COMMAND_REFUSED);
            assertThat(e.reason()).isEqualTo("BAD_VALUE");
            assertThat(e.alarm()).as("alarm names an ALARM event's alarm only").isNull();
            assertThat(e.detail()).contains("RELOCK_SECONDS must be whole seconds from 5 to 120");
        }
    }
}
