package io.keyward.cloud.visitors;

import java.util.UUID;

import io.keyward.cloud.locks.Locks;
import org.springframework.stereotype.Component;

/**
 * Issue 15 (trust design §6): whether a lock is in trust mode, as its last kept report said (it listed at
 * least one owner device, {@code ownerDevices}; kept as locks.trust_mode). The one place the visitor codes
 * made in the app ask it.
 */
@Component
class LockTrustMode {

    private final Locks locks;

    LockTrustMode(Locks locks) {
        this.locks = locks;
    }

    boolean of(UUID lock) {
        return locks.trustMode(lock);
    }
}
