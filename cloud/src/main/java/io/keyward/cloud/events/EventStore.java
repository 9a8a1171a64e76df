package io.keyward.cloud.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.keyward.protocol.link.LinkMessages;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
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
    /** On PostgreSQL a batch is one fixed statement over arrays ({@link #insertUnnest}); on H2 the portable path. */
    private final boolean postgres;

    /** The portable path (H2 and PostgreSQL alike): a look for stored events, then a multi-row insert. */
    public EventStore(JdbcClient jdbc, Clock clock, List<NewEventListener> listeners) {
        this(jdbc, clock, listeners, false);
    }

    public EventStore(JdbcClient jdbc, Clock clock, List<NewEventListener> listeners, boolean postgres) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
        this.postgres = postgres;
    }

    @Autowired
    EventStore(JdbcClient jdbc, Clock clock, ObjectProvider<NewEventListener> listeners,
               @Value("${spring.datasource.url:}") String url) {
        this(jdbc, clock, listeners.orderedStream().toList(), url.startsWith("jdbc:postgresql:"));
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
        if (insert(List.of(new Row(lockId, fitted)), OffsetDateTime.now(clock)) == 0) {
            return false;
        }
        listeners.forEach(listener -> listener.newEvent(lockId, fitted.event()));
        return true;
    }

    /** An event as it arrived, with the lock it came from. */
    public record Incoming(UUID lockId, LinkMessages.EventMessage event) {
    }

    /**
     * Another node stored some of a batch's events between this node's look and its insert (or a
     * driver could not say how many rows it inserted): the batch is undone, and the caller stores its
     * events one by one, where the count of each insert tells a new event from a copy.
     */
    public static final class CopiesRaced extends IllegalStateException {
        CopiesRaced(int expected, int inserted) {
            super("expected to insert " + expected + " new events, inserted " + inserted);
        }
    }

    /**
     * Stores a batch in one transaction, one commit (docs/cloud.md "Batched ingest"): a look for the
     * events already stored, then one multi-row insert of the new ones, then every listener for each
     * new event in the batch's order. As {@link #store} for each event, but all or nothing: when this
     * throws, nothing of the batch is stored (the caller may store them one by one to isolate a bad
     * one). Which rows are new is known before the insert, so no {@code RETURNING} is needed on a
     * multi-row {@code on conflict do nothing} (H2 has none); the insert's count checks it.
     *
     * @return for each event in order, true when it was new, false for a copy (of a stored event, or of
     *         one earlier in the batch)
     * @throws NotAnEvent as {@link #store}; the link checks with {@link #check} before batching
     * @throws CopiesRaced when another node stored some of them meanwhile (nothing of the batch is kept)
     */
    @Transactional
    public List<Boolean> storeAll(List<Incoming> batch) {
        batch.forEach(incoming -> check(incoming.event()));
        if (postgres) {
            return storeAllUnnest(batch);
        }
        Set<Key> seen = stored(batch);
        List<Boolean> fresh = new ArrayList<>(batch.size());
        List<Row> rows = new ArrayList<>();
        for (Incoming incoming : batch) {
            boolean isNew = seen.add(new Key(incoming.lockId(), incoming.event().seq()));
            fresh.add(isNew);
            if (isNew) {
                rows.add(new Row(incoming.lockId(), EventFields.fit(incoming.event())));
            }
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        int inserted = 0;
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            inserted += insert(rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT)), now);
        }
        if (inserted != rows.size()) {
            throw new CopiesRaced(rows.size(), inserted);
        }
        beforeBatch(rows.stream().map(Row::lockId));
        for (Row row : rows) {
            listeners.forEach(listener -> listener.newEvent(row.lockId(), row.fitted().event()));
        }
        return fresh;
    }

    /**
     * PostgreSQL: the whole batch in one statement whose text never changes (so the server plans it once
     * per connection, and no SQL is built per event): each column goes as one array, {@code unnest}
     * turns them back into rows, {@code on conflict do nothing} absorbs copies (of stored events, and
     * within the batch), and {@code returning} names the rows that were new. One round trip, no look
     * beforehand, and no race with another node: what another node stored meanwhile is simply a copy.
     */
    private List<Boolean> storeAllUnnest(List<Incoming> batch) {
        int n = batch.size();
        List<EventFields.Fitted> fitted = new ArrayList<>(n);
        String[] lock = new String[n];
        long[] seq = new long[n];
        String[] at = new String[n];
        String[] kind = new String[n];
        String[] method = new String[n];
        String[] result = new String[n];
        String[] user = new String[n];
        String[] credential = new String[n];
        String[] reason = new String[n];
        String[] alarm = new String[n];
        String[] detail = new String[n];
        String[] truncated = new String[n];
        for (int i = 0; i < n; i++) {
            Incoming incoming = batch.get(i);
            EventFields.Fitted f = EventFields.fit(incoming.event());
            LinkMessages.EventMessage event = f.event();
            fitted.add(f);
            lock[i] = incoming.lockId().toString();
            seq[i] = event.seq();
            at[i] = event.at().toString(); // ISO-8601 in UTC, as timestamptz reads it
            kind[i] = event.kind();
            method[i] = event.method();
            result[i] = event.result();
            user[i] = event.user() == null ? null : event.user().toString();
            credential[i] = event.credential();
            reason[i] = event.reason();
            alarm[i] = event.alarm();
            detail[i] = event.detail();
            truncated[i] = f.truncated();
        }
        Set<Key> inserted = new HashSet<>(jdbc.sql(INSERT_UNNEST)
                .params(OffsetDateTime.now(clock), lock, seq, at, kind, method, result, user, credential, reason, alarm,
                        detail, truncated)
                .query((rs, row) -> new Key(rs.getObject(1, UUID.class), rs.getLong(2))).list());
        List<Boolean> fresh = new ArrayList<>(n);
        if (!inserted.isEmpty()) {
            beforeBatch(inserted.stream().map(Key::lockId));
        }
        for (int i = 0; i < n; i++) {
            // the first of copies within the batch is the one inserted; remove() leaves the others false
            boolean isNew = inserted.remove(new Key(batch.get(i).lockId(), seq[i]));
            fresh.add(isNew);
            if (isNew) {
                UUID lockId = batch.get(i).lockId();
                LinkMessages.EventMessage event = fitted.get(i).event();
                listeners.forEach(listener -> listener.newEvent(lockId, event));
            }
        }
        return fresh;
    }

    /** Tells each listener the locks of the batch's new events, before the events themselves. */
    private void beforeBatch(java.util.stream.Stream<UUID> lockIds) {
        List<UUID> distinct = lockIds.distinct().toList();
        if (!distinct.isEmpty()) {
            listeners.forEach(listener -> listener.beforeBatch(distinct));
        }
    }

    private static final String INSERT_UNNEST = """
            insert into events (lock_id, seq, occurred_at, kind, method, result, user_no, credential, reason,
                                alarm, detail, truncated, received_at)
            select l, s, o, k, m, r, u, c, re, a, d, t, cast(? as timestamptz)
            from unnest(cast(? as uuid[]), cast(? as bigint[]), cast(? as timestamptz[]), cast(? as varchar[]),
                        cast(? as varchar[]), cast(? as varchar[]), cast(? as integer[]), cast(? as varchar[]),
                        cast(? as varchar[]), cast(? as varchar[]), cast(? as varchar[]), cast(? as varchar[]))
                 as b(l, s, o, k, m, r, u, c, re, a, d, t)
            on conflict do nothing
            returning lock_id, seq""";

    /** At most this many rows in one insert statement: 13 parameters each, far below PostgreSQL's 65,535. */
    private static final int ROWS_PER_INSERT = 1000;

    private record Key(UUID lockId, long seq) {
    }

    private record Row(UUID lockId, EventFields.Fitted fitted) {
    }

    /**
     * The batch's events that are stored already: one range of seq per lock in the batch, read along the
     * primary key (lock_id, seq). A lock's events in one batch are mostly consecutive, so the ranges
     * hold little more than the batch.
     */
    private Set<Key> stored(List<Incoming> batch) {
        Map<UUID, long[]> ranges = new LinkedHashMap<>();
        for (Incoming incoming : batch) {
            long seq = incoming.event().seq();
            ranges.merge(incoming.lockId(), new long[] {seq, seq},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        StringBuilder sql = new StringBuilder("select lock_id, seq from events where ");
        Map<String, Object> params = new HashMap<>();
        int i = 0;
        for (Map.Entry<UUID, long[]> range : ranges.entrySet()) {
            sql.append(i == 0 ? "" : " or ").append("(lock_id = :l%d and seq between :a%d and :b%d)".formatted(i, i, i));
            params.put("l" + i, range.getKey());
            params.put("a" + i, range.getValue()[0]);
            params.put("b" + i, range.getValue()[1]);
            i++;
        }
        return new HashSet<>(jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Key(rs.getObject(1, UUID.class), rs.getLong(2))).list());
    }

    /** One insert statement for the rows; a row whose (lock, seq) is stored already is skipped, not an error. */
    private int insert(List<Row> rows, OffsetDateTime receivedAt) {
        StringBuilder sql = new StringBuilder("""
                insert into events (lock_id, seq, occurred_at, kind, method, result, user_no, credential, reason,
                                    alarm, detail, truncated, received_at)
                values""");
        Map<String, Object> params = new HashMap<>();
        params.put("receivedAt", receivedAt);
        for (int i = 0; i < rows.size(); i++) {
            LinkMessages.EventMessage event = rows.get(i).fitted().event();
            sql.append(i == 0 ? " " : ", ").append("(:lock%1$d, :seq%1$d, :at%1$d, :kind%1$d, :method%1$d, :result%1$d,"
                    .formatted(i)).append(" :user%1$d, :credential%1$d, :reason%1$d, :alarm%1$d, :detail%1$d,".formatted(i))
                    .append(" :truncated%1$d, :receivedAt)".formatted(i));
            params.put("lock" + i, rows.get(i).lockId());
            params.put("seq" + i, event.seq());
            params.put("at" + i, utc(event.at()));
            params.put("kind" + i, event.kind());
            params.put("method" + i, event.method());
            params.put("result" + i, event.result());
            params.put("user" + i, event.user());
            params.put("credential" + i, event.credential());
            params.put("reason" + i, event.reason());
            params.put("alarm" + i, event.alarm());
            params.put("detail" + i, event.detail());
            params.put("truncated" + i, rows.get(i).fitted().truncated());
        }
        sql.append(" on conflict do nothing");
        return jdbc.sql(sql.toString()).params(params).update();
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
                rs.getString("truncated"), instant(rs, "received_at"), null);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * Refuses, with {@link NotAnEvent}, a message that cannot be stored: no kind, no time, a negative seq.
     * The link checks each event before it joins a batch, so one such message never fails a batch.
     */
    public static void check(LinkMessages.EventMessage event) {
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
