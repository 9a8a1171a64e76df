package io.keyward.lock.core;

import java.util.Map;
import java.util.function.Supplier;

import io.keyward.protocol.command.CommandReply;

/**
 * The replies to the latest management commands from the cloud, by command id. The cloud resends a
 * command (freshly signed, same id) when it did not hear the reply, for example because the link
 * dropped just after the lock obeyed; the lock then answers again without obeying twice, so "add a
 * user" never adds two. Kept in RAM: a resend across a reboot of the lock is obeyed again (the
 * known gap, docs/link.md).
 */
final class AppliedCommands {

    private final Map<String, CommandReply> replies = Remembered.latest(256);

    /** The reply given before to this command id, or null when it was not obeyed (or is forgotten). */
    CommandReply earlier(String commandId) {
        return replies.get(commandId);
    }

    /** The reply given before to this command id, or obeys it now and remembers the reply. */
    CommandReply replyTo(String commandId, Supplier<CommandReply> obey) {
        CommandReply earlier = replies.get(commandId);
        if (earlier != null) {
            return earlier;
        }
        CommandReply reply = obey.get();
        replies.put(commandId, reply);
        return reply;
    }
}
