package io.keyward.cloud.accounts;

import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * SPEC H1: sign up, and who am I. Sign-up does not tell whether an email already has an account
 * (issue 10 finding 10b): a taken email gets the same 201 and body as a free one, after the same
 * password hash, and the existing account is left as it was (the app's sign-in that follows then
 * fails unless the password was that account's own). Weak passwords are refused first (PasswordStrength).
 */
@RestController
class AccountsController {

    record SignUpRequest(
            @NotBlank @Email @Size(max = 254) String email,
            @NotNull @Size(min = 10, max = 1000, message = "must be 10 to 1000 characters long") String password,
            @NotBlank @Size(max = 100) String displayName) {

        /** Surrounding spaces (a pasted address) are not part of the email; checked after trimming. */
        SignUpRequest {
            email = email == null ? null : email.strip();
        }
    }

    /** The same for a new account and for a taken email: nothing in it tells them apart. */
    record SignedUp(String email, String displayName, String message) {
    }

    static final String SIGNED_UP = "signed up unless this email already has an account: sign in with this email and password";

    record Me(UUID id, String email, String displayName, String authenticatedBy) {
    }

    private final Accounts accounts;
    private final PasswordHasher hasher;
    private final PasswordStrength strength;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    AccountsController(Accounts accounts, PasswordHasher hasher, PasswordStrength strength, Clock clock,
                       ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.strength = strength;
        this.clock = clock;
        this.events = events;
    }

    /** Signs up; does not sign in (the app does that next with the same credentials). */
    @ApiDoc(summary = "Sign up", answers = {201}, open = true)
    @PostMapping(path = "/api/accounts", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SignedUp> signUp(@Valid @RequestBody SignUpRequest request) {
        String email = Emails.normalize(request.email());
        strength.weakness(request.password(), email).ifPresent(reason -> {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "password: " + reason);
        });
        // hashed before the insert, taken email or not, so both cost the same time
        String hash = hasher.hash(request.password());
        String displayName = request.displayName().strip();
        try {
            Accounts.Account created = accounts.create(email, displayName, hash, OffsetDateTime.now(clock));
            // invitations waiting for this email become shares (sharing module); a taken email gets none
            events.publishEvent(new AccountCreated(created.id(), email));
        } catch (DuplicateKeyException taken) {
            // the existing account stays as it was; the answer is the same as for a new one
        }
        return ResponseEntity.created(URI.create("/api/me")).body(new SignedUp(email, displayName, SIGNED_UP));
    }

    @ApiDoc(summary = "Who I am")
    @GetMapping("/api/me")
    Me me(@AuthenticationPrincipal AccountPrincipal me) {
        return new Me(me.accountId(), me.email(), me.displayName(), me.credential().name().toLowerCase());
    }
}
