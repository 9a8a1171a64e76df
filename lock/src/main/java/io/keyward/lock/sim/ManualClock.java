package io.keyward.lock.sim;

import io.keyward.lock.hardware.LockClock;

import java.time.Instant;

/** Test mode: time stands still until {@link #set} moves it (panel API {@code POST /clock/advance}). */
public final class ManualClock implements LockClock {

    /** A Monday morning, so weekly windows are easy to reason about in tests. */
    public static final Instant START = Instant.parse("2026-01-05T08:00:00Z");

    private Instant now;

    public ManualClock() {
        this(START);
    }

    public ManualClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public boolean manual() {
        return true;
    }

    @Override
    public synchronized void set(Instant instant) {
        if (instant.isBefore(now)) {
            throw new IllegalArgumentException("time only moves forward");
        }
        now = instant;
    }
}
