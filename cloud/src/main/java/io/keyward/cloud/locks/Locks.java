package io.keyward.cloud.locks;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.keyward.cloud.AfterCommit;
import io.keyward.cloud.accounts.AccessRevoked;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The locks table: which lock is bound to which owner, and what it last reported. */
@Repository
public class Locks {

    /** A bound lock as the cloud knows it; reported is the lock's last LockState as JSON, or null. */
    public record Lock(UUID id, String serial, String name, UUID ownerId, OffsetDateTime pairedAt, boolean online,
                       OffsetDateTime seenAt, String reported, Long reportedAsOf, OffsetDateTime reportedAt,
                       long desiredVersion) {
    }

    /** A lock as one account sees it, with that account's role. */
    public record Listed(Lock lock, String role) {
    }

    /**
     * By hand, not DataClassRowMapper: that one looks each camelCase field up as its own name first, and
     * H2 answers a missing column with an exception (six per row, a stack trace each).
     */
    private static final RowMapper<Lock> LOCK = (rs, row) -> new Lock(rs.getObject("id", UUID.class),
            rs.getString("serial"), rs.getString("name"), rs.getObject("owner_id", UUID.class),
            rs.getObject("paired_at", OffsetDateTime.class), rs.getBoolean("online"),
            rs.getObject("seen_at", OffsetDateTime.class), rs.getString("reported"),
            rs.getObject("reported_as_of", Long.class), rs.getObject("reported_at", OffsetDateTime.class),
            rs.getLong("desired_version"));

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final ObjectMapper json;

    Locks(JdbcClient jdbc, ApplicationEventPublisher events, ObjectMapper json) {
        this.jdbc = jdbc;
        this.events = events;
        this.json = json;
    }

    public Optional<Lock> byId(UUID id) {
        return jdbc.sql("select * from locks where id = :id").param("id", id).query(Lock.class).optional();
    }

    /**
     * What a command to a lock needs, read at once: its serial, whether it is online, and its D7 reset
     * mark (null: bound). Not the whole row: the lock's last reported state is kilobytes of JSON.
     * trustMode: its last report listed an owner device (issue 15): what opens a door needs a device's signature.
     */
    public record Target(UUID id, String serial, boolean online, OffsetDateTime resetAt, boolean trustMode) {
    }

    /** The lock's serial, presence, reset mark and trust mode in one read (a remote unlock's one lookup of the lock, issue 11). */
    public Optional<Target> target(UUID id) {
        return jdbc.sql("select id, serial, online, reset_at, trust_mode from locks where id = :id").param("id", id)
                .query((rs, row) -> new Target(rs.getObject("id", UUID.class), rs.getString("serial"),
                        rs.getBoolean("online"), rs.getObject("reset_at", OffsetDateTime.class), rs.getBoolean("trust_mode")))
                .optional();
    }

    /** Whether the lock's last kept report listed an owner device (issue 15, trust design §6); false for no such lock. */
    public boolean trustMode(UUID id) {
        return jdbc.sql("select trust_mode from locks where id = :id").param("id", id).query(Boolean.class)
                .optional().orElse(false);
    }

    public Optional<Lock> bySerial(String serial) {
        return jdbc.sql("select * from locks where serial = :serial").param("serial", serial).query(Lock.class).optional();
    }

    /** The ids of those of the serials that are bound here, by serial, in one query (the link's event batches). */
    public Map<String, UUID> idsBySerial(Collection<String> serials) {
        if (serials.isEmpty()) {
            return Map.of();
        }
        Map<String, UUID> ids = new HashMap<>();
        jdbc.sql("select serial, id from locks where serial in (:serials)").param("serials", serials)
                .query(rs -> {
                    ids.put(rs.getString(1), rs.getObject(2, UUID.class));
                });
        return ids;
    }

    /** How many bound locks are online now, on any node (metrics: keyward_locks_connected). */
    public long connected() {
        return jdbc.sql("select count(*) from locks where online").query(Long.class).single();
    }

    /** The account's own locks and those shared with it, by name. */
    public List<Listed> of(UUID account) {
        return jdbc.sql("""
                select l.*, 'OWNER' as role from locks l where l.owner_id = :account
                union all
                select l.*, s.role as role from locks l join shares s on s.lock_id = l.id where s.account_id = :account
                order by name, serial""")
                .param("account", account)
                .query((rs, row) -> new Listed(LOCK.mapRow(rs, row), rs.getString("role")))
                .list();
    }

    void insert(Lock lock) {
        jdbc.sql("""
                insert into locks (id, serial, name, owner_id, paired_at, online, desired_version)
                values (:id, :serial, :name, :ownerId, :pairedAt, false, 0)""")
                .paramSource(lock)
                .update();
    }

    /** Removed, or re-bound after a factory reset: every open stream on it ends once this commits. */
    void delete(UUID id) {
        jdbc.sql("delete from locks where id = :id").param("id", id).update();
        AfterCommit.run(() -> events.publishEvent(AccessRevoked.ofLock(id)));
    }

    void rename(UUID id, String name) {
        jdbc.sql("update locks set name = :name where id = :id").param("id", id).param("name", name).update();
    }

