package io.keyward.protocol.bluetooth;

import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.Setting;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("SPEC C5, E3, B2: the record payloads of a Bluetooth session, strict both ways")
class RadioPayloadTest {

    private static RadioRequest parse(String json) throws RadioRequest.Malformed {
        return RadioRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("every request reads back as itself from its JSON form")
    void requestsRoundTrip() throws Exception {
        for (RadioRequest r : List.of(new RadioRequest.Unlock(), new RadioRequest.State(),
                new RadioRequest.Revocations(List.of("kwrv1.a.b", "kwrv1.c.d")),
                new RadioRequest.Command(new LockCommand.ChangeSetting(Setting.PRIVACY_MODE, "true")),
                new RadioRequest.Command(new LockCommand.RevokeBluetoothKey("kwrv1.x.y")))) {
            assertThat(RadioRequest.parse(r.toBytes())).isEqualTo(r);
        }
        assertThat(new String(new RadioRequest.Unlock().toBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"UNLOCK\"}");
        assertThat(parse("{\"type\":\"COMMAND\",\"command\":{\"type\":\"LIFT_LOCKOUT\"}}"))
                .isEqualTo(new RadioRequest.Command(new LockCommand.LiftLockout()));
    }

    @Test
    @DisplayName("anything else is Malformed: unknown type or field, repeats, trailing data, too many revocations")
    void strictRequests() {
        String tooMany = "{\"type\":\"REVOCATIONS\",\"revocations\":[" + String.join(",", Collections.nCopies(65, "\"r\"")) + "]}";
        for (String bad : List.of("", " ", "null", "[]", "1", "{}", "{\"type\":1}", "{\"type\":\"unlock\"}",
                "{\"type\":\"UNLOCK\",\"type\":\"UNLOCK\"}", "{\"type\":\"UNLOCK\"} x", "{\"type\":\"UNLOCK\",\"a\":null}",
                "{\"type\":\"REVOCATIONS\"}", "{\"type\":\"REVOCATIONS\",\"revocations\":[]}",
                "{\"type\":\"REVOCATIONS\",\"revocations\":[1]}", "{\"type\":\"REVOCATIONS\",\"revocations\":[\"\"]}",
                "{\"type\":\"REVOCATIONS\",\"revocations\":\"kwrv1\"}", tooMany,
                "{\"type\":\"COMMAND\"}", "{\"type\":\"COMMAND\",\"command\":\"LIFT_LOCKOUT\"}",
                "{\"type\":\"COMMAND\",\"command\":{\"type\":\"FLY\"}}",
                "{\"type\":\"COMMAND\",\"command\":{\"type\":\"LIFT_LOCKOUT\",\"x\":1}}", "\u00ff\u00fe")) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(RadioRequest.Malformed.class);
        }
        assertThatThrownBy(() -> RadioRequest.parse(null)).isInstanceOf(RadioRequest.Malformed.class);
        assertThatThrownBy(() -> RadioRequest.parse(new byte[]{(byte) 0xc3, 0x28})).isInstanceOf(RadioRequest.Malformed.class);
    }

    @Test
    @DisplayName("responses leave out what does not apply and read back; key refusals end the session")
    void responses() throws Exception {
        assertThat(new String(RadioResponse.done().toBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(new String(RadioResponse.revocations(2, 1).toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"ok\":true,\"applied\":2,\"refused\":1}");
        RadioResponse refused = RadioResponse.refused("PRIVACY_MODE", "privacy mode is on");
        assertThat(RadioResponse.parse(refused.toBytes())).isEqualTo(refused);
        RadioResponse command = RadioResponse.command(CommandReply.refused("BAD_VALUE", "no"));
        assertThat(command.ok()).isFalse();
        assertThat(RadioResponse.parse(command.toBytes())).isEqualTo(command);
        assertThat(refused.endsSession()).isFalse();
        assertThat(RadioResponse.refused("REVOKED", "").endsSession()).isTrue();
        assertThat(RadioResponse.refused("EXPIRED", "").endsSession()).isTrue();
        io.keyward.protocol.link.LinkMessages.LockState state = new io.keyward.protocol.link.LinkMessages.LockState(1, true, 7,
                90, false, "LOCKED", "CLOSED", false, false, java.util.Map.of("PRIVACY_MODE", "false"), List.of(), null, null);
        String written = new String(RadioResponse.state(state).toBytes(), StandardCharsets.UTF_8);
        assertThat(written).as("the state inside is the JSON the lock reports to the cloud, nulls included")
                .isEqualTo("{\"ok\":true,\"state\":" + new String(io.keyward.protocol.link.LinkMessages.write(state),
                        StandardCharsets.UTF_8) + "}");
        assertThat(RadioResponse.parse(written.getBytes(StandardCharsets.UTF_8)).state()).isEqualTo(state);
        assertThatThrownBy(() -> RadioResponse.parse("{\"ok\":true,\"x\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RadioRequest.Malformed.class);
    }
}
