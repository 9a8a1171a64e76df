package io.keyward.lock.sim;

import io.keyward.lock.hardware.BoltMotor;

/** A bolt that is where it was last driven; it starts thrown. */
public final class SimulatedBoltMotor implements BoltMotor {

    private boolean locked = true;

    @Override
    public void drive(boolean locked) {
        this.locked = locked;
    }

    @Override
    public boolean locked() {
        return locked;
    }
}
