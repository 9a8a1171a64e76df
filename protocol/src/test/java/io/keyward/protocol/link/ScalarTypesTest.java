package io.keyward.protocol.link;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A number given as text ("v":"1") is Malformed on the link, not coerced: what the lock writes has
 * one type per field, so a message with another is not the lock's (issue 10, fuzz finding 4: found by
 * LinkPayloadFuzzTest through the broker once the cloud stored every event that reads).
 */
class ScalarTypesTest {

    private static final String EVENT = "{\"v\":1,\"seq\":7,\"at\":\"2026-01-05T08:00:00Z\",\"kind\":\"UNLOCK\","
            + "\"method\":\"PASSCODE\",\"result\":\"OK\",\"user\":1,\"credential\":null,\"reason\":null,\"alarm\":null,\"detail\":null}";

    @Test
    void fuzz04_aNumberGivenAsTextIsMalformed() throws Exception {
        assertThat(LinkMessages.read(bytes(EVENT), LinkMessages.EventMessage.class).seq()).isEqualTo(7);
        assertThatThrownBy(() -> LinkMessages.read(bytes(EVENT.replace("\"v\":1", "\"v\":\"1\"")),
                LinkMessages.EventMessage.class)).isInstanceOf(LinkMessages.Malformed.class);
        assertThatThrownBy(() -> LinkMessages.read(bytes(EVENT.replace("\"seq\":7", "\"seq\":\"7\"")),
                LinkMessages.EventMessage.class)).isInstanceOf(LinkMessages.Malformed.class);
        assertThatThrownBy(() -> LinkMessages.read(bytes("{\"v\":1,\"seq\":\"1\"}"), LinkMessages.Ack.class))
                .isInstanceOf(LinkMessages.Malformed.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
