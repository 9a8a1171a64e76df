package io.keyward.cloud.management;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.keyward.cloud.link.LockReplied;
import io.keyward.protocol.link.LinkMessages;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Requests waiting on this node for a lock's reply, by command id. A reply that lands on another
 * node (shared subscriptions) is still recorded in the database by {@link Commands}; only the live
 * wait is local.
 */
@Component
class Replies {

    private final Map<String, CompletableFuture<LinkMessages.Reply>> waiting = new ConcurrentHashMap<>();

    CompletableFuture<LinkMessages.Reply> expect(String commandId) {
        return waiting.computeIfAbsent(commandId, id -> new CompletableFuture<>());
    }

    void forget(String commandId) {
        waiting.remove(commandId);
    }

    @EventListener
    void replied(LockReplied replied) {
        CompletableFuture<LinkMessages.Reply> future = waiting.remove(replied.reply().id());
        if (future != null) {
            future.complete(replied.reply());
        }
    }
}
