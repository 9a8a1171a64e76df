package io.keyward.cloud.grants;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.keyward.cloud.sharing.Access;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.protocol.trust.DeviceIds;
import io.keyward.protocol.trust.GrantChain;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/** What the grants endpoints answer (trust design §7): the lock's grants, waiting devices, a device's chain. */
@Service
class GrantViews {

    /**
     * A grant as the owner's and managers' lists show it. working: it would open for its holder now;
     * signerRemoved: the owner device that signed its chain was removed (grant it again); revokeAdvised:
     * the holder's account is no longer shared with this role (SPEC H3): an owner device should sign its
     * revocation (the cloud cannot).
     */
    record GrantView(String grantId, String holderId, String fingerprint, UUID accountId, String accountEmail,
                     String accountName, String deviceName, String role, OffsetDateTime validFrom,
                     OffsetDateTime validUntil, OffsetDateTime issuedAt, String signerId, String parentId,
                     String status, boolean working, boolean signerRemoved, boolean revokeAdvised,
                     OffsetDateTime revokedAt, String token, String revocation) {
    }

    /**
     * A device waiting for a grant: the owner compares its fingerprint with the holder's screen and grants.
     * kind SHARED: a shared account's device without a working grant (role: the sharing's). kind VISITOR: a
     * device that redeemed the owner's Bluetooth pairing code (SPEC E3): role VISITOR, inviteId (posted with the
     * grant), inviteName, and validFrom/validUntil, the period the grant must have exactly; registeredAt is when
     * it redeemed the code.
     */
    record DeviceRequest(String deviceId, String fingerprint, String deviceKey, String agreeKey, String deviceName,
                         UUID accountId, String accountEmail, String accountName, String role,
                         OffsetDateTime registeredAt, String kind, UUID inviteId, String inviteName,
                         OffsetDateTime validFrom, OffsetDateTime validUntil) {
    }

    /**
     * A device's own chain on the lock: status GRANTED (chain leaf first, joined "~" as the header and
     * Bluetooth take it), REVOKED (its last grant was revoked: the chain is that grant's, so the app can
     * let the lock say so in its own words) or WAITING (none yet, chain empty).
     */
    record MyChain(String deviceId, String fingerprint, String status, String grantId, String role,
                   OffsetDateTime validFrom, OffsetDateTime validUntil, List<String> chain, String joined) {
    }

    private final DeviceGrants grants;
    private final LockDevices devices;
    private final Access access;
    private final Clock clock;
    private final VisitorRequests visitors;

    GrantViews(DeviceGrants grants, LockDevices devices, Access access, Clock clock, VisitorRequests visitors) {
        this.grants = grants;
        this.devices = devices;
        this.access = access;
        this.clock = clock;
        this.visitors = visitors;
    }

    List<GrantView> ofLock(UUID lockId) {
        LockDevices.LockFacts lock = devices.lock(lockId).orElseThrow();
        List<GrantRow> rows = grants.ofLock(lockId);
        Instant now = clock.instant();
        Working working = new Working(rows, lock, now);
        Map<UUID, Optional<AccountRole>> roles = new HashMap<>();
        Map<UUID, LockDevices.Holder> accounts = new HashMap<>();
        Map<String, List<LockDevices.Holder>> names = new HashMap<>();
        Set<String> forVisitors = visitors.grantIds(lockId);
        return rows.stream().map(g -> {
            LockDevices.Holder account = g.accountId() == null ? new LockDevices.Holder(null, null, null, null, null)
                    : accounts.computeIfAbsent(g.accountId(), devices::account);
            String role = g.accountId() == null ? null : roles.computeIfAbsent(g.accountId(),
                    a -> access.roleOf(a, lockId)).map(Enum::name).orElse(null);
            String deviceName = names.computeIfAbsent(g.holderId(), h -> devices.holders(lockId, h)).stream()
                    .filter(h -> h.accountId().equals(g.accountId())).map(LockDevices.Holder::deviceName)
                    .findFirst().orElse(null);
            boolean works = working.works(g);
            return new GrantView(g.grantId(), g.holderId(), DeviceIds.fingerprint(g.holderId()), g.accountId(),
                    account.email(), account.displayName(), deviceName, g.role(), utc(g.validFrom()), utc(g.validUntil()),
                    utc(g.issuedAt()), g.signerId(), g.parentId(), g.statusAt(now), works, working.signerRemoved(g),
                    // a visitor's grant (E3) never rested on sharing: nothing to advise when there is none
                    g.liveAt(now) && !forVisitors.contains(g.grantId()) && !HolderRule.stillShared(g.role(), role),
                    utc(g.revokedAt()), g.token(),
                    g.revocation());
        }).toList();
    }

