package io.keyward.cloud.bluetooth;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.keyward.cloud.grants.VisitorRequests;
import io.keyward.protocol.trust.DeviceIds;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Issue 15, trust design §7: the visitors' requests of locks in trust mode, kept on the pairing code's own row
 * (V45: who redeemed it, with which device key, when; the grant that answered it), lent to the grants relay.
 */
@Service
class InviteVisitorRequests implements VisitorRequests {

    private static final String SELECT = """
            select i.id as invite_id, i.lock_id, i.name as invite_name, i.valid_from, i.valid_until,
                   i.requested_by as account_id, a.email as account_email, a.display_name as account_name,
                   i.request_device_key as device_key, i.request_device_id as device_id, i.requested_at, i.grant_id
            from bluetooth_invites i join accounts a on a.id = i.requested_by
            """;

    private final JdbcClient jdbc;
    private final Clock clock;

    InviteVisitorRequests(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Claims the invite for the account's device (the code is then used by this visitor's request); false
     * when another request claimed it first.
     */
    boolean claim(UUID inviteId, UUID account, String deviceKey, OffsetDateTime now) {
        return jdbc.sql("""
                update bluetooth_invites set requested_by = :me, requested_at = :now, request_device_key = :key,
                                             request_device_id = :device
                where id = :id and requested_at is null and redeemed_at is null""")
                .param("me", account).param("now", now).param("key", deviceKey).param("device", DeviceIds.idOf(deviceKey))
                .param("id", inviteId).update() == 1;
    }

    Optional<Request> of(UUID inviteId) {
        return jdbc.sql(SELECT + "where i.id = :id").param("id", inviteId).query(Request.class).optional();
    }

    /** The account's visitor requests on every lock, newest first. */
    List<Request> ofAccount(UUID account) {
        return jdbc.sql(SELECT + "where i.requested_by = :me order by i.requested_at desc, i.id")
                .param("me", account).query(Request.class).list();
    }

    @Override
    public List<Request> waiting(UUID lockId) {
        return jdbc.sql(SELECT + """
                where i.lock_id = :lock and i.grant_id is null and i.valid_until > :now
                order by i.requested_at, i.id""")
                .param("lock", lockId).param("now", OffsetDateTime.now(clock)).query(Request.class).list();
    }

    @Override
    public Optional<Request> of(UUID lockId, UUID inviteId) {
        return of(inviteId).filter(r -> r.lockId().equals(lockId));
    }

    @Override
    public boolean answer(UUID inviteId, String grantId) {
        return jdbc.sql("""
                update bluetooth_invites set grant_id = :grant, redeemed_at = :now, redeemed_by = requested_by
                where id = :id and grant_id is null and requested_by is not null""")
                .param("grant", grantId).param("now", OffsetDateTime.now(clock)).param("id", inviteId).update() == 1;
    }

    @Override
    public boolean asked(UUID accountId, UUID lockId, String deviceId) {
        String sql = "select count(*) from bluetooth_invites where lock_id = :lock and requested_by = :me"
                + (deviceId == null ? "" : " and request_device_id = :device");
        JdbcClient.StatementSpec query = jdbc.sql(sql).param("lock", lockId).param("me", accountId);
        return (deviceId == null ? query : query.param("device", deviceId)).query(Long.class).single() > 0;
    }

    @Override
    public Set<String> grantIds(UUID lockId) {
        return new HashSet<>(jdbc.sql("select grant_id from bluetooth_invites where lock_id = :lock and grant_id is not null")
                .param("lock", lockId).query(String.class).list());
    }
}
