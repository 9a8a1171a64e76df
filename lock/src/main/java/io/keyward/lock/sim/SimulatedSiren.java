package io.keyward.lock.sim;

import io.keyward.lock.hardware.Siren;

import java.time.Instant;

/** Remembers the last alarm sounded and until when. */
public final class SimulatedSiren implements Siren {

    private String alarm;
    private Instant until;

    @Override
    public void sound(String alarm, int seconds, Instant at) {
        this.alarm = alarm;
        this.until = at.plusSeconds(seconds);
    }

    public boolean sounding(Instant now) {
        return until != null && now.isBefore(until);
    }

    public String alarm() {
        return alarm;
    }
}
