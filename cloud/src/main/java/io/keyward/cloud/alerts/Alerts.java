package io.keyward.cloud.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.keyward.cloud.events.EventNames;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The alerts table. Lists and counts show only alerts of locks the account still has a role on: once
 * a share is revoked, that lock's past alerts leave the former member's list too (H1, H3).
 */
@Repository
class Alerts {

    /** The account owns the alert's lock, or the lock is shared with it. */
    private static final String STILL_HAS_ACCESS = """
            (l.owner_id = a.account_id
             or exists (select 1 from shares s where s.lock_id = a.lock_id and s.account_id = a.account_id))""";

    private final JdbcClient jdbc;
    private final EventNames names;

    Alerts(JdbcClient jdbc, EventNames names) {
        this.jdbc = jdbc;
        this.names = names;
    }

    String lockName(UUID lock) {
        return jdbc.sql("select name from locks where id = :lock").param("lock", lock).query(String.class).single();
    }

    void add(List<AlertFanOut.Delivery> deliveries) {
        for (AlertFanOut.Delivery delivery : deliveries) {
            Alert alert = delivery.alert();
            jdbc.sql("""
                    insert into alerts (id, account_id, lock_id, seq, kind, occurred_at, user_no, raised_at)
                    values (:id, :account, :lock, :seq, :kind, :at, :user, :raisedAt)""")
                    .param("id", alert.id())
                    .param("account", delivery.account())
                    .param("lock", alert.lockId())
                    .param("seq", alert.seq())
                    .param("kind", alert.kind())
                    .param("at", utc(alert.at()))
                    .param("user", alert.user())
                    .param("raisedAt", utc(alert.raisedAt()))
                    .update();
        }
    }

    /** Newest first (by when raised: an alert from a lock's offline spell still comes to the top). */
    List<Alert> list(UUID account, boolean unreadOnly, int limit) {
        String sql = "select a.*, l.name as lock_name, e.method, e.credential, e.detail from alerts a"
                + " join locks l on l.id = a.lock_id left join events e on e.lock_id = a.lock_id and e.seq = a.seq"
                + " where a.account_id = :account and " + STILL_HAS_ACCESS
                + (unreadOnly ? " and a.read_at is null" : "")
                + " order by a.raised_at desc, a.occurred_at desc, a.seq desc limit :limit";
        return jdbc.sql(sql)
                .param("account", account)
                .param("limit", limit)
                .query((rs, n) -> Map.entry(row(rs, n),
                        new EventNames.Subject(rs.getObject("user_no", Integer.class), rs.getString("method"),
                                rs.getString("credential"), rs.getString("detail"))))
                .list().stream()
                .map(named(new HashMap<>()))
                .toList();
    }

    /** The names from one resolver per lock of the list (issue 14: the same names as the event list). */
    private Function<Map.Entry<Alert, EventNames.Subject>, Alert> named(Map<UUID, EventNames.Resolver> resolvers) {
        return entry -> entry.getKey().named(resolvers.computeIfAbsent(entry.getKey().lockId(), names::forLock)
                .names(entry.getValue()));
    }

    long unreadCount(UUID account) {
        return jdbc.sql("select count(*) from alerts a join locks l on l.id = a.lock_id"
                        + " where a.account_id = :account and a.read_at is null and " + STILL_HAS_ACCESS)
                .param("account", account)
                .query(Long.class)
                .single();
    }

    /** @return false when the account has no such alert; marking a read alert again keeps its first read time */
    boolean markRead(UUID account, UUID alert, Instant now) {
        return jdbc.sql("update alerts set read_at = coalesce(read_at, :now) where id = :id and account_id = :account")
                .param("now", utc(now))
                .param("id", alert)
                .param("account", account)
                .update() == 1;
    }

    int markAllRead(UUID account, Instant now) {
        return jdbc.sql("update alerts set read_at = :now where account_id = :account and read_at is null")
                .param("now", utc(now))
                .param("account", account)
                .update();
    }

    private static Alert row(ResultSet rs, int rowNum) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        String kind = rs.getString("kind");
        return new Alert(id, rs.getObject("lock_id", UUID.class), rs.getString("lock_name"),
                rs.getLong("seq"), kind, instant(rs, "occurred_at"), rs.getObject("user_no", Integer.class),
                rs.getObject("read_at") != null, instant(rs, "raised_at"), Alert.snapshotLink(id, kind), null);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
