package io.keyward.cloud.management;

import java.util.UUID;

import io.keyward.cloud.locks.QueuedCommandView;
import org.springframework.stereotype.Component;

/** The lock's pending list shows queued commands as the queue's own list does ({@link CommandQueue#shown}). */
@Component
class QueuedCommandShown implements QueuedCommandView {

    private final CommandQueue queue;

    QueuedCommandShown(CommandQueue queue) {
        this.queue = queue;
    }

    @Override
    public String shown(UUID commandId, String body) {
        return queue.shown(commandId, body);
    }
}
