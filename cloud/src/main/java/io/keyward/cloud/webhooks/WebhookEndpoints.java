package io.keyward.cloud.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The webhook_endpoints and webhook_attempts tables. An endpoint is seen and managed by the account that
 * registered it and, for an endpoint of one lock, by that lock's owner too (so a manager's endpoint on
 * the owner's lock is never hidden from the owner).
 */
@Repository
class WebhookEndpoints {

    /** The endpoint is the account's own, or sits on a lock the account owns. */
    private static final String MANAGES = """
            (e.account_id = :account or exists (select 1 from locks l where l.id = e.lock_id and l.owner_id = :account))""";

    /** How many attempts an endpoint keeps (the app shows the latest few). */
    static final int ATTEMPTS_KEPT = 50;

    record Endpoint(UUID id, UUID accountId, UUID lockId, String url, String description, Set<String> kinds,
                    boolean enabled, String disabledReason, Instant failingSince, int consecutiveFailures,
                    Instant createdAt) {
    }

    record Attempt(UUID messageId, String type, int attempt, Instant at, Integer status, String error, long durationMs) {
    }

    private final JdbcClient jdbc;

    WebhookEndpoints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    int countOf(UUID account) {
        return jdbc.sql("select count(*) from webhook_endpoints where account_id = :account")
                .param("account", account).query(Integer.class).single();
    }

    void insert(Endpoint endpoint, String sealedSecret) {
        jdbc.sql("""
                insert into webhook_endpoints (id, account_id, lock_id, url, description, kinds, secret, enabled, created_at)
                values (:id, :account, :lock, :url, :description, :kinds, :secret, true, :createdAt)""")
                .param("id", endpoint.id())
                .param("account", endpoint.accountId())
                .param("lock", endpoint.lockId())
                .param("url", endpoint.url())
                .param("description", endpoint.description())
                .param("kinds", WebhookKinds.column(endpoint.kinds()))
                .param("secret", sealedSecret)
                .param("createdAt", utc(endpoint.createdAt()))
                .update();
    }

    List<Endpoint> managedBy(UUID account) {
        return jdbc.sql("select * from webhook_endpoints e where " + MANAGES + " order by e.created_at, e.id")
                .param("account", account).query(WebhookEndpoints::row).list();
    }

    Optional<Endpoint> managedBy(UUID account, UUID id) {
        return jdbc.sql("select * from webhook_endpoints e where e.id = :id and " + MANAGES)
                .param("id", id).param("account", account).query(WebhookEndpoints::row).optional();
    }

    Optional<Endpoint> byId(UUID id) {
        return jdbc.sql("select * from webhook_endpoints where id = :id").param("id", id).query(WebhookEndpoints::row).optional();
    }

    /**
     * The enabled endpoints that hear this lock: its own, and the account-wide ones of its owner and its
     * managers (a member's role does not reach webhooks; a role taken away stops them at once).
     */
    List<Endpoint> listening(UUID lock) {
        return jdbc.sql("""
                select * from webhook_endpoints e
                where e.enabled and (e.lock_id = :lock or e.lock_id is null)
                  and (exists (select 1 from locks l where l.id = :lock and l.owner_id = e.account_id)
                       or exists (select 1 from shares s where s.lock_id = :lock and s.account_id = e.account_id
                                  and s.role = 'MANAGER'))""")
                .param("lock", lock).query(WebhookEndpoints::row).list();
    }

    /** {@link #listening(UUID)} for several locks in one query: each lock's endpoints (a lock with none is absent). */
    java.util.Map<UUID, List<Endpoint>> listening(java.util.Collection<UUID> locks) {
        java.util.Map<UUID, List<Endpoint>> byLock = new java.util.HashMap<>();
        jdbc.sql("""
                select l.id as heard_lock, e.* from locks l
                join webhook_endpoints e on e.enabled and (e.lock_id = l.id or e.lock_id is null)
                where l.id in (:locks)
                  and (l.owner_id = e.account_id
                       or exists (select 1 from shares s where s.lock_id = l.id and s.account_id = e.account_id
                                  and s.role = 'MANAGER'))""")
                .param("locks", locks)
                .query(rs -> {
                    byLock.computeIfAbsent(rs.getObject("heard_lock", UUID.class), any -> new java.util.ArrayList<>())
                            .add(row(rs, 0));
                });
        return byLock;
    }

