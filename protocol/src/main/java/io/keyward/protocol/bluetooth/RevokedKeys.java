package io.keyward.protocol.bluetooth;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Bluetooth key ids a lock refuses (SPEC E3), each kept until the revoked key would have
 * expired anyway. Thread-safe. The lock persists it with its other state; this class is the set.
 */
public final class RevokedKeys {

    private final Map<String, Instant> until = new ConcurrentHashMap<>();

    /** Refuses the key id from now on, remembered until keyUntil. */
    public void revoke(String keyId, Instant keyUntil) {
        until.merge(keyId, keyUntil, (a, b) -> a.isAfter(b) ? a : b);
    }

    /**
     * Applies a revocation token the cloud signed, whoever carried it (the cloud's link or any app
     * of the lock over Bluetooth): refused as MALFORMED, FORGED_TOKEN or WRONG_LOCK, else revoked.
     */
    public Outcome<KeyRevocation> apply(String token, PublicKey cloudKey, String lockSerial) {
        Outcome<KeyRevocation> revocation = KeyRevocation.verify(token, cloudKey, lockSerial);
        if (revocation.isOk()) {
            revoke(revocation.value().keyId(), revocation.value().keyUntil());
        }
        return revocation;
    }

    public boolean isRevoked(String keyId) {
        return until.containsKey(keyId);
    }

    /** Forgets revocations of keys that have expired by now (they are refused as EXPIRED anyway). */
    public void prune(Instant now) {
        until.values().removeIf(u -> !now.isBefore(u));
    }

    public Set<String> ids() {
        return Set.copyOf(until.keySet());
    }
}
