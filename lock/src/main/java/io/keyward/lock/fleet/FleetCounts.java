package io.keyward.lock.fleet;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/** What a fleet did, counted from many threads: pairings, actions by kind and outcome, errors. */
public final class FleetCounts {

    /** What became of an action: it did what it was for, the lock or cloud said no, or it failed. */
    public enum Outcome { OK, REFUSED, FAILED }

    private static final int ERRORS_KEPT = 10;

    private final Map<String, LongAdder> counts = new ConcurrentSkipListMap<>();
    private final List<String> firstErrors = new CopyOnWriteArrayList<>();
    private final LongAdder errors = new LongAdder();
    private final Map<String, Boolean> errorSeen = new ConcurrentHashMap<>();

    void action(Activity.Kind kind, Outcome outcome) {
        add(kind.name().toLowerCase() + " " + outcome.name().toLowerCase());
    }

    void add(String what) {
        counts.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    /** An error: counted, and its first few distinct messages kept for the summary. */
    void error(String message) {
        errors.increment();
        if (firstErrors.size() < ERRORS_KEPT && errorSeen.putIfAbsent(message, true) == null) {
            firstErrors.add(message);
        }
    }

    public long count(String what) {
        LongAdder adder = counts.get(what);
        return adder == null ? 0 : adder.sum();
    }

    public long actions(Activity.Kind kind, Outcome outcome) {
        return count(kind.name().toLowerCase() + " " + outcome.name().toLowerCase());
    }

    public long errors() {
        return errors.sum();
    }

    /** Lines "  keypad ok: 120", by name, then the errors. */
    List<String> lines() {
        List<String> lines = new java.util.ArrayList<>();
        counts.forEach((what, n) -> lines.add("  " + what + ": " + n.sum()));
        lines.add("errors: " + errors.sum());
        firstErrors.forEach(e -> lines.add("  " + e));
        return lines;
    }
}
