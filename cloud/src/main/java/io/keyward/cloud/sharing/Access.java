package io.keyward.cloud.sharing;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * Who may touch which lock: the one check every lock endpoint makes first. A lock the account has
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
     * A lock id from a URL path. Endpoints take it as text and parse it here, because a malformed id
     * must answer what an unknown one does (404 "no such lock"), not a type-mismatch error.
     */
    public static UUID lockId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException notAUuid) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, NO_SUCH_LOCK);
        }
    }

    /** The account's role on the lock, if it has one. */
    public Optional<Role> roleOf(UUID account, UUID lock) {
        return jdbc.sql("""
                select 'OWNER' from locks where id = :lock and owner_id = :account
                union all
                select role from shares where lock_id = :lock and account_id = :account""")
                .param("lock", lock)
                .param("account", account)
                .query(String.class)
                .list().stream().map(Role::valueOf).min(Enum::compareTo);
    }

    /**
     * @return the account's role on the lock
     * @throws ResponseStatusException 404 when the account has no role on it, 403 when it is below minimum
     */
    public Role require(UUID account, UUID lock, Role minimum) {
        Role role = roleOf(account, lock)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, NO_SUCH_LOCK));
        if (!role.atLeast(minimum)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "your role on this lock is " + role.name().toLowerCase() + "; this needs "
                            + minimum.name().toLowerCase());
        }
        return role;
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
