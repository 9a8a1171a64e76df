package io.keyward.cloud.grants;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which of a lock's stored grants would still open for their holder (trust design §2, §4): not revoked,
 * not expired, and the top of the chain signed by a device that is still an owner device of the lock
 * (a removed owner device's grants stop working: UNKNOWN_SIGNER), the parent working too.
 */
final class Working {

    private final Map<String, GrantRow> byId;
    private final LockDevices.LockFacts lock;
    private final Instant now;

    Working(List<GrantRow> grants, LockDevices.LockFacts lock, Instant now) {
        this.byId = grants.stream().collect(Collectors.toMap(GrantRow::grantId, Function.identity()));
        this.lock = lock;
        this.now = now;
    }

    boolean works(GrantRow grant) {
        if (!grant.liveAt(now)) {
            return false;
        }
        if (grant.parentId() == null) {
            return lock.ownerDevices().contains(grant.signerId());
        }
        GrantRow parent = byId.get(grant.parentId());
        return parent != null && parent.parentId() == null && works(parent);
    }

    /** Whether its chain's top signer is no longer an owner device (the app offers to grant it again). */
    boolean signerRemoved(GrantRow grant) {
        GrantRow top = grant.parentId() == null ? grant : byId.get(grant.parentId());
        return top == null || !lock.ownerDevices().contains(top.signerId());
    }

    /** The chain of a working grant, leaf first, as the lock takes it. */
    List<String> chainOf(GrantRow grant) {
        return grant.parentId() == null ? List.of(grant.token())
                : List.of(grant.token(), byId.get(grant.parentId()).token());
    }

    /** The chain of any stored grant, leaf first (a parent no longer stored is left out). */
    List<String> chainOfAny(GrantRow grant) {
        GrantRow parent = grant.parentId() == null ? null : byId.get(grant.parentId());
        return parent == null ? List.of(grant.token()) : List.of(grant.token(), parent.token());
    }

    /** The device's working grant on the lock that lasts longest, if any. */
    Optional<GrantRow> of(String holderId) {
        return byId.values().stream().filter(g -> g.holderId().equals(holderId)).filter(this::works)
                .max(java.util.Comparator.comparing(GrantRow::validUntil).thenComparing(GrantRow::grantId));
    }
}
