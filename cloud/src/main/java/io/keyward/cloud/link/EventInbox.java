package io.keyward.cloud.link;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.keyward.cloud.events.EventStore;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.keyward.cloud.locks.Locks;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The locks' events on their way into the database (SPEC H5; docs/cloud.md "Batched ingest"). Each lock
 * has a budget (a token bucket: {@code keyward.ingest.lock-rate} events a second, up to
 * {@code keyward.ingest.lock-burst} at once); what is over it is not taken, so not acknowledged, and an
 * honest lock sends it again later, while a flooding one cannot crowd out the others. What is taken
 * waits in one of a few stripes, by serial, so one lock's events stay in order; each stripe's thread
 * takes what is waiting (at most {@code keyward.ingest.batch}, a fair share of each lock), stores it with one commit
 * ({@link EventStore#storeAll}), and only then acknowledges each event, so a crash between receipt and
 * commit loses nothing: the lock still holds every event not acknowledged. There is no waiting for a
 * batch to fill: a lone event goes at once, and batches grow only when events come faster than commits.
 * A batch that fails is stored again one event at a time, so one event the database refuses stays
 * unacknowledged without holding back the others.
 */
@Component
class EventInbox {

    private static final Logger log = LoggerFactory.getLogger(EventInbox.class);
    /** A lock over its budget is logged at most this often, with the count since. */
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** What is kept of a message too large to read: enough for link_drops' sample. */
    private static final int SAMPLE_BYTES = 300;

    /** Where acknowledgements go: the lock's acks topic; one ack covers the run from..seq (one event: from == seq). */
    interface Acks {
        void ack(String serial, long from, long seq);
    }

    /** A message as it arrived; {@code size} is its length, the payload is cut when it is too large to read. */
    private record Received(String serial, byte[] payload, int size) {
    }

    record Parsed(String serial, LinkMessages.EventMessage event) {
    }

    private final EventStore events;
    private final Locks locks;
    private final LinkDrops drops;
    private final int stripeCount;
    private final int batchMax;
    private final int queueMax;
    private final double lockRate;
    private final int lockBurst;
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private volatile Stripe[] stripes;
    /** How many events each batch held: under load batches grow, which is where the speed comes from. */
    private final DistributionSummary batchSizes;
    /** A batch's store, from its first statement to its commit. */
    private final Timer batchStore;
    /** A batch's acknowledgements handed to the broker, after its commit. */
    private final Timer batchAcks;

    EventInbox(EventStore events, Locks locks, LinkDrops drops, MeterRegistry meters,
               @Value("${keyward.ingest.stripes:4}") int stripes,
               @Value("${keyward.ingest.batch:500}") int batch,
               @Value("${keyward.ingest.queue:20000}") int queue,
               @Value("${keyward.ingest.lock-rate:500}") double lockRate,
               @Value("${keyward.ingest.lock-burst:10000}") int lockBurst) {
        if (stripes < 1 || batch < 1 || queue < 1 || lockRate <= 0 || lockBurst < 1) {
            throw new IllegalArgumentException("keyward.ingest.*: stripes, batch, queue, lock-rate and lock-burst must be positive");
        }
        this.events = events;
        this.locks = locks;
        this.drops = drops;
        this.stripeCount = stripes;
        this.batchMax = batch;
        this.queueMax = queue;
        this.lockRate = lockRate;
        this.lockBurst = lockBurst;
        this.batchSizes = DistributionSummary.builder("keyward.ingest.batch.events")
                .description("Events in each batch the event inbox stored with one commit")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.batchStore = Timer.builder("keyward.ingest.batch.store")
                .description("A batch's store: lookups, insert, alerts and commit")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.batchAcks = Timer.builder("keyward.ingest.batch.acks")
                .description("Handing a stored batch's acknowledgements to the broker")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    void start(Acks acks) {
        Stripe[] started = new Stripe[stripeCount];
        for (int i = 0; i < stripeCount; i++) {
            started[i] = new Stripe(i, acks);
            started[i].thread.start();
        }
        stripes = started;
    }

    /**
     * Takes a lock's message from the broker's thread, without reading it: true when it will be stored
     * (or dropped as malformed), false when it is refused as over the lock's budget or with the inbox
     * full (it is then never acknowledged, and the lock sends it again).
     */
    boolean offer(String serial, byte[] payload) {
        Stripe[] current = stripes;
        if (current == null) {
            return false;
        }
        Budget budget = budgets.computeIfAbsent(serial, s -> new Budget(lockRate, lockBurst));
        if (!budget.take(System.nanoTime())) {
            refused(serial, budget, "over its budget of " + lockRate + " events/s (burst " + lockBurst + ")");
            return false;
        }
        // an over-long message is refused when its stripe reads it; meanwhile only a sample of it is held
        byte[] held = payload.length > LinkMessages.MAX_BYTES ? Arrays.copyOf(payload, SAMPLE_BYTES) : payload;
        if (!current[Math.floorMod(serial.hashCode(), current.length)].offer(new Received(serial, held, payload.length))) {
            refused(serial, budget, "the event inbox is full (" + queueMax + " a stripe)");
            return false;
        }
        return true;
    }

    /** How many events were refused (over a lock's budget, or the inbox full) since the start. */
    long refused() {
        return refused.get();
    }

    private void refused(String serial, Budget budget, String why) {
        refused.incrementAndGet();
        long count = budget.refusedSinceLog(System.nanoTime(), LOG_EVERY_NANOS);
        if (count > 0) {
            log.warn("{}: {} events not taken, {}; not acknowledged, the lock sends them again", serial, count, why);
        }
    }

    /**
     * Stops taking events, then lets each stripe finish what it holds until the deadline; what is left
     * then was never acknowledged, and its locks send it again.
     */
    void stop(Duration drain) {
        Stripe[] current = stripes;
        stripes = null;
        if (current == null) {
            return;
        }
        long deadline = System.nanoTime() + drain.toNanos();
        for (Stripe stripe : current) {
            stripe.closed = true;
        }
        for (Stripe stripe : current) {
            try {
                stripe.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (stripe.thread.isAlive()) {
                log.warn("the event inbox did not finish within {}; {} unacknowledged events will come again",
                        drain, stripe.size());
                stripe.thread.interrupt();
            }
        }
    }

    /**
     * One thread and the events waiting for it, by lock; a serial always lands in the same stripe, so a
     * lock's events stay in order. A batch takes a fair share from each waiting lock in turn, so a lock
     * with thousands waiting holds back another lock's event by about one batch, not by its backlog
     * (an alarm's alert still leaves within a second).
     */
    private final class Stripe implements Runnable {
        private final Map<String, ArrayDeque<Received>> waiting = new LinkedHashMap<>(); // guarded by this
        private int size; // guarded by this
        final Thread thread;
        final Acks acks;
        volatile boolean closed;

        Stripe(int index, Acks acks) {
            this.acks = acks;
            this.thread = new Thread(this, "event-inbox-" + index);
            this.thread.setDaemon(true);
        }

        synchronized boolean offer(Received received) {
            if (size >= queueMax) {
                return false;
            }
            waiting.computeIfAbsent(received.serial(), serial -> new ArrayDeque<>()).add(received);
            size++;
            notifyAll();
            return true;
        }

        synchronized int size() {
            return size;
        }

        /** The next batch: up to batchMax, a fair share of each waiting lock; empty once closed and drained. */
        private synchronized List<Received> next() throws InterruptedException {
            while (size == 0) {
                if (closed) {
                    return List.of();
                }
                wait(100);
            }
            int share = Math.max(1, batchMax / waiting.size());
            List<Received> batch = new ArrayList<>(Math.min(size, batchMax));
            List<Map.Entry<String, ArrayDeque<Received>>> again = new ArrayList<>();
            for (var it = waiting.entrySet().iterator(); it.hasNext() && batch.size() < batchMax; ) {
                Map.Entry<String, ArrayDeque<Received>> lock = it.next();
                for (int i = 0; i < share && !lock.getValue().isEmpty() && batch.size() < batchMax; i++) {
                    batch.add(lock.getValue().poll());
                }
                it.remove();
                if (!lock.getValue().isEmpty()) {
                    again.add(lock); // to the back of the line
                }
            }
            again.forEach(lock -> waiting.put(lock.getKey(), lock.getValue()));
            size -= batch.size();
            return batch;
        }

        @Override
        public void run() {
            try {
                for (List<Received> batch = next(); !batch.isEmpty(); batch = next()) {
                    try {
                        handle(batch, acks);
                    } catch (RuntimeException e) {
                        // e.g. the database down while looking up the locks: nothing was acknowledged
                        log.error("a batch of {} events was not stored (not acknowledged; the locks send them again): {}",
                                batch.size(), e.toString());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void handle(List<Received> batch, Acks acks) {
        List<Parsed> parsed = read(batch);
        Map<String, UUID> ids = locks.idsBySerial(parsed.stream().map(Parsed::serial).distinct().toList());
        List<Parsed> bound = new ArrayList<>(parsed.size());
        List<EventStore.Incoming> incoming = new ArrayList<>(parsed.size());
        for (Parsed p : parsed) {
            UUID lockId = ids.get(p.serial());
            if (lockId == null) {
                log.info("{}: dropped an event of a lock that is not bound here", p.serial());
                continue;
            }
            bound.add(p);
            incoming.add(new EventStore.Incoming(lockId, p.event()));
        }
        if (incoming.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try {
            events.storeAll(incoming);
        } catch (RuntimeException e) {
            log.warn("a batch of {} events was not stored ({}); storing them one by one", incoming.size(), e.toString());
            oneByOne(bound, incoming, acks);
            return;
        }
        long stored = System.nanoTime();
        batchSizes.record(incoming.size());
        batchStore.record(stored - start, TimeUnit.NANOSECONDS);
        // committed: now, and only now, each event may be let go by its lock (a copy is acknowledged again)
        ackRuns(bound, acks);
        batchAcks.record(System.nanoTime() - stored, TimeUnit.NANOSECONDS);
    }

    /**
     * One ack for each run of a lock's consecutive events in the batch (issue 11): a busy lock's 8 events
     * in a batch go back as one message, not 8, which halves what the broker carries for the ingest. A
     * run holds only events of this batch, all stored: an event that never arrived breaks the run, so no
     * ack covers it (acks are never cumulative, docs/link.md). A copy starts a run of its own.
     */
    static void ackRuns(List<Parsed> stored, Acks acks) {
        Map<String, long[]> open = new LinkedHashMap<>(); // serial -> {from, to}
        for (Parsed p : stored) {
            long seq = p.event().seq();
            long[] run = open.get(p.serial());
            if (run != null && seq == run[1] + 1) {
                run[1] = seq;
                continue;
            }
            if (run != null) {
                acks.ack(p.serial(), run[0], run[1]);
            }
            open.put(p.serial(), new long[] {seq, seq});
        }
        open.forEach((serial, run) -> acks.ack(serial, run[0], run[1]));
    }

    /** Each event in a transaction of its own: one the database refuses stays unacknowledged, alone. */
    private void oneByOne(List<Parsed> bound, List<EventStore.Incoming> incoming, Acks acks) {
        for (int i = 0; i < incoming.size(); i++) {
            Parsed p = bound.get(i);
            try {
                events.store(incoming.get(i).lockId(), p.event());
            } catch (RuntimeException e) {
                log.error("{}: event {} was not stored, so not acknowledged; the lock sends it again: {}",
                        p.serial(), p.event().seq(), e.toString());
                continue;
            }
            acks.ack(p.serial(), p.event().seq(), p.event().seq());
        }
    }

    /** Reads each message; those that are no event are counted in link_drops, one write per lock. */
    private List<Parsed> read(List<Received> batch) {
        List<Parsed> parsed = new ArrayList<>(batch.size());
        Map<String, Dropped> dropped = new LinkedHashMap<>();
        for (Received r : batch) {
            String problem;
            if (r.size() > LinkMessages.MAX_BYTES) {
                problem = "message of " + r.size() + " bytes, larger than " + LinkMessages.MAX_BYTES;
            } else {
                try {
                    LinkMessages.EventMessage event = LinkMessages.read(r.payload(), LinkMessages.EventMessage.class);
                    EventStore.check(event);
                    parsed.add(new Parsed(r.serial(), event));
                    continue;
                } catch (LinkMessages.Malformed | EventStore.NotAnEvent e) {
                    problem = e.getMessage();
                }
            }
            String reason = problem;
            dropped.merge(r.serial(), new Dropped(1, reason, r.payload()), (a, b) -> new Dropped(a.count() + 1, reason, r.payload()));
        }
        dropped.forEach((serial, d) -> drops.dropped(serial, Topics.Kind.EVENTS, d.reason(), d.payload(), d.count()));
        return parsed;
    }

    private record Dropped(int count, String reason, byte[] payload) {
    }

    /** A lock's token bucket: {@code rate} events a second, at most {@code burst} saved up. */
    private static final class Budget {
        private final double perNano;
        private final double burst;
        private double tokens;
        private long at;
        private long refusedSinceLog;
        private long loggedAt;

        Budget(double rate, int burst) {
            this.perNano = rate / 1e9;
            this.burst = burst;
            this.tokens = burst;
            this.at = System.nanoTime();
            this.loggedAt = at - LOG_EVERY_NANOS;
        }

        synchronized boolean take(long now) {
            tokens = Math.min(burst, tokens + (now - at) * perNano);
            at = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        /** Counts one refusal; returns the count to log when it is time to log again, else 0. */
        synchronized long refusedSinceLog(long now, long every) {
            refusedSinceLog++;
            if (now - loggedAt < every) {
                return 0;
            }
            long count = refusedSinceLog;
            refusedSinceLog = 0;
            loggedAt = now;
            return count;
        }
    }
}
