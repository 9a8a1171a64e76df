package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import io.keyward.cloud.alerts.AlertStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12, SPEC D9, H4: a jam made on the lock's panel reaches the cloud. A door pressed against the bolt
 * stalls an unlock twice; the BOLT_JAMMED alarm reaches a family member's open alert stream, and the
 * cloud's view of the lock says the bolt is JAMMED until a later unlock succeeds. H2 and the embedded broker.
 */
class BoltJamEndToEndTest extends CloudWithLocks {

    @Override
    Map<String, String> settings() {
        return Map.of();
    }

    @Override
    boolean onTheSharedCloud() {
        return true;
    }

    @Test
    @DisplayName("SPEC D9 H4 issue 12: a jam on the panel alerts a shared account's stream and shows JAMMED in the cloud's lock view")
    void aJamReachesEveryAccount() throws Exception {
        Account owner = Account.signUp(cloud);
        Account family = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);
        expect(owner.post("/api/locks/" + id + "/shares", Map.of("email", family.email, "role", "MEMBER")), 201);

        try (AlertStream stream = new AlertStream(cloud.uri().getPort(), "Authorization", "Bearer " + family.token())) {
            assertThat(lock.post("/door/press", "{\"pressed\": true}").at("/motor/doorPressed").asBoolean()).isTrue();
            assertThat(lock.type(Lock.ADMIN_PASSCODE).get("bolt").asString()).as("the motor stalled").isEqualTo("LOCKED");

            JsonNode alert = stream.nextAlert(SOON);
            assertThat(alert).as("an alert on the family member's stream").isNotNull();
            assertThat(alert.get("kind").asString()).isEqualTo("BOLT_JAMMED");
            assertThat(alert.get("lockId").asString()).isEqualTo(id);
            assertThat(lock.state().at("/motor/jammed").asBoolean()).isTrue();
            await().atMost(SOON).until(() -> "JAMMED".equals(family.lock(id).at("/reported/bolt").asString()));
            JsonNode events = expect(family.get("/api/locks/" + id + "/events?kind=ALARM"), 200).json();
            assertThat(events.toString()).contains("BOLT_JAMMED").contains("UNLOCKING");
        }

        lock.post("/door/press", "{\"pressed\": false}");
        assertThat(lock.type(Lock.ADMIN_PASSCODE).get("bolt").asString()).isEqualTo("UNLOCKED");
        await().atMost(SOON).until(() -> "UNLOCKED".equals(owner.lock(id).at("/reported/bolt").asString()));
    }
}
