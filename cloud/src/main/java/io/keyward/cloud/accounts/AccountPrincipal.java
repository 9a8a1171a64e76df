package io.keyward.cloud.accounts;

import java.util.UUID;

/**
 * The account a request acts for, as established by {@link AccountAuthenticationFilter}: the principal
 * of Spring Security's authentication, so controllers of every feature take it with
 * {@code @AuthenticationPrincipal AccountPrincipal me}.
 */
public record AccountPrincipal(UUID accountId, String email, String displayName, Credential credential) {

    /** How the request proved who it is; cookie sessions need the anti-CSRF header, tokens do not. */
    public enum Credential { SESSION, TOKEN }
}
