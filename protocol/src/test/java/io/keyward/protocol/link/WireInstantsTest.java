package io.keyward.protocol.link;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Findings of the fuzz module (issue 10 item 3): instants on the link must be ones both ends can
 * represent (signed as epoch milliseconds, stored as SQL timestamps), else the message is Malformed.
 */
class WireInstantsTest {

    private static final KeyPair CLOUD = CommandSigning.newKeyPair();

    private static byte[] command(String issued) {
        return ("{\"v\":1,\"serial\":\"KW-0001\",\"id\":\"c1\",\"issued\":\"" + issued + "\","
                + "\"expires\":\"2026-01-05T08:00:20Z\",\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAA\","
                + "\"body\":\"{}\",\"signature\":\"AAAA\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void fuzz01_signedCommandIssuedBeyondEpochMillisIsMalformedNotAnOverflow() throws Exception {
        // SPEC C6: found by LockInboundFuzzTest.commands: issued +1000000000-12-31 read, then the lock's
        // signature check computed signedBytes() (toEpochMilli) and threw ArithmeticException: long overflow
        // out of the lock's step, on the link's inbox thread: no refusal logged, no reply sent.
        assertThatThrownBy(() -> LinkMessages.read(command("+1000000000-12-31T23:59:59Z"), SignedCommand.class))
                .isInstanceOf(LinkMessages.Malformed.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> LinkMessages.read(command("-1000000000-01-01T00:00:00Z"), SignedCommand.class))
                .isInstanceOf(LinkMessages.Malformed.class);
        SignedCommand ordinary = LinkMessages.read(command("2026-01-05T08:00:00Z"), SignedCommand.class);
        assertThat(CommandSigning.verify(CLOUD.getPublic(), ordinary)).isFalse();
    }

    @Test
    void fuzz01_eventsAndSnapshotsBeyondYear9999AreMalformed() {
        // the cloud stores an event's instant in a SQL timestamp column: a year past 9999 is no event
        byte[] event = ("{\"v\":1,\"seq\":1,\"at\":\"+10000-01-01T00:00:00Z\",\"kind\":\"UNLOCK\",\"method\":null,"
                + "\"result\":null,\"user\":null,\"credential\":null,\"reason\":null,\"alarm\":null,\"detail\":null}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> LinkMessages.read(event, LinkMessages.EventMessage.class))
                .isInstanceOf(LinkMessages.Malformed.class);
        byte[] snapshot = "{\"v\":1,\"seq\":1,\"at\":\"+10000-01-01T00:00:00Z\",\"jpeg\":\"/9j/2Q==\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CameraMessages.readSnapshot(snapshot)).isInstanceOf(LinkMessages.Malformed.class);
    }
}
