package io.keyward.cloud.management;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.keyward.cloud.AfterCommit;
import io.keyward.cloud.signing.CloudSigningKey;
import io.keyward.cloud.link.LockCameOnline;
import io.keyward.cloud.link.LockLink;
import io.keyward.cloud.link.LockReplied;
import io.keyward.cloud.locks.Locks;
import io.keyward.cloud.secrets.RowIdentity;
import io.keyward.cloud.secrets.SecretBox;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.link.LinkMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Remote management (SPEC B2, D1, H6) as desired state: each command asked for gets the lock's next
 * version and waits, in order, until the lock obeys or refuses it. While the lock is away they wait
 * in the database; when it comes back they are sent one at a time, each freshly signed (a command is
 * valid for seconds only, C6). A command without an answer is sent again under the same id; the lock
 * answers a repeat without obeying it twice.
 */
@Service
class CommandQueue {

    private static final Logger log = LoggerFactory.getLogger(CommandQueue.class);
    /** How long a sent command is valid, and how long the cloud waits before sending it again. */
    static final long LIFETIME_SECONDS = 20;
    /**
     * Refusals that say only that the lock's clock and the cloud's disagree (issued ahead of the lock's
     * time, or past the expiry on arrival): the command stays pending and goes again, freshly signed,
     * after its lifetime, so a clock that jumped or a message that waited in the broker loses nothing.
     */
    static final Set<String> TIME_REFUSALS = Set.of("BAD_VALIDITY", "EXPIRED");
    /** How a device-signed command's token begins (trust design §2); a sealed one begins "kws1:". */
    private static final String DEVICE_TOKEN = "kwdc1.";

    record Command(UUID id, UUID lockId, long version, String body, UUID requestedBy, OffsetDateTime requestedAt,
                   String status, String reason, String message, Integer resultUser, OffsetDateTime sentAt,
                   OffsetDateTime completedAt) {

        boolean pending() {
            return "PENDING".equals(status);
        }

        boolean refused() {
            return "REFUSED".equals(status);
        }
    }

    private final JdbcClient jdbc;
    private final Locks locks;
    private final LockLink link;
    private final CloudSigningKey signingKey;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final SecretBox box;
    private final CommandSecrets secrets;
    private final ApplicationEventPublisher events;

    CommandQueue(JdbcClient jdbc, Locks locks, LockLink link, CloudSigningKey signingKey, TransactionTemplate transaction,
             Clock clock, SecretBox box, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.locks = locks;
        this.link = link;
        this.signingKey = signingKey;
        this.transaction = transaction;
        this.clock = clock;
        this.box = box;
        this.secrets = new CommandSecrets(box, "lock_commands");
    }

    /**
     * Records the command as the lock's next desired version and sends it if the lock is there. Its body
     * names askedBy, the asking account's email (LockCommands.ASKED_BY; null: none), so the lock's events
     * of the change say who asked.
     */
    Command ask(UUID lockId, UUID account, String askedBy, LockCommand command) {
        Command asked = transaction.execute(status -> {
            long version = locks.nextDesiredVersion(lockId);
            UUID id = UUID.randomUUID();
            Command c = new Command(id, lockId, version, LockCommands.write(sealed(command, id), askedBy), account,
                    OffsetDateTime.now(clock), "PENDING", null, null, null, null, null);
            jdbc.sql("""
                    insert into lock_commands (id, lock_id, version, body, requested_by, requested_at, status)
                    values (:id, :lockId, :version, :body, :requestedBy, :requestedAt, :status)""")
                    .paramSource(c).update();
            return c;
        });
        // inside a caller's transaction (a person's row naming the command), the send waits for its commit
        AfterCommit.run(() -> sendNext(lockId));
        return asked;
    }

