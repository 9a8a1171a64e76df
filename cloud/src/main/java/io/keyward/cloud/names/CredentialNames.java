package io.keyward.cloud.names;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.keyward.cloud.events.NewEventListener;
import io.keyward.protocol.event.EventKind;
import io.keyward.protocol.link.LinkMessages;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The names people gave their credentials (V36). A name follows the credential, not its id: when the
 * lock reports the credential deleted (or its user), the name goes, so an id the lock reuses for a new
 * enrolment starts unnamed instead of wearing the old finger's name.
 */
@Repository
public class CredentialNames implements NewEventListener {

    /** One named credential of a lock user. */
    public record Named(int user, String credential, String name) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    CredentialNames(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public List<Named> of(UUID lockId) {
        return jdbc.sql("select user_no, credential, name from credential_names where lock_id = :lock order by user_no, credential")
                .param("lock", lockId)
                .query((rs, n) -> new Named(rs.getInt("user_no"), rs.getString("credential"), rs.getString("name"))).list();
    }

    Named name(UUID lockId, int user, String credential, String name, UUID by) {
        // insert unless named, else rename: two namings at once (two managers, two tabs) must not meet
        // the primary key as an error (an update-then-insert did, answering 500); "on conflict do
        // nothing" runs on PostgreSQL and on H2 in its PostgreSQL mode
        var at = clock.instant().atOffset(ZoneOffset.UTC);
        int added = jdbc.sql("""
                insert into credential_names (lock_id, user_no, credential, name, named_by, named_at)
                values (:lock, :user, :credential, :name, :by, :at) on conflict do nothing""")
                .param("lock", lockId).param("user", user).param("credential", credential).param("name", name)
                .param("by", by).param("at", at).update();
        if (added == 0) {
            jdbc.sql("""
                    update credential_names set name = :name, named_by = :by, named_at = :at
                    where lock_id = :lock and user_no = :user and credential = :credential""")
                    .param("lock", lockId).param("user", user).param("credential", credential).param("name", name)
                    .param("by", by).param("at", at).update();
        }
        return new Named(user, credential, name);
    }

    @Override
    public void newEvent(UUID lockId, LinkMessages.EventMessage event) {
        if (event.user() == null || !"OK".equals(event.result())) {
            return;
        }
        if (EventKind.USER_DELETED.name().equals(event.kind())) {
            jdbc.sql("delete from credential_names where lock_id = :lock and user_no = :user")
                    .param("lock", lockId).param("user", event.user()).update();
        } else if (EventKind.CREDENTIAL_DELETED.name().equals(event.kind()) && event.credential() != null) {
            jdbc.sql("delete from credential_names where lock_id = :lock and user_no = :user and credential = :credential")
                    .param("lock", lockId).param("user", event.user()).param("credential", event.credential()).update();
        }
    }
}
