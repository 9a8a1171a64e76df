package io.keyward.cloud.grants;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.keyward.protocol.trust.DeviceGrant;
import io.keyward.protocol.trust.GrantRevocation;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The device_grants and grant_revocations tables (V41, V43; issue 15, trust design §7): the grants of each
 * lock as devices signed them, and their revocations (kwdr1). {@link RevokedGrants} hands the revocations
 * to the Bluetooth feature, which lists them with its own so every app of the lock carries them.
 */
@Repository
class DeviceGrants {

    private final JdbcClient jdbc;
    private final Clock clock;

    DeviceGrants(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A grant with what the lists show of its revocation (null while it stands). */
    private static final String SELECT = """
            select g.grant_id, g.lock_id, g.token, g.holder_id, g.holder_key, g.account_id, g.role, g.valid_from,
                   g.valid_until, g.issued_at, g.signer_id, g.parent_id, g.stored_by, g.stored_at,
                   r.revoked_at, r.revoked_by, r.token as revocation
            from device_grants g left join grant_revocations r on r.lock_id = g.lock_id and r.grant_id = g.grant_id
            """;

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
        return jdbc.sql(SELECT + "where g.grant_id = :id").param("id", grantId)
                .query(GrantRow.class).list().stream().findFirst();
    }

    Optional<GrantRow> find(UUID lockId, String grantId) {
        return find(grantId).filter(g -> g.lockId().equals(lockId));
    }

    /** The lock's grants, newest first. */
    List<GrantRow> ofLock(UUID lockId) {
        return jdbc.sql(SELECT + "where g.lock_id = :lock order by g.stored_at desc, g.grant_id")
                .param("lock", lockId).query(GrantRow.class).list();
    }

    /** The device's grants on the lock that are neither revoked nor expired, the longest-lived first. */
    List<GrantRow> liveOfHolder(UUID lockId, String holderId) {
        return jdbc.sql(SELECT + """
                where g.lock_id = :lock and g.holder_id = :holder and r.grant_id is null and g.valid_until > :now
                order by g.valid_until desc, g.grant_id""")
                .param("lock", lockId).param("holder", holderId).param("now", now())
                .query(GrantRow.class).list();
    }

    /** Records the revocation; false when the grant was revoked already (the first revocation stays). */
    boolean revoke(UUID lockId, GrantRevocation revocation, String token, UUID by) {
        try {
            return jdbc.sql("""
                    insert into grant_revocations (lock_id, grant_id, grant_until, token, revoked_by, revoked_at)
                    values (:lock, :id, :until, :token, :by, :now)""")
                    .param("lock", lockId).param("id", revocation.grantId())
                    .param("until", revocation.grantUntil().atOffset(ZoneOffset.UTC)).param("token", token)
                    .param("by", by).param("now", now()).update() == 1;
        } catch (DuplicateKeyException revokedBefore) {
            return false;
        }
    }

    /** The lock's kwdr1 revocations of grants not yet expired: what every app of the lock carries to it. */
    List<String> revocations(UUID lockId) {
        return jdbc.sql("""
                select token from grant_revocations where lock_id = :lock and grant_until > :now
                order by revoked_at, grant_id""")
                .param("lock", lockId).param("now", now()).query(String.class).list();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
