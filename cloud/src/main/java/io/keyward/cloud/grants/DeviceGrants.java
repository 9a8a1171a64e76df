package io.keyward.cloud.grants;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.keyward.protocol.trust.DeviceGrant;
import io.keyward.protocol.trust.GrantRevocation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The device_grants and grant_revocations tables (V41, issue 15): tokens the owner's devices signed, kept as signed. */
@Repository
class DeviceGrants {

    /** One stored grant: its decoded fields the lookups need, and the token itself. */
    record Stored(String grantId, String holderId, String signerId, String role, OffsetDateTime validUntil, String token) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    DeviceGrants(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Optional<Stored> byId(UUID lockId, String grantId) {
        return jdbc.sql("select grant_id, holder_id, signer_id, role, valid_until, token from device_grants "
                        + "where lock_id = :lock and grant_id = :id")
                .param("lock", lockId).param("id", grantId).query(Stored.class).optional();
    }

    /** The grant is stored unless one with its id is (then false: the caller compares the tokens). */
    boolean store(UUID lockId, DeviceGrant grant, String token, UUID by) {
        try {
            jdbc.sql("""
                    insert into device_grants (lock_id, grant_id, holder_id, signer_id, role, valid_until, token, stored_by, stored_at)
                    values (:lock, :id, :holder, :signer, :role, :until, :token, :by, :now)""")
                    .param("lock", lockId).param("id", grant.grantId()).param("holder", grant.holderId())
                    .param("signer", grant.signerId()).param("role", grant.role().name())
                    .param("until", grant.validUntil().atOffset(ZoneOffset.UTC)).param("token", token).param("by", by)
                    .param("now", OffsetDateTime.now(clock)).update();
            return true;
        } catch (org.springframework.dao.DuplicateKeyException exists) {
            return false;
        }
    }

    /** The newest grants held by the device that are neither revoked nor expired, newest first. */
    List<Stored> heldBy(UUID lockId, String holderId) {
        return jdbc.sql("""
                select g.grant_id, g.holder_id, g.signer_id, g.role, g.valid_until, g.token from device_grants g
                where g.lock_id = :lock and g.holder_id = :holder and g.valid_until > :now
                  and not exists (select 1 from grant_revocations r where r.lock_id = g.lock_id and r.grant_id = g.grant_id)
                order by g.stored_at desc, g.grant_id""")
                .param("lock", lockId).param("holder", holderId).param("now", OffsetDateTime.now(clock))
                .query(Stored.class).list();
    }

    /** Stores the revocation; false when the grant was revoked before (the first revocation stays). */
    boolean revoke(UUID lockId, GrantRevocation revocation, String token, UUID by) {
        try {
            jdbc.sql("""
                    insert into grant_revocations (lock_id, grant_id, grant_until, token, revoked_by, revoked_at)
                    values (:lock, :id, :until, :token, :by, :now)""")
                    .param("lock", lockId).param("id", revocation.grantId())
                    .param("until", revocation.grantUntil().atOffset(ZoneOffset.UTC)).param("token", token)
                    .param("by", by).param("now", OffsetDateTime.now(clock)).update();
            return true;
        } catch (org.springframework.dao.DuplicateKeyException exists) {
            return false;
        }
    }

    /** The revocations the lock still needs (their grants not yet expired), oldest first. */
    List<String> revocations(UUID lockId) {
        return jdbc.sql("""
                select token from grant_revocations where lock_id = :lock and grant_until > :now
                order by revoked_at, grant_id""")
                .param("lock", lockId).param("now", OffsetDateTime.now(clock)).query(String.class).list();
    }
}
