package io.keyward.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SPEC B11: ADD_USER's optional passcode on the wire, and never shown back. */
class AddUserPasscodeTest {

    @Test
    @DisplayName("B11 an ADD_USER without a passcode is written as before; with one it reads back, and the API's shown form hides it")
    void passcodeOnTheWire() throws Exception {
        String plain = LockCommands.write(new LockCommand.AddUser("Bob", LockUserRole.USER, null));
        assertThat(plain).doesNotContain("passcode").contains("\"validity\":null");
        String withCode = LockCommands.write(new LockCommand.AddUser("Cleaner", LockUserRole.USER, null, "482916"), "owner@example.org");
        LockCommands.Asked asked = LockCommands.parseAsked(withCode);
        assertThat(asked.command()).isEqualTo(new LockCommand.AddUser("Cleaner", LockUserRole.USER, null, "482916"));
        assertThat(asked.askedBy()).isEqualTo("owner@example.org");
        assertThat(LockCommands.shown(withCode)).doesNotContain("482916").contains("(hidden)").contains("owner@example.org");
        assertThat(asked.command().toString()).doesNotContain("482916");
    }

    @Test
    @DisplayName("B11 REPLACE_PASSCODE reads back, is told a command with a secret by its type, and its shown form and text hide the code; a name that merely says passcode is shown as it is")
    void replacePasscodeOnTheWire() throws Exception {
        String written = LockCommands.write(new LockCommand.ReplacePasscode(4, "739251"), "owner@example.org");
        LockCommands.Asked asked = LockCommands.parseAsked(written);
        assertThat(asked.command()).isEqualTo(new LockCommand.ReplacePasscode(4, "739251"));
        assertThat(asked.command()).isInstanceOf(LockCommand.WithSecret.class);
        assertThat(LockCommands.shown(written)).doesNotContain("739251").contains("(hidden)").contains("REPLACE_PASSCODE");
        assertThat(asked.command().toString()).doesNotContain("739251");
        String named = LockCommands.write(new LockCommand.AddUser("\"passcode\" 739251", LockUserRole.USER, null));
        assertThat(LockCommands.shown(named)).as("no secret given: shown as it is").isEqualTo(named);
    }
}
