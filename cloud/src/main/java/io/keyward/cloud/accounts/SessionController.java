package io.keyward.cloud.accounts;

import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** SPEC H1: sign in (opens a session and sets its cookie) and sign out (closes it everywhere). */
@RestController
class SessionController {

    record SignInRequest(
            @NotBlank @Size(max = 254) String email,
            // the cap keeps a megabyte "password" from buying a megabyte of hashing
            @NotNull @Size(max = 1000) String password) {
    }

    record SignedInView(UUID id, String email, String displayName) {
    }

    private final SignIn signIn;
    private final Sessions sessions;
    private final AccountsSettings settings;
    private final ApplicationEventPublisher events;

    SessionController(SignIn signIn, Sessions sessions, AccountsSettings settings, ApplicationEventPublisher events) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.settings = settings;
        this.events = events;
    }

    @ApiDoc(summary = "Sign in (sets the session cookie)", answers = {200, 401, 429}, open = true)
    @PostMapping(path = "/api/session", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SignedInView> signIn(@Valid @RequestBody SignInRequest body, HttpServletRequest request) {
        SignIn.SignedIn signedIn = signIn.signIn(body.email(), body.password(), request.getRemoteAddr());
        Accounts.Account account = signedIn.account();
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, SessionCookie.issue(signedIn.sessionSecret(), settings.sessionLifetime(), request).toString())
                .body(new SignedInView(account.id(), account.email(), account.displayName()));
    }

    @ApiDoc(summary = "Sign out", answers = {204, 400})
    @DeleteMapping("/api/session")
    ResponseEntity<Void> signOut(@AuthenticationPrincipal AccountPrincipal me, HttpServletRequest request) {
        if (me.credential() != AccountPrincipal.Credential.SESSION) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "this request is authenticated by a bearer token, not a session: revoke it with DELETE /api/tokens/{id}");
        }
        SessionCookie.read(request).ifPresent(sessions::close);
        // streams this session opened (live view, alerts) end now, not at their next request
        events.publishEvent(AccessRevoked.ofAccount(me.accountId()));
        return ResponseEntity.noContent()
                .header(HttpHeaders.SET_COOKIE, SessionCookie.clear(request).toString())
                .build();
    }
}