    /**
     * Queues a device-signed command (issue 15) under the id its device gave it (the kwdc1's commandId, which the
     * lock requires of the cloud's envelope). Its token rests sealed: it may carry a passcode or a password.
     * A token already queued (the same commandId) is refused REPLAYED, as the lock would refuse it.
     */
    Command askSigned(UUID lockId, UUID account, LockCommand envelope, UUID id) {
        Command asked;
        try {
            asked = transaction.execute(status -> {
                if (jdbc.sql("select count(*) from lock_commands where id = :id").param("id", id).query(Long.class).single() > 0) {
                    throw replayed();
                }
                long version = locks.nextDesiredVersion(lockId);
                Command c = new Command(id, lockId, version, LockCommands.write(sealed(envelope, id)), account,
                        OffsetDateTime.now(clock), "PENDING", null, null, null, null, null);
                jdbc.sql("""
                        insert into lock_commands (id, lock_id, version, body, requested_by, requested_at, status)
                        values (:id, :lockId, :version, :body, :requestedBy, :requestedAt, :status)""")
                        .paramSource(c).update();
                return c;
            });
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            throw replayed();
        }
        AfterCommit.run(() -> sendNext(lockId)); // after a caller's transaction commits, as ask's
        return asked;
    }

    /**
     * A device-signed command never sent (the lock was away), taken back for a newer one (SignatureRequests); a
     * command the cloud signs is never taken back, so an unprotected lock still gets every change in order:
     * REFUSED SUPERSEDED in one statement that a send's claim (sent_at, status PENDING) cannot interleave with;
     * the commands behind it move up. No CommandAnswered: the caller settles its own row.
     */
    boolean withdrawUnsent(UUID lockId, UUID id) {
        int updated = jdbc.sql("""
                update lock_commands set status = 'REFUSED', reason = 'SUPERSEDED', message = :message, completed_at = :now
                where id = :id and lock_id = :lock and status = 'PENDING' and sent_at is null
                  and body like '%"DEVICE_SIGNED"%'""")
                .param("message", "replaced by a newer change before it was sent").param("now", OffsetDateTime.now(clock))
                .param("id", id).param("lock", lockId).update();
        if (updated == 1) {
            sendNext(lockId);
        }
        return updated == 1;
    }

    private static TrustRefused replayed() {
        return new TrustRefused(org.springframework.http.HttpStatus.CONFLICT, "REPLAYED",
                "this device-signed command was already sent; sign a new one");
    }

    Optional<Command> byId(UUID lockId, UUID id) {
        return jdbc.sql("select * from lock_commands where lock_id = :lock and id = :id")
                .param("lock", lockId).param("id", id).query(Command.class).optional();
    }

    /** Newest first. */
    List<Command> of(UUID lockId, int limit) {
        return jdbc.sql("select * from lock_commands where lock_id = :lock order by version desc limit :limit")
                .param("lock", lockId).param("limit", limit).query(Command.class).list();
    }

