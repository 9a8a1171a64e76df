package io.keyward.cloud.bluetooth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.keyward.cloud.signing.CloudSigningKey;
import io.keyward.cloud.locks.LockResets;
import io.keyward.cloud.locks.Locks;
import io.keyward.cloud.management.QueuedCommands;
import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.bluetooth.KeyRevocation;
import io.keyward.protocol.command.LockCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The Bluetooth keys the cloud has signed (SPEC C5, E3): issuing one for an account's device, finding,
 * listing and revoking them. A revocation is signed too, stored, and queued to the lock as a
 * REVOKE_BLUETOOTH_KEY command; every app also carries the lock's revocations over Bluetooth.
 */
@Service
class BluetoothKeys {

    /**
     * How long a member's key is valid. The lock checks keys offline and learns of revocations only from
     * the cloud or an app, so a key must not live for ever; the app asks again whenever it is online and
     * its key is past half its life, so a member who is online now and then never notices the end.
     */
    static final Duration MEMBER_VALIDITY = Duration.ofDays(7);
    /** A member's key starts this much before now, so a lock whose clock is a little behind accepts it. */
    static final Duration CLOCK_SLACK = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(BluetoothKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String NO_SUCH_KEY = "no such Bluetooth key";

    /** One row of bluetooth_keys. */
    record Row(String id, UUID lockId, UUID accountId, String deviceKey, String role, OffsetDateTime validFrom,
               OffsetDateTime validUntil, OffsetDateTime issuedAt, String token, UUID inviteId,
               OffsetDateTime revokedAt, UUID revokedBy, String revocation) {
    }

    private final JdbcClient jdbc;
    private final Locks locks;
    private final LockResets resets;
    private final CloudSigningKey signingKey;
    private final QueuedCommands commands;
    private final ObjectMapper json;
    private final Clock clock;

    BluetoothKeys(JdbcClient jdbc, Locks locks, LockResets resets, CloudSigningKey signingKey, QueuedCommands commands,
                  ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.locks = locks;
        this.resets = resets;
        this.signingKey = signingKey;
        this.commands = commands;
        this.json = json;
        this.clock = clock;
    }

    /** A device key from the app, checked (a canonical P-256 SPKI in base64url), or 400. */
    static String deviceKey(String spki) {
        if (spki == null || spki.length() > 300 || DeviceKeys.decode(spki) == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "deviceKey: not a P-256 public key (SPKI, base64url without padding)");
        }
        return spki;
    }

    /**
     * A member's key (C5) for this device: an unrevoked one with more than half its life left is answered
     * again, so an app that refreshes often does not pile up keys; otherwise a new one, valid 7 days.
     */
    Row forMember(UUID lockId, UUID account, String deviceKey, KeyRole role) {
        resets.requireBound(lockId); // D7: not even a key kept from before: the lock forgot this cloud
        OffsetDateTime now = OffsetDateTime.now(clock);
        Instant boundAt = locks.byId(lockId).map(l -> l.pairedAt().toInstant().truncatedTo(ChronoUnit.MILLIS))
                .orElse(Instant.EPOCH);
        Optional<Row> current = jdbc.sql("""
                select * from bluetooth_keys where lock_id = :lock and account_id = :account and device_key = :device
                and role = :role and revoked_at is null and valid_until > :halfLife and valid_from <= :now
                order by valid_until desc limit 1""")
                .param("lock", lockId).param("account", account).param("device", deviceKey).param("role", role.name())
                .param("halfLife", now.plus(MEMBER_VALIDITY.dividedBy(2))).param("now", now)
                .query(Row.class).optional()
                .filter(row -> !row.issuedAt().toInstant().isBefore(boundAt)); // an earlier binding's: the lock refuses it
        return current.orElseGet(() -> issue(lockId, account, deviceKey, role, now.toInstant().minus(CLOCK_SLACK),
                now.toInstant().plus(MEMBER_VALIDITY), null));
    }

