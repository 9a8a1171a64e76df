package io.keyward.cloud.grants;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.locks.Locks;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.cloud.sharing.LockPath;
import io.keyward.cloud.sharing.RequiresRole;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
 * Issue 15, trust design §2, §7: grants of shared members' devices, as an owner's or manager's device
 * signed them, relayed and listed by the cloud, which signs none. See docs/trust-grants.md.
 */
@RestController
class GrantsController {

    record TokenRequest(@NotNull @Size(max = 4096) String token) {
    }

    /** inviteId: the visitor's request (GET .../device-requests, kind VISITOR) the grant answers; absent otherwise. */
    record GrantRequest(@NotNull @Size(max = 4096) String token, UUID inviteId) {
    }

    /** commandId: the REVOKE_GRANT queued to the lock (GET .../commands/{commandId}); null when revoked already. */
    record Revoked(String grantId, OffsetDateTime revokedAt, String revocation, UUID commandId, String note) {
    }

    /**
     * A revocation (kwdr1); chain: the signer's own grants, leaf first, when the signer is a manager's device
     * and not an owner device (rule T7, docs/trust-grants.md), left out otherwise.
     */
    record RevocationRequest(@NotNull @Size(max = 4096) String token, @Size(max = 8) List<String> chain) {
    }

    private final GrantIntake intake;
    private final GrantRevoking revoking;
    private final GrantViews views;
    private final Locks locks;

    GrantsController(GrantIntake intake, GrantRevoking revoking, GrantViews views, Locks locks) {
        this.intake = intake;
        this.revoking = revoking;
        this.views = views;
        this.locks = locks;
    }

    /**
     * Stores a kwdg1 grant a device signed for a shared account's device, or, with inviteId, for the visitor
     * who redeemed that pairing code (SPEC E3: the invite is then redeemed): 201, or 200 for the same token again.
     */
    @ApiDoc(summary = "Store a grant a device signed for a shared member's device or a visitor's request (issue 15)",
            answers = {201, 200, 404, 409})
    @PostMapping(path = "/api/locks/{lockId}/grants", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<GrantViews.GrantView> store(@AuthenticationPrincipal AccountPrincipal me,
                                               @RequiresRole(AccountRole.MANAGER) UUID lockId,
                                               @Valid @RequestBody GrantRequest request) {
        GrantIntake.Stored stored = intake.admit(lockId, me.accountId(), request.token(), request.inviteId());
        GrantViews.GrantView view = views.ofLock(lockId).stream()
                .filter(v -> v.grantId().equals(stored.row().grantId())).findFirst().orElseThrow();
        return ResponseEntity.status(stored.created() ? HttpStatus.CREATED : HttpStatus.OK).body(view);
    }

    @ApiDoc(summary = "List a lock's device grants (issue 15)")
    @GetMapping("/api/locks/{lockId}/grants")
    List<GrantViews.GrantView> list(@RequiresRole(AccountRole.MANAGER) UUID lockId) {
        return views.ofLock(lockId);
    }

    @ApiDoc(summary = "Devices of shared accounts and of visitors (E3 pairing codes) waiting for a grant (issue 15)")
    @GetMapping("/api/locks/{lockId}/device-requests")
    List<GrantViews.DeviceRequest> requests(@RequiresRole(AccountRole.MANAGER) UUID lockId) {
        return views.requests(lockId);
    }

    /**
     * The caller's device's chain, leaf first: what it signs remote commands with and opens over Bluetooth with.
     * Also a visitor's, who has no role on the lock (SPEC E3), hence LockPath and GrantViews' own rule.
     */
    @ApiDoc(summary = "My device's grant chain on a lock (issue 15; members and visitors)", answers = {200, 404})
    @GetMapping("/api/locks/{lockId}/grants/mine")
    GrantViews.MyChain mine(@AuthenticationPrincipal AccountPrincipal me, @LockPath UUID lockId,
                            // optional here so that the lock rule answers first (a stranger: 404 no such lock); then 400
                            @RequestParam(required = false) @Size(max = 40) String deviceId) {
        return views.mine(lockId, me.accountId(), deviceId);
    }

    /**
     * Relays a kwdr1 revocation an owner device signed, or a manager's device with its chain (T7): queued to
     * the lock as REVOKE_GRANT and listed with the lock's Bluetooth revocations, which every app of the lock
     * carries to it.
     */
    @ApiDoc(summary = "Revoke a device grant with a revocation an owner device, or a manager's device with its chain, signed (issue 15)",
            answers = {200, 404, 409})
    @PostMapping(path = "/api/locks/{lockId}/grants/{grantId}/revocation", consumes = MediaType.APPLICATION_JSON_VALUE)
    Revoked revoke(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MANAGER) UUID lockId,
                   @PathVariable String grantId, @Valid @RequestBody RevocationRequest request) {
        GrantRevoking.Revoked revoked = revoking.revoke(lockId, grantId, me.accountId(), request.token(), request.chain());
        String note = !revoked.queued() ? "revoked already"
                : locks.byId(lockId).map(Locks.Lock::online).orElse(false)
                ? "sent to the lock; every app of the lock also carries it"
                : "the lock is offline: it still accepts this grant until the revocation reaches it from the cloud or from an app";
        return new Revoked(revoked.row().grantId(), GrantViews.utc(revoked.row().revokedAt()), revoked.row().revocation(),
                revoked.command(), note);
    }
}