    /**
     * Sends the lock's oldest pending command unless it is in flight: sent less than a lifetime ago.
     * Only one is in flight per lock, so the lock sees them in version order.
     */
    void sendNext(UUID lockId) {
        Optional<Locks.Lock> lock = locks.byId(lockId).filter(Locks.Lock::online);
        if (lock.isEmpty() || !link.connected()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime resendBefore = now.minusSeconds(LIFETIME_SECONDS);
        Optional<Command> next = jdbc.sql("""
                select * from lock_commands where lock_id = :lock and status = 'PENDING'
                order by version limit 1""").param("lock", lockId).query(Command.class).optional();
        if (next.isEmpty() || next.get().sentAt() != null && next.get().sentAt().isAfter(resendBefore)
                && !next.get().sentAt().isAfter(now)) {
            return;
        }
        if (expiredSignature(next.get(), now)) {
            return; // answered as expired, and the next one sent
        }
        // claim the send: of several nodes sweeping at once, one updates the row and sends
        // (a sent_at after now means the cloud's clock went back: sent again rather than waiting for it)
        int claimed = jdbc.sql("""
                update lock_commands set sent_at = :now
                where id = :id and status = 'PENDING'
                  and (sent_at is null or sent_at < :resendBefore or sent_at > :now)""")
                .param("now", now).param("id", next.get().id()).param("resendBefore", resendBefore).update();
        if (claimed == 1) {
            link.send(signingKey.sign(lock.get().serial(), next.get().id().toString(), opened(next.get()), LIFETIME_SECONDS));
        }
    }

    /**
     * A secret a command carries rests sealed in the queue, as every secret of the cloud: the home broker's
     * password (docs/home-assistant.md), a person's passcode (docs/people.md).
     */
    private LockCommand sealed(LockCommand command, UUID id) {
        // a whole device-signed token is the queue's alone: a signature request holds its command before signing
        if (command instanceof LockCommand.DeviceSigned d) {
            return new LockCommand.DeviceSigned(box.seal(d.signed(), signedIdentity(id)), d.chain());
        }
        return secrets.sealed(command, id);
    }

    private static String signedIdentity(UUID id) {
        return RowIdentity.of("lock_commands", id.toString(), "body.signed");
    }

    /**
     * A device-signed command whose own expiry (kwdc1 expiresAt, up to 7 days) passed while it waited for the
     * lock can never be obeyed: answered EXPIRED here rather than sent, so it does not hold up the commands
     * behind it (the lock would refuse it with EXPIRED, which for the cloud's own envelope means "send again").
     */
    private boolean expiredSignature(Command c, OffsetDateTime now) {
        java.time.Instant expires = DeviceSignedCommands.expiresAt(signedToken(c));
        if (expires == null || expires.isAfter(now.toInstant())) {
            return false;
        }
        int updated = jdbc.sql("""
                update lock_commands set status = 'REFUSED', reason = 'EXPIRED', message = :message, completed_at = :now
                where id = :id and status = 'PENDING'""")
                .param("message", "the device's signature expired before the lock could get the command; sign it again")
                .param("now", now).param("id", c.id()).update();
        if (updated == 1) {
            events.publishEvent(new CommandAnswered(c.lockId(), c.id(), c.version(), false, "EXPIRED", null, null));
            sendNext(c.lockId());
        }
        return true;
    }

    /** The kwdc1 token of a queued device-signed command, opened; null for any other command. */
    private String signedToken(Command c) {
        if (!c.body().contains("\"DEVICE_SIGNED\"")) {
            return null; // most commands: not read again on every send
        }
        try {
            if (LockCommands.parse(c.body()) instanceof LockCommand.DeviceSigned d) {
                return d.signed().startsWith(DEVICE_TOKEN) ? d.signed() : box.open(d.signed(), signedIdentity(c.id()));
            }
        } catch (LockCommands.MalformedCommand e) {
            log.warn("command {} does not read back: {}", c.id(), e.getMessage());
        }
        return null;
    }

    /**
     * The body the lock gets: a sealed secret opened again, only for the signed message. Told by the command's
     * type, not its text: a name or a host that merely contains "passcode" is not a secret to open.
     */
    private String opened(Command c) {
        try {
            LockCommands.Asked asked = LockCommands.parseAsked(c.body()); // it names who asked (issue 12)
            if (CommandSecrets.in(asked.command())) {
                return LockCommands.write(secrets.opened(asked.command(), c.id()), asked.askedBy());
            }
            if (asked.command() instanceof LockCommand.DeviceSigned d && !d.signed().startsWith(DEVICE_TOKEN)) {
                // verbatim as the device signed it (issue 15): only the cloud's own envelope around it is new
                return LockCommands.write(new LockCommand.DeviceSigned(box.open(d.signed(), signedIdentity(c.id())), d.chain()));
            }
        } catch (LockCommands.MalformedCommand e) {
            log.warn("command {} does not read back: {}", c.id(), e.getMessage());
        }
        return c.body();
    }

    /**
     * A stored command's JSON as an API may show it back ({@code LockCommands.shown}: secrets hidden). A
     * device-signed one shows the command inside its token and who signed it, not the sealed token
     * (issue 15): {@code {"type":"DEVICE_SIGNED","signer":deviceId,"command":{...}}}, its secret hidden too.
     */
    String shown(UUID id, String body) {
        if (!body.contains("\"DEVICE_SIGNED\"")) {
            return LockCommands.shown(body);
        }
        String token = signedToken(new Command(id, null, 0, body, null, null, null, null, null, null, null, null));
        io.keyward.protocol.bluetooth.Outcome<io.keyward.protocol.trust.DeviceCommand> signed =
                token == null ? null : io.keyward.protocol.trust.DeviceCommand.decode(token);
        if (signed == null || !signed.isOk()) {
            return "{\"type\":\"DEVICE_SIGNED\"}"; // nothing of the sealed token is shown
        }
        return "{\"type\":\"DEVICE_SIGNED\",\"signer\":\"" + signed.value().signerId() + "\",\"command\":"
                + LockCommands.shown(signed.value().commandJson()) + "}";
    }

    @EventListener
    void replied(LockReplied replied) {
        LinkMessages.Reply reply = replied.reply();
        UUID id = uuid(reply.id());
        if (id == null) {
            return; // not a queued command's: a remote unlock's (RemoteUnlock.ID_PREFIX) is never recorded here
        }
        if (!reply.accepted() && TIME_REFUSALS.contains(reply.reason())) {
            log.info("command {} refused as {}: the clocks disagree; it stays pending and goes again", id, reply.reason());
            return;
        }
        // only the lock the command went to may answer it: every lock may publish replies on its own
        // topic, and one that answers another lock's command (an id it learnt) must change nothing
        int updated = jdbc.sql("""
                update lock_commands set status = :status, reason = :reason, message = :message,
                       result_user = :user, completed_at = :now
                where id = :id and status = 'PENDING'
                  and lock_id in (select id from locks where serial = :serial)""")
                .param("status", reply.accepted() ? "APPLIED" : "REFUSED")
                .param("reason", clip(reply.reason(), 100)).param("message", clip(reply.message(), 300))
                .param("user", reply.user()).param("now", OffsetDateTime.now(clock)).param("id", id)
                .param("serial", replied.serial())
                .update();
        if (updated == 1) {
            Optional<Command> answered = jdbc.sql("select * from lock_commands where id = :id").param("id", id)
                    .query(Command.class).optional();
            answered.ifPresent(c -> events.publishEvent(new CommandAnswered(c.lockId(), c.id(), c.version(),
                    reply.accepted(), c.reason(), c.message(), c.resultUser())));
            answered.map(Command::lockId).ifPresent(this::sendNext);
        }
    }

    @EventListener
    void cameOnline(LockCameOnline online) {
        sendNext(online.lockId());
    }

    QueuedCommands.Pending pending() {
        return jdbc.sql("select count(*) as n, min(requested_at) as oldest from lock_commands where status = 'PENDING'")
                .query((rs, row) -> new QueuedCommands.Pending(rs.getLong("n"), rs.getObject("oldest", OffsetDateTime.class)))
                .single();
    }

    /** Catches what no event triggered: a reply lost with a dropped link, a node that restarted. */
    @Scheduled(fixedDelayString = "${keyward.commands.sweep:5s}")
    void sweep() {
        try {
            jdbc.sql("""
                    select distinct c.lock_id from lock_commands c join locks l on l.id = c.lock_id
                    where c.status = 'PENDING' and l.online""")
                    .query(UUID.class).list().forEach(this::sendNext);
        } catch (RuntimeException e) {
            log.warn("command sweep failed: {}", e.getMessage());
        }
    }

    private static UUID uuid(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException notOurs) {
            return null;
        }
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
