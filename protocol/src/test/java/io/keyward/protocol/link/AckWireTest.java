package io.keyward.protocol.link;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The ack's wire form (SPEC H5, docs/link.md): one event as before, or a run from..seq. */
@DisplayName("SPEC H5 acks on the wire: one event without from, a run with it")
class AckWireTest {

    @Test
    @DisplayName("SPEC H5 an ack of one event is {v, seq} as before; a run adds from; both read back, first() naming the run's start")
    void oneEventOrARun() throws Exception {
        assertThat(new String(LinkMessages.write(new LinkMessages.Ack(1, 7)), StandardCharsets.UTF_8))
                .isEqualTo("{\"v\":1,\"seq\":7}");
        assertThat(new String(LinkMessages.write(new LinkMessages.Ack(1, 9, 3L)), StandardCharsets.UTF_8))
                .isEqualTo("{\"v\":1,\"seq\":9,\"from\":3}");
        LinkMessages.Ack one = LinkMessages.read("{\"v\":1,\"seq\":7}".getBytes(StandardCharsets.UTF_8), LinkMessages.Ack.class);
        assertThat(one.first()).isEqualTo(7);
        assertThat(one.from()).isNull();
        LinkMessages.Ack run = LinkMessages.read("{\"v\":1,\"seq\":9,\"from\":3}".getBytes(StandardCharsets.UTF_8),
                LinkMessages.Ack.class);
        assertThat(run.first()).isEqualTo(3);
        assertThat(run.seq()).isEqualTo(9);
    }
}
