package io.keyward.cloud.grants;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.Refusal;
import io.keyward.protocol.bluetooth.RevokedKeys;
import io.keyward.protocol.trust.DeviceGrant;
import io.keyward.protocol.trust.GrantChain;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a grant a device signed (issue 15, trust design §2, §7), after the checks the lock will make
 * (so a grant the lock would refuse is refused here, with the lock's reason code) and the cloud's own:
 * the holder is a device an account the lock is shared with registered, and the grant's role is not
 * above that account's sharing role (SPEC H3). The cloud signs nothing: it only declines to relay.
 */
@Service
class GrantIntake {

    static final int MAX_TOKEN = 2048;

    /** A stored grant and whether this request stored it (false: the same token was stored before). */
    record Stored(GrantRow row, boolean created) {
    }

    private final DeviceGrants grants;
    private final LockDevices devices;
    private final Clock clock;
    private final VisitorRequests visitors;
    private final TransactionTemplate transaction;

    GrantIntake(DeviceGrants grants, LockDevices devices, Clock clock, VisitorRequests visitors,
                TransactionTemplate transaction) {
        this.grants = grants;
        this.devices = devices;
        this.clock = clock;
        this.visitors = visitors;
        this.transaction = transaction;
    }

    Stored admit(UUID lockId, UUID caller, String token) {
        return admit(lockId, caller, token, null);
    }

    /**
     * inviteId: the visitor request (SPEC E3 pairing code) the grant answers, or null for a shared account's
     * device; a grant for a visitor is checked by {@link VisitorRule} instead of SPEC H3's {@link HolderRule}.
     */
    Stored admit(UUID lockId, UUID caller, String token, UUID inviteId) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            throw GrantRefused.bad("MALFORMED", "token: a kwdg1 grant of at most " + MAX_TOKEN + " characters");
        }
        DeviceGrant grant = refusedIfNot(DeviceGrant.decode(token));
        LockDevices.LockFacts lock = devices.lock(lockId).orElseThrow();
        if (!grant.serial().equals(lock.serial())) {
            throw GrantRefused.bad("WRONG_LOCK", "the grant is for lock " + grant.serial() + ", not " + lock.serial());
        }
        if (!lock.trustMode()) {
            throw GrantRefused.conflict("NOT_TRUST_MODE",
                    "the lock has no owner device yet: bind a device at the door first");
        }
        Optional<GrantRow> same = grants.find(grant.grantId());
        if (same.isPresent()) {
            if (same.get().token().equals(token) && same.get().lockId().equals(lockId)) {
                return new Stored(same.get(), false);
            }
            throw GrantRefused.conflict("DUPLICATE_GRANT_ID", "another grant with this id is stored already");
        }
        Optional<VisitorRequests.Request> visitor = inviteId == null ? Optional.empty() : Optional.of(visitorRequest(lockId, inviteId));
        visitor.ifPresent(request -> VisitorRule.check(request, grant));
        if (lock.ownerDevices().contains(grant.holderId())) {
            throw GrantRefused.conflict("HOLDER_IS_OWNER_DEVICE", "an owner device needs no grant: it signs its own");
        }
        SignerKeys keys = new SignerKeys(lock, devices);
        Optional<GrantRow> parent = parentOf(lockId, grant, lock);
        List<String> chain = new ArrayList<>(List.of(token));
        parent.ifPresent(p -> chain.add(p.token()));
        checkChain(chain, grant, lock, keys);
        String parentId = parent.map(GrantRow::grantId).orElse(null);
        if (visitor.isPresent()) {
            storeForVisitor(lockId, token, grant, visitor.get(), parentId, caller);
        } else {
            LockDevices.Holder holder = HolderRule.holderOf(devices.holders(lockId, grant.holderId()), grant);
            grants.insert(lockId, token, grant, holder.accountId(), parentId, caller);
        }
        return new Stored(grants.find(grant.grantId()).orElseThrow(), true);
    }

    private VisitorRequests.Request visitorRequest(UUID lockId, UUID inviteId) {
        VisitorRequests.Request request = visitors.of(lockId, inviteId).orElseThrow(() -> new GrantRefused(
                HttpStatus.NOT_FOUND, "NO_SUCH_REQUEST", "no visitor has redeemed this pairing code on this lock"));
        if (request.grantId() != null) {
            throw GrantRefused.conflict("REQUEST_ANSWERED", "another grant answered this visitor's request already");
        }
        return request;
    }

    /** The grant and the invite's redemption together: one grant per pairing code (E3: it works once). */
    private void storeForVisitor(UUID lockId, String token, DeviceGrant grant, VisitorRequests.Request request,
                                 String parentId, UUID caller) {
        transaction.executeWithoutResult(status -> {
            if (!visitors.answer(request.inviteId(), grant.grantId())) {
                throw GrantRefused.conflict("REQUEST_ANSWERED", "another grant answered this visitor's request already");
            }
            grants.insert(lockId, token, grant, request.accountId(), parentId, caller);
        });
    }

    /**
     * The stored grant the signer holds when the signer is not an owner device: a live OWNER or MANAGER
     * grant signed by an owner device itself (chains are at most two long); UNKNOWN_SIGNER when none.
     */
    private Optional<GrantRow> parentOf(UUID lockId, DeviceGrant grant, LockDevices.LockFacts lock) {
        if (lock.ownerDevices().contains(grant.signerId())) {
            return Optional.empty();
        }
        List<GrantRow> held = grants.liveOfHolder(lockId, grant.signerId());
        if (held.isEmpty()) {
            throw GrantRefused.conflict("UNKNOWN_SIGNER",
                    "the signer is neither an owner device of the lock nor holds a grant on it");
        }
        Optional<GrantRow> parent = held.stream()
                .filter(g -> g.parentId() == null && lock.ownerDevices().contains(g.signerId()))
                .filter(g -> g.role().equals("OWNER") || g.role().equals("MANAGER")).findFirst();
        if (parent.isEmpty()) {
            throw GrantRefused.bad("ROLE_NOT_ALLOWED", "the signer's own grant does not let it grant");
        }
        return parent;
    }

    /**
     * The lock's chain check (GrantChain) at now; a grant valid only from later is checked at its start
     * instead, so a grant for next week can be stored today (its parent must cover it anyway).
     */
    private void checkChain(List<String> chain, DeviceGrant grant, LockDevices.LockFacts lock, SignerKeys keys) {
        if (keys.ownerDeviceWithoutKey(grant.signerId())) {
            throw GrantRefused.conflict("SIGNER_NOT_REGISTERED",
                    "the cloud does not know the signing owner device's key: open the app on it once so it registers");
        }
        RevokedKeys revoked = revokedOf(grants, lock.id());
        Instant now = clock.instant();
        Outcome<DeviceGrant> checked = GrantChain.check(chain, lock.serial(), now, keys, revoked);
        if (checked.reason() == Refusal.NOT_YET_VALID && grant.validFrom().isAfter(now)) {
            checked = GrantChain.check(chain, lock.serial(), grant.validFrom(), keys, revoked);
        }
        refusedIfNot(checked);
    }

    /** The lock's revoked grants as the cloud knows them (its grant ids are unique: DUPLICATE_GRANT_ID). */
    static RevokedKeys revokedOf(DeviceGrants grants, UUID lockId) {
        RevokedKeys revoked = new RevokedKeys();
        grants.ofLock(lockId).stream().filter(g -> g.revokedAt() != null)
                .forEach(g -> revoked.revoke(g.grantId(), g.validUntil().toInstant()));
        return revoked;
    }

    /** The value, or the refusal as 400 (the token is wrong in itself) or 409 (it does not fit the lock now). */
    static <T> T refusedIfNot(Outcome<T> outcome) {
        if (outcome.isOk()) {
            return outcome.value();
        }
        Refusal reason = outcome.reason();
        String detail = ((Outcome.Refused<T>) outcome).detail();
        String words = detail == null ? reason.code() : detail;
        boolean stateOfTheLock = reason == Refusal.UNKNOWN_SIGNER || reason == Refusal.REVOKED || reason == Refusal.EXPIRED;
        throw stateOfTheLock ? GrantRefused.conflict(reason.code(), words) : GrantRefused.bad(reason.code(), words);
    }

    static boolean roleWithin(KeyRole role, String sharingRole) {
        return role.ordinal() >= KeyRole.valueOf(sharingRole).ordinal();
    }
}
