package io.keyward.cloud.alerts;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.cloud.sharing.StreamGrants;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The server-sent-event streams open on this node (GET /api/alerts/stream), by account. Alerts reach
 * them as event {@code alert} with the alert's JSON; a comment every heartbeat interval keeps proxies
 * from closing an idle stream and finds streams whose client has gone. Writes happen on one thread of
 * their own, in order, so that the thread that stored the event never waits for a slow client.
 * Each stream holds the grant of the request that opened it (sharing.StreamGrants): signing out or
 * revoking the token closes it at once, and each alert re-checks it before it is sent (issue 10 finding 7).
 */
@Component
public class AlertStreams {

    private static final Logger log = LoggerFactory.getLogger(AlertStreams.class);

    /** Beyond this, an account's oldest stream is closed: a tab left open per reload must not pile up. */
    static final int MAX_STREAMS_PER_ACCOUNT = 10;

    private final Map<UUID, Deque<SseEmitter>> streams = new HashMap<>();
    private final Map<SseEmitter, StreamGrants.Grant> grantOf = new HashMap<>();
    private final StreamGrants grants;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "alert-streams");
        thread.setDaemon(true);
        return thread;
    });
    private final long timeoutMillis;
    private final Counter deliveriesSent;
    private final Counter deliveriesFailed;

    /**
     * @param timeout a stream's life: long, but bounded, so that browsers (which reconnect by themselves)
     *                spread over the nodes again after a node joins
     */
    AlertStreams(@Value("${keyward.alerts.stream-timeout:1h}") Duration timeout,
                 @Value("${keyward.alerts.heartbeat:15s}") Duration heartbeat, StreamGrants grants,
                 MeterRegistry meters) {
        this.timeoutMillis = timeout.toMillis();
        this.grants = grants;
        // metrics (docs/cloud.md "Metrics"): streams open on this node, alerts written to them or not
        Gauge.builder("keyward.streams.open", this, AlertStreams::open).description("Alert streams (SSE) open on this node")
                .register(meters);
        this.deliveriesSent = delivered(meters, "sent");
        this.deliveriesFailed = delivered(meters, "failed");
        writer.scheduleWithFixedDelay(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Counter delivered(MeterRegistry meters, String outcome) {
        return Counter.builder("keyward.alert.deliveries").tag("outcome", outcome)
                .description("Alerts written to an open stream (sent), or whose write found the client gone (failed)")
                .register(meters);
    }

    /** A new stream for the account; the first thing on it is a comment, so a client sees it is open. */
    SseEmitter open(AccountPrincipal me) {
        UUID account = me.accountId();
        SseEmitter emitter = new SseEmitter(timeoutMillis);
        emitter.onCompletion(() -> remove(account, emitter));
        emitter.onTimeout(() -> remove(account, emitter));
        emitter.onError(error -> remove(account, emitter));
        StreamGrants.Grant grant = grants.open(me, null, AccountRole.MEMBER, () -> end(account, emitter));
        SseEmitter evicted = add(account, emitter, grant);
        if (evicted != null) {
            evicted.complete();
        }
        send(account, emitter, SseEmitter.event().comment("connected"));
        return emitter;
    }

    /** Sends each alert to every stream of its account open on this node; returns at once. */
    public void deliver(List<AlertFanOut.Delivery> deliveries) {
        writer.execute(() -> deliveries.forEach(delivery -> {
            for (SseEmitter emitter : streamsOf(delivery.account())) {
                if (!stillAllowed(emitter)) {
                    continue;
                }
                boolean sent = send(delivery.account(), emitter, SseEmitter.event().name("alert")
                        .id(delivery.alert().id().toString()).data(delivery.alert(), MediaType.APPLICATION_JSON));
                (sent ? deliveriesSent : deliveriesFailed).increment();
            }
        }));
    }

    /**
     * Sends another kind of live change on the same streams (event name, JSON data) to every stream of the
     * account open on this node: a person's sync state (event {@code person}, docs/people.md). Returns at once.
     */
    public void deliver(UUID account, String event, Object data) {
        writer.execute(() -> {
            for (SseEmitter emitter : streamsOf(account)) {
                if (stillAllowed(emitter)) {
                    send(account, emitter, SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
                }
            }
        });
    }

    /** The backstop before each alert: the grant re-checked against the database (another node may have signed out). */
    private boolean stillAllowed(SseEmitter emitter) {
        StreamGrants.Grant grant;
        synchronized (this) {
            grant = grantOf.get(emitter);
        }
        return grant != null && grants.recheck(grant);
    }

    /** Access revoked: the stream is closed (the client sees it end) and forgotten. */
    private void end(UUID account, SseEmitter emitter) {
        remove(account, emitter);
        synchronized (emitter) {
            emitter.complete();
        }
    }

    /** How many streams are open on this node (for tests and metrics). */
    synchronized int open() {
        return streams.values().stream().mapToInt(Deque::size).sum();
    }

    private void heartbeat() {
        for (Map.Entry<UUID, List<SseEmitter>> account : snapshot().entrySet()) {
            for (SseEmitter emitter : account.getValue()) {
                send(account.getKey(), emitter, SseEmitter.event().comment("heartbeat"));
            }
        }
    }

    /** A write that fails means the client has gone: the stream is dropped (the container completes it). */
    /** False when the write failed. */
    private boolean send(UUID account, SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            synchronized (emitter) {
                emitter.send(event);
            }
            return true;
        } catch (IOException | IllegalStateException gone) {
            log.debug("alert stream of {} closed: {}", account, gone.toString());
            remove(account, emitter);
            return false;
        }
    }

    private synchronized SseEmitter add(UUID account, SseEmitter emitter, StreamGrants.Grant grant) {
        Deque<SseEmitter> mine = streams.computeIfAbsent(account, any -> new ArrayDeque<>());
        mine.addLast(emitter);
        grantOf.put(emitter, grant);
        return mine.size() > MAX_STREAMS_PER_ACCOUNT ? mine.removeFirst() : null;
    }

    private synchronized void remove(UUID account, SseEmitter emitter) {
        StreamGrants.Grant grant = grantOf.remove(emitter);
        if (grant != null) {
            grant.close();
        }
        Deque<SseEmitter> mine = streams.get(account);
        if (mine != null && mine.remove(emitter) && mine.isEmpty()) {
            streams.remove(account);
        }
    }

    /** Whether the account has a stream open on this node: what arrives for it from another node is worth rendering. */
    public synchronized boolean hasStreams(UUID account) {
        return streams.containsKey(account);
    }

    private synchronized List<SseEmitter> streamsOf(UUID account) {
        Deque<SseEmitter> mine = streams.get(account);
        return mine == null ? List.of() : new ArrayList<>(mine);
    }

    private synchronized Map<UUID, List<SseEmitter>> snapshot() {
        Map<UUID, List<SseEmitter>> copy = new HashMap<>();
        streams.forEach((account, mine) -> copy.put(account, new ArrayList<>(mine)));
        return copy;
    }

    /** On shutdown every stream ends cleanly; browsers reconnect to another node. */
    @PreDestroy
    void close() {
        writer.shutdownNow();
        snapshot().values().forEach(mine -> mine.forEach(AlertStreams::end));
    }

    /** Ends a stream at shutdown; one whose response the container has recycled already is gone anyway. */
    private static void end(SseEmitter emitter) {
        try {
            emitter.complete();
        } catch (IllegalStateException recycled) {
            // nothing left to end
        }
    }
}
