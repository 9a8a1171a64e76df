package io.keyward.cloud.management;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.locks.LockResets;
import io.keyward.cloud.locks.Locks;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.ObjectMapper;

/**
 * A management request as every feature's controller answers it (management, accessories): the command
 * joins the lock's queue, then 200 with the lock's answer when it obeys within a few seconds, 409
 * ({@link LockRefused}) when it refuses, else 202 with the command still pending. The caller's role is
 * checked before, by sharing.RequiresRole.
 */
@Service
public class LockRequests {

    private final CommandQueue commands;
    private final Locks locks;
    private final LockResets resets;
    private final ObjectMapper json;
    private final Duration wait;

    LockRequests(CommandQueue commands, Locks locks, LockResets resets, ObjectMapper json,
                 @Value("${keyward.commands.wait:5s}") Duration wait) {
        this.commands = commands;
        this.locks = locks;
        this.resets = resets;
        this.json = json;
        this.wait = wait;
    }

    /**
     * Asks the lock and waits briefly for its answer; throws {@link LockRefused} (409) when it refuses. The
     * command names the account's email, so the lock's events say who asked (as remote unlock's do).
     */
    public ResponseEntity<CommandView> ask(UUID lockId, AccountPrincipal account, LockCommand command) {
        return ask(lockId, account, command, DeviceSignature.NONE);
    }

    /**
     * As {@link #ask(UUID, AccountPrincipal, LockCommand)}, with what the request carries of a device's signature
     * (issue 15): a device-signed command is checked against the one the endpoint built and queued in its
     * DEVICE_SIGNED envelope under its own id; without one, a lock in trust mode gets no command of the trust
     * design's §3 table (428 DEVICE_SIGNATURE_REQUIRED, nothing queued).
     */
    public ResponseEntity<CommandView> ask(UUID lockId, AccountPrincipal account, LockCommand command, DeviceSignature signature) {
        Locks.Target lock = resets.bound(lockId); // D7: a reset lock forgot this cloud; nothing is queued for it
        DeviceSignedCommands.Outgoing out = DeviceSignedCommands.outgoing(lock.serial(), lock.trustMode(), command,
                signature.command(), signature.chain());
        return answered(lockId, out.deviceSigned()
                ? commands.askSigned(lockId, account.accountId(), out.command(), out.id())
                : commands.ask(lockId, account.accountId(), account.email(), command));
    }

    /** A command queued, not waited for: its id and the lock's desired-state version it has. */
    public record Queued(UUID id, long version) {
    }

    /**
     * Queues the command without waiting for the lock (people, docs/people.md, follow {@link CommandAnswered}).
     * A reset lock (D7) gets nothing: empty.
     */
    public Optional<Queued> enqueue(UUID lockId, UUID account, String email, LockCommand command) {
        if (locks.resetAt(lockId).isPresent()) {
            return Optional.empty();
        }
        if (NeedsDeviceSignature.in(command) && locks.trustMode(lockId)) {
            throw TrustRefused.signatureRequired(); // issue 15: the lock would refuse it; never sent unsigned
        }
        CommandQueue.Command c = commands.ask(lockId, account, email, command);
        return Optional.of(new Queued(c.id(), c.version()));
    }

    /** Whether the lock is in trust mode (issue 15): its last report listed an owner device. */
    public boolean trustMode(UUID lockId) {
        return locks.trustMode(lockId);
    }

    /** The lock's recorded answer to a queued command: empty while it waits (or when there is no such command). */
    public Optional<CommandAnswered> answered(UUID lockId, UUID commandId) {
        return commands.byId(lockId, commandId).filter(c -> !c.pending())
                .map(c -> new CommandAnswered(lockId, c.id(), c.version(), !c.refused(), c.reason(), c.message(), c.resultUser()));
    }

    /** Whether the lock's queue has this command at all (waiting or answered). */
    public boolean known(UUID lockId, UUID commandId) {
        return commands.byId(lockId, commandId).isPresent();
    }

    List<CommandView> recent(UUID lockId, int limit) {
        return commands.of(lockId, limit).stream().map(this::view).toList();
    }

    Optional<CommandView> byId(UUID lockId, UUID commandId) {
        return commands.byId(lockId, commandId).map(this::view);
    }

    /** Waits briefly for the lock's answer, which CommandQueue records from whichever node receives it. */
    private ResponseEntity<CommandView> answered(UUID lockId, CommandQueue.Command asked) {
        // an offline lock cannot answer: say at once that the change waits for it
        long patience = locks.byId(lockId).map(Locks.Lock::online).orElse(false) ? wait.toNanos() : 0;
        long deadline = System.nanoTime() + patience;
        CommandQueue.Command now = asked;
        while (now.pending() && System.nanoTime() < deadline) {
            sleep();
            now = commands.byId(lockId, asked.id()).orElse(now);
        }
        if (now.refused()) {
            throw new LockRefused(now.reason(), view(now));
        }
        return ResponseEntity.status(now.pending() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(view(now));
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted");
        }
    }

    private CommandView view(CommandQueue.Command c) {
        return new CommandView(c.id(), c.version(), json.readTree(commands.shown(c.id(), c.body())), c.status().toLowerCase(), c.reason(),
                c.message(), c.resultUser(), c.requestedAt(), c.sentAt(), c.completedAt());
    }
}
