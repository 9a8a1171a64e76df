package io.keyward.cloud.management;

import java.util.UUID;

import io.keyward.protocol.command.LockCommand;
import org.springframework.stereotype.Service;

/**
 * The management command queue (desired state, resent until the lock answers) for other features'
 * packages: e.g. a Bluetooth key's revocation (SPEC E3) that must reach the lock when it is next online.
 */
@Service
public class QueuedCommands {

    /** The commands still waiting for their lock's answer, and when the oldest was asked (null: none). */
    public record Pending(long count, java.time.OffsetDateTime oldestAskedAt) {
    }

    private final CommandQueue commands;

    QueuedCommands(CommandQueue commands) {
        this.commands = commands;
    }

    /** Queues the command as the lock's next desired version, sent now if the lock is online; returns its id. */
    public UUID ask(UUID lockId, UUID account, LockCommand command) {
        return commands.ask(lockId, account, null, command).id();
    }

    /** What is pending now, over every lock (metrics: keyward_commands_pending and their age). */
    public Pending pending() {
        return commands.pending();
    }
}
