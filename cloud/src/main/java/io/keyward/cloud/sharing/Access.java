package io.keyward.cloud.sharing;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * Who may touch which lock: the one check every lock endpoint makes first (through {@link RequiresRole},
 * resolved before the handler runs). A lock the account has
 * no role on answers 404, exactly as a lock that does not exist, so ids cannot be probed; a role too
 * small answers 403.
 */
@Service
public class Access {

    static final String NO_SUCH_LOCK = "no such lock";

    private final JdbcClient jdbc;

    Access(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The account's role on the lock, if it has one. One select with a join, not a union: H2 caches the
     * parsed statement of a select but parses a union again on every call, and this runs on every lock
     * request (a quarter of a remote unlock's database time went into that parse; issue 11 item 5).
     */
    public Optional<AccountRole> roleOf(UUID account, UUID lock) {
        return jdbc.sql("""
                select case when l.owner_id = :account then 'OWNER' else s.role end
                from locks l left join shares s on s.lock_id = l.id and s.account_id = :account
                where l.id = :lock""")
                .param("lock", lock)
                .param("account", account)
                .query(String.class)
                .list().stream().filter(Objects::nonNull).map(AccountRole::valueOf).findFirst();
    }

    /**
     * @return the account's role on the lock
     * @throws ResponseStatusException 404 when the account has no role on it, 403 when it is below minimum
     */
    public AccountRole require(UUID account, UUID lock, AccountRole minimum) {
        AccountRole role = roleOf(account, lock)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, NO_SUCH_LOCK));
        return new AccessibleLock(lock, role).require(minimum).role();
    }

    /** The owner and every account the lock is shared with: who hears the lock's alerts (H4). */
    public List<UUID> accountsOf(UUID lock) {
        return jdbc.sql("""
                select owner_id from locks where id = :lock
                union
                select account_id from shares where lock_id = :lock""")
                .param("lock", lock)
                .query(UUID.class)
                .list();
    }
}
