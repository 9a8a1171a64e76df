package io.keyward.cloud.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.locks.Locks;
import io.keyward.cloud.management.DeviceSignature;
import io.keyward.cloud.management.DeviceSignedLinks;
import io.keyward.cloud.management.QueuedCommands;
import io.keyward.cloud.management.TrustRefused;
import io.keyward.cloud.sharing.Access;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.cloud.sharing.RequiresRole;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.Setting;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Synchronized unlock links (SPEC F1, F2): an owner or manager of both locks links one lock to another
 * of the same owner. Linking asks both locks, through the desired-state command queue, to switch
 * SYNCHRONIZED_UNLOCK on (a lock in trust mode: its owner device's LINK_LOCK does, issue 15, design §9).
 * F1: the link starts PENDING with a countdown (secondsLeft, confirmBefore);
 * an administrator unlocking the linked door with an administrator credential before it ends makes it
 * ACTIVE, else it is EXPIRED (docs/cloud.md, "Synchronized unlock"). Only an ACTIVE link relays.
 */
@RestController
class SyncLinkController {

    record LinkRequest(@NotNull UUID linkedLockId) {
    }

    /**
     * linkedLockId null: the lock has no link. status (F1): PENDING (waiting for an administrator unlock of
     * the linked lock, secondsLeft to go), ACTIVE or EXPIRED; null without a link.
     */
    record LinkView(UUID lockId, UUID linkedLockId, String linkedLockName, OffsetDateTime createdAt, String status,
                    OffsetDateTime confirmBefore, OffsetDateTime confirmedAt, Long secondsLeft) {
    }

    private final Access access;
    private final Locks locks;
    private final QueuedCommands commands;
    private final SyncLinks links;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final DeviceSignedLinks signedLinks;

    SyncLinkController(Access access, Locks locks, QueuedCommands commands, SyncLinks links, TransactionTemplate transaction,
                       Clock clock, DeviceSignedLinks signedLinks) {
        this.signedLinks = signedLinks;
        this.clock = clock;
        this.access = access;
        this.locks = locks;
        this.commands = commands;
        this.links = links;
        this.transaction = transaction;
    }

    @ApiDoc(summary = "The lock's synchronized-unlock link (F1)")
    @GetMapping("/api/locks/{lockId}/sync-link")
    LinkView get(@RequiresRole(AccountRole.MANAGER) UUID lockId) {
        return links.of(lockId).map(this::view).orElse(new LinkView(lockId, null, null, null, null, null, null, null));
    }

    /**
     * Links lockId (the lock opened from outside, "A") to linkedLockId (the lock that follows, "B"). A B in trust
     * mode (issue 15, trust design §9) follows only on A's own signed statements, with A's key that an owner's
     * device of B linked: the request carries that device's LINK_LOCK for B in {@code Keyward-Device-Command}
     * (428 without it, 400 when it is not the LINK_LOCK of A's reported key), sent to B and waited for; the link
     * is stored only once B holds it. A B not in trust mode is linked as before (the cloud's word is enough).
     */
    @ApiDoc(summary = "Link two locks of the same owner (F1); a protected linked lock needs its owner device's LINK_LOCK (issue 15)",
            answers = {400, 409, 428})
    @PutMapping(path = "/api/locks/{lockId}/sync-link", consumes = MediaType.APPLICATION_JSON_VALUE)
    LinkView put(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MANAGER) UUID lockId,
                 @Valid @RequestBody LinkRequest request,
                 @RequestHeader(name = DeviceSignature.COMMAND_HEADER, required = false) String signed,
                 @RequestHeader(name = DeviceSignature.CHAIN_HEADER, required = false) String chain) {
        UUID linked = request.linkedLockId();
        if (linked.equals(lockId)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a lock cannot be linked to itself");
        }
        access.require(me.accountId(), linked, AccountRole.MANAGER);
        Locks.Lock from = locks.byId(lockId).orElseThrow();
        if (!from.ownerId().equals(locks.byId(linked).orElseThrow().ownerId())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "only two locks of the same owner can be linked");
        }
        boolean signedLink = locks.trustMode(linked) || (signed != null && !signed.isBlank());
        if (signedLink) {
            signedLinks.link(linked, linkOf(from), new DeviceSignature(signed, chain)); // B now holds A's key
        }
        links.of(lockId).filter(old -> !old.linkedLockId().equals(linked))
                .ifPresent(old -> unlink(me, old.linkedLockId(), from)); // a new PUT replaces the link: the old B forgets A
        SyncLinks.Link link = transaction.execute(status -> links.put(lockId, linked));
        for (UUID lock : new UUID[] {lockId, linked}) {
            // a lock in trust mode takes this setting only device-signed: B's LINK_LOCK switched it on, and A's
            // own setting plays no part in sending its statements
            if (!locks.trustMode(lock)) {
                commands.ask(lock, me.accountId(), new LockCommand.ChangeSetting(Setting.SYNCHRONIZED_UNLOCK, "true"));
            }
        }
        return view(link);
    }

    /** The LINK_LOCK the cloud would send B for A: A's serial and the identity key A last reported (409 without one). */
    private LockCommand.LinkLock linkOf(Locks.Lock from) {
        String key = locks.reportedKey(from.reported()).lockKey();
        if (key == null) {
            throw new TrustRefused(HttpStatus.CONFLICT, "LOCK_KEY_UNKNOWN",
                    "the lock to follow has not reported its identity key yet: bring it online and try again");
        }
        return new LockCommand.LinkLock(from.serial(), key);
    }

    /** Removes the link; a lock no longer in any link is asked to switch synchronized unlock off. */
    @ApiDoc(summary = "Unlink the lock", answers = {204})
    @DeleteMapping("/api/locks/{lockId}/sync-link")
    ResponseEntity<Void> delete(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MANAGER) UUID lockId) {
        links.of(lockId).ifPresent(link -> {
            links.delete(lockId);
            locks.byId(lockId).ifPresent(from -> unlink(me, link.linkedLockId(), from));
            for (UUID lock : new UUID[] {lockId, link.linkedLockId()}) {
                // a lock in trust mode would refuse the unsigned setting; with the link gone nothing is relayed anyway
                if (!links.linked(lock) && access.roleOf(me.accountId(), lock).isPresent() && !locks.trustMode(lock)) {
                    commands.ask(lock, me.accountId(), new LockCommand.ChangeSetting(Setting.SYNCHRONIZED_UNLOCK, "false"));
                }
            }
        });
        return ResponseEntity.noContent().build();
    }

    /** Design §9: a B in trust mode forgets A's key (UNLINK_LOCK, cloud-signed: it takes access away), queued until B is back. */
    private void unlink(AccountPrincipal me, UUID b, Locks.Lock from) {
        if (locks.trustMode(b)) {
            commands.ask(b, me.accountId(), new LockCommand.UnlinkLock(from.serial()));
        }
    }

    private LinkView view(SyncLinks.Link link) {
        String name = locks.byId(link.linkedLockId()).map(Locks.Lock::name).orElse(null);
        Instant now = clock.instant();
        String status = link.status(now);
        Long left = "PENDING".equals(status)
                ? Math.max(0, Duration.between(now, link.confirmBefore().toInstant()).toSeconds()) : null;
        return new LinkView(link.lockId(), link.linkedLockId(), name, link.createdAt(), status, link.confirmBefore(),
                link.confirmedAt(), left);
    }
}
