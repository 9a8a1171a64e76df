package io.keyward.cloud.sharing;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.keyward.cloud.accounts.AccountCreated;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Sharing by email is an invitation (SPEC H3, issue 14 item 4). Every share makes one, with a link the
 * owner sends (Keyward sends no email); an email that has an account is shared with at once and its
 * invitation is accepted at once, so the answer - status and body - is the same with or without an
 * account. An email without one gets the share when it signs up, or whoever follows the link and signs
 * in accepts it. Links work once and for {@link #VALID} only; a withdrawn, used or expired one says so.
 */
@Service
class Inviting {

    /** How long a link works: a week is time to read a message and sign up, not long enough to linger. */
    static final Duration VALID = Duration.ofDays(7);

    /** A made invitation: the token is in the answer only, never stored. */
    record Made(UUID id, String token, OffsetDateTime expiresAt) {
    }

    private final Shares shares;
    private final Invitations invitations;
    private final Clock clock;

    Inviting(Shares shares, Invitations invitations, Clock clock) {
        this.shares = shares;
        this.invitations = invitations;
        this.clock = clock;
    }

    /**
     * Refuses (409) only what the owner knows already: its own email, an account the sharing list shows,
     * an invitation the list shows pending. Nothing is doubled: the unique index on (lock, pending email)
     * holds even when two requests race.
     */
    @Transactional
    Made invite(UUID owner, String ownerEmail, UUID lock, String email, AccountRole role) {
        if (email.equals(ownerEmail)) {
            throw conflict("you own this lock: it cannot be shared with yourself");
        }
        Optional<Shares.Account> account = shares.accountByEmail(email);
        if (account.isPresent() && shares.find(lock, account.get().id()).isPresent()) {
            throw conflict("this lock is already shared with " + email + "; change the role in the sharing list");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        invitations.closeExpired(lock, email, now);
        InvitationToken token = InvitationToken.fresh();
        UUID id = UUID.randomUUID();
        OffsetDateTime expires = now.plus(VALID);
        try {
            invitations.add(id, lock, email, role, token.hash(), owner, now, expires);
        } catch (DuplicateKeyException pending) {
            throw conflict("an invitation to " + email + " is already waiting: copy its link from the sharing list, "
                    + "or withdraw it first");
        }
        account.ifPresent(existing -> {
            addShare(lock, existing.id(), role, now, "this lock is already shared with " + email);
            invitations.end(id, Invitations.Status.ACCEPTED, existing.id(), now);
        });
        return new Made(id, token.token(), expires);
    }

    /** The holder of a link accepts it as the signed-in account: the link is the proof, whatever email signed in. */
    @Transactional
    Invitations.Found accept(String token, UUID account) {
        Invitations.Found found = find(token);
        if (found.status() == Invitations.Status.ACCEPTED && account.equals(found.acceptedBy())
                && shares.find(found.lockId(), account).isPresent()) {
            return found; // accepted already by this account (signing up with the invited email does): same answer
        }
        usable(found);
        if (found.ownerId().equals(account)) {
            throw conflict("you own " + found.lockName() + ": this invitation is for someone else");
        }
        if (shares.find(found.lockId(), account).isPresent()) {
            throw conflict(found.lockName() + " is already shared with you");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!invitations.end(found.id(), Invitations.Status.ACCEPTED, account, now)) {
            throw gone("this invitation was used a moment ago: a link works once; ask the owner for a new one");
        }
        addShare(found.lockId(), account, found.role(), now, found.lockName() + " is already shared with you");
        return found;
    }

    /** A share made by a request racing this one is refused in words, and this transaction's invitation rolls back. */
    private void addShare(UUID lock, UUID account, AccountRole role, OffsetDateTime now, String already) {
        try {
            shares.add(lock, account, role, now);
        } catch (DuplicateKeyException raced) {
            throw conflict(already);
        }
    }

    /** A new account takes every invitation waiting for its email (the owner asked for exactly this address). */
    @EventListener
    @Transactional
    void onSignUp(AccountCreated created) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (Invitations.Invitation invitation : invitations.pendingFor(created.email(), now)) {
            if (invitations.end(invitation.id(), Invitations.Status.ACCEPTED, created.account(), now)) {
                shares.add(invitation.lockId(), created.account(), invitation.role(), now);
            }
        }
    }

    /** The invitation behind a link, or a refusal in words when the link no longer works. */
    private void usable(Invitations.Found found) {
        String why = notUsable(found);
        if (why != null) {
            throw gone(why);
        }
    }

    Invitations.Found find(String token) {
        return invitations.byToken(InvitationToken.hash(token)).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "no such invitation: the link is incomplete, or a newer link replaced it; "
                + "ask the lock's owner for a new one"));
    }

    /** Why a link no longer works, in words; null while it does. */
    String notUsable(Invitations.Found found) {
        return switch (found.status()) {
            case WITHDRAWN -> "this invitation was withdrawn by the lock's owner; ask them for a new one";
            case ACCEPTED -> "this invitation was already used: a link works once; ask the lock's owner for a new one";
            case PENDING -> found.expiresAt().isAfter(OffsetDateTime.now(clock)) ? null
                    : "this invitation expired on " + DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)
                    .format(found.expiresAt()) + "; ask the lock's owner for a new one";
        };
    }

    /** A fresh link for a pending invitation; the previous link stops working (only its hash was kept). */
    Made renew(UUID lock, UUID id) {
        InvitationToken token = InvitationToken.fresh();
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!invitations.renewToken(lock, id, token.hash(), now)) {
            throw noSuchInvitation();
        }
        Invitations.Invitation invitation = invitations.find(lock, id).orElseThrow(Inviting::noSuchInvitation);
        return new Made(id, token.token(), invitation.expiresAt());
    }

    static ResponseStatusException noSuchInvitation() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no such invitation waiting: it was accepted, "
                + "withdrawn or has expired");
    }

    private static ResponseStatusException conflict(String reason) {
        return new ResponseStatusException(HttpStatus.CONFLICT, reason);
    }

    private static ResponseStatusException gone(String reason) {
        return new ResponseStatusException(HttpStatus.GONE, reason);
    }
}
