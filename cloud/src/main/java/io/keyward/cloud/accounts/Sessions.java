package io.keyward.cloud.accounts;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Sign-in sessions, in the database rather than in an HttpSession, so that any node behind the load
 * balancer recognizes the cookie and signing out on one node signs out on all of them.
 */
@Repository
class Sessions {

    private final JdbcClient jdbc;

    Sessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Returns the secret for the cookie; only its hash is stored. */
    String open(UUID accountId, OffsetDateTime now, Duration lifetime) {
        jdbc.sql("delete from sessions where account_id = :account and expires_at <= :now")
                .param("account", accountId).param("now", now).update();
        String secret = Secrets.newSecret("");
        jdbc.sql("""
                insert into sessions (id_hash, account_id, created_at, expires_at)
                values (:hash, :account, :now, :expires)""")
                .param("hash", Secrets.sha256(secret))
                .param("account", accountId)
                .param("now", now)
                .param("expires", now.plus(lifetime))
                .update();
        return secret;
    }

    Optional<AccountPrincipal> authenticate(String secret, OffsetDateTime now) {
        String hash = Secrets.sha256(secret); // once: every signed-in request comes here
        return jdbc.sql("""
                select a.id, a.email, a.display_name, s.expires_at from sessions s join accounts a on a.id = s.account_id
                where s.id_hash = :hash and s.expires_at > :now""")
                .param("hash", hash)
                .param("now", now)
                .query((rs, row) -> new AccountPrincipal(rs.getObject("id", UUID.class), rs.getString("email"),
                        rs.getString("display_name"), AccountPrincipal.Credential.SESSION, hash,
                        rs.getObject("expires_at", OffsetDateTime.class)))
                .optional();
    }

    boolean close(String secret) {
        return jdbc.sql("delete from sessions where id_hash = :hash")
                .param("hash", Secrets.sha256(secret))
                .update() > 0;
    }
}
