package io.keyward.cloud.grants;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.trust.GrantRevocation;
import io.keyward.protocol.trust.ManagerRevocation;
import org.springframework.stereotype.Service;

/**
 * The lock's grant revocations (kwdr1, issue 15) for other features: the Bluetooth revocations list carries
 * them too, so any app reaching the lock nearby hands them over (trust design §2 kwdr1). An owner device's is
 * listed as its token; a manager's (T7, design §8) in the carried form {@code kwdr1~grant~chain}, with the
 * revoked grant and the manager's chain as the cloud holds them now (no chain is stored beside a revocation):
 * while the manager's grant no longer works, the lock would refuse it, so it is left out.
 */
@Service
public class RevokedGrants {

    private final DeviceGrants grants;
    private final LockDevices devices;
    private final Clock clock;

    RevokedGrants(DeviceGrants grants, LockDevices devices, Clock clock) {
        this.grants = grants;
        this.devices = devices;
        this.clock = clock;
    }

    /** The revocations the lock still needs, oldest first, each as an app carries it. */
    public List<String> of(UUID lockId) {
        List<String> tokens = grants.revocations(lockId);
        Optional<LockDevices.LockFacts> lock = devices.lock(lockId);
        if (lock.isEmpty() || tokens.stream().allMatch(t -> byOwnerDevice(t, lock.get()))) {
            return tokens;
        }
        List<GrantRow> all = grants.ofLock(lockId);
        Working working = new Working(all, lock.get(), clock.instant());
        List<String> carried = new ArrayList<>();
        for (String token : tokens) {
            if (byOwnerDevice(token, lock.get())) {
                carried.add(token);
            } else {
                managers(token, all, working).ifPresent(carried::add);
            }
        }
        return carried;
    }

    private static boolean byOwnerDevice(String token, LockDevices.LockFacts lock) {
        Outcome<GrantRevocation> r = GrantRevocation.decode(token);
        return !r.isOk() || lock.ownerDevices().contains(r.value().signerId());
    }

    /** kwdr1~grant~chain of the signer's working OWNER or MANAGER grant; empty when it holds none now. */
    private static Optional<String> managers(String token, List<GrantRow> all, Working working) {
        GrantRevocation r = GrantRevocation.decode(token).value();
        Optional<GrantRow> revoked = all.stream().filter(g -> g.grantId().equals(r.grantId())).findFirst();
        Optional<GrantRow> held = working.of(r.signerId())
                .filter(g -> g.role().equals("OWNER") || g.role().equals("MANAGER"));
        if (revoked.isEmpty() || held.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ManagerRevocation.carried(token,
                new ManagerRevocation.Proof(working.chainOf(held.get()), revoked.get().token())));
    }
}
