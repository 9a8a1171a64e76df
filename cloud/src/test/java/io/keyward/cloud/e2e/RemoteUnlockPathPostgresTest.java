package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;

import io.keyward.cloud.signing.CloudSigningKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 5: a remote unlock waits for nothing it does not need. The lock's reply is handed to
 * the waiting request on a lane of its own, not queued behind the events the same lock sent before
 * while the database stores them; the unlock's event is still stored, once it can be.
 * PostgreSQL (a schema of its own) and an external Mosquitto, as used at scale.
 */
@DisplayName("Remote unlock path: answered while the lock's events wait for the database (PostgreSQL, Mosquitto)")
class RemoteUnlockPathPostgresTest extends CloudWithLocks {

    private final PostgresMosquitto servers = new PostgresMosquitto("kw_unlock_");
    private Map<String, String> settings;

    @Override
    Map<String, String> settings() throws Exception {
        settings = servers.start();
        return settings;
    }

    @AfterAll
    void dropServers() throws Exception {
        servers.close();
    }

    @Test
    @DisplayName("C6, H5 while the lock's earlier event waits for the database the unlock is still answered 200 at once; its REMOTE event is stored afterwards, once")
    void unlockIsAnsweredWhileItsEventWaitsForTheDatabase() throws Exception {
        Account owner = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);
        EndToEndTest.enableRemoteUnlock(owner, id);

        try (Connection hold = DriverManager.getConnection(settings.get("spring.datasource.url"), "postgres", "")) {
            hold.setAutoCommit(false);
            // writes to events wait for this transaction; reads (and every other table) go on
            hold.createStatement().execute("lock table events in exclusive mode");
            // an event of the same lock before the unlock (opened from inside) is stuck in its insert,
            // holding the lock's thread of the link's inbox: the unlock's reply must not queue behind it
            lock.post("/handle", "{\"action\":\"PUSH\"}");
            await().atMost(SOON).until(() -> insertsWaiting(hold) > 0);
            lock.post("/handle", "{\"action\":\"LIFT\"}"); // locked again, so the unlock has something to open
            long started = System.nanoTime();
            expect(owner.post("/api/locks/" + id + "/unlock", "{}"), 200);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(took).as("answered without waiting for the event's insert (the command lives %d s)",
                    CloudSigningKey.UNLOCK_LIFETIME_SECONDS).isLessThan(Duration.ofSeconds(CloudSigningKey.UNLOCK_LIFETIME_SECONDS / 2));
            assertThat(lock.state().get("bolt").asString()).isEqualTo("UNLOCKED");
            assertThat(remoteUnlocksStored(hold)).as("the event is still waiting for the database").isZero();
            hold.rollback(); // the database takes writes again
        }
        await().atMost(SOON).until(() -> EndToEndTest.events(owner, id, "kind=UNLOCK").stream()
                .anyMatch(e -> "REMOTE".equals(e.get("method").asString())));
        try (Connection read = DriverManager.getConnection(settings.get("spring.datasource.url"), "postgres", "")) {
            assertThat(remoteUnlocksStored(read)).as("stored once").isEqualTo(1);
        }
    }

    /** Statements of the cloud waiting for a lock held by another transaction (the events insert). */
    private static int insertsWaiting(Connection connection) throws Exception {
        try (ResultSet rs = connection.createStatement().executeQuery(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int remoteUnlocksStored(Connection connection) throws Exception {
        try (ResultSet rs = connection.createStatement().executeQuery(
                "select count(*) from events where kind = 'UNLOCK' and method = 'REMOTE'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
