package io.keyward.cloud.accounts;

import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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

/** SPEC H1: sign up, and who am I. */
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

    record AccountView(UUID id, String email, String displayName, OffsetDateTime createdAt) {
    }

    record Me(UUID id, String email, String displayName, String authenticatedBy) {
    }

    private final Accounts accounts;
    private final PasswordHasher hasher;
    private final Clock clock;

    AccountsController(Accounts accounts, PasswordHasher hasher, Clock clock) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** Signs up; does not sign in (the app does that next with the same credentials). */
    @PostMapping(path = "/api/accounts", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccountView> signUp(@Valid @RequestBody SignUpRequest request) {
        String email = Emails.normalize(request.email());
        try {
            Accounts.Account account = accounts.create(email, request.displayName().strip(),
                    hasher.hash(request.password()), OffsetDateTime.now(clock));
            return ResponseEntity.created(URI.create("/api/me"))
                    .body(new AccountView(account.id(), account.email(), account.displayName(), account.createdAt()));
        } catch (DuplicateKeyException taken) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "an account with this email already exists");
        }
    }

    @GetMapping("/api/me")
    Me me(@AuthenticationPrincipal AccountPrincipal me) {
        return new Me(me.accountId(), me.email(), me.displayName(), me.credential().name().toLowerCase());
    }
}
