package io.keyward.lock.shell;

import io.keyward.lock.sim.ManualClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The lock's time under random clock jumps (docs/lock.md "Time"): never back, never behind, always moving. */
class SteadyTimeTest {

    @Test
    @DisplayName("random jumps: monotonic, never behind the clock, at least half speed, and clockUntil reaches its instant")
    void steadyUnderRandomJumps() {
        Random random = new Random(10);
        int sequences = 2_000;
        int steps = 50;
        for (int s = 0; s < sequences; s++) {
            Instant reading = ManualClock.START;
            SteadyTime time = new SteadyTime(reading, random.nextBoolean() ? reading.plusSeconds(random.nextInt(7200)) : null);
            Instant last = time.at(reading);
            for (int i = 0; i < steps; i++) {
                if (random.nextInt(5) == 0) {
                    Instant due = last.plusSeconds(random.nextInt(600));
                    Duration d = time.clockUntil(due);
                    reading = reading.plus(d);
                    Instant now = time.at(reading);
                    assertThat(now).as("sequence %d step %d: clockUntil reaches its instant exactly", s, i).isEqualTo(due);
                    last = now;
                    continue;
                }
                Duration step = Duration.ofSeconds(random.nextInt(7200) - (random.nextInt(4) == 0 ? 7200 : 0));
                reading = reading.plus(step);
                Instant now = time.at(reading);
                assertThat(now).as("never back").isAfterOrEqualTo(last);
                assertThat(now).as("never behind the clock").isAfterOrEqualTo(reading);
                if (!step.isNegative()) {
                    assertThat(Duration.between(last, now)).as("at least half speed").isGreaterThanOrEqualTo(step.dividedBy(2));
                }
                last = now;
            }
        }
        System.out.println("steady time: " + sequences + " sequences x " + steps + " clock steps");
    }
}
