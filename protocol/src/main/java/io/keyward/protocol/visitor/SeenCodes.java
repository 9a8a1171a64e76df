package io.keyward.protocol.visitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lock's memory of visitor codes, an immutable value: the first use of each one-time and periodic
 * code it accepted, and the codes revoked (by a revoke code or by sync) before they stopped mattering.
 * Each entry carries the hour after which it can be dropped: a used one-time code is kept until its
 * window ends (after that it is EXPIRED on its own), a used periodic code until its end, a revoked
 * code until it could no longer be accepted anyway. The table is bounded; when it is full even after
 * pruning, the lock accepts no new code (fail closed) rather than forget one that still matters.
 */
public final class SeenCodes {

    public static final int DEFAULT_CAPACITY = 1024;

    /**
     * @param firstUse      when the lock first accepted the code, or null if never
     * @param revoked       whether the code was revoked
     * @param keepUntilHour the first hour at which the entry no longer matters
     */
    public record Entry(CodeId id, Instant firstUse, boolean revoked, long keepUntilHour) {
    }

    private final Map<CodeId, Entry> entries;
    private final int capacity;

    private SeenCodes(Map<CodeId, Entry> entries, int capacity) {
        this.entries = entries;
        this.capacity = capacity;
    }

    public static SeenCodes empty() {
        return empty(DEFAULT_CAPACITY);
    }

    public static SeenCodes empty(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        return new SeenCodes(Map.of(), capacity);
    }

    /** Rebuilds a table from stored entries (the lock's storage); entries beyond capacity are refused. */
    public static SeenCodes of(List<Entry> stored, int capacity) {
        if (stored.size() > capacity) {
            throw new IllegalArgumentException("more entries than capacity");
        }
        Map<CodeId, Entry> m = new LinkedHashMap<>();
        for (Entry e : stored) {
            m.put(e.id(), e);
        }
        return new SeenCodes(Collections.unmodifiableMap(m), capacity);
    }

    public Optional<Entry> get(CodeId id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** Every entry, ordered by the hour it can be dropped, for storage. */
    public List<Entry> entries() {
        List<Entry> list = new ArrayList<>(entries.values());
        list.sort(Comparator.comparingLong(Entry::keepUntilHour));
        return List.copyOf(list);
    }

    public int size() {
        return entries.size();
    }

    public int capacity() {
        return capacity;
    }

    /** Start hours of stored codes of this kind and variant whose start hour is congruent to startMod. */
    List<Long> startHours(VisitorKind kind, int variant, int startMod) {
        List<Long> hours = new ArrayList<>(1);
        for (CodeId id : entries.keySet()) {
            if (id.kind() == kind && id.variant() == variant && id.startHour() % VisitorCodec.WINDOW == startMod) {
                hours.add(id.startHour());
            }
        }
        return hours;
    }

    /** Without the entries that no longer matter at nowHour. */
    public SeenCodes pruned(long nowHour) {
        if (entries.values().stream().allMatch(e -> e.keepUntilHour() > nowHour)) {
            return this;
        }
        Map<CodeId, Entry> m = new LinkedHashMap<>();
        entries.forEach((id, e) -> {
            if (e.keepUntilHour() > nowHour) {
                m.put(id, e);
            }
        });
        return new SeenCodes(Collections.unmodifiableMap(m), capacity);
    }

    /** With the first use of a code recorded; empty if the table is full. */
    Optional<SeenCodes> withFirstUse(CodeId id, Instant at, long keepUntilHour) {
        Entry old = entries.get(id);
        return with(new Entry(id, at, old != null && old.revoked(), Math.max(keepUntilHour, old == null ? 0 : old.keepUntilHour())));
    }

    /**
     * With the code revoked until keepUntilHour (the lock calls this for a revocation it receives by
     * sync, with {@link #keepUntilForRevoked}); empty if the table is full.
     */
    public Optional<SeenCodes> withRevoked(CodeId id, long keepUntilHour) {
        Entry old = entries.get(id);
        return with(new Entry(id, old == null ? null : old.firstUse(), true,
                Math.max(keepUntilHour, old == null ? 0 : old.keepUntilHour())));
    }

    /** How long a revocation of this code must be remembered, given what the table knows of it. */
    public long keepUntilForRevoked(CodeId id) {
        Entry old = entries.get(id);
        if (id.kind() == VisitorKind.PERIODIC && (old == null || old.firstUse() == null)) {
            return Math.min(id.untilHour(), id.startHour() + VisitorCode.FIRST_USE_HOURS);
        }
        return id.untilHour();
    }

    private Optional<SeenCodes> with(Entry e) {
        if (!entries.containsKey(e.id()) && entries.size() >= capacity) {
            return Optional.empty();
        }
        Map<CodeId, Entry> m = new LinkedHashMap<>(entries);
        m.put(e.id(), e);
        return Optional.of(new SeenCodes(Collections.unmodifiableMap(m), capacity));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeenCodes other && capacity == other.capacity && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode() * 31 + capacity;
    }

    @Override
    public String toString() {
        return "SeenCodes" + entries();
    }
}
