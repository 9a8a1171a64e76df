package io.keyward.lock.core;

/** Where the core gets random bytes (secrets): SecureRandom in a lock, a seeded source in tests. */
@FunctionalInterface
public interface Entropy {
    byte[] bytes(int count);
}
