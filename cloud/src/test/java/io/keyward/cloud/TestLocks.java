package io.keyward.cloud;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Locks for tests that need one without going through pairing: a row in {@code locks}, as a
 * completed pairing leaves it (SPEC A3), with a serial of its own that is valid on the link
 * ({@code Topics.validSerial}: at most 32 letters, digits and dashes), so removing it works too.
 */
public final class TestLocks {

    private TestLocks() {
    }

    /** A lock bound to the account; returns its id. */
    public static UUID create(JdbcClient jdbc, UUID owner, String name) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into locks (id, serial, name, owner_id, paired_at)
                values (:id, :serial, :name, :owner, :pairedAt)""")
                .param("id", id)
                .param("serial", "KWT-" + id.toString().replace("-", "").substring(0, 24))
                .param("name", name)
                .param("owner", owner)
                .param("pairedAt", OffsetDateTime.now(ZoneOffset.UTC))
                .update();
        return id;
    }

    public static UUID create(JdbcClient jdbc, UUID owner) {
        return create(jdbc, owner, "Front door");
    }

    /** The id of the account with this email (as signed up: already lower case). */
    public static UUID accountId(JdbcClient jdbc, String email) {
        return jdbc.sql("select id from accounts where email = :email").param("email", email).query(UUID.class).single();
    }
}
