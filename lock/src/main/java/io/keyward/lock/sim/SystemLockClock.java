package io.keyward.lock.sim;

import io.keyward.lock.hardware.LockClock;

import java.time.Instant;

/** The machine's clock. */
public final class SystemLockClock implements LockClock {

    public static final SystemLockClock INSTANCE = new SystemLockClock();

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public boolean manual() {
        return false;
    }
}
