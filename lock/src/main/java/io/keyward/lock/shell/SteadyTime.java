package io.keyward.lock.shell;

import java.time.Duration;
import java.time.Instant;

/**
 * The lock's time from its hardware clock's readings: it never runs back (docs/lock.md "Time").
 *
 * A forward step of the clock is taken as it is. A backward jump (an RTC set back by a time sync or
 * a flat backup cell) is absorbed: the lock's time stays where it was and then runs at half the
 * clock's speed until the clock has caught up. So timers (relock, lockout, enrolment) keep running,
 * nothing that expired comes back (a visitor code, a Bluetooth key, a signed command's nonce), and
 * the lock converges on the clock after twice the jump.
 */
final class SteadyTime {

    private Instant clock; // the clock's last reading
    private Instant now;   // the lock's time at that reading: never earlier than before

    /** Starts at the clock's reading, or at floor (the last stored event) when the clock reads earlier. */
    SteadyTime(Instant reading, Instant floor) {
        this.clock = reading;
        this.now = floor != null && floor.isAfter(reading) ? floor : reading;
    }

    /** The lock's time at this reading of the clock. */
    synchronized Instant at(Instant reading) {
        Duration step = Duration.between(clock, reading);
        if (!step.isNegative()) {
            Instant next = now.plus(ahead() ? step.dividedBy(2) : step);
            now = next.isAfter(reading) ? next : reading;
        }
        clock = reading;
        return now;
    }

    /** How far the clock must move on from its last reading for the lock's time to reach due. */
    synchronized Duration clockUntil(Instant due) {
        Duration wanted = Duration.between(now, due);
        if (wanted.isNegative()) {
            return Duration.ZERO;
        }
        Duration offset = Duration.between(clock, now);
        if (offset.isNegative() || offset.isZero()) {
            return wanted;
        }
        // half speed until the clock meets the lock's time (after twice the offset), full speed after
        Duration halfSpeed = wanted.multipliedBy(2);
        return halfSpeed.compareTo(offset.multipliedBy(2)) <= 0 ? halfSpeed : wanted.plus(offset);
    }

    private boolean ahead() {
        return now.isAfter(clock);
    }
}
