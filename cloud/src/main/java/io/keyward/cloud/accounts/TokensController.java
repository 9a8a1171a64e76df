package io.keyward.cloud.accounts;

import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.PathIds;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** SPEC H1: bearer tokens an account creates for its API clients, and revokes. */
@RestController
class TokensController {

    record NewTokenRequest(@NotBlank @Size(max = 100) String name) {
    }

    private final ApiTokens tokens;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    TokensController(ApiTokens tokens, Clock clock, ApplicationEventPublisher events) {
        this.tokens = tokens;
        this.clock = clock;
        this.events = events;
    }

    /** The only response that ever contains the token itself. */
    @ApiDoc(summary = "Create an API token (shown once)", answers = {201})
    @PostMapping(path = "/api/tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ApiTokens.IssuedToken> create(@AuthenticationPrincipal AccountPrincipal me,
                                                 @Valid @RequestBody NewTokenRequest request) {
        ApiTokens.IssuedToken issued = tokens.issue(me.accountId(), request.name().strip(), OffsetDateTime.now(clock));
        return ResponseEntity.created(URI.create("/api/tokens/" + issued.id())).body(issued);
    }

    @ApiDoc(summary = "My API tokens")
    @GetMapping("/api/tokens")
    List<ApiTokens.TokenInfo> list(@AuthenticationPrincipal AccountPrincipal me) {
        return tokens.list(me.accountId());
    }

    /** A malformed id is as unknown as a well-formed one that is not yours: 404 either way. */
    @ApiDoc(summary = "Revoke an API token", answers = {204, 404})
    @DeleteMapping("/api/tokens/{id}")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String id) {
        if (!tokens.revoke(me.accountId(), PathIds.uuid(id, TokensController::noSuchToken))) {
            throw noSuchToken();
        }
        // streams the token opened end now (issue 10 finding 7)
        events.publishEvent(AccessRevoked.ofAccount(me.accountId()));
        return ResponseEntity.noContent().build();
    }

    private static ResponseStatusException noSuchToken() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no such token");
    }
}
