package io.keyward.fuzz;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many inputs each fuzz target ran in this JVM, printed by every target class when it ends
 * ("fuzz: N inputs over M targets"), so the CI log shows the size of the bounded pass.
 */
public final class FuzzCounts {

    private static final Map<String, AtomicLong> COUNTS = new TreeMap<>();

    private FuzzCounts() {
    }

    /** One more input run by target. */
    public static synchronized void ran(String target) {
        COUNTS.computeIfAbsent(target, t -> new AtomicLong()).incrementAndGet();
    }

    /** Prints this class's targets and the running total. */
    public static synchronized void print(Class<?> owner) {
        String prefix = owner.getSimpleName() + ".";
        long total = 0;
        for (Map.Entry<String, AtomicLong> e : COUNTS.entrySet()) {
            total += e.getValue().get();
            if (e.getKey().startsWith(prefix)) {
                System.out.printf("fuzz: %s: %,d inputs%n", e.getKey(), e.getValue().get());
            }
        }
        System.out.printf("fuzz: %,d inputs over %d targets (this run so far)%n", total, COUNTS.size());
    }
}
