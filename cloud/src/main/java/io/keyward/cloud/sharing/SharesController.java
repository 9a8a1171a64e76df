package io.keyward.cloud.sharing;

import java.net.URI;
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
 * an account (issue 10 finding 10b): every share is an invitation with a link ({@link Inviting}), and
 * with or without an account the answer is the same 201 and body; the share exists (and shows in the
 * list) at once when the account does, otherwise when it signs up or the link is accepted. Sharing an already shared account again
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
    record ShareAnswer(String email, String role, String message, InvitationLink invitation) {
    }

    record RoleRequest(@NotNull @Pattern(regexp = ROLES, message = ROLES_MESSAGE) String role) {
    }

    private final Shares shares;
    private final Inviting inviting;
    private final ApplicationEventPublisher events;

    SharesController(Shares shares, Inviting inviting, ApplicationEventPublisher events) {
        this.shares = shares;
        this.inviting = inviting;
        this.events = events;
    }

    /** Managers may see who else uses the lock; members may not. */
    @ApiDoc(summary = "Who the lock is shared with (H3)")
    @GetMapping("/api/locks/{lockId}/shares")
    List<Shares.Share> list(@RequiresRole(AccountRole.MANAGER) UUID lock) {
        return shares.of(lock);
    }

    @ApiDoc(summary = "Share the lock by email as manager or member: an invitation with a link (H3)", answers = {201, 409})
    @PostMapping(path = "/api/locks/{lockId}/shares", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ShareAnswer> share(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.OWNER) UUID lock,
                                      @Valid @RequestBody ShareRequest request) {
        String email = normalize(request.email());
        Inviting.Made made = inviting.invite(me.accountId(), normalize(me.email()), lock, email, AccountRole.valueOf(request.role()));
        String role = request.role().toLowerCase(Locale.ROOT);
        return ResponseEntity.created(URI.create("/api/locks/" + lock + "/shares")).body(new ShareAnswer(email, request.role(),
                "invitation made: send its link to " + email + " yourself (Keyward sends no email); it works once, for 7 days. "
                        + "Shared as " + role + " at once if " + email + " has a Keyward account: the list of shares shows it when it does",
                InvitationLink.of(made)));
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
