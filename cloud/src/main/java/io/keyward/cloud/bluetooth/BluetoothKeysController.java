package io.keyward.cloud.bluetooth;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.locks.Locks;
import io.keyward.cloud.sharing.Access;
import io.keyward.cloud.sharing.AccessibleLock;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.cloud.sharing.LockPath;
import io.keyward.cloud.sharing.RequiresRole;
import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.KeyRole;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * SPEC C5, E3: Bluetooth keys for the accounts of a lock and their devices, their lists, revocation.
 * See docs/bluetooth.md, "Keys in the cloud and the app".
 * <p>
 * Who sees what: the owner and managers see and revoke every key of the lock; a member, or a visitor who
 * holds a key on the lock without any role on it, sees and revokes only their own. An account with
 * neither a role nor a key gets 404 "no such lock", as everywhere.
 */
@RestController
class BluetoothKeysController {

    record DeviceKeyRequest(@NotNull @Size(max = 300) String deviceKey) {
    }

    /** What the app keeps to open the lock: the token, its period, and where the lock's radio is. */
    record IssuedKey(String keyId, UUID lockId, String lockName, String serial, String role, String token,
                     OffsetDateTime validFrom, OffsetDateTime validUntil, String radio) {
    }

    /**
     * A key in a list. token: only in the holder's own keys; revocations: the lock's current revocations
     * (only in GET /api/bluetooth/keys), for the app to carry to the lock before it unlocks.
     */
    record KeyView(String keyId, UUID lockId, String lockName, String serial, UUID accountId, String accountEmail,
                   String accountName, String name, String role, OffsetDateTime validFrom, OffsetDateTime validUntil,
                   OffsetDateTime issuedAt, OffsetDateTime revokedAt, String status, boolean mine, String token,
                   String radio, List<String> revocations) {
    }

    record Revoked(String keyId, OffsetDateTime revokedAt, String revocation, String note) {
    }

    record Revocations(List<String> revocations) {
    }

    private final BluetoothKeys keys;
    private final BluetoothInvites invites;
    private final Access access;
    private final Locks locks;
    private final Clock clock;

    private final io.keyward.cloud.grants.RevokedGrants revokedGrants;
    private final InviteVisitorRequests visitorRequests;

    BluetoothKeysController(BluetoothKeys keys, BluetoothInvites invites, Access access, Locks locks, Clock clock,
                            io.keyward.cloud.grants.RevokedGrants revokedGrants, InviteVisitorRequests visitorRequests) {
        this.revokedGrants = revokedGrants;
        this.visitorRequests = visitorRequests;
        this.clock = clock;
        this.keys = keys;
        this.invites = invites;
        this.access = access;
        this.locks = locks;
    }

