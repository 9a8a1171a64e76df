package io.keyward.lock.link;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The link's reconnect wait (issue 11, the reconnect storm): events wait in the lock until it is back
 * (SPEC H5), so how fast and how spread a fleet returns decides how soon everything arrives. The
 * bounds over every attempt count and draw: ReconnectBackoffProperties.
 */
@DisplayName("issue 11 / SPEC H5: the link's jittered exponential reconnect backoff (0.5 s to 30 s)")
class ReconnectBackoffTest {

    @Test
    @DisplayName("SPEC H5 backoff steps: 0.5 s, 1 s, 2 s ... doubling to 30 s and staying there (no overflow after a long outage)")
    void stepsDoubleThenCap() {
        assertThat(ReconnectBackoff.step(0)).isEqualTo(Duration.ofMillis(500));
        assertThat(ReconnectBackoff.step(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ReconnectBackoff.step(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(ReconnectBackoff.step(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(ReconnectBackoff.step(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
        assertThat(ReconnectBackoff.step(-1)).as("a nonsense count waits the first step").isEqualTo(Duration.ofMillis(500));
    }

    @Test
    @DisplayName("SPEC H5 backoff spread: 10,000 locks dropped at once spread their first retry over the whole [0.25 s, 0.5 s) window")
    void aFleetDroppedAtOnceSpreadsItsRetries() {
        Random random = new Random(11);
        int[] buckets = new int[10]; // 25 ms each
        TreeSet<Long> distinct = new TreeSet<>();
        for (int lock = 0; lock < 10_000; lock++) {
            long ms = ReconnectBackoff.delay(0, random::nextDouble).toMillis();
            buckets[(int) ((ms - 250) / 25)]++;
            distinct.add(ms);
        }
        assertThat(distinct.first()).isLessThan(255);
        assertThat(distinct.last()).isGreaterThan(495);
        assertThat(distinct).as("nearly every millisecond of the window is used").hasSizeGreaterThan(240);
        for (int count : buckets) {
            assertThat(count).as("no 25 ms slot takes much more than its tenth of the fleet").isBetween(800, 1200);
        }
    }

    @Test
    @DisplayName("SPEC H5 backoff spread at the cap: waits after a long outage spread over [15 s, 30 s), not all at 30 s")
    void atTheCapTheWaitsStillSpread() {
        Random random = new Random(7);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 1_000; i++) {
            long ms = ReconnectBackoff.delay(40, random::nextDouble).toMillis();
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertThat(min).isBetween(15_000L, 15_500L);
        assertThat(max).isBetween(29_500L, 29_999L);
    }
}
