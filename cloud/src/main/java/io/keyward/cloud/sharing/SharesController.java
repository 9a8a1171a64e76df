package io.keyward.cloud.sharing;

import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.PathIds;
import io.keyward.cloud.accounts.AccessRevoked;
import io.keyward.cloud.accounts.AccountPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * SPEC H3: the owner shares a lock with other accounts, as manager or member, changes their role and
 * stops sharing; a shared account may also leave by itself. Sharing does not tell whether an email has
 * an account (issue 10 finding 10b): with or without one the answer is the same 201 and neutral body;
 * the share exists (and shows in the list) only when the account does. Sharing an already shared account again
 * is refused (409) rather than silently changing its role: a role changes only through PUT, so a
 * repeated or stale "share" cannot demote a manager by accident.
 */
@RestController
class SharesController {

    private static final String ROLES = "MANAGER|MEMBER";
    private static final String ROLES_MESSAGE = "must be MANAGER or MEMBER";

    record ShareRequest(@NotBlank @Email @Size(max = 254) String email,
                        @NotNull @Pattern(regexp = ROLES, message = ROLES_MESSAGE) String role) {

        /** As at sign-up, surrounding spaces (a pasted address) are not part of the email. */
        ShareRequest {
            email = email == null ? null : email.strip();
        }
    }

    /** The answer to a share, the same whether the email has an account or not. */
    record ShareAnswer(String email, String role, String message) {
    }

    record RoleRequest(@NotNull @Pattern(regexp = ROLES, message = ROLES_MESSAGE) String role) {
    }

    private final Shares shares;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    SharesController(Shares shares, Clock clock, ApplicationEventPublisher events) {
        this.shares = shares;
        this.clock = clock;
        this.events = events;
    }

    /** Managers may see who else uses the lock; members may not. */
    @ApiDoc(summary = "Who the lock is shared with (H3)")
    @GetMapping("/api/locks/{lockId}/shares")
    List<Shares.Share> list(@RequiresRole(AccountRole.MANAGER) UUID lock) {
        return shares.of(lock);
    }

    @ApiDoc(summary = "Share the lock with an account as manager or member (H3)", answers = {201, 409})
    @PostMapping(path = "/api/locks/{lockId}/shares", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ShareAnswer> share(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.OWNER) UUID lock,
                                      @Valid @RequestBody ShareRequest request) {
        String email = normalize(request.email());
        shares.accountByEmail(email).ifPresent(account -> add(me, lock, account, AccountRole.valueOf(request.role())));
        String role = request.role().toLowerCase(Locale.ROOT);
        return ResponseEntity.created(URI.create("/api/locks/" + lock + "/shares")).body(new ShareAnswer(email, request.role(),
                "shared as " + role + " if " + email + " has a Keyward account: the list of shares shows it when it does"));
    }

    /**
     * The two refusals left say nothing the owner does not know: its own email, and a share the list
     * already shows.
     */
    private void add(AccountPrincipal me, UUID lock, Shares.Account account, AccountRole role) {
        if (account.id().equals(me.accountId())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "you own this lock: it cannot be shared with yourself");
        }
        try {
            shares.add(lock, account.id(), role, OffsetDateTime.now(clock));
        } catch (DuplicateKeyException alreadyShared) {
            throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "this lock is already shared with this account; change its role with PUT");
        }
    }

    @ApiDoc(summary = "Change a share's role", answers = {404})
    @PutMapping(path = "/api/locks/{lockId}/shares/{accountId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Shares.Share changeRole(@RequiresRole(AccountRole.OWNER) UUID lock,
                            @PathVariable String accountId, @Valid @RequestBody RoleRequest request) {
        UUID account = PathIds.uuid(accountId, SharesController::noSuchShare);
        if (!shares.changeRole(lock, account, AccountRole.valueOf(request.role()))) {
            throw noSuchShare();
        }
        // a downgrade ends what the old role allowed, at once (issue 10 finding 7)
        events.publishEvent(AccessRevoked.ofShare(account, lock));
        return shares.find(lock, account).orElseThrow(SharesController::noSuchShare);
    }

    /** The owner stops sharing with anyone; a shared account may stop sharing with itself (leave). */
    @ApiDoc(summary = "End a share (or leave a lock shared with me)", answers = {204, 404})
    @DeleteMapping("/api/locks/{lockId}/shares/{accountId}")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal AccountPrincipal me,
                                @RequiresRole(AccountRole.MEMBER) AccessibleLock accessible, @PathVariable String accountId) {
        UUID lock = accessible.id();
        UUID account = PathIds.uuid(accountId, SharesController::noSuchShare);
        if (!account.equals(me.accountId())) {
            accessible.require(AccountRole.OWNER); // only leaving the lock is a member's
        }
        if (!shares.remove(lock, account)) {
            throw noSuchShare();
        }
        events.publishEvent(AccessRevoked.ofShare(account, lock));
        return ResponseEntity.noContent().build();
    }

    /** The same one spelling per address as the accounts package keeps (trimmed, lower case). */
    private static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private static ResponseStatusException noSuchShare() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no such share");
    }
}
