package io.keyward.cloud.grants;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;

/**
 * The lock's grant revocations (kwdr1, issue 15) for other features: the Bluetooth revocations list carries
 * them too, so any app reaching the lock nearby hands them over (trust design §2 kwdr1).
 */
@Service
public class RevokedGrants {

    private final DeviceGrants grants;

    RevokedGrants(DeviceGrants grants) {
        this.grants = grants;
    }

    /** The revocation tokens the lock still needs, oldest first. */
    public List<String> of(UUID lockId) {
        return grants.revocations(lockId);
    }
}
