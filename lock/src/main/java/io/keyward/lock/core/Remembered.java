package io.keyward.lock.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounded memory for what the lock remembers in RAM about recent traffic (replies to commands,
 * refusals already logged): the latest entries by insertion, the eldest forgotten first, so that a
 * flood of new ids can never grow the heap. Not thread-safe, as the maps it replaced were not.
 */
final class Remembered {

    private Remembered() {
    }

    /** A map that keeps the latest {@code most} entries put into it. */
    static <K, V> Map<K, V> latest(int most) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > most;
            }
        };
    }
}
