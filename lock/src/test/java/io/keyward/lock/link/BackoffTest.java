package io.keyward.lock.link;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("issue 12 item 1: the home link's reconnect backoff (exponential, with jitter, capped, reset by a connection)")
class BackoffTest {

    @Test
    @DisplayName("the n-th failure waits between half and all of min(max, initial * 2^n), at random")
    void exponentialWithJitterAndCap() {
        Backoff backoff = new Backoff(500, 30_000);
        long[] ceilings = {500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000};
        for (long ceiling : ceilings) {
            long delay = backoff.next();
            assertThat(delay).isBetween(ceiling / 2, ceiling);
        }
        assertThat(backoff.failures()).isEqualTo(ceilings.length);
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.next()).isBetween(15_000L, 30_000L); // capped, however long it goes on
        }
    }

    @Test
    @DisplayName("the jitter spreads locks that failed together: many tries at the same step do not wait the same")
    void jitterSpreads() {
        Set<Long> delays = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Backoff lock = new Backoff(500, 30_000);
            lock.next();
            lock.next();
            delays.add(lock.next());
        }
        assertThat(delays).hasSizeGreaterThan(10);
    }

    @Test
    @DisplayName("a connection starts the count again; nonsense limits are refused")
    void resetAndLimits() {
        Backoff backoff = new Backoff(100, 1000);
        for (int i = 0; i < 10; i++) {
            backoff.next();
        }
        backoff.reset();
        assertThat(backoff.failures()).isZero();
        assertThat(backoff.next()).isBetween(50L, 100L);
        assertThatThrownBy(() -> new Backoff(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(100, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
