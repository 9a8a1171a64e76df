package io.keyward.lock.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Trial-and-error locking (SPEC D1): 5 failed face, fingerprint or passcode verifications within
 * 5 minutes lock those methods for 3 minutes. The first and fifth failure may be exactly 5 minutes
 * apart. A success does not forget earlier failures: whoever opens may be the one guessing (a
 * visitor between guesses, issue 10 finding 8), so a failure counts until its 5 minutes are over.
 * Kept in memory only (documented in docs/lock.md, "Trial-and-error").
 */
final class TrialAndErrorLock {

    static final int TRIES = 5;
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final Duration LOCKOUT = Duration.ofMinutes(3);

    private final ArrayDeque<Instant> failures = new ArrayDeque<>(TRIES);
    private Instant until;

    boolean active(Instant now) {
        return until != null && now.isBefore(until);
    }

    Instant until() {
        return until;
    }

    /** Counts a failure; true when this one starts a lockout. */
    boolean fail(Instant now) {
        failures.addLast(now);
        while (failures.size() > TRIES || failures.peekFirst().isBefore(now.minus(WINDOW))) {
            failures.removeFirst();
        }
        if (failures.size() < TRIES) {
            return false;
        }
        failures.clear();
        until = now.plus(LOCKOUT);
        return true;
    }

    /** Ends a lockout whose time is over; true when one just ended. */
    boolean expire(Instant now) {
        if (until != null && !now.isBefore(until)) {
            until = null;
            return true;
        }
        return false;
    }

    /** Lifted from the app by an administrator; true when a lockout was active. */
    boolean lift(Instant now) {
        boolean was = active(now);
        until = null;
        failures.clear();
        return was;
    }
}