    List<DeviceRequest> requests(UUID lockId) {
        LockDevices.LockFacts lock = devices.lock(lockId).orElseThrow();
        Working working = new Working(grants.ofLock(lockId), lock, clock.instant());
        List<DeviceRequest> shared = devices.sharedDevices(lockId).stream()
                .filter(d -> !lock.ownerDevices().contains(d.deviceId()) && working.of(d.deviceId()).isEmpty())
                .map(d -> new DeviceRequest(d.deviceId(), DeviceIds.fingerprint(d.deviceId()), d.deviceKey(),
                        d.agreeKey(), d.deviceName(), d.accountId(), d.email(), d.displayName(), d.role(),
                        utc(d.registeredAt()), "SHARED", null, null, null, null))
                .toList();
        List<DeviceRequest> all = new ArrayList<>(shared);
        visitors.waiting(lockId).stream().filter(v -> !lock.ownerDevices().contains(v.deviceId()))
                .map(v -> visitorRequest(lockId, v)).forEach(all::add);
        return all;
    }

    /** A visitor's device (SPEC E3 pairing code): named as its account registered it, if it did. */
    private DeviceRequest visitorRequest(UUID lockId, VisitorRequests.Request v) {
        String deviceName = devices.holders(lockId, v.deviceId()).stream()
                .filter(h -> h.accountId().equals(v.accountId())).map(LockDevices.Holder::deviceName)
                .findFirst().orElse(null);
        return new DeviceRequest(v.deviceId(), DeviceIds.fingerprint(v.deviceId()), v.deviceKey(), null, deviceName,
                v.accountId(), v.accountEmail(), v.accountName(), "VISITOR", utc(v.requestedAt()), "VISITOR",
                v.inviteId(), v.inviteName(), utc(v.validFrom()), utc(v.validUntil()));
    }

    /**
     * The caller's device's chain. Who may ask: an account with a role on the lock, or a visitor who redeemed
     * one of its pairing codes (SPEC E3; no role, so nothing else of the lock): anyone else 404 "no such lock".
     * The device: one the caller registered, or the one it redeemed a code with.
     */
    MyChain mine(UUID lockId, UUID caller, String deviceId) {
        if (access.roleOf(caller, lockId).isEmpty() && !visitors.asked(caller, lockId, null)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such lock");
        }
        if (deviceId == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "deviceId: this device's id is required");
        }
        if (!DeviceIds.isId(deviceId)
                || !devices.registered(caller, deviceId) && !visitors.asked(caller, lockId, deviceId)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such device: register it first (POST /api/devices)");
        }
        LockDevices.LockFacts lock = devices.lock(lockId).orElseThrow();
        List<GrantRow> rows = grants.ofLock(lockId);
        Working working = new Working(rows, lock, clock.instant());
        String fingerprint = DeviceIds.fingerprint(deviceId);
        Optional<GrantRow> live = working.of(deviceId);
        if (live.isPresent()) {
            GrantRow g = live.get();
            List<String> chain = working.chainOf(g);
            return new MyChain(deviceId, fingerprint, "GRANTED", g.grantId(), g.role(), utc(g.validFrom()),
                    utc(g.validUntil()), chain, GrantChain.join(chain));
        }
        Optional<GrantRow> revoked = rows.stream().filter(g -> g.holderId().equals(deviceId) && g.revokedAt() != null)
                .findFirst();
        // the revoked chain still goes to the device: it may try it, and the lock itself answers REVOKED
        return revoked.map(g -> {
                    List<String> chain = working.chainOfAny(g);
                    return new MyChain(deviceId, fingerprint, "REVOKED", g.grantId(), g.role(), utc(g.validFrom()),
                            utc(g.validUntil()), chain, GrantChain.join(chain));
                })
                .orElse(new MyChain(deviceId, fingerprint, "WAITING", null, null, null, null, List.of(), ""));
    }

    static OffsetDateTime utc(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
