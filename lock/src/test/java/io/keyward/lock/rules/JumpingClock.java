package io.keyward.lock.rules;

import io.keyward.lock.hardware.LockClock;
import io.keyward.lock.sim.ManualClock;

import java.time.Duration;
import java.time.Instant;

/**
 * Test-only: a manual clock whose hardware time can also be set back (an RTC corrected by a time sync,
 * or reset by a flat backup cell). {@link #set} moves forward only, as the manual clock does; {@link #jump}
 * moves either way.
 */
final class JumpingClock implements LockClock {

    private Instant now = ManualClock.START;

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

    /** The clock's reading jumps by delta (negative: back). */
    synchronized void jump(Duration delta) {
        now = now.plus(delta);
    }
}
