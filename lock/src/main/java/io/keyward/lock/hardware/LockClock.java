package io.keyward.lock.hardware;

import java.time.Instant;

/** Input port: the lock's real-time clock. A manual clock moves only when told to (tests). */
public interface LockClock {
    Instant now();

    boolean manual();

    /** Manual clocks only: moves time forward to the instant. */
    default void set(Instant instant) {
        throw new UnsupportedOperationException("the clock is not manual");
    }
}
