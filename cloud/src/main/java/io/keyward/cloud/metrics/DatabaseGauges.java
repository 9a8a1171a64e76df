package io.keyward.cloud.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import io.keyward.cloud.locks.Locks;
import io.keyward.cloud.management.QueuedCommands;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Gauges read from the database, so every node reports the whole cloud: locks connected, commands
 * pending and the age of the oldest. Each reading is kept for keyward.metrics.database-cache, so
 * scraping often (or from several Prometheus servers) costs one small query per interval.
 */
@Component
class DatabaseGauges {

    private final Clock clock;
    private final Cached<Long> connected;
    private final Cached<QueuedCommands.Pending> pending;

    DatabaseGauges(Locks locks, QueuedCommands commands, MeterRegistry registry, Clock clock,
                   @Value("${keyward.metrics.database-cache:5s}") Duration cache) {
        this.clock = clock;
        this.connected = new Cached<>(locks::connected, cache);
        this.pending = new Cached<>(commands::pending, cache);
        Gauge.builder("keyward.locks.connected", this, g -> g.connected.get())
                .description("Locks online now (their MQTT link is up), over every node").register(registry);
        Gauge.builder("keyward.commands.pending", this, g -> g.pending.get().count())
                .description("Management commands waiting for their lock's answer").register(registry);
        Gauge.builder("keyward.commands.pending.oldest.age", this, DatabaseGauges::oldestAgeSeconds)
                .baseUnit("seconds")
                .description("How long the oldest pending command has waited; 0 when none").register(registry);
    }

    private double oldestAgeSeconds() {
        QueuedCommands.Pending now = pending.get();
        if (now.oldestAskedAt() == null) {
            return 0;
        }
        return Math.max(0, Duration.between(now.oldestAskedAt().toInstant(), clock.instant()).toMillis() / 1000.0);
    }

    /** One value, read again at most once per interval. */
    private final class Cached<T> {
        private final Supplier<T> read;
        private final Duration life;
        private T value;
        private Instant readAt;

        Cached(Supplier<T> read, Duration life) {
            this.read = read;
            this.life = life;
        }

        synchronized T get() {
            Instant now = clock.instant();
            if (readAt == null || !now.isBefore(readAt.plus(life))) {
                value = read.get();
                readAt = now;
            }
            return value;
        }
    }
}
