package io.keyward.cloud.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.keyward.cloud.AfterCommit;
import io.keyward.cloud.TransactionMemo;
import io.keyward.cloud.events.NewEventListener;
import io.keyward.cloud.signing.CloudSigningKey;
import io.keyward.cloud.link.LockLink;
import io.keyward.cloud.locks.Locks;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.event.EventKind;
import io.keyward.protocol.event.Result;
import io.keyward.protocol.event.UnlockMethod;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.SignedCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Synchronized unlock (SPEC F2) in the cloud: the sync_links table, and the reaction to a newly stored
 * event of a linked lock. When lock A is opened from outside (face, fingerprint, passcode, visitor
 * passcode, remote, Bluetooth; not the inside handle, the mechanical key or a synchronized unlock, so
 * two locks linked both ways never echo), the linked lock B, if online, gets a freshly signed
 * SYNC_UNLOCK valid for a few seconds, carrying A's own signed statement of the unlock when A sent one (issue
 * 15, trust design §9: a B in trust mode follows only on it; the cloud relays it, and cannot make one). Like remote unlock it is never queued: a B that is away or a
 * command that expires simply does not open, and B itself decides (setting on, not in privacy mode).
 * <p>
 * F1: a new link is PENDING for {@link #CONFIRM_WINDOW}; it becomes ACTIVE when an UNLOCK OK event of
 * the linked lock B, made with a credential of a lock user that B reports as ADMINISTRATOR, reaches the
 * cloud with its lock time between the start of linking and the deadline. A pending link past its
 * deadline is EXPIRED (shown so; it never relays) until it is made again or removed.
 */
@Service
class SyncLinks implements NewEventListener {

    private static final Logger log = LoggerFactory.getLogger(SyncLinks.class);

    /** An unlock older than this when it reaches the cloud (a lock back from an outage) opens nothing. */
    static final Duration MAX_EVENT_AGE = Duration.ofSeconds(30);

    /** F1: how long the administrator has to unlock the linked door. */
    static final Duration CONFIRM_WINDOW = Duration.ofSeconds(60);
    /** F1: a confirming unlock may carry a lock time this much before the start of linking (clock skew). */
    static final Duration MAX_SKEW = Duration.ofSeconds(5);

    /** status: PENDING, ACTIVE (stored); {@link #status(Instant)} adds EXPIRED. */
    record Link(UUID lockId, UUID linkedLockId, OffsetDateTime createdAt, String status, OffsetDateTime confirmBefore,
                OffsetDateTime confirmedAt) {

        String status(Instant now) {
            return "PENDING".equals(status) && confirmBefore != null && now.isAfter(confirmBefore.toInstant())
                    ? "EXPIRED" : status;
        }

        boolean active() {
            return "ACTIVE".equals(status);
        }
    }

    private final JdbcClient jdbc;
    private final Locks locks;
    /** Looked up when needed: the link stores events, and so calls this listener (a cycle at start-up). */
    private final ObjectProvider<LockLink> link;
    private final CloudSigningKey signingKey;
    private final Clock clock;

    SyncLinks(JdbcClient jdbc, Locks locks, ObjectProvider<LockLink> link, CloudSigningKey signingKey, Clock clock) {
        this.jdbc = jdbc;
        this.locks = locks;
        this.link = link;
        this.signingKey = signingKey;
        this.clock = clock;
    }

    Optional<Link> of(UUID lockId) {
        return jdbc.sql("select * from sync_links where lock_id = :lock").param("lock", lockId).query(Link.class).optional();
    }

    /** Stores (or replaces) the lock's one link, PENDING until confirmed on the linked lock (F1). */
    Link put(UUID lockId, UUID linkedLockId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Link link = new Link(lockId, linkedLockId, now, "PENDING", now.plus(CONFIRM_WINDOW), null);
        jdbc.sql("delete from sync_links where lock_id = :lock").param("lock", lockId).update();
        jdbc.sql("""
                insert into sync_links (lock_id, linked_lock_id, created_at, status, confirm_before)
                values (:lockId, :linkedLockId, :createdAt, :status, :confirmBefore)""")
                .paramSource(link).update();
        return link;
    }

    boolean delete(UUID lockId) {
        return jdbc.sql("delete from sync_links where lock_id = :lock").param("lock", lockId).update() > 0;
    }

    /** Whether the lock is still part of any link, either end. */
    boolean linked(UUID lockId) {
        return jdbc.sql("select count(*) from sync_links where lock_id = :lock or linked_lock_id = :lock")
                .param("lock", lockId).query(Long.class).single() > 0;
    }

    /**
     * One query for the batch's locks instead of two a lock: each lock's own link ("sync-link") and
     * whether a link to it awaits its administrator's unlock ("sync-awaits"), as {@link #newEvent} reads them.
     */
    @Override
    public void beforeBatch(java.util.Collection<UUID> lockIds) {
        List<Link> rows = jdbc.sql("select * from sync_links where lock_id in (:locks) or linked_lock_id in (:locks)")
                .param("locks", lockIds).query(Link.class).list();
        for (UUID lockId : lockIds) {
            TransactionMemo.put(List.of("sync-link", lockId),
                    rows.stream().filter(link -> link.lockId().equals(lockId)).findFirst());
            TransactionMemo.put(List.of("sync-awaits", lockId), rows.stream()
                    .anyMatch(link -> lockId.equals(link.linkedLockId()) && "PENDING".equals(link.status())));
        }
    }

    @Override
    public void newEvent(UUID lockId, LinkMessages.EventMessage event) {
        if (!EventKind.UNLOCK.name().equals(event.kind()) || !Result.OK.name().equals(event.result()) || event.at() == null) {
            return;
        }
        confirm(lockId, event);
        boolean fromOutside = UnlockMethod.of(event.method()).map(UnlockMethod::fromOutside).orElse(false); // F2
        if (!fromOutside || event.at().isBefore(clock.instant().minus(MAX_EVENT_AGE))) {
            return;
        }
        // once per lock and event batch (TransactionMemo), not once per unlock
        Optional<Link> sync = TransactionMemo.<Optional<Link>>get(List.of("sync-link", lockId), () -> of(lockId))
                .filter(Link::active); // F1: a pending or expired link never relays
        if (sync.isEmpty()) {
            return;
        }
        String fromSerial = locks.byId(lockId).map(Locks.Lock::serial).orElse(null);
        UUID target = sync.get().linkedLockId();
        String statement = event.statement(); // design §9: A's own word, which a B in trust mode needs
        AfterCommit.run(() -> send(target, fromSerial, statement));
    }

    /**
     * F1: an unlock of this lock by one of its administrators (as the lock last reported its users)
     * confirms every link waiting for it whose window holds the unlock's lock time.
     */
    private void confirm(UUID lockId, LinkMessages.EventMessage event) {
        if (event.user() == null || !awaitsConfirmation(lockId) || !administrator(lockId, event.user())) {
            return; // the cheap, indexed check first: most unlocks confirm nothing
        }
        OffsetDateTime at = OffsetDateTime.ofInstant(event.at(), java.time.ZoneOffset.UTC);
        int confirmed = jdbc.sql("""
                update sync_links set status = 'ACTIVE', confirmed_at = :now
                where linked_lock_id = :lock and status = 'PENDING' and confirm_before >= :at and created_at <= :latest""")
                .param("now", OffsetDateTime.now(clock)).param("lock", lockId).param("at", at)
                .param("latest", at.plus(MAX_SKEW)).update();
        if (confirmed > 0) {
            TransactionMemo.forget(); // a link just became ACTIVE: a later event of the batch must see it
            log.info("synchronized unlock: {} link(s) to lock {} confirmed by administrator {}", confirmed, lockId, event.user());
        }
    }

    private boolean awaitsConfirmation(UUID lockId) {
        return TransactionMemo.get(List.of("sync-awaits", lockId), () -> jdbc.sql(
                        "select count(*) from sync_links where linked_lock_id = :lock and status = 'PENDING'")
                .param("lock", lockId).query(Long.class).single() > 0);
    }

    private boolean administrator(UUID lockId, int user) {
        String reported = locks.byId(lockId).map(Locks.Lock::reported).orElse(null);
        if (reported == null) {
            return false;
        }
        try {
            LinkMessages.LockState state = LinkMessages.read(reported.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    LinkMessages.LockState.class);
            return state.users() != null && state.users().stream()
                    .anyMatch(u -> u.id() == user && LockUserRole.ADMINISTRATOR.name().equals(u.role()));
        } catch (LinkMessages.Malformed e) {
            return false;
        }
    }

    /** Never throws: a failed synchronized unlock must not undo the stored event. */
    private void send(UUID target, String fromSerial, String statement) {
        try {
            Optional<Locks.Lock> lock = locks.byId(target).filter(Locks.Lock::online);
            LockLink link = this.link.getObject();
            if (lock.isEmpty() || !link.connected()) {
                log.info("synchronized unlock of lock {} skipped: offline", target);
                return;
            }
            SignedCommand command = signingKey.sign(lock.get().serial(), UUID.randomUUID().toString(),
                    LockCommands.write(new LockCommand.SyncUnlock(fromSerial, statement)), CloudSigningKey.UNLOCK_LIFETIME_SECONDS);
            link.send(command);
        } catch (RuntimeException e) {
            log.warn("synchronized unlock of lock {} failed: {}", target, e.getMessage());
        }
    }

}