    /** C5: a key for the signed-in account's device, with its role on the lock (owner, manager, member). */
    @ApiDoc(summary = "Get a Bluetooth key for this device (C5); a lock in trust mode: 409 BLUETOOTH_KEYS_IN_APP", answers = {200, 409})
    @PostMapping(path = "/api/locks/{lockId}/bluetooth-key", consumes = MediaType.APPLICATION_JSON_VALUE)
    IssuedKey issue(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MEMBER) AccessibleLock lock,
                    @Valid @RequestBody DeviceKeyRequest request) {
        KeysInApp.refuseIf(locks.trustMode(lock.id())); // issue 15: a cloud-signed key would not open it
        String device = BluetoothKeys.deviceKey(request.deviceKey());
        return keys.issued(keys.forMember(lock.id(), me.accountId(), device, KeyRole.valueOf(lock.role().name())));
    }

    @ApiDoc(summary = "List a lock's Bluetooth keys")
    @GetMapping("/api/locks/{lockId}/bluetooth-keys")
    List<KeyView> ofLock(@AuthenticationPrincipal AccountPrincipal me, @LockPath UUID lock) {
        boolean all = seesAll(me.accountId(), lock);
        return views(keys.ofLock(lock, me.accountId(), all), me.accountId(), false);
    }

    /** E3: the signed-in account's own keys on every lock: what a visitor's app opens locks with. */
    @ApiDoc(summary = "List my Bluetooth keys, of every lock")
    @GetMapping("/api/bluetooth/keys")
    List<KeyView> mine(@AuthenticationPrincipal AccountPrincipal me) {
        return views(keys.ofAccount(me.accountId()), me.accountId(), true);
    }

    /** E3: the lock's revocations, signed by the cloud, for any app of the lock to carry to it. */
    @ApiDoc(summary = "Signed revocations of Bluetooth keys, for an app to carry to the lock (E3)")
    @GetMapping("/api/locks/{lockId}/bluetooth-revocations")
    Revocations revocations(@AuthenticationPrincipal AccountPrincipal me, @LockPath UUID lock) {
        seesAll(me.accountId(), lock);
        // issue 15: the grant revocations (kwdr1) travel the same way: any app nearby hands them over
        List<String> all = new java.util.ArrayList<>(keys.revocations(lock));
        all.addAll(revokedGrants.of(lock));
        return new Revocations(all);
    }

    /**
     * E3: revokes a key. The revocation is queued to the lock (sent when it is next online) and listed for
     * the apps; until one of them reaches the lock, an offline lock still accepts the key.
     */
    @ApiDoc(summary = "Revoke a Bluetooth key (E3)")
    @PostMapping("/api/locks/{lockId}/bluetooth-keys/{keyId}/revoke")
    Revoked revoke(@AuthenticationPrincipal AccountPrincipal me, @LockPath UUID lock, @PathVariable String keyId) {
        boolean all = seesAll(me.accountId(), lock);
        if (!BluetoothKeys.isKeyId(keyId)) {
            throw BluetoothKeys.noSuchKey();
        }
        BluetoothKeys.Row row = keys.find(lock, keyId).filter(r -> all || r.accountId().equals(me.accountId()))
                .orElseThrow(BluetoothKeys::noSuchKey);
        boolean already = row.revokedAt() != null;
        BluetoothKeys.Row revoked = keys.revoke(row, me.accountId());
        String note = already ? "revoked already" : locks.byId(lock).map(Locks.Lock::online).orElse(false)
                ? "sent to the lock; every app of the lock also carries it"
                : "the lock is offline: it still accepts this key until the revocation reaches it from the cloud or from an app";
        return new Revoked(revoked.id(), BluetoothKeys.utc(revoked.revokedAt()), revoked.revocation(), note);
    }

    /**
     * Whether the account sees all the lock's keys (owner, manager); 404 when it has neither a role nor a key.
     * Bluetooth's own access rule (a visitor holds a key without a role), hence LockPath, not RequiresRole. On a
     * lock in trust mode a visitor holds a request or grant instead of a key (issue 15): its app carries the
     * lock's revocations too.
     */
    private boolean seesAll(UUID account, UUID lock) {
        Optional<AccountRole> role = access.roleOf(account, lock);
        if (role.isEmpty() && !keys.holdsKey(account, lock) && !visitorRequests.asked(account, lock, null)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such lock");
        }
        return role.isPresent() && role.get().atLeast(AccountRole.MANAGER);
    }

    private List<KeyView> views(List<BluetoothKeys.Row> rows, UUID me, boolean withRevocations) {
        Map<UUID, Optional<Locks.Lock>> lockCache = new HashMap<>();
        Map<UUID, BluetoothKeys.Holder> holders = new HashMap<>();
        Map<UUID, List<String>> revocations = new HashMap<>();
        OffsetDateTime now = OffsetDateTime.now(clock);
        return rows.stream().map(r -> {
            Optional<Locks.Lock> lock = lockCache.computeIfAbsent(r.lockId(), locks::byId);
            BluetoothKeys.Holder holder = holders.computeIfAbsent(r.accountId(), keys::holder);
            String name = r.inviteId() == null ? null : invites.nameOf(r.inviteId());
            boolean mine = r.accountId().equals(me);
            String status = r.revokedAt() != null ? "REVOKED" : !r.validUntil().isAfter(now) ? "EXPIRED"
                    : r.validFrom().isAfter(now) ? "NOT_YET_VALID" : "ACTIVE";
            return new KeyView(r.id(), r.lockId(), lock.map(Locks.Lock::name).orElse(null),
                    lock.map(Locks.Lock::serial).orElse(null), r.accountId(), holder.email(), holder.name(), name,
                    r.role(), BluetoothKeys.utc(r.validFrom()), BluetoothKeys.utc(r.validUntil()),
                    BluetoothKeys.utc(r.issuedAt()), BluetoothKeys.utc(r.revokedAt()), status, mine,
                    mine ? r.token() : null, mine ? keys.radioOf(r.lockId()) : null,
                    withRevocations ? revocations.computeIfAbsent(r.lockId(), keys::revocations) : null);
        }).toList();
    }
}
