package io.keyward.lock.rules;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.protocol.command.CommandReply;

import java.util.LinkedHashMap;
import java.util.Map;

/** Remembers what the lock answered to each signed command from the cloud, by command id. */
final class SignedReplies implements SimulatedLock.LinkListener {

    final Map<String, CommandReply> byId = new LinkedHashMap<>();

    @Override
    public void recorded(LockEvent event) {
    }

    @Override
    public void replied(String commandId, CommandReply reply) {
        byId.put(commandId, reply);
    }
}
