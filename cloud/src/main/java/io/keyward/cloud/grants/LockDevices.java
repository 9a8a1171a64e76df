package io.keyward.cloud.grants;

import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What the grant checks read of a lock and of accounts' devices (trust design §6, §7): the lock's serial
 * and the owner devices its last report listed, the keys of registered devices (account_devices), and
 * which accounts registered a device. Read only; the lock itself stays the authority on all of it.
 */
@Service
class LockDevices {

    /** The lock as the grant checks need it; ownerDevices: deviceIds of its last report (empty once reset). */
    record LockFacts(UUID id, String serial, UUID ownerId, Set<String> ownerDevices) {
        boolean trustMode() {
            return !ownerDevices.isEmpty();
        }
    }

    /** An account that registered a device, with its role on the lock (null: none) and the device's name. */
    record Holder(UUID accountId, String email, String displayName, String role, String deviceName) {
    }

    /** A registered device of an account the lock is shared with, waiting for a grant (§7). */
    record Waiting(String deviceId, String deviceKey, String agreeKey, String deviceName, UUID accountId,
                   String email, String displayName, String role, OffsetDateTime registeredAt) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    LockDevices(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<LockFacts> lock(UUID lockId) {
        return jdbc.sql("select id, serial, owner_id, reported, reset_at from locks where id = :id").param("id", lockId)
                .query((rs, n) -> new LockFacts(rs.getObject("id", UUID.class), rs.getString("serial"),
                        rs.getObject("owner_id", UUID.class), rs.getObject("reset_at") != null ? Set.of()
                        : ownerDevices(rs.getString("reported"))))
                .optional();
    }

    /** A device's public key (SPKI b64u) as an account registered it, or as a stored grant names its holder. */
    Optional<String> keyOf(String deviceId) {
        Optional<String> registered = jdbc.sql("select device_key from account_devices where device_id = :id limit 1")
                .param("id", deviceId).query(String.class).optional();
        return registered.isPresent() ? registered : jdbc.sql(
                "select holder_key from device_grants where holder_id = :id limit 1")
                .param("id", deviceId).query(String.class).optional();
    }

    /** The accounts that registered the device, with their role on the lock. */
    List<Holder> holders(UUID lockId, String deviceId) {
        return jdbc.sql("""
                select d.account_id, a.email, a.display_name,
                       case when l.owner_id = d.account_id then 'OWNER' else s.role end as role, d.name
                from account_devices d join accounts a on a.id = d.account_id
                join locks l on l.id = :lock
                left join shares s on s.lock_id = l.id and s.account_id = d.account_id
                where d.device_id = :device order by d.registered_at""")
                .param("lock", lockId).param("device", deviceId)
                .query((rs, n) -> new Holder(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)))
                .list();
    }

    /** Devices of the accounts the lock is shared with, oldest first (who holds a working grant is GrantViews' part). */
    List<Waiting> sharedDevices(UUID lockId) {
        return jdbc.sql("""
                select d.device_id, d.device_key, d.agree_key, d.name, d.account_id, a.email, a.display_name, s.role,
                       d.registered_at
                from shares s join account_devices d on d.account_id = s.account_id
                join accounts a on a.id = s.account_id
                where s.lock_id = :lock
                order by d.registered_at, d.device_id""")
                .param("lock", lockId)
                .query((rs, n) -> new Waiting(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getObject(9, OffsetDateTime.class)))
                .list();
    }

    /** Whether the account registered this device. */
    boolean registered(UUID account, String deviceId) {
        return jdbc.sql("select count(*) from account_devices where account_id = :account and device_id = :device")
                .param("account", account).param("device", deviceId).query(Long.class).single() > 0;
    }

    /** An account's email and name, for the lists. */
    Holder account(UUID account) {
        return jdbc.sql("select id, email, display_name from accounts where id = :id").param("id", account)
                .query((rs, n) -> new Holder(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), null, null))
                .optional().orElse(new Holder(account, null, null, null, null));
    }

    /** The deviceIds of the report's ownerDevices (design §6); empty for a report without them. */
    private Set<String> ownerDevices(String reported) {
        Set<String> ids = new LinkedHashSet<>();
        if (reported == null) {
            return ids;
        }
        try {
            JsonNode devices = json.readTree(reported).get("ownerDevices");
            if (devices != null && devices.isArray()) {
                devices.forEach(d -> {
                    if (d.path("deviceId").isString()) {
                        ids.add(d.path("deviceId").asString());
                    }
                });
            }
        } catch (RuntimeException unreadable) {
            // a report the cloud cannot read lists no owner device: grants then refuse as UNKNOWN_SIGNER
        }
        return ids;
    }
}
