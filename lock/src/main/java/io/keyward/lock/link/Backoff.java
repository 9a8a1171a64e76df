package io.keyward.lock.link;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for reconnecting to a broker: the n-th failed try in a row waits a
 * random time between half and all of min(max, initial * 2^n), so that many locks of a house (or a
 * street, after a power cut) do not knock at the broker in step. Reset by a connection.
 */
final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private int failures; // touched by the client's threads one at a time

    Backoff(long initialMillis, long maxMillis) {
        if (initialMillis <= 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max");
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
    }

    /** The usual lock's: 0.5 s up to 30 s, as the cloud link. */
    static Backoff standard() {
        return new Backoff(500, 30_000);
    }

    /** The delay before the next try, counting one more failure. */
    synchronized long next() {
        long ceiling = Math.min(maxMillis, initialMillis << Math.min(failures, 20));
        failures++;
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    synchronized void reset() {
        failures = 0;
    }

    synchronized int failures() {
        return failures;
    }
}
