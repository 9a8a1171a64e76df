package io.keyward.cloud.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.locks.Locks;
import io.keyward.cloud.management.QueuedCommands;
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
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Synchronized unlock links (SPEC F1, F2): an owner or manager of both locks links one lock to another
 * of the same owner. Linking asks both locks, through the desired-state command queue, to switch
 * SYNCHRONIZED_UNLOCK on. F1: the link starts PENDING with a countdown (secondsLeft, confirmBefore);
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

    SyncLinkController(Access access, Locks locks, QueuedCommands commands, SyncLinks links, TransactionTemplate transaction,
                       Clock clock) {
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

    @ApiDoc(summary = "Link two locks of the same owner (F1)", answers = {409})
    @PutMapping(path = "/api/locks/{lockId}/sync-link", consumes = MediaType.APPLICATION_JSON_VALUE)
    LinkView put(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MANAGER) UUID lockId,
                 @Valid @RequestBody LinkRequest request) {
        UUID linked = request.linkedLockId();
        if (linked.equals(lockId)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a lock cannot be linked to itself");
        }
        access.require(me.accountId(), linked, AccountRole.MANAGER);
        if (locks.trustMode(lockId) || locks.trustMode(linked)) {
            // issue 15 (trust design §3): such a lock obeys SYNC_UNLOCK and the SYNCHRONIZED_UNLOCK setting only
            // from an owner's device; the cloud would relay what it refuses (signed links: a later step)
            throw new io.keyward.cloud.management.TrustRefused(HttpStatus.CONFLICT, "DEVICE_LINK_REQUIRED",
                    "a lock in trust mode cannot be linked through the cloud yet: synchronized unlock needs a link signed on an owner's device");
        }
        UUID owner = locks.byId(lockId).orElseThrow().ownerId();
        if (!owner.equals(locks.byId(linked).orElseThrow().ownerId())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "only two locks of the same owner can be linked");
        }
        SyncLinks.Link link = transaction.execute(status -> links.put(lockId, linked));
        commands.ask(lockId, me.accountId(), new LockCommand.ChangeSetting(Setting.SYNCHRONIZED_UNLOCK, "true"));
        commands.ask(linked, me.accountId(), new LockCommand.ChangeSetting(Setting.SYNCHRONIZED_UNLOCK, "true"));
        return view(link);
    }

    /** Removes the link; a lock no longer in any link is asked to switch synchronized unlock off. */
    @ApiDoc(summary = "Unlink the lock", answers = {204})
    @DeleteMapping("/api/locks/{lockId}/sync-link")
    ResponseEntity<Void> delete(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MANAGER) UUID lockId) {
        links.of(lockId).ifPresent(link -> {
            links.delete(lockId);
            for (UUID lock : new UUID[] {lockId, link.linkedLockId()}) {
                // a lock in trust mode would refuse the unsigned setting; with the link gone nothing is relayed anyway
                if (!links.linked(lock) && access.roleOf(me.accountId(), lock).isPresent() && !locks.trustMode(lock)) {
                    commands.ask(lock, me.accountId(), new LockCommand.ChangeSetting(Setting.SYNCHRONIZED_UNLOCK, "false"));
                }
            }
        });
        return ResponseEntity.noContent().build();
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
