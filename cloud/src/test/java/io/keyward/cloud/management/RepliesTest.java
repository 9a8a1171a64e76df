package io.keyward.cloud.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.keyward.protocol.link.LinkMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("C6, issue 11 item 5: a request's wait for the lock's reply ends with the reply or at its deadline, swept, with no timer per request")
class RepliesTest {

    private final Replies replies = new Replies();

    @AfterEach
    void stop() {
        replies.stop();
    }

    private static LinkMessages.Reply accepted(String id) {
        return new LinkMessages.Reply(1, id, true, null, null, null, null);
    }

    @Test
    @DisplayName("no reply within the limit: the wait ends with a time-out within a sweep, and a late reply finds nobody")
    void deadlinePassed() {
        long started = System.nanoTime();
        var answer = replies.expectWithin("KW-1", "unlock-a", Duration.ofMillis(200));
        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(waited).isGreaterThanOrEqualTo(200).isLessThan(200 + 5 * Replies.SWEEP.toMillis());
        replies.replied("KW-1", accepted("unlock-a")); // too late: ignored, nothing thrown
        assertThat(answer.isCompletedExceptionally()).isTrue();
    }

    @Test
    @DisplayName("a reply in time completes the wait; only the lock the command went to can answer it")
    void replyInTime() throws Exception {
        var answer = replies.expectWithin("KW-1", "unlock-b", Duration.ofSeconds(10));
        replies.replied("KW-2", accepted("unlock-b"));
        assertThat(answer).isNotDone();
        replies.replied("KW-1", accepted("unlock-b"));
        assertThat(answer.get(1, TimeUnit.SECONDS).accepted()).isTrue();
    }

    @Test
    @DisplayName("a wait without a deadline (the caller's own limit) is never ended by the sweep")
    void noDeadline() throws Exception {
        var answer = replies.expect("KW-1", "c-1");
        Thread.sleep(3 * Replies.SWEEP.toMillis());
        assertThat(answer).isNotDone();
        replies.replied("KW-1", accepted("c-1"));
        assertThat(answer.get(1, TimeUnit.SECONDS).id()).isEqualTo("c-1");
    }
}
