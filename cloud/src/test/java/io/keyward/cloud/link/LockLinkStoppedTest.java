package io.keyward.cloud.link;

import java.time.Clock;
import java.time.Instant;

import io.keyward.protocol.link.SignedCommand;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The cloud's link with no MQTT client (stopped, or not started yet): the event inbox may still
 * acknowledge a batch it finished during a stop, and a request may still send a command. Neither may
 * throw in the caller's thread (under fleet load a stop once logged a NullPointerException from
 * {@code LockLink.publish}); an ack that cannot leave is sent again by the lock's resend (SPEC H5).
 */
@DisplayName("SPEC H5 the lock link once stopped: acks and commands are not sent, and nothing throws")
class LockLinkStoppedTest {

    private final LockLink stopped = new LockLink(null, null, null, null, null, java.util.List.of(), Clock.systemUTC(), "1");

    @Test
    @DisplayName("SPEC H5 an ack after the stop is dropped quietly (the lock sends the event again, the copy is absorbed)")
    void anAckAfterTheStopIsDropped() {
        assertThat(stopped.isRunning()).isFalse();
        assertThatCode(() -> stopped.ack("KW-STOPPED-1", 40, 42)).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("SPEC C6 a command after the stop is not sent and does not throw (it ends as a lock that did not answer)")
    void aCommandAfterTheStopIsNotSent() {
        Instant now = Instant.now();
        SignedCommand command = new SignedCommand(SignedCommand.VERSION, "KW-STOPPED-1", "c-1", now, now.plusSeconds(10),
                "nonce", "{\"type\":\"UNLOCK\"}", "signature");
        assertThatCode(() -> stopped.send(command)).doesNotThrowAnyException();
        assertThat(stopped.connected()).isFalse();
    }

    private static org.assertj.core.api.AbstractBooleanAssert<?> assertThat(boolean actual) {
        return org.assertj.core.api.Assertions.assertThat(actual);
    }
}