    /**
     * Keeps a state report unless a newer one is already stored (reports can arrive out of order
     * across cloud nodes; asOf is the lock's event sequence when it was taken).
     */
    /** Stores the lock's report; true when it brought the lock back online (it was offline before). */
    public boolean reported(String serial, String stateJson, long asOf, OffsetDateTime now) {
        jdbc.sql("""
                update locks set reported = :state, reported_as_of = :asOf, reported_at = :now, trust_mode = :trust
                where serial = :serial and (reported_as_of is null or reported_as_of <= :asOf)""")
                .param("state", stateJson).param("asOf", asOf).param("now", now).param("serial", serial)
                .param("trust", !ownerDevices(stateJson).isEmpty())
                .update();
        return online(serial, true, now);
    }

    /**
     * Marks the lock online or offline; a change (not a repeat) is published as {@link LockPresenceChanged}
     * (webhooks). The conditional update makes one node, not each, see a given change: true for that node.
     */
    public boolean online(String serial, boolean online, OffsetDateTime now) {
        int changed = jdbc.sql("update locks set online = :online, seen_at = :now where serial = :serial and online <> :online")
                .param("online", online).param("now", now).param("serial", serial)
                .update();
        if (changed == 0) {
            jdbc.sql("update locks set seen_at = :now where serial = :serial").param("now", now).param("serial", serial).update();
            return false;
        }
        bySerial(serial).ifPresent(lock -> events.publishEvent(new LockPresenceChanged(lock.id(), online, now.toInstant())));
        return true;
    }

    /**
     * SPEC D7: the lock said on its link that it was factory-reset at the door and left. It forgot
     * this cloud; the row stays (owner, shares, history) until it is added again or removed.
     */
    public void markReset(String serial, OffsetDateTime now) {
        jdbc.sql("update locks set reset_at = :now, online = false, seen_at = :now, trust_mode = false where serial = :serial")
                .param("now", now).param("serial", serial).update();
    }

    /**
     * The owner devices a lock's report lists (trust design §6, {@code ownerDevices}: deviceId, name, boundAt,
     * how), as reported; empty for a report without them (a lock of an earlier version, or not in trust mode).
     */
    public List<JsonNode> ownerDevices(String stateJson) {
        if (stateJson == null) {
            return List.of();
        }
        JsonNode devices = json.readTree(stateJson).get("ownerDevices");
        if (devices == null || !devices.isArray()) {
            return List.of();
        }
        List<JsonNode> listed = new java.util.ArrayList<>();
        devices.forEach(d -> {
            if (d.isObject() && d.path("deviceId").isString()) {
                listed.add(d);
            }
        });
        return listed;
    }

    /**
     * The lock's identity key as it last reported it (issue 15, trust design §9: lockKey, its Ed25519 key as
     * SPKI b64u, and lockKeyMac under its visitor secret, which only its owner devices can check); each may be null.
     */
    public record ReportedKey(String lockKey, String lockKeyMac) {
    }

    public ReportedKey reportedKey(String stateJson) {
        if (stateJson == null) {
            return new ReportedKey(null, null);
        }
        JsonNode state = json.readTree(stateJson);
        JsonNode key = state.get("lockKey");
        JsonNode mac = state.get("lockKeyMac");
        return new ReportedKey(key != null && key.isString() ? key.asString() : null,
                mac != null && mac.isString() ? mac.asString() : null);
    }

    /** When the lock was reset at the door, or empty while it is bound. */
    public Optional<OffsetDateTime> resetAt(UUID id) {
        return jdbc.sql("select reset_at from locks where id = :id and reset_at is not null").param("id", id)
                .query(OffsetDateTime.class).optional();
    }

    /** A new pairing binds the lock again. */
    void clearReset(String serial) {
        jdbc.sql("update locks set reset_at = null where serial = :serial").param("serial", serial).update();
    }

    /** The home's time zone the owner (or the app when the lock was added) asked for (SPEC B10), if any. */
    public Optional<String> timeZone(UUID id) {
        return jdbc.sql("select time_zone from locks where id = :id and time_zone is not null").param("id", id)
                .query(String.class).optional();
    }

    /** Records the zone asked for (an IANA id, normalized by protocol's Setting.TIME_ZONE). */
    public void timeZone(UUID id, String zone) {
        jdbc.sql("update locks set time_zone = :zone where id = :id").param("zone", zone).param("id", id).update();
    }

    /** A command asked for and not yet applied (management package's table, read for the lock page). */
    public record PendingCommand(UUID id, long version, String body, OffsetDateTime requestedAt, OffsetDateTime sentAt) {
    }

    List<PendingCommand> pending(UUID lockId) {
        return jdbc.sql("""
                select id, version, body, requested_at, sent_at from lock_commands
                where lock_id = :lock and status = 'PENDING' order by version""")
                .param("lock", lockId).query(PendingCommand.class).list();
    }

    /** The next version of the lock's desired state; call inside the transaction that uses it. */
    public long nextDesiredVersion(UUID id) {
        jdbc.sql("update locks set desired_version = desired_version + 1 where id = :id").param("id", id).update();
        return jdbc.sql("select desired_version from locks where id = :id").param("id", id).query(Long.class).single();
    }
}
