package io.keyward.cloud.management;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.keyward.cloud.AfterCommit;
import io.keyward.cloud.events.NewEventListener;
import io.keyward.cloud.link.CloudSigningKey;
import io.keyward.cloud.link.LockLink;
import io.keyward.cloud.locks.Locks;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
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
 * SYNC_UNLOCK valid for a few seconds. Like remote unlock it is never queued: a B that is away or a
 * command that expires simply does not open, and B itself decides (setting on, not in privacy mode).
 */
@Service
class SyncLinks implements NewEventListener {

    private static final Logger log = LoggerFactory.getLogger(SyncLinks.class);

    /** Opening methods that come from outside the door (F2). */
    static final Set<String> FROM_OUTSIDE = Set.of("FACE", "FINGERPRINT", "PASSCODE", "VISITOR_PASSCODE", "REMOTE", "BLUETOOTH");
    /** An unlock older than this when it reaches the cloud (a lock back from an outage) opens nothing. */
    static final Duration MAX_EVENT_AGE = Duration.ofSeconds(30);

    record Link(UUID lockId, UUID linkedLockId, OffsetDateTime createdAt) {
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

    /** Stores (or replaces) the lock's one link. */
    Link put(UUID lockId, UUID linkedLockId) {
        Link link = new Link(lockId, linkedLockId, OffsetDateTime.now(clock));
        jdbc.sql("delete from sync_links where lock_id = :lock").param("lock", lockId).update();
        jdbc.sql("insert into sync_links (lock_id, linked_lock_id, created_at) values (:lockId, :linkedLockId, :createdAt)")
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

    @Override
    public void newEvent(UUID lockId, LinkMessages.EventMessage event) {
        if (!"UNLOCK".equals(event.kind()) || !"OK".equals(event.result()) || !FROM_OUTSIDE.contains(event.method())) {
            return;
        }
        if (event.at() == null || event.at().isBefore(clock.instant().minus(MAX_EVENT_AGE))) {
            return;
        }
        Optional<Link> sync = of(lockId);
        if (sync.isEmpty()) {
            return;
        }
        String fromSerial = locks.byId(lockId).map(Locks.Lock::serial).orElse(null);
        UUID target = sync.get().linkedLockId();
        AfterCommit.run(() -> send(target, fromSerial));
    }

    /** Never throws: a failed synchronized unlock must not undo the stored event. */
    private void send(UUID target, String fromSerial) {
        try {
            Optional<Locks.Lock> lock = locks.byId(target).filter(Locks.Lock::online);
            LockLink link = this.link.getObject();
            if (lock.isEmpty() || !link.connected()) {
                log.info("synchronized unlock of lock {} skipped: offline", target);
                return;
            }
            SignedCommand command = signingKey.sign(lock.get().serial(), UUID.randomUUID().toString(),
                    LockCommands.write(new LockCommand.SyncUnlock(fromSerial)), RemoteUnlock.LIFETIME_SECONDS);
            link.send(command);
        } catch (RuntimeException e) {
            log.warn("synchronized unlock of lock {} failed: {}", target, e.getMessage());
        }
    }

}
