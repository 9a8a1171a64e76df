package io.keyward.lock.hardware;

import java.time.Instant;

/** Output port: the alarm sounder (tamper, system locked). */
public interface Siren {
    void sound(String alarm, int seconds, Instant at);
}
