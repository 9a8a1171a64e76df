package io.keyward.cloud.broker;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Optional;

import io.keyward.protocol.link.Topics;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The embedded broker's lock passwords, in the database (table broker_credentials, V10) so that they
 * survive a restart of the cloud and every cloud node sees the same ones. Only a hash is stored.
 */
final class CredentialStore {

    /** Compared against when the user is unknown, so an unknown user costs what a known one does. */
    private static final byte[] NO_HASH = BrokerPasswords.sha256("no such user");

    private final JdbcClient jdbc;
    private final Clock clock;

    CredentialStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Stores a new random password for the lock, replacing any earlier one, and returns it. */
    String issue(String serial) {
        requireSerial(serial);
        String password = BrokerPasswords.newPassword();
        String hash = HexFormat.of().formatHex(BrokerPasswords.sha256(password));
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (update(serial, hash, now) == 0) {
            try {
                jdbc.sql("insert into broker_credentials (username, password_hash, issued_at) values (?, ?, ?)")
                        .params(serial, hash, now).update();
            } catch (DuplicateKeyException raced) {
                // another node issued for the same lock meanwhile: the later password wins
                update(serial, hash, now);
            }
        }
        return password;
    }

    /** Returns whether a row was deleted. */
    boolean revoke(String serial) {
        requireSerial(serial);
        return jdbc.sql("delete from broker_credentials where username = ?").param(serial).update() > 0;
    }

    /** Whether the password is the lock's current one; false for an unknown lock. */
    boolean matches(String serial, String password) {
        byte[] given = BrokerPasswords.sha256(password);
        Optional<byte[]> stored = Topics.validSerial(serial)
                ? jdbc.sql("select password_hash from broker_credentials where username = ?").param(serial)
                        .query(String.class).optional().map(HexFormat.of()::parseHex)
                : Optional.empty();
        boolean same = BrokerPasswords.sameHash(stored.orElse(NO_HASH), given);
        return stored.isPresent() && same;
    }

    private int update(String serial, String hash, OffsetDateTime now) {
        return jdbc.sql("update broker_credentials set password_hash = ?, issued_at = ? where username = ?")
                .params(hash, now, serial).update();
    }

    static void requireSerial(String serial) {
        if (!Topics.validSerial(serial)) {
            throw new IllegalArgumentException("not a lock serial: " + serial);
        }
    }
}
