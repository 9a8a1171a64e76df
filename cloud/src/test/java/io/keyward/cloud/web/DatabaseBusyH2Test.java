package io.keyward.cloud.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;

import javax.sql.DataSource;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.H2Storage;
import io.keyward.cloud.TestLocks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A row held by another transaction past the database's lock timeout (H2 under load: the authorization
 * matrix once met it at load 40) is contention, not a bug: 503 "busy" with a short Retry-After and
 * nothing changed, never a 500. The same request succeeds once the row is free.
 */
@H2Storage
@DisplayName("a row held past the lock timeout answers 503 busy, changes nothing, and the retry succeeds")
class DatabaseBusyH2Test extends CloudTest {

    @Autowired
    DataSource dataSource;

    @Test
    @DisplayName("renaming a lock whose row another transaction holds: 503 with Retry-After 1, then 200")
    void heldRowIsBusy() throws Exception {
        String email = signUp();
        String session = signIn(email);
        UUID lock = TestLocks.create(jdbc, TestLocks.accountId(jdbc, email), "Front door");

        Api.Response busy;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement hold = holder.prepareStatement("select name from locks where id = ? for update")) {
                hold.setObject(1, lock);
                hold.executeQuery().close();
            }
            busy = rename(lock, session, "Back door");
            holder.rollback();
        }

        assertThat(busy.status()).as(busy.body()).isEqualTo(503);
        assertThat(busy.error()).isEqualTo(DatabaseUnavailable.BUSY);
        assertThat(busy.header("Retry-After")).contains(DatabaseUnavailable.BUSY_RETRY_AFTER_SECONDS);
        assertThat(name(lock)).as("nothing changed").isEqualTo("Front door");

        Api.Response retried = rename(lock, session, "Back door");
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(name(lock)).isEqualTo("Back door");
    }

    private Api.Response rename(UUID lock, String session, String name) {
        return api.send("PATCH", "/api/locks/" + lock, BodyPublishers.ofString(Api.json(java.util.Map.of("name", name))),
                "Cookie", "KW_SESSION=" + session, "X-Keyward", "1", "Content-Type", "application/json");
    }

    private String name(UUID lock) {
        return jdbc.sql("select name from locks where id = :id").param("id", lock).query(String.class).single();
    }
}
