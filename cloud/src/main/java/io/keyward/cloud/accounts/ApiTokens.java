package io.keyward.cloud.accounts;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Bearer tokens for API clients. The secret is shown once, at creation; only its hash is kept. */
@Repository
class ApiTokens {

    /** Prefix makes a leaked token recognizable to secret scanners and to people. */
    static final String PREFIX = "kw_";

    record TokenInfo(UUID id, String name, OffsetDateTime createdAt) {
    }

    record IssuedToken(UUID id, String name, OffsetDateTime createdAt, String token) {
    }

    private final JdbcClient jdbc;

    ApiTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    IssuedToken issue(UUID accountId, String name, OffsetDateTime now) {
        IssuedToken issued = new IssuedToken(UUID.randomUUID(), name, now, Secrets.newSecret(PREFIX));
        jdbc.sql("""
                insert into api_tokens (id, account_id, name, token_hash, created_at)
                values (:id, :account, :name, :hash, :now)""")
                .param("id", issued.id())
                .param("account", accountId)
                .param("name", name)
                .param("hash", Secrets.sha256(issued.token()))
                .param("now", now)
                .update();
        return issued;
    }

    List<TokenInfo> list(UUID accountId) {
        return jdbc.sql("select id, name, created_at from api_tokens where account_id = :account order by created_at, id")
                .param("account", accountId)
                .query(TokenInfo.class)
                .list();
    }

    /** Only the owner's own tokens: someone else's id is as unknown as a made-up one. */
    boolean revoke(UUID accountId, UUID tokenId) {
        return jdbc.sql("delete from api_tokens where id = :id and account_id = :account")
                .param("id", tokenId)
                .param("account", accountId)
                .update() > 0;
    }

    Optional<AccountPrincipal> authenticate(String token) {
        String hash = Secrets.sha256(token); // once: every request with a token comes here (issue 11 item 5)
        return jdbc.sql("""
                select a.id, a.email, a.display_name from api_tokens t join accounts a on a.id = t.account_id
                where t.token_hash = :hash""")
                .param("hash", hash)
                .query((rs, row) -> new AccountPrincipal(rs.getObject("id", UUID.class), rs.getString("email"),
                        rs.getString("display_name"), AccountPrincipal.Credential.TOKEN, hash, null))
                .optional();
    }
}
