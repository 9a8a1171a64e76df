package io.keyward.cloud.sharing;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The shares table (SPEC H3): which accounts besides the owner may use a lock, and as what. */
@Repository
class Shares {

    /** A share as the API shows it: the account it is with, by id, email and name. */
    record Share(UUID accountId, String email, String displayName, AccountRole role, OffsetDateTime createdAt) {
    }

    /** An account as found by its email. */
    record Account(UUID id, String email, String displayName) {
    }

    private final JdbcClient jdbc;

    Shares(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Share> of(UUID lock) {
        return jdbc.sql("""
                select s.account_id, a.email, a.display_name, s.role, s.created_at
                from shares s join accounts a on a.id = s.account_id
                where s.lock_id = :lock
                order by s.created_at, a.email""")
                .param("lock", lock)
                .query(Share.class)
                .list();
    }

    Optional<Share> find(UUID lock, UUID account) {
        return jdbc.sql("""
                select s.account_id, a.email, a.display_name, s.role, s.created_at
                from shares s join accounts a on a.id = s.account_id
                where s.lock_id = :lock and s.account_id = :account""")
                .param("lock", lock)
                .param("account", account)
                .query(Share.class)
                .optional();
    }

    /** Emails are stored normalized (accounts package); the caller normalizes the one it looks for. */
    Optional<Account> accountByEmail(String email) {
        return jdbc.sql("select id, email, display_name from accounts where email = :email")
                .param("email", email)
                .query(Account.class)
                .optional();
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the lock is already shared with the account */
    void add(UUID lock, UUID account, AccountRole role, OffsetDateTime now) {
        jdbc.sql("insert into shares (lock_id, account_id, role, created_at) values (:lock, :account, :role, :now)")
                .param("lock", lock)
                .param("account", account)
                .param("role", role.name())
                .param("now", now)
                .update();
    }

    boolean changeRole(UUID lock, UUID account, AccountRole role) {
        return jdbc.sql("update shares set role = :role where lock_id = :lock and account_id = :account")
                .param("role", role.name())
                .param("lock", lock)
                .param("account", account)
                .update() == 1;
    }

    boolean remove(UUID lock, UUID account) {
        return jdbc.sql("delete from shares where lock_id = :lock and account_id = :account")
                .param("lock", lock)
                .param("account", account)
                .update() == 1;
    }
}