    String sealedSecret(UUID id) {
        return jdbc.sql("select secret from webhook_endpoints where id = :id").param("id", id).query(String.class).single();
    }

    void update(UUID id, String url, String description, Set<String> kinds) {
        jdbc.sql("update webhook_endpoints set url = :url, description = :description, kinds = :kinds where id = :id")
                .param("id", id).param("url", url).param("description", description)
                .param("kinds", WebhookKinds.column(kinds)).update();
    }

    void delete(UUID id) {
        jdbc.sql("delete from webhook_endpoints where id = :id").param("id", id).update();
    }

    /** On again with a clean record; what waited while it was off is tried now, in order. */
    void enable(UUID id, Instant now) {
        jdbc.sql("""
                update webhook_endpoints set enabled = true, disabled_reason = null, failing_since = null,
                       consecutive_failures = 0 where id = :id""").param("id", id).update();
        jdbc.sql("update webhook_deliveries set next_attempt_at = :now where endpoint_id = :id")
                .param("id", id).param("now", utc(now)).update();
    }

    void succeeded(UUID id) {
        jdbc.sql("update webhook_endpoints set failing_since = null, consecutive_failures = 0 where id = :id")
                .param("id", id).update();
    }

    /** Counts a failed attempt; returns since when the endpoint has been failing (now, if this is the first). */
    Instant failed(UUID id, Instant now) {
        jdbc.sql("""
                update webhook_endpoints set failing_since = coalesce(failing_since, :now),
                       consecutive_failures = consecutive_failures + 1 where id = :id""")
                .param("id", id).param("now", utc(now)).update();
        return jdbc.sql("select failing_since from webhook_endpoints where id = :id").param("id", id)
                .query(OffsetDateTime.class).single().toInstant();
    }

    /** @return false when it was already off (another node disabled it first): only one alert then */
    boolean disable(UUID id, String reason) {
        return jdbc.sql("update webhook_endpoints set enabled = false, disabled_reason = :reason where id = :id and enabled")
                .param("id", id).param("reason", reason).update() == 1;
    }

    void recordAttempt(UUID endpoint, Attempt attempt) {
        jdbc.sql("""
                insert into webhook_attempts (id, endpoint_id, message_id, type, attempt, attempted_at, status, error, duration_ms)
                values (:id, :endpoint, :message, :type, :attempt, :at, :status, :error, :duration)""")
                .param("id", UUID.randomUUID())
                .param("endpoint", endpoint)
                .param("message", attempt.messageId())
                .param("type", attempt.type())
                .param("attempt", attempt.attempt())
                .param("at", utc(attempt.at()))
                .param("status", attempt.status())
                .param("error", attempt.error())
                .param("duration", attempt.durationMs())
                .update();
        jdbc.sql("""
                delete from webhook_attempts where endpoint_id = :endpoint and id not in
                  (select id from webhook_attempts where endpoint_id = :endpoint order by attempted_at desc limit :kept)""")
                .param("endpoint", endpoint).param("kept", ATTEMPTS_KEPT).update();
    }

    /** Newest first. */
    List<Attempt> attempts(UUID endpoint, int limit) {
        return jdbc.sql("select * from webhook_attempts where endpoint_id = :endpoint order by attempted_at desc limit :limit")
                .param("endpoint", endpoint).param("limit", limit)
                .query((rs, n) -> new Attempt(rs.getObject("message_id", UUID.class), rs.getString("type"),
                        rs.getInt("attempt"), instant(rs, "attempted_at"), rs.getObject("status", Integer.class),
                        rs.getString("error"), rs.getLong("duration_ms")))
                .list();
    }

    private static Endpoint row(ResultSet rs, int rowNum) throws SQLException {
        return new Endpoint(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getObject("lock_id", UUID.class), rs.getString("url"), rs.getString("description"),
                WebhookKinds.stored(rs.getString("kinds")), rs.getBoolean("enabled"), rs.getString("disabled_reason"),
                rs.getObject("failing_since") == null ? null : instant(rs, "failing_since"),
                rs.getInt("consecutive_failures"), instant(rs, "created_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
