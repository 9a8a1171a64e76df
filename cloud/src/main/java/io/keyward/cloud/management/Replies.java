package io.keyward.cloud.management;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.keyward.cloud.link.ReplyWaiter;
import io.keyward.protocol.link.LinkMessages;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;

/**
 * Requests waiting on this node for a lock's reply, by the lock's serial and the command id. A reply that
 * lands on another node (shared subscriptions) is still recorded in the database by {@link CommandQueue};
 * only the live wait is local. A reply counts only from the lock the command went to: every lock may
 * publish replies on its own topic, and must not answer another lock's command.
 */
@Component
class Replies implements ReplyWaiter {

    /** How often waits with a deadline are looked over: a 504 comes at most this much after the command expired. */
    static final Duration SWEEP = Duration.ofMillis(100);

    /** A request's wait: its answer to come, and when it gives up (System.nanoTime; none: Long.MAX_VALUE). */
    private record Waiting(CompletableFuture<LinkMessages.Reply> answer, long deadline) {
    }

    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    /**
     * One sweep every {@link #SWEEP} ends the waits past their deadline, rather than a timer per request
     * (CompletableFuture.orTimeout): each of those was a task on a shared scheduler that woke its thread
     * twice per unlock, once to schedule and once to cancel, beside the unlock's own threads (issue 11 item 5).
     */
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reply-deadlines");
        t.setDaemon(true);
        return t;
    });

    Replies() {
        sweeper.scheduleWithFixedDelay(this::endExpired, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The lock's reply to come; the caller waits with its own time limit and forgets it after. */
    CompletableFuture<LinkMessages.Reply> expect(String serial, String commandId) {
        return waitUntil(serial, commandId, Long.MAX_VALUE);
    }

    /** The same, ended with a {@link TimeoutException} when no reply came within {@code limit} (give or take a sweep). */
    CompletableFuture<LinkMessages.Reply> expectWithin(String serial, String commandId, Duration limit) {
        return waitUntil(serial, commandId, System.nanoTime() + limit.toNanos());
    }

    private CompletableFuture<LinkMessages.Reply> waitUntil(String serial, String commandId, long deadline) {
        return waiting.computeIfAbsent(key(serial, commandId), id -> new Waiting(new CompletableFuture<>(), deadline))
                .answer();
    }

    void forget(String serial, String commandId) {
        waiting.remove(key(serial, commandId));
    }

    private void endExpired() {
        long now = System.nanoTime();
        waiting.forEach((key, wait) -> {
            if (now - wait.deadline() > 0 && waiting.remove(key, wait)) {
                wait.answer().completeExceptionally(new TimeoutException());
            }
        });
    }

    @PreDestroy
    void stop() {
        sweeper.shutdownNow();
    }

    /**
     * Called by the link on the thread that read the reply, before the reply is recorded (CommandQueue):
     * the waiting request is answered without another hand-off (issue 11 item 5).
     */
    @Override
    public void replied(String serial, LinkMessages.Reply reply) {
        Waiting wait = waiting.remove(key(serial, reply.id()));
        if (wait != null) {
            wait.answer().complete(reply);
        }
    }

    private static String key(String serial, String commandId) {
        return serial + "/" + commandId; // a serial has no '/'
    }
}
