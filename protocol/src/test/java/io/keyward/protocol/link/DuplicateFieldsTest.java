package io.keyward.protocol.link;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A field given twice on the link is Malformed, not "the last one wins" (issue 10, fuzz finding 2). */
class DuplicateFieldsTest {

    private static final String EVENT = "{\"v\":1,\"v\":2,\"seq\":7,\"at\":\"2026-01-05T08:00:00Z\",\"kind\":\"UNLOCK\","
            + "\"method\":\"PASSCODE\",\"result\":\"OK\",\"user\":1,\"credential\":null,\"reason\":null,\"alarm\":null,\"detail\":null}";

    @Test
    void fuzz02_aFieldGivenTwiceMakesAnyLinkMessageMalformed() {
        // found by LinkPayloadFuzzTest through the broker: an event with "v":1,"v":2 read as v 2 and the
        // cloud stored it; a signed command, an ack or a live request read the same way (the last one wins),
        // so two readers of one message could disagree on what it says
        assertThatThrownBy(() -> LinkMessages.read(EVENT.getBytes(StandardCharsets.UTF_8), LinkMessages.EventMessage.class))
                .isInstanceOf(LinkMessages.Malformed.class).hasMessageContaining("Duplicate field");
        assertThatThrownBy(() -> LinkMessages.read("{\"v\":1,\"seq\":1,\"seq\":2}".getBytes(StandardCharsets.UTF_8),
                LinkMessages.Ack.class)).isInstanceOf(LinkMessages.Malformed.class);
        assertThatThrownBy(() -> CameraMessages.readRequest("{\"v\":1,\"id\":\"a\",\"seconds\":0,\"seconds\":60}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(LinkMessages.Malformed.class);
        assertThatThrownBy(() -> CameraMessages.readSnapshot("{\"v\":1,\"seq\":1,\"seq\":2,\"at\":\"2026-01-05T08:00:00Z\",\"jpeg\":\"/9j/2Q==\"}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(LinkMessages.Malformed.class);
        // the command inside a signed command (and the panel's POST /command), as the radio's RadioJson already refused
        assertThatThrownBy(() -> io.keyward.protocol.command.LockCommands.parse(
                "{\"type\":\"DELETE_USER\",\"user\":2,\"user\":1}"))
                .isInstanceOf(io.keyward.protocol.command.LockCommands.MalformedCommand.class);
    }

}
