package io.keyward.cloud.management;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.keyward.cloud.link.LockReplied;
import io.keyward.protocol.link.LinkMessages;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Requests waiting on this node for a lock's reply, by the lock's serial and the command id. A reply that
 * lands on another node (shared subscriptions) is still recorded in the database by {@link CommandQueue};
 * only the live wait is local. A reply counts only from the lock the command went to: every lock may
 * publish replies on its own topic, and must not answer another lock's command.
 */
@Component
class Replies {

    private final Map<String, CompletableFuture<LinkMessages.Reply>> waiting = new ConcurrentHashMap<>();

    CompletableFuture<LinkMessages.Reply> expect(String serial, String commandId) {
        return waiting.computeIfAbsent(key(serial, commandId), id -> new CompletableFuture<>());
    }

    void forget(String serial, String commandId) {
        waiting.remove(key(serial, commandId));
    }

    /** First of the reply's listeners: the waiting request answers before the reply is recorded (CommandQueue). */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void replied(LockReplied replied) {
        CompletableFuture<LinkMessages.Reply> future = waiting.remove(key(replied.serial(), replied.reply().id()));
        if (future != null) {
            future.complete(replied.reply());
        }
    }

    private static String key(String serial, String commandId) {
        return serial + "/" + commandId; // a serial has no '/'
    }
}
