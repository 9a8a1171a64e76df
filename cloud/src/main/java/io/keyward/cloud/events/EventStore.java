package io.keyward.cloud.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.keyward.protocol.link.LinkMessages;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The events of every lock (SPEC C9, H5), each (lock, seq) stored once: the lock resends every event
 * the cloud has not acknowledged, so copies are normal and are absorbed without an error. Works on H2
 * (PostgreSQL mode) and PostgreSQL alike, and outside Spring too ({@link #EventStore(JdbcClient, Clock,
 * List)} over a plain DataSource, as a benchmark may use it; there each store is its own auto-commit).
 */
@Service
public class EventStore {

    static final int DETAIL_MAX = EventFields.DETAIL;

    /**
     * A message that parsed as an event message but is no event: no kind, no time, or a negative
     * sequence number. It cannot be stored (nor acknowledged by seq); the link logs and counts it.
     */
    public static final class NotAnEvent extends IllegalArgumentException {
        NotAnEvent(String message) {
            super(message);
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final List<NewEventListener> listeners;

    public EventStore(JdbcClient jdbc, Clock clock, List<NewEventListener> listeners) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    @Autowired
    EventStore(JdbcClient jdbc, Clock clock, ObjectProvider<NewEventListener> listeners) {
        this(jdbc, clock, listeners.orderedStream().toList());
    }

    /**
     * Stores the event once per (lock, seq), with the time it arrived; a new one also goes to every
     * {@link NewEventListener} (alerts) in the same transaction.
     *
     * A field longer than its column is stored cut with a marker ({@link EventFields}), never refused.
     *
     * @return true when it was new, false for a copy of one already stored (which changes nothing)
     * @throws NotAnEvent for a message with no kind, no time or a negative seq: nothing is stored, and
     *         the link must not acknowledge it
     * @throws org.springframework.dao.DataAccessException when the database fails, or the lock is unknown:
     *         nothing is stored, and the link must not acknowledge it (the lock sends it again)
     */
    @Transactional
    public boolean store(UUID lockId, LinkMessages.EventMessage received) {
        check(received);
        EventFields.Fitted fitted = EventFields.fit(received);
        LinkMessages.EventMessage event = fitted.event();
        int inserted = jdbc.sql("""
                insert into events (lock_id, seq, occurred_at, kind, method, result, user_no, credential, reason,
                                    alarm, detail, truncated, received_at)
                values (:lock, :seq, :at, :kind, :method, :result, :user, :credential, :reason, :alarm, :detail,
                        :truncated, :receivedAt)
                on conflict do nothing""")
                .param("lock", lockId)
                .param("seq", event.seq())
                .param("at", utc(event.at()))
                .param("kind", event.kind())
                .param("method", event.method())
                .param("result", event.result())
                .param("user", event.user())
                .param("credential", event.credential())
                .param("reason", event.reason())
                .param("alarm", event.alarm())
                .param("detail", event.detail())
                .param("truncated", fitted.truncated())
                .param("receivedAt", OffsetDateTime.now(clock))
                .update();
        if (inserted == 0) {
            return false;
        }
        listeners.forEach(listener -> listener.newEvent(lockId, event));
        return true;
    }

    /**
     * One page of a lock's events, newest first, read backwards along the primary key (lock_id, seq);
     * one row more than asked tells whether there is a next page.
     */
    EventPage query(UUID lockId, EventQuery query) {
        StringBuilder sql = new StringBuilder("select * from events where lock_id = :lock");
        Map<String, Object> params = new HashMap<>();
        params.put("lock", lockId);
        condition(sql, params, " and seq < :before", "before", query.before());
        condition(sql, params, " and kind in (:kinds)", "kinds", query.kinds().isEmpty() ? null : List.copyOf(query.kinds()));
        condition(sql, params, " and user_no = :user", "user", query.user());
        condition(sql, params, " and occurred_at >= :from", "from", query.from() == null ? null : utc(query.from()));
        condition(sql, params, " and occurred_at < :until", "until", query.until() == null ? null : utc(query.until()));
        sql.append(" order by seq desc limit :limit");
        params.put("limit", query.limit() + 1);
        List<StoredEvent> rows = jdbc.sql(sql.toString()).params(params).query(EventStore::row).list();
        return EventPage.of(rows, query.limit());
    }

    /** Adds the condition when its value is given. */
    private static void condition(StringBuilder sql, Map<String, Object> params, String condition, String name, Object value) {
        if (value != null) {
            sql.append(condition);
            params.put(name, value);
        }
    }

    private static StoredEvent row(ResultSet rs, int rowNum) throws SQLException {
        return new StoredEvent(rs.getLong("seq"), instant(rs, "occurred_at"), rs.getString("kind"),
                rs.getString("method"), rs.getString("result"), rs.getObject("user_no", Integer.class),
                rs.getString("credential"), rs.getString("reason"), rs.getString("alarm"), rs.getString("detail"),
                rs.getString("truncated"), instant(rs, "received_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static void check(LinkMessages.EventMessage event) {
        if (event.seq() < 0) {
            throw new NotAnEvent("event seq " + event.seq() + " is negative");
        }
        if (event.at() == null) {
            throw new NotAnEvent("event " + event.seq() + " has no time");
        }
        if (event.kind() == null || event.kind().isBlank()) {
            throw new NotAnEvent("event " + event.seq() + " has no kind");
        }
    }
}
