package io.keyward.cloud.accounts;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The account a request acts for, as established by {@link AccountAuthenticationFilter}: the principal
 * of Spring Security's authentication, so controllers of every feature take it with
 * {@code @AuthenticationPrincipal AccountPrincipal me}. It also names the credential that proved it (its
 * SHA-256, never the secret) and when that ends, so a long-lived response can check later that the
 * credential still holds ({@link CredentialCheck}).
 */
public record AccountPrincipal(UUID accountId, String email, String displayName, Credential credential,
                               String credentialDigest, OffsetDateTime expiresAt) {

    /** How the request proved who it is; cookie sessions need the anti-CSRF header, tokens do not. */
    public enum Credential { SESSION, TOKEN }

    /** A principal whose credential is not named (nothing to re-check later). */
    public AccountPrincipal(UUID accountId, String email, String displayName, Credential credential) {
        this(accountId, email, displayName, credential, null, null);
    }
}
