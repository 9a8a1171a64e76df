package io.keyward.cloud.link;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.keyward.protocol.link.LinkMessages.EventMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acks of a stored batch (SPEC H5, issue 11): one for each run of a lock's consecutive events, so
 * a busy lock gets one message a batch, never one that covers an event the batch did not hold.
 */
@DisplayName("SPEC H5 acks of a stored batch: one a run of a lock's consecutive events, never across a gap")
class AckRunsTest {

    private record Sent(String serial, long from, long seq) {
    }

    @Test
    @DisplayName("SPEC H5 each lock's consecutive events go back as one ack; a gap or a copy starts a new run; every event is covered once")
    void oneAckARun() {
        List<Sent> sent = new ArrayList<>();
        EventInbox.ackRuns(List.of(event("A", 1), event("B", 7), event("A", 2), event("A", 3), event("B", 8),
                event("A", 5), event("A", 6), event("C", 4), event("A", 6), event("B", 9)),
                (serial, from, seq) -> sent.add(new Sent(serial, from, seq)));
        assertThat(sent).containsExactly(
                new Sent("A", 1, 3), // 4 is not in the batch: not covered
                new Sent("A", 5, 6), // the copy of 6 closes the run and is acknowledged again, alone
                new Sent("A", 6, 6),
                new Sent("B", 7, 9),
                new Sent("C", 4, 4));
    }

    @Test
    @DisplayName("SPEC H5 nothing stored, nothing acknowledged")
    void anEmptyBatchSendsNothing() {
        List<Sent> sent = new ArrayList<>();
        EventInbox.ackRuns(List.of(), (serial, from, seq) -> sent.add(new Sent(serial, from, seq)));
        assertThat(sent).isEmpty();
    }

    private static EventInbox.Parsed event(String serial, long seq) {
        return new EventInbox.Parsed(serial, new EventMessage(1, seq, Instant.parse("2026-12-05T20:00:00Z"), "UNLOCK",
                "PASSCODE", "OK", 1, "passcode-1", null, null, null));
    }
}
