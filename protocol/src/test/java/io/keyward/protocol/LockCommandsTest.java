package io.keyward.protocol;

import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.pairing.PairingPayload;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("protocol: lock commands and the pairing payload on the wire")
class LockCommandsTest {

    @Test
    @DisplayName("every command survives a round trip through its JSON wire form")
    void roundTrip() throws Exception {
        List<LockCommand> all = List.of(
                new LockCommand.AddUser("Bob", LockUserRole.USER,
                        new LockCommand.Validity(Instant.parse("2026-01-01T00:00:00Z"), null,
                                List.of(new LockCommand.WeeklyWindow(List.of(1, 2), 540, 600)))),
                new LockCommand.DeleteUser(2),
                new LockCommand.SetValidity(2, LockCommand.Validity.ALWAYS),
                new LockCommand.StartEnrolment(2, LockCommand.CredentialKind.FINGERPRINT, true),
                new LockCommand.CancelEnrolment(),
                new LockCommand.DeleteCredential(2, "fingerprint-1"),
                new LockCommand.ChangeSetting(Setting.RELOCK_SECONDS, "15"),
                new LockCommand.LiftLockout());
        for (LockCommand c : all) {
            assertThat(LockCommands.parse(LockCommands.write(c))).isEqualTo(c);
        }
        assertThat(LockCommands.write(new LockCommand.DeleteUser(2))).contains("\"type\":\"DELETE_USER\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "   ", "null", "[]", "42", "{}", "{\"type\":\"OPEN_SESAME\"}", "{\"type\":\"DELETE_USER\",\"user\":\"two\"}",
            "{\"type\":\"DELETE_USER\",\"user\":2,\"extra\":1}", "{\"type\":\"CHANGE_SETTING\",\"setting\":\"LASER\",\"value\":\"on\"}",
            "{\"type\":\"START_ENROLMENT\",\"user\":2,\"kind\":\"IRIS\",\"duress\":false}", "{\"type\":\"DELETE_USER\",\"user\":2} {}",
            "{\"type\":\"ADD_USER\",\"name\":\"Bob\",\"role\":0}", "{not json"})
    @DisplayName("a malformed or unknown command is refused with a reason")
    void malformedRefused(String json) {
        assertThatThrownBy(() -> LockCommands.parse(json))
                .isInstanceOf(LockCommands.MalformedCommand.class)
                .hasMessageContaining("command");
    }

    @Test
    @DisplayName("an oversized command is refused unread")
    void oversized() {
        String big = "{\"type\":\"ADD_USER\",\"name\":\"" + "x".repeat(LockCommands.MAX_BYTES) + "\",\"role\":\"USER\"}";
        assertThatThrownBy(() -> LockCommands.parse(big)).hasMessageContaining("larger");
    }

    @Test
    @DisplayName("issue 15 (trust design §2, §4): DEVICE_SIGNED, REMOVE_DEVICE and REVOKE_GRANT read and write back; a missing chain is empty, a null grant in it malformed; SPEC T7: REVOKE_GRANT's chain and grant only when given")
    void deviceCommands() throws Exception {
        LockCommand signed = new LockCommand.DeviceSigned("kwdc1.a.b", java.util.List.of("kwdg1.c.d", "kwdg1.e.f"));
        assertThat(LockCommands.write(signed))
                .isEqualTo("{\"type\":\"DEVICE_SIGNED\",\"signed\":\"kwdc1.a.b\",\"chain\":[\"kwdg1.c.d\",\"kwdg1.e.f\"]}");
        for (LockCommand c : java.util.List.of(signed, new LockCommand.RemoveDevice("AAAAAAAAAAAAAAAAAAAAAA"),
                new LockCommand.RevokeGrant("kwdr1.a.b"))) {
            assertThat(LockCommands.parse(LockCommands.write(c))).isEqualTo(c);
        }
        assertThat(LockCommands.write(new LockCommand.RevokeGrant("kwdr1.a.b")))
                .as("an owner device's revocation is written as before").isEqualTo("{\"type\":\"REVOKE_GRANT\",\"revocation\":\"kwdr1.a.b\"}");
        LockCommand byManager = new LockCommand.RevokeGrant("kwdr1.a.b", java.util.List.of("kwdg1.c.d"), "kwdg1.e.f");
        assertThat(LockCommands.write(byManager))
                .isEqualTo("{\"type\":\"REVOKE_GRANT\",\"revocation\":\"kwdr1.a.b\",\"chain\":[\"kwdg1.c.d\"],\"grant\":\"kwdg1.e.f\"}");
        assertThat(LockCommands.parse(LockCommands.write(byManager))).isEqualTo(byManager);
        assertThatThrownBy(() -> LockCommands.parse("{\"type\":\"REVOKE_GRANT\",\"revocation\":\"x\",\"chain\":[null]}"))
                .isInstanceOf(LockCommands.MalformedCommand.class);
        assertThat(LockCommands.parse("{\"type\":\"DEVICE_SIGNED\",\"signed\":\"kwdc1.a.b\"}"))
                .isEqualTo(new LockCommand.DeviceSigned("kwdc1.a.b", java.util.List.of()));
        assertThatThrownBy(() -> LockCommands.parse("{\"type\":\"DEVICE_SIGNED\",\"signed\":\"x\",\"chain\":[null]}"))
                .isInstanceOf(LockCommands.MalformedCommand.class);
        // the envelope of a command and two grants fits: 8 KiB
        String nearly = "{\"type\":\"DEVICE_SIGNED\",\"signed\":\"" + "s".repeat(4096) + "\",\"chain\":[\""
                + "g".repeat(1900) + "\",\"" + "g".repeat(1900) + "\"]}";
        assertThat(nearly.length()).isLessThanOrEqualTo(LockCommands.MAX_BYTES);
        assertThat(LockCommands.parse(nearly)).isInstanceOf(LockCommand.DeviceSigned.class);
    }

    @Test
    @DisplayName("SPEC A3: the pairing payload carries serial, one-time secret and expiry, and nothing else parses as one")
    void pairingPayload() {
        PairingPayload p = new PairingPayload("KW-0001", "abcdefghijklmnopqrstuv", Instant.ofEpochSecond(1_767_600_000L));
        assertThat(PairingPayload.parse(p.encode())).isEqualTo(p);
        for (String bad : new String[]{"", "http://pair?v=1", "keyward://pair?v=2&serial=KW-1&secret=abcdefghijklmnopqrstuv&expires=1",
                "keyward://pair?v=1&serial=KW-1&secret=short&expires=1", "keyward://pair?v=1&serial=KW-1&secret=abcdefghijklmnopqrstuv&expires=soon",
                "keyward://pair?v=1&serial=K%20W&secret=abcdefghijklmnopqrstuv&expires=1"}) {
            assertThatThrownBy(() -> PairingPayload.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @DisplayName("SPEC B2 a command naming who asked (askedBy) reads back with the account; without it, with none")
    void askedBy() throws Exception {
        LockCommand add = new LockCommand.AddUser("Bob", LockUserRole.USER, LockCommand.Validity.ALWAYS);
        LockCommands.Asked asked = LockCommands.parseAsked(LockCommands.write(add, "olivia@example.org"));
        assertThat(asked.command()).isEqualTo(add);
        assertThat(asked.askedBy()).isEqualTo("olivia@example.org");
        assertThat(LockCommands.parseAsked(LockCommands.write(add)).askedBy()).isNull();
        assertThat(LockCommands.write(add, null)).isEqualTo(LockCommands.write(add));
        // a remote unlock's own "account" is its field, not askedBy
        LockCommand unlock = new LockCommand.RemoteUnlock("olivia@example.org");
        assertThat(LockCommands.parseAsked(LockCommands.write(unlock)).command()).isEqualTo(unlock);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"LIFT_LOCKOUT\",\"askedBy\":42}", "{\"type\":\"LIFT_LOCKOUT\",\"askedBy\":\" \"}",
            "{\"type\":\"LIFT_LOCKOUT\",\"askedBy\":null}", "{\"type\":\"LIFT_LOCKOUT\",\"askedby\":\"a@b\"}", "[1]"})
    @DisplayName("SPEC B2 askedBy that is no account's email, or misspelt, is a malformed command; plain parse never takes it")
    void askedByMalformed(String json) {
        assertThatThrownBy(() -> LockCommands.parseAsked(json)).isInstanceOf(LockCommands.MalformedCommand.class);
        assertThatThrownBy(() -> LockCommands.parse("{\"type\":\"LIFT_LOCKOUT\",\"askedBy\":\"a@b\"}"))
                .isInstanceOf(LockCommands.MalformedCommand.class);
        assertThatThrownBy(() -> LockCommands.parseAsked("{\"type\":\"LIFT_LOCKOUT\",\"askedBy\":\"" + "a".repeat(255) + "\"}"))
                .isInstanceOf(LockCommands.MalformedCommand.class);
    }
}
