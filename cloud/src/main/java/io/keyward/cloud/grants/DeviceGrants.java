package io.keyward.cloud.grants;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.keyward.protocol.trust.DeviceGrant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The device_grants table (issue 15, trust design §7): the grants of each lock as devices signed them,
 * and their revocations. {@link #revocations} is public: the Bluetooth feature lists them with its own
 * so every app of the lock carries them to the lock (docs/bluetooth.md, "Revocation paths").
 */
@Repository
public class DeviceGrants {

    private final JdbcClient jdbc;
    private final Clock clock;

    DeviceGrants(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Stores a checked grant; false when a grant with this id is stored already (nothing changed). */
    boolean insert(UUID lockId, String token, DeviceGrant grant, UUID account, String parentId, UUID storedBy) {
        if (find(grant.grantId()).isPresent()) {
            return false;
        }
        jdbc.sql("""
                insert into device_grants (grant_id, lock_id, token, holder_id, holder_key, account_id, role, valid_from,
                                           valid_until, issued_at, signer_id, parent_id, stored_by, stored_at)
                values (:id, :lock, :token, :holderId, :holderKey, :account, :role, :from, :until, :issued, :signer,
                        :parent, :by, :now)""")
                .param("id", grant.grantId()).param("lock", lockId).param("token", token)
                .param("holderId", grant.holderId()).param("holderKey", grant.holderKey()).param("account", account)
                .param("role", grant.role().name()).param("from", grant.validFrom().atOffset(ZoneOffset.UTC))
                .param("until", grant.validUntil().atOffset(ZoneOffset.UTC))
                .param("issued", grant.issuedAt().atOffset(ZoneOffset.UTC)).param("signer", grant.signerId())
                .param("parent", parentId).param("by", storedBy).param("now", now())
                .update();
        return true;
    }

    Optional<GrantRow> find(String grantId) {
        return jdbc.sql("select * from device_grants where grant_id = :id").param("id", grantId)
                .query(GrantRow.class).optional();
    }

    Optional<GrantRow> find(UUID lockId, String grantId) {
        return find(grantId).filter(g -> g.lockId().equals(lockId));
    }

    /** The lock's grants, newest first. */
    List<GrantRow> ofLock(UUID lockId) {
        return jdbc.sql("select * from device_grants where lock_id = :lock order by stored_at desc, grant_id")
                .param("lock", lockId).query(GrantRow.class).list();
    }

    /** The device's grants on the lock that are neither revoked nor expired, the longest-lived first. */
    List<GrantRow> liveOfHolder(UUID lockId, String holderId) {
        return jdbc.sql("""
                select * from device_grants where lock_id = :lock and holder_id = :holder and revoked_at is null
                and valid_until > :now order by valid_until desc, grant_id""")
                .param("lock", lockId).param("holder", holderId).param("now", now())
                .query(GrantRow.class).list();
    }

    /** Records the revocation; false when the grant was revoked already (the first revocation stays). */
    boolean revoke(String grantId, String revocation, UUID by) {
        return jdbc.sql("""
                update device_grants set revoked_at = :now, revoked_by = :by, revocation = :revocation
                where grant_id = :id and revoked_at is null""")
                .param("now", now()).param("by", by).param("revocation", revocation).param("id", grantId)
                .update() == 1;
    }

    /** The lock's kwdr1 revocations of grants not yet expired: what every app of the lock carries to it. */
    public List<String> revocations(UUID lockId) {
        return jdbc.sql("""
                select revocation from device_grants where lock_id = :lock and revocation is not null
                and valid_until > :now order by revoked_at, grant_id""")
                .param("lock", lockId).param("now", now()).query(String.class).list();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
