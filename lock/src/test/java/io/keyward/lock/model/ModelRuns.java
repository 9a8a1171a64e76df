package io.keyward.lock.model;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

import io.keyward.lock.core.LockEvent;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many sequences the model-based test runs and from which seed: 300 (the bounded pass in CI)
 * unless {@code -Dkeyward.model.tries=N}; the fixed seed 20261010 unless {@code -Dkeyward.model.seed=S}
 * ({@code random} for a new one each run). Prints the counts it ran.
 */
public final class ModelRuns implements AroundPropertyHook {

    static final int DEFAULT_TRIES = 300;
    static final String DEFAULT_SEED = "20261010";

    static final AtomicLong SEQUENCES = new AtomicLong();
    static final AtomicLong ACTIONS = new AtomicLong();
    static final AtomicLong STEPS = new AtomicLong();
    private static final Map<String, AtomicLong> OUTCOMES = new ConcurrentHashMap<>();

    /** Tallies what the runs reached, so a reader sees the sequences went past the front door. */
    static void seen(LockEvent e) {
        String key = e.kind().equals("ALARM") ? e.alarm()
                : e.kind().equals("UNLOCK") ? "UNLOCK " + e.method() + " " + (e.reason() == null ? e.result() : e.reason())
                : e.kind();
        OUTCOMES.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        context.attributes().setTries(Integer.getInteger("keyward.model.tries", DEFAULT_TRIES));
        String seed = System.getProperty("keyward.model.seed", DEFAULT_SEED);
        if (!seed.equals("random")) {
            context.attributes().setSeed(seed);
        }
        SEQUENCES.set(0);
        ACTIONS.set(0);
        STEPS.set(0);
        OUTCOMES.clear();
        long start = System.nanoTime();
        PropertyExecutionResult result = property.execute();
        System.out.printf("model: %,d sequences, %,d actions, %,d steps checked (%s, seed %s) in %.1f s%n",
                SEQUENCES.get(), ACTIONS.get(), STEPS.get(), context.label(), result.seed().orElse("?"),
                (System.nanoTime() - start) / 1e9);
        System.out.println("model: events logged " + new TreeMap<>(OUTCOMES));
        return result;
    }
}
