package io.keyward.cloud.grants;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.locks.Locks;
import io.keyward.cloud.management.QueuedCommands;
import io.keyward.cloud.management.TrustRefused;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.cloud.sharing.RequiresRole;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.trust.DeviceGrant;
import io.keyward.protocol.trust.DeviceIds;
import io.keyward.protocol.trust.GrantRevocation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The grants relay (issue 15, trust design §2 kwdg1/kwdr1, §7): the cloud keeps the grants the owner's
 * devices signed and hands a device its chain; it carries revocations to the lock and to every app. It
 * signs nothing and its rows open nothing: the lock checks each signature against its owner devices.
 */
@RestController
class GrantsController {

    record Token(@NotBlank @Size(max = 2048) String token) {
    }

    record GrantView(String grantId, String holderId, String signerId, String role, java.time.OffsetDateTime validUntil) {
    }

    /** A device's chain, leaf first, as the Keyward-Device-Chain header and Bluetooth want it. */
    record Chain(List<String> chain) {
    }

    record Revoked(String grantId, UUID syncCommand) {
    }

    /** The roles that may sign a grant for another device (design §2). */
    private static final Set<KeyRole> SIGNERS = Set.of(KeyRole.OWNER, KeyRole.MANAGER);

    private final DeviceGrants grants;
    private final Locks locks;
    private final QueuedCommands commands;

    GrantsController(DeviceGrants grants, Locks locks, QueuedCommands commands) {
        this.grants = grants;
        this.locks = locks;
        this.commands = commands;
    }

    /**
     * Stores a kwdg1 signed by one of the lock's owner devices, or by a device holding a stored OWNER or MANAGER
     * grant of it (design §2 chains: at most two grants); 400 for a token that does not read or is another lock's.
     */
    @ApiDoc(summary = "Store a grant (kwdg1) an owner's device signed, for its holder's devices to fetch (issue 15)",
            answers = {201, 200, 409})
    @PostMapping(path = "/api/locks/{lockId}/grants", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<GrantView> store(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MANAGER) UUID lockId,
                                    @Valid @RequestBody Token request) {
        Locks.Lock lock = locks.byId(lockId).orElseThrow();
        DeviceGrant grant = read(DeviceGrant.decode(request.token().strip()), "grant");
        if (!grant.serial().equals(lock.serial())) {
            throw bad("WRONG_LOCK", "the grant is for the lock " + grant.serial());
        }
        if (!ownerDevices(lock).contains(grant.signerId()) && grants.heldBy(lockId, grant.signerId()).stream()
                .noneMatch(parent -> SIGNERS.contains(KeyRole.valueOf(parent.role())) && isOwnerDevice(lock, parent.signerId()))) {
            throw new TrustRefused(HttpStatus.CONFLICT, "UNKNOWN_SIGNER",
                    "the grant's signer is neither an owner device of the lock nor holds an owner's or manager's grant of it");
        }
        GrantView view = view(grant);
        if (grants.store(lockId, grant, request.token().strip(), me.accountId())) {
            return ResponseEntity.created(URI.create("/api/locks/" + lockId + "/grants/" + grant.grantId())).body(view);
        }
        if (!grants.byId(lockId, grant.grantId()).map(s -> s.token().equals(request.token().strip())).orElse(false)) {
            throw new TrustRefused(HttpStatus.CONFLICT, "GRANT_EXISTS", "another grant with this id is stored");
        }
        return ResponseEntity.ok(view);
    }

    /** The newest live chain of the device: [leaf] when an owner device signed it, else [leaf, parent]; 404 for none. */
    @ApiDoc(summary = "My device's grant chain on the lock, leaf first (issue 15)", answers = {404})
    @GetMapping("/api/locks/{lockId}/grants/mine")
    Chain mine(@RequiresRole(AccountRole.MEMBER) UUID lockId, @RequestParam String deviceId) {
        if (!DeviceIds.isId(deviceId)) {
            throw bad("BAD_DEVICE_ID", "deviceId must be a device's id (22 base64url characters)");
        }
        Locks.Lock lock = locks.byId(lockId).orElseThrow();
        for (DeviceGrants.Stored leaf : grants.heldBy(lockId, deviceId)) {
            if (isOwnerDevice(lock, leaf.signerId())) {
                return new Chain(List.of(leaf.token()));
            }
            for (DeviceGrants.Stored parent : grants.heldBy(lockId, leaf.signerId())) {
                if (SIGNERS.contains(KeyRole.valueOf(parent.role())) && isOwnerDevice(lock, parent.signerId())) {
                    return new Chain(List.of(leaf.token(), parent.token()));
                }
            }
        }
        throw new TrustRefused(HttpStatus.NOT_FOUND, "NO_GRANT", "no live grant of this device on this lock");
    }

    /**
     * Stores a kwdr1 of the grant, queues REVOKE_GRANT to the lock (cloud-signed: it takes access away, design §3)
     * and lists it with the lock's Bluetooth revocations for any app to carry. Revoking again changes nothing.
     */
    @ApiDoc(summary = "Revoke a grant with a revocation (kwdr1) an owner's device signed (issue 15)", answers = {202, 409})
    @PostMapping(path = "/api/locks/{lockId}/grants/{grantId}/revocation", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Revoked> revoke(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MANAGER) UUID lockId,
                                   @PathVariable String grantId, @Valid @RequestBody Token request) {
        Locks.Lock lock = locks.byId(lockId).orElseThrow();
        String token = request.token().strip();
        GrantRevocation revocation = read(GrantRevocation.decode(token), "revocation");
        if (!revocation.serial().equals(lock.serial())) {
            throw bad("WRONG_LOCK", "the revocation is for the lock " + revocation.serial());
        }
        if (!revocation.grantId().equals(grantId)) {
            throw bad("DEVICE_COMMAND_MISMATCH", "the revocation names the grant " + revocation.grantId());
        }
        if (!grants.revoke(lockId, revocation, token, me.accountId())) {
            return ResponseEntity.accepted().body(new Revoked(grantId, null));
        }
        UUID queued = commands.ask(lockId, me.accountId(), new LockCommand.RevokeGrant(token));
        return ResponseEntity.accepted().body(new Revoked(grantId, queued));
    }

    private List<String> ownerDevices(Locks.Lock lock) {
        List<String> ids = new ArrayList<>();
        locks.ownerDevices(lock.reported()).forEach(d -> ids.add(d.path("deviceId").asString()));
        return ids;
    }

    private boolean isOwnerDevice(Locks.Lock lock, String deviceId) {
        return ownerDevices(lock).contains(deviceId);
    }

    private static <T> T read(Outcome<T> outcome, String what) {
        if (!outcome.isOk()) {
            String detail = outcome instanceof Outcome.Refused<T> r && r.detail() != null ? ": " + r.detail() : "";
            throw bad("MALFORMED", "the " + what + " does not read (" + outcome.reason() + detail + ")");
        }
        return outcome.value();
    }

    private static TrustRefused bad(String reason, String words) {
        return new TrustRefused(HttpStatus.BAD_REQUEST, reason, words);
    }

    private static GrantView view(DeviceGrant grant) {
        return new GrantView(grant.grantId(), grant.holderId(), grant.signerId(), grant.role().name(),
                grant.validUntil().atOffset(java.time.ZoneOffset.UTC));
    }
}
