package io.keyward.bench;

import java.util.Arrays;

/** Measured latencies in nanoseconds, and their nearest-rank percentiles. */
final class Latencies {

    private final long[] nanos;
    private int size;

    Latencies(int capacity) {
        nanos = new long[capacity];
    }

    /** Not thread-safe: one recorder at a time. */
    void add(long value) {
        nanos[size++] = value;
    }

    int size() {
        return size;
    }

    /** The values recorded from..until (in the order recorded), as latencies of their own. */
    Latencies slice(int from, int until) {
        Latencies part = new Latencies(until - from);
        for (int i = from; i < until; i++) {
            part.add(nanos[i]);
        }
        return part;
    }

    /** Nearest rank: the smallest value with at least p percent of the values at or below it. */
    double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }

    double p50() {
        return percentileMillis(50);
    }

    double p99() {
        return percentileMillis(99);
    }

    double max() {
        return percentileMillis(100);
    }

    double meanMillis() {
        long sum = 0;
        for (int i = 0; i < size; i++) {
            sum += nanos[i];
        }
        return size == 0 ? Double.NaN : sum / 1e6 / size;
    }
}
