package io.keyward.cloud.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.keyward.cloud.alerts.AccountAlerts;
import io.keyward.cloud.secrets.RowIdentity;
import io.keyward.cloud.secrets.SecretBox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends what is due in the queue: one poller picks the heads of the (endpoint, lock) queues and hands
 * each to a bounded pool, at most {@code per-endpoint} at once to one endpoint, so a slow or dead
 * endpoint holds a few threads and never the others' deliveries. A failed attempt waits an exponential
 * backoff with jitter; an endpoint failing for {@code disable-after} is disabled and its account alerted.
 * Counts every attempt in {@code keyward.webhook.deliveries} by outcome: sent, retried (failed, tried
 * again later), failed (failed, and the endpoint is now disabled).
 */
@Component
class WebhookWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);
    private static final int BATCH = 200;

    private final WebhookQueue queue;
    private final WebhookEndpoints endpoints;
    private final WebhookSender sender;
    private final SecretBox box;
    private final AccountAlerts alerts;
    private final TransactionTemplate transaction;
    private final WebhookSettings settings;
    private final Clock clock;
    private final Counter sent;
    private final Counter retried;
    private final Counter failed;

    private final Map<UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private Thread poller;
    private ExecutorService pool;

    WebhookWorker(WebhookQueue queue, WebhookEndpoints endpoints, WebhookSender sender, SecretBox box,
                  AccountAlerts alerts, TransactionTemplate transaction, WebhookSettings settings, Clock clock,
                  MeterRegistry meters) {
        this.queue = queue;
        this.endpoints = endpoints;
        this.sender = sender;
        this.box = box;
        this.alerts = alerts;
        this.transaction = transaction;
        this.settings = settings;
        this.clock = clock;
        this.sent = counter(meters, "sent");
        this.retried = counter(meters, "retried");
        this.failed = counter(meters, "failed");
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("keyward.webhook.deliveries").tag("outcome", outcome)
                .description("webhook delivery attempts, by outcome").register(meters);
    }

    /** Something new is in the queue, or a slot came free: look now rather than at the next poll. */
    void wake() {
        wakeUp.release();
    }

    @Override
    public synchronized void start() {
        running = true;
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(settings.threads(), task -> daemon(task, "webhook-" + n.incrementAndGet()));
        poller = daemon(this::poll, "webhook-poller");
        poller.start();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Attempts in flight get a moment to finish; one cut short is tried again after its lease ran out. */
    @Override
    public synchronized void stop() {
        running = false;
        wake();
        try {
            poller.join(2000);
            pool.shutdown();
            if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void poll() {
        while (running) {
            try {
                dispatch();
            } catch (DataAccessException e) {
                log.warn("webhooks: could not read the delivery queue: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.error("webhooks: dispatch failed", e);
            }
            try {
                wakeUp.tryAcquire(settings.poll().toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void dispatch() {
        Instant now = clock.instant();
        for (WebhookQueue.Due due : queue.due(now, BATCH)) {
            if (!running || total.get() >= settings.threads() * 2) {
                return;
            }
            AtomicInteger endpointInFlight = inFlight.computeIfAbsent(due.endpointId(), id -> new AtomicInteger());
            if (endpointInFlight.get() >= settings.perEndpoint()) {
                continue;
            }
            Optional<WebhookQueue.Delivery> claimed = queue.claim(due.id(), now, now.plus(settings.lease()));
            if (claimed.isEmpty()) {
                continue; // another node got it
            }
            endpointInFlight.incrementAndGet();
            total.incrementAndGet();
            pool.execute(() -> {
                try {
                    attempt(claimed.get());
                } catch (RuntimeException e) {
                    log.warn("webhooks: delivery {} not settled (tried again after its lease): {}", claimed.get().id(), e.toString());
                } finally {
                    endpointInFlight.decrementAndGet();
                    total.decrementAndGet();
                    wake();
                }
            });
        }
    }

    private void attempt(WebhookQueue.Delivery delivery) {
        Optional<WebhookEndpoints.Endpoint> found = endpoints.byId(delivery.endpointId());
        if (found.isEmpty()) {
            return; // deleted meanwhile: its queue went with it
        }
        WebhookEndpoints.Endpoint endpoint = found.get();
        String secret = box.open(endpoints.sealedSecret(endpoint.id()), RowIdentity.webhookSecret(endpoint.id().toString()));
        Instant at = clock.instant();
        String id = delivery.id().toString();
        long timestamp = at.getEpochSecond();
        WebhookSender.Result result = sender.post(endpoint.url(), id, timestamp,
                WebhookSignature.sign(secret, id, timestamp, delivery.body()), delivery.body());
        boolean disabled = Boolean.TRUE.equals(transaction.execute(status -> settle(endpoint, delivery, at, result)));
        if (disabled) {
            alertOwner(endpoint, delivery);
        }
    }

    /** @return true when this failure disabled the endpoint */
    private boolean settle(WebhookEndpoints.Endpoint endpoint, WebhookQueue.Delivery delivery, Instant at,
                           WebhookSender.Result result) {
        int attempt = delivery.attempts() + 1;
        endpoints.recordAttempt(endpoint.id(), new WebhookEndpoints.Attempt(delivery.id(), delivery.type(), attempt,
                at.truncatedTo(ChronoUnit.MICROS), result.status(), result.error(), result.durationMs()));
        if (result.ok()) {
            queue.delivered(delivery.id());
            endpoints.succeeded(endpoint.id());
            sent.increment();
            return false;
        }
        Instant failingSince = endpoints.failed(endpoint.id(), at);
        if (Duration.between(failingSince, at).compareTo(settings.disableAfter()) >= 0) {
            // stays the head of its queue: delivered, in order, once the owner enables the endpoint again
            queue.retryAt(delivery.id(), attempt, at);
            failed.increment();
            return endpoints.disable(endpoint.id(), "failing since " + failingSince.truncatedTo(ChronoUnit.SECONDS)
                    + ", last: " + result.error());
        }
        queue.retryAt(delivery.id(), attempt, at.plus(backoff(attempt, settings)));
        retried.increment();
        return false;
    }

    /**
     * The wait after the n-th failed attempt: a random time between half and all of
     * min(first-retry × 2^(n−1), max-retry) ("equal jitter": receivers that failed together do not
     * all come back at once, and no wait is shorter than half the schedule).
     */
    static Duration backoff(int failedAttempts, WebhookSettings settings) {
        long cap = settings.maxRetry().toMillis();
        long step = settings.firstRetry().toMillis() << Math.min(failedAttempts - 1, 30);
        long full = step <= 0 || step > cap ? cap : step;
        return Duration.ofMillis(full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1));
    }

    /** The alert points at the event that could not be delivered (or the lock's latest, for ONLINE / OFFLINE). */
    private void alertOwner(WebhookEndpoints.Endpoint endpoint, WebhookQueue.Delivery delivery) {
        Optional<Long> seq = delivery.seq() >= 0 ? Optional.of(delivery.seq()) : queue.newestEvent(delivery.lockId());
        log.warn("webhooks: endpoint {} ({}) disabled after failing for {}", endpoint.id(), endpoint.url(), settings.disableAfter());
        if (seq.isEmpty()) {
            log.warn("webhooks: lock {} has no event to attach the alert to; the endpoint shows as disabled", delivery.lockId());
            return;
        }
        try {
            transaction.executeWithoutResult(status ->
                    alerts.raise(endpoint.accountId(), delivery.lockId(), seq.get(), AccountAlerts.WEBHOOK_DISABLED));
        } catch (DuplicateKeyException already) {
            log.info("webhooks: account {} was already alerted about lock {} event {}", endpoint.accountId(),
                    delivery.lockId(), seq.get());
        }
    }
}
