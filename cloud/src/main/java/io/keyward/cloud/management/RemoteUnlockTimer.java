package io.keyward.cloud.management;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * {@code keyward_unlock_remote_seconds} (docs/cloud.md "Metrics"): a remote unlock from the request to the
 * lock's answer, its refusal or the time-out, by outcome. One timer for both ways a request may take
 * (Spring MVC's handler, {@link RemoteUnlockFastPath}), so the figure is the same whichever answered.
 */
@Component
class RemoteUnlockTimer {

    private final Timer unlocked;
    private final Timer notUnlocked;

    RemoteUnlockTimer(MeterRegistry meters) {
        this.unlocked = timer(meters, "unlocked");
        this.notUnlocked = timer(meters, "failed");
    }

    /** Both outcomes registered at once, so a dashboard shows zero rather than no data (docs/cloud.md "Metrics"). */
    private static Timer timer(MeterRegistry meters, String outcome) {
        return Timer.builder("keyward.unlock.remote").tag("outcome", outcome)
                .description("Remote unlock, from the request to the lock's answer, its refusal or the time-out")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(meters);
    }

    /** One unlock asked at {@code startedNanos} (System.nanoTime) has ended, opened or not. */
    void record(boolean opened, long startedNanos) {
        (opened ? unlocked : notUnlocked).record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
}
