package io.keyward.cloud.accounts;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The accounts table. Emails arrive here already normalized (see {@link Emails}). */
@Repository
class Accounts {

    record Account(UUID id, String email, String displayName, String passwordHash, OffsetDateTime createdAt) {
    }

    private final JdbcClient jdbc;

    Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the email is taken (unique index) */
    Account create(String email, String displayName, String passwordHash, OffsetDateTime now) {
        Account account = new Account(UUID.randomUUID(), email, displayName, passwordHash, now);
        jdbc.sql("""
                insert into accounts (id, email, display_name, password_hash, created_at)
                values (:id, :email, :displayName, :passwordHash, :createdAt)""")
                .paramSource(account)
                .update();
        return account;
    }

    Optional<Account> findByEmail(String email) {
        return jdbc.sql("select * from accounts where email = :email")
                .param("email", email)
                .query(Account.class)
                .optional();
    }
}
