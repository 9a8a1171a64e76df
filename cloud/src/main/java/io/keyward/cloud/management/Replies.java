package io.keyward.cloud.management;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.keyward.cloud.link.ReplyWaiter;
import io.keyward.protocol.link.LinkMessages;
import org.springframework.stereotype.Component;

/**
 * Requests waiting on this node for a lock's reply, by the lock's serial and the command id. A reply that
 * lands on another node (shared subscriptions) is still recorded in the database by {@link CommandQueue};
 * only the live wait is local. A reply counts only from the lock the command went to: every lock may
 * publish replies on its own topic, and must not answer another lock's command.
 */
@Component
class Replies implements ReplyWaiter {

    private final Map<String, CompletableFuture<LinkMessages.Reply>> waiting = new ConcurrentHashMap<>();

    CompletableFuture<LinkMessages.Reply> expect(String serial, String commandId) {
        return waiting.computeIfAbsent(key(serial, commandId), id -> new CompletableFuture<>());
    }

    void forget(String serial, String commandId) {
        waiting.remove(key(serial, commandId));
    }

    /**
     * Called by the link on the thread that read the reply, before the reply is recorded (CommandQueue):
     * the waiting request is answered without another hand-off (issue 11 item 5).
     */
    @Override
    public void replied(String serial, LinkMessages.Reply reply) {
        CompletableFuture<LinkMessages.Reply> future = waiting.remove(key(serial, reply.id()));
        if (future != null) {
            future.complete(reply);
        }
    }

    private static String key(String serial, String commandId) {
        return serial + "/" + commandId; // a serial has no '/'
    }
}