    /** Signs and stores a new key. */
    Row issue(UUID lockId, UUID account, String deviceKey, KeyRole role, Instant from, Instant until,
              UUID inviteId) {
        Locks.Lock lock = locks.byId(lockId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such lock"));
        resets.requireBound(lockId); // D7: the lock forgot this cloud; it would refuse the key
        // D7: the lock refuses a key issued before its binding; another node's clock may run a little behind
        Instant issuedAt = latest(clock.instant(), lock.pairedAt().toInstant());
        String id = newKeyId();
        BluetoothKey key = new BluetoothKey(lock.serial(), id, deviceKey, account.toString(), role,
                from, until, issuedAt);
        String token = signingKey.sign(key);
        jdbc.sql("""
                insert into bluetooth_keys (id, lock_id, account_id, device_key, role, valid_from, valid_until, issued_at,
                                            token, invite_id)
                values (:id, :lock, :account, :device, :role, :from, :until, :issued, :token, :invite)""")
                .param("id", id).param("lock", lockId).param("account", account).param("device", deviceKey)
                .param("role", role.name()).param("from", utc(key.validFrom())).param("until", utc(key.validUntil()))
                .param("issued", utc(key.issuedAt())).param("token", token).param("invite", inviteId)
                .update();
        return find(lockId, id).orElseThrow();
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The answer to the app that asked for (or redeemed) a key. */
    BluetoothKeysController.IssuedKey issued(Row row) {
        Locks.Lock lock = locks.byId(row.lockId()).orElseThrow();
        return new BluetoothKeysController.IssuedKey(row.id(), lock.id(), lock.name(), lock.serial(), row.role(),
                row.token(), utc(row.validFrom()), utc(row.validUntil()), radioOf(lock.id()));
    }

    Optional<Row> find(UUID lockId, String id) {
        return jdbc.sql("select * from bluetooth_keys where lock_id = :lock and id = :id")
                .param("lock", lockId).param("id", id).query(Row.class).optional();
    }

    /** The lock's keys, newest first; only the account's own unless all is set (owner, manager). */
    List<Row> ofLock(UUID lockId, UUID account, boolean all) {
        return jdbc.sql("select * from bluetooth_keys where lock_id = :lock and (:all or account_id = :account)"
                        + " order by issued_at desc, id")
                .param("lock", lockId).param("account", account).param("all", all).query(Row.class).list();
    }

    /** The account's keys on every lock, newest first, leaving out those expired more than 30 days ago. */
    List<Row> ofAccount(UUID account) {
        return jdbc.sql("""
                select * from bluetooth_keys where account_id = :account and valid_until > :since
                order by issued_at desc, id""")
                .param("account", account).param("since", OffsetDateTime.now(clock).minusDays(30))
                .query(Row.class).list();
    }

    /** Who holds a key, as the lists show it. */
    record Holder(String email, String name) {
    }

    Holder holder(UUID account) {
        return jdbc.sql("select email, display_name from accounts where id = :id").param("id", account)
                .query((rs, n) -> new Holder(rs.getString(1), rs.getString(2))).optional().orElse(new Holder(null, null));
    }

    boolean holdsKey(UUID account, UUID lockId) {
        return jdbc.sql("select count(*) from bluetooth_keys where lock_id = :lock and account_id = :account")
                .param("lock", lockId).param("account", account).query(Long.class).single() > 0;
    }

    /** The lock's revocations that still matter (of keys not yet expired): what every app carries to the lock. */
    List<String> revocations(UUID lockId) {
        return jdbc.sql("""
                select revocation from bluetooth_keys where lock_id = :lock and revocation is not null
                and valid_until > :now order by revoked_at, id""")
                .param("lock", lockId).param("now", OffsetDateTime.now(clock)).query(String.class).list();
    }

    /**
     * Revokes the key: signs its revocation, stores it and queues it to the lock (sent now if the lock is
     * online, else when it comes back). Revoking again answers the stored revocation and queues nothing.
     */
    Row revoke(Row row, UUID by) {
        if (row.revokedAt() != null) {
            return row;
        }
        BluetoothKey key = BluetoothKey.decode(row.token()).value();
        String revocation = signingKey.sign(KeyRevocation.of(key, clock.instant()));
        int updated = jdbc.sql("""
                update bluetooth_keys set revoked_at = :now, revoked_by = :by, revocation = :revocation
                where id = :id and revoked_at is null""")
                .param("now", OffsetDateTime.now(clock)).param("by", by).param("revocation", revocation)
                .param("id", row.id()).update();
        if (updated == 1) {
            // after the update has committed (no transaction here), so the lock's answer finds the command
            commands.ask(row.lockId(), by, new LockCommand.RevokeBluetoothKey(revocation));
        }
        return find(row.lockId(), row.id()).orElseThrow();
    }

    /**
     * Revokes the unexpired keys of accounts whose role on the lock is no longer the key's (a share removed
     * or changed, the lock given to another owner): those keys would otherwise open until they expire. A
     * visitor's key has no role to lose. Answers how many were revoked; the app asks for a new key with
     * the new role, if any, the next time it is online.
     */
    int revokeStale() {
        List<Row> stale = jdbc.sql("""
                select k.* from bluetooth_keys k where k.revoked_at is null and k.valid_until > :now
                and k.role <> 'VISITOR'
                and not exists (select 1 from locks l where k.role = 'OWNER' and l.id = k.lock_id and l.owner_id = k.account_id)
                and not exists (select 1 from shares s where k.role <> 'OWNER' and s.lock_id = k.lock_id
                                and s.account_id = k.account_id and s.role = k.role)""")
                .param("now", OffsetDateTime.now(clock)).query(Row.class).list();
        stale.forEach(row -> revoke(row, null));
        return stale.size();
    }

    @Scheduled(fixedDelayString = "${keyward.bluetooth.sweep:30s}", initialDelayString = "${keyward.bluetooth.sweep:30s}")
    void sweep() {
        try {
            int revoked = revokeStale();
            if (revoked > 0) {
                log.info("revoked {} Bluetooth keys of accounts whose role on the lock changed", revoked);
            }
        } catch (RuntimeException e) {
            log.warn("Bluetooth key sweep failed: {}", e.getMessage());
        }
    }

    /** The lock's Bluetooth radio as its last report named it ("radio"), or null. */
    String radioOf(UUID lockId) {
        return locks.byId(lockId).map(Locks.Lock::reported).map(this::radio).orElse(null);
    }

    private String radio(String reported) {
        try {
            JsonNode radio = json.readTree(reported).get("radio");
            return radio != null && radio.isString() ? radio.asString() : null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * A key id: 128 random bits in base64url (22 characters). Short on purpose: the lock logs a Bluetooth
     * unlock's credential as "bluetooth-key:" + key id, and the cloud's event store takes at most 40
     * characters there.
     */
    static String newKeyId() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** Whether text can be a key id (anything else is an unknown key: 404). */
    static boolean isKeyId(String text) {
        return text != null && text.matches("[A-Za-z0-9_-]{22}");
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static OffsetDateTime utc(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC);
    }

    static ResponseStatusException noSuchKey() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, NO_SUCH_KEY);
    }
}
