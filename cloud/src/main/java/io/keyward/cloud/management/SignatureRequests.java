package io.keyward.cloud.management;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import io.keyward.cloud.locks.LockResets;
import io.keyward.cloud.locks.Locks;
import io.keyward.cloud.secrets.SecretBox;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Issue 15, docs/trust-cloud.md "Signature requests": a command the cloud would queue on its own (people
 * across locks) for a lock in trust mode, which the lock obeys only signed by an owner's device, is not queued
 * unsigned: it waits here, exactly as it would have been sent (its passcode sealed at rest, as in the queue),
 * until a device signs that very command. The signed token is then checked as every device-signed request is
 * ({@link DeviceSignedCommands}: 400 DEVICE_COMMAND_MISMATCH for anything else) and queued verbatim in its
 * DEVICE_SIGNED envelope, as a device-signed management command is. Who may ask for and answer a request is
 * the caller's business (people: the person's owner); the lock checks the signature.
 */
@Service
public class SignatureRequests {

    /** A request: the command as the lock will read it (its secret opened) and the lock's serial. */
    public record Waiting(UUID id, UUID lockId, String serial, LockCommand command, OffsetDateTime createdAt) {
    }

    private final JdbcClient jdbc;
    private final Locks locks;
    private final LockResets resets;
    private final CommandQueue commands;
    private final CommandSecrets secrets;
    private final Clock clock;

    SignatureRequests(JdbcClient jdbc, Locks locks, LockResets resets, CommandQueue commands, SecretBox box, Clock clock) {
        this.jdbc = jdbc;
        this.locks = locks;
        this.resets = resets;
        this.commands = commands;
        this.secrets = new CommandSecrets(box, "signature_requests");
        this.clock = clock;
    }

    /** Whether the lock (in trust mode, as last reported) obeys this command only device-signed (design §3). */
    public boolean needed(UUID lockId, LockCommand command) {
        return NeedsDeviceSignature.in(command) && locks.trustMode(lockId);
    }

    /** Records the command to be signed for the lock; its id is the request's. */
    public UUID record(UUID lockId, UUID account, LockCommand command) {
        UUID id = UUID.randomUUID();
        LockCommand stored = secrets.sealed(command, id);
        jdbc.sql("""
                insert into signature_requests (id, lock_id, account_id, body, created_at)
                values (:id, :lock, :account, :body, :now)""")
                .param("id", id).param("lock", lockId).param("account", account)
                .param("body", LockCommands.write(stored)).param("now", OffsetDateTime.now(clock)).update();
        return id;
    }

    /** The request with its secret opened; empty when there is none (signed, replaced, its lock gone). */
    public Optional<Waiting> waiting(UUID id) {
        return jdbc.sql("""
                select r.id, r.lock_id, l.serial, r.body, r.created_at
                from signature_requests r join locks l on l.id = r.lock_id where r.id = :id""")
                .param("id", id)
                .query((rs, n) -> new Waiting(rs.getObject("id", UUID.class), rs.getObject("lock_id", UUID.class),
                        rs.getString("serial"), opened(id, rs.getString("body")), rs.getObject("created_at", OffsetDateTime.class)))
                .optional();
    }

    public boolean exists(UUID id) {
        return id != null && jdbc.sql("select count(*) from signature_requests where id = :id").param("id", id)
                .query(Long.class).single() > 0;
    }

    /** Forgets a request no longer wanted (a newer wish replaced it, the person left the lock). */
    public void drop(UUID id) {
        if (id != null) {
            jdbc.sql("delete from signature_requests where id = :id").param("id", id).update();
        }
    }

    /**
     * Queues what the device signed for the request: it must be exactly the recorded command for that lock
     * (else 400 DEVICE_COMMAND_MISMATCH, or BAD_DEVICE_COMMAND for a token that does not read; 428 without one;
     * 409 REPLAYED for a token queued before), in its DEVICE_SIGNED envelope under the token's commandId. The
     * request is gone once queued. 409 SIGNATURE_REQUEST_GONE when there is no such request any more.
     */
    public LockRequests.Queued queue(UUID id, UUID account, DeviceSignature signature) {
        Waiting request = waiting(id).orElseThrow(SignatureRequests::gone);
        Locks.Target lock = resets.bound(request.lockId());
        DeviceSignedCommands.Outgoing out = DeviceSignedCommands.outgoing(lock.serial(), true, request.command(),
                signature.command(), signature.chain());
        if (jdbc.sql("delete from signature_requests where id = :id").param("id", id).update() != 1) {
            throw gone(); // signed twice at once: one is queued
        }
        CommandQueue.Command queued = commands.askSigned(request.lockId(), account, out.command(), out.id());
        return new LockRequests.Queued(queued.id(), queued.version());
    }

    /**
     * Takes back a device-signed command that has not been sent yet (the lock was away all along), for a newer
     * wish to replace it: true when it was withdrawn (answered REFUSED SUPERSEDED, never sent). A command sent
     * once stays: the lock may have applied it, and its answer is waited for.
     */
    public boolean withdraw(UUID lockId, UUID commandId) {
        return commands.withdrawUnsent(lockId, commandId);
    }

    /** 409 SIGNATURE_REQUEST_GONE: the request was signed already, or a newer change replaced it. */
    public static TrustRefused gone() {
        return new TrustRefused(HttpStatus.CONFLICT, "SIGNATURE_REQUEST_GONE",
                "this request was signed already or replaced by a newer change; read the requests again and sign what waits");
    }

    private LockCommand opened(UUID id, String body) {
        try {
            return secrets.opened(LockCommands.parse(body), id);
        } catch (LockCommands.MalformedCommand e) {
            throw new IllegalStateException("signature request " + id + " does not read back: " + e.getMessage(), e);
        }
    }
}
