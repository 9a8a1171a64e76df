package io.keyward.cloud.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import io.keyward.cloud.AfterCommit;
import io.keyward.cloud.events.NewEventListener;
import io.keyward.protocol.event.EventKind;
import io.keyward.protocol.link.LinkMessages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Counts each newly stored event by kind, and its ingest lag: from the event's own time (the lock's
 * clock) to the commit that stored it, so events kept by a lock while it was offline show as lag.
 * Counted after the commit: an event whose transaction rolls back comes again and is counted then.
 */
@Component
class StoredEventMeters implements NewEventListener {

    private static final String OTHER = "OTHER";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Timer lag;

    StoredEventMeters(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.lag = Timer.builder("keyward.ingest.lag")
                .description("From an event's time on the lock to its commit in the cloud's database")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
        for (EventKind kind : EventKind.values()) { // every kind at zero from the start: dashboards show rates, not gaps
            stored(kind.name());
        }
        stored(OTHER);
    }

    private Counter stored(String kind) {
        return Counter.builder("keyward.events.stored").description("Events stored, once each, by kind")
                .tag("kind", kind).register(registry);
    }

    @Override
    public void newEvent(UUID lockId, LinkMessages.EventMessage event) {
        AfterCommit.run(() -> {
            stored(kindTag(event.kind())).increment();
            Duration sinceEvent = Duration.between(event.at(), clock.instant());
            lag.record(sinceEvent.isNegative() ? Duration.ZERO : sinceEvent); // a lock's clock a little ahead
        });
    }

    /** Known kinds by name; anything else (a newer lock's kind, or junk) as OTHER, so the series stay few. */
    static String kindTag(String kind) {
        return EventKind.of(kind).map(Enum::name).orElse(OTHER);
    }
}
