package io.keyward.lock.link;

import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconnect backoff's bounds for any attempt count and any random draw (issue 11; ReconnectBackoffTest). */
class ReconnectBackoffProperties {

    @Property(tries = 500)
    @Label("SPEC H5 backoff bounds: every wait lies in [step/2, step), step = min(30 s, 0.5 s x 2^attempts)")
    void boundsHoldForEveryAttemptAndDraw(@ForAll @IntRange(min = 0, max = 10_000) int attempts,
                                          @ForAll @DoubleRange(min = 0, max = 1) double random) {
        Duration step = ReconnectBackoff.step(attempts);
        Duration wait = ReconnectBackoff.delay(attempts, () -> random);
        assertThat(step).isBetween(ReconnectBackoff.FIRST, ReconnectBackoff.MOST);
        assertThat(wait).isGreaterThanOrEqualTo(step.dividedBy(2)).isLessThan(step);
        assertThat(wait).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(ReconnectBackoff.MOST);
    }
}
