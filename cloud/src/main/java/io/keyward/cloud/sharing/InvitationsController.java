package io.keyward.cloud.sharing;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.PathIds;
import io.keyward.cloud.accounts.AccountPrincipal;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Invitations (SPEC H3, issue 14 item 4): the owner's list of pending ones beside the shares, withdrawing
 * one, a fresh link for one; and the link's side: what it invites to (open, the token is the secret) and
 * accepting it as the signed-in account. Made by sharing ({@link SharesController}, {@link Inviting}).
 */
@RestController
class InvitationsController {

    /** What a link shows before signing in: enough to say "Alex invites you to Front door". */
    record InvitationView(String lockName, String email, String role, OffsetDateTime expiresAt, String status,
                          String message) {
    }

    record Accepted(UUID lockId, String lockName, String role, String message) {
    }

    private final Invitations invitations;
    private final Inviting inviting;
    private final Clock clock;

    InvitationsController(Invitations invitations, Inviting inviting, Clock clock) {
        this.invitations = invitations;
        this.inviting = inviting;
        this.clock = clock;
    }

    /** Managers see who is invited as they see who shares (the list of shares); members do not. */
    @ApiDoc(summary = "Invitations waiting to be accepted (H3)")
    @GetMapping("/api/locks/{lockId}/invitations")
    List<Invitations.Invitation> pending(@RequiresRole(AccountRole.MANAGER) UUID lock) {
        return invitations.pending(lock, OffsetDateTime.now(clock));
    }

    @ApiDoc(summary = "Withdraw a waiting invitation: its link stops working (H3)", answers = {204, 404})
    @DeleteMapping("/api/locks/{lockId}/invitations/{invitationId}")
    ResponseEntity<Void> withdraw(@RequiresRole(AccountRole.OWNER) UUID lock, @PathVariable String invitationId) {
        UUID id = PathIds.uuid(invitationId, Inviting::noSuchInvitation);
        if (!invitations.withdraw(lock, id, OffsetDateTime.now(clock))) {
            throw Inviting.noSuchInvitation();
        }
        return ResponseEntity.noContent().build();
    }

    /** Links are shown once (only a hash is kept): copying one later makes a new one, and the old stops working. */
    @ApiDoc(summary = "A new link for a waiting invitation; the previous link stops working (H3)", answers = {200, 404})
    @PostMapping("/api/locks/{lockId}/invitations/{invitationId}/link")
    InvitationLink newLink(@RequiresRole(AccountRole.OWNER) UUID lock, @PathVariable String invitationId) {
        UUID id = PathIds.uuid(invitationId, Inviting::noSuchInvitation);
        return InvitationLink.of(inviting.renew(lock, id));
    }

    /** Open: the sign-up page shows what the link invites to, or why it no longer works. */
    @ApiDoc(summary = "What an invitation link invites to, and whether it still works (H3)", answers = {200, 404}, open = true)
    @GetMapping("/api/invitations/{token}")
    InvitationView view(@PathVariable String token) {
        Invitations.Found found = inviting.find(token);
        String why = inviting.notUsable(found);
        String status = why == null ? "PENDING"
                : found.status() == Invitations.Status.PENDING ? "EXPIRED" : found.status().name();
        String message = why != null ? why
                : "an invitation to use " + found.lockName() + " as " + found.role().name().toLowerCase(java.util.Locale.ROOT)
                + ": sign up or sign in, then accept it";
        return new InvitationView(found.lockName(), found.email(), found.role().name(), found.expiresAt(), status, message);
    }

    @ApiDoc(summary = "Accept an invitation as the signed-in account (H3)", answers = {200, 404, 409, 410})
    @PostMapping("/api/invitations/{token}/accept")
    Accepted accept(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String token) {
        Invitations.Found found = inviting.accept(token, me.accountId());
        return new Accepted(found.lockId(), found.lockName(), found.role().name(),
                found.lockName() + " is shared with you as " + found.role().name().toLowerCase(java.util.Locale.ROOT));
    }
}
