package io.keyward.lock.link;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long a lock waits before its next attempt to reach the broker: exponential from 0.5 s up to
 * 30 s, with "equal jitter" (half the step fixed, half random). The fixed half keeps one lock from
 * hammering a broker that is down; the random half spreads a fleet that lost the broker at the same
 * instant, so that 10,000 locks do not all knock again in the same millisecond after a restart
 * (issue 11, the reconnect storm; docs/link.md).
 */
public final class ReconnectBackoff {

    public static final Duration FIRST = Duration.ofMillis(500);
    public static final Duration MOST = Duration.ofSeconds(30);

    private ReconnectBackoff() {
    }

    /**
     * The wait before attempt number attempts + 1 (attempts = 0 after the link dropped): the step is
     * min(30 s, 0.5 s x 2^attempts); the wait lies in [step / 2, step), random01 placing it.
     */
    public static Duration delay(int attempts, DoubleSupplier random01) {
        long step = step(attempts).toMillis();
        double r = Math.min(Math.max(random01.getAsDouble(), 0), Math.nextDown(1.0));
        return Duration.ofMillis(step / 2 + (long) (r * (step - step / 2)));
    }

    /** min(30 s, 0.5 s x 2^attempts); the shift is capped so a long outage cannot overflow it. */
    static Duration step(int attempts) {
        int doublings = Math.min(Math.max(attempts, 0), 16);
        return Duration.ofMillis(Math.min(MOST.toMillis(), FIRST.toMillis() << doublings));
    }
}
