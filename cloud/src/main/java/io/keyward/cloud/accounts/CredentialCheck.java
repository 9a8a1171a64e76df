package io.keyward.cloud.accounts;

import java.time.OffsetDateTime;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Whether the credential a request authenticated with still holds now: its session open and not
 * expired, its token not revoked. Asked again by long-lived responses (issue 10 finding 7), which
 * outlive the request-time check of {@link AccountAuthenticationFilter}.
 */
@Service
public class CredentialCheck {

    private final JdbcClient jdbc;

    CredentialCheck(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean stillValid(AccountPrincipal principal, OffsetDateTime now) {
        if (expired(principal, now)) {
            return false;
        }
        if (principal.credentialDigest() == null) {
            return true;
        }
        String sql = principal.credential() == AccountPrincipal.Credential.SESSION
                ? "select count(*) from sessions where id_hash = :hash and expires_at > :now"
                : "select count(*) from api_tokens where token_hash = :hash";
        var query = jdbc.sql(sql).param("hash", principal.credentialDigest());
        if (principal.credential() == AccountPrincipal.Credential.SESSION) {
            query = query.param("now", now);
        }
        return query.query(Long.class).single() > 0;
    }

    /** The in-memory half of the check: a session past its end, without asking the database. */
    public static boolean expired(AccountPrincipal principal, OffsetDateTime now) {
        return principal.expiresAt() != null && !now.isBefore(principal.expiresAt());
    }
}
