package io.keyward.cloud.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.keyward.cloud.webhooks.WebhookEndpoints.utc;

/**
 * The delivery queue (webhook_deliveries): in the database, so it outlives the cloud, and shared by
 * every node. A node claims a row with a conditional update of its lease (no two nodes send the same
 * attempt; a dead node's lease runs out and another takes over). Only the head of each (endpoint, lock)
 * queue is ever due: a later event of a lock waits while an earlier one to the same endpoint retries.
 */
@Repository
class WebhookQueue {

    record Due(UUID id, UUID endpointId) {
    }

    record Delivery(UUID id, UUID endpointId, UUID lockId, long seq, String type, String body, int attempts) {
    }

    private final JdbcClient jdbc;

    WebhookQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    UUID enqueue(UUID endpoint, UUID lock, long seq, String type, String body, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into webhook_deliveries (id, endpoint_id, lock_id, seq, type, body, next_attempt_at, created_at)
                values (:id, :endpoint, :lock, :seq, :type, :body, :now, :now)""")
                .param("id", id).param("endpoint", endpoint).param("lock", lock).param("seq", seq)
                .param("type", type).param("body", body).param("now", utc(now))
                .update();
        return id;
    }

    /** Heads of queues whose time has come, of enabled endpoints, not claimed by anyone; oldest first. */
    List<Due> due(Instant now, int limit) {
        return jdbc.sql("""
                select d.id, d.endpoint_id from webhook_deliveries d
                join webhook_endpoints e on e.id = d.endpoint_id
                where e.enabled and d.next_attempt_at <= :now and (d.lease_until is null or d.lease_until < :now)
                  and not exists (select 1 from webhook_deliveries p
                                  where p.endpoint_id = d.endpoint_id and p.lock_id = d.lock_id and p.position < d.position)
                order by d.position limit :limit""")
                .param("now", utc(now)).param("limit", limit)
                .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .list();
    }

    /** @return the delivery when this node now holds it until leaseUntil; empty when another node got it first */
    Optional<Delivery> claim(UUID id, Instant now, Instant leaseUntil) {
        int claimed = jdbc.sql("""
                update webhook_deliveries set lease_until = :until
                where id = :id and next_attempt_at <= :now and (lease_until is null or lease_until < :now)""")
                .param("id", id).param("now", utc(now)).param("until", utc(leaseUntil)).update();
        if (claimed == 0) {
            return Optional.empty();
        }
        return jdbc.sql("select * from webhook_deliveries where id = :id").param("id", id)
                .query((rs, n) -> new Delivery(rs.getObject("id", UUID.class), rs.getObject("endpoint_id", UUID.class),
                        rs.getObject("lock_id", UUID.class), rs.getLong("seq"), rs.getString("type"),
                        rs.getString("body"), rs.getInt("attempts")))
                .optional();
    }

    void delivered(UUID id) {
        jdbc.sql("delete from webhook_deliveries where id = :id").param("id", id).update();
    }

    /** Released for another attempt at next (the head of its queue stays the head). */
    void retryAt(UUID id, int attempts, Instant next) {
        jdbc.sql("update webhook_deliveries set attempts = :attempts, next_attempt_at = :next, lease_until = null where id = :id")
                .param("id", id).param("attempts", attempts).param("next", utc(next)).update();
    }

    long pending(UUID endpoint) {
        return jdbc.sql("select count(*) from webhook_deliveries where endpoint_id = :endpoint")
                .param("endpoint", endpoint).query(Long.class).single();
    }

    /** The lock's newest stored event, if any. */
    Optional<Long> newestEvent(UUID lock) {
        return jdbc.sql("select seq from events where lock_id = :lock order by seq desc limit 1").param("lock", lock)
                .query(Long.class).optional();
    }
}
