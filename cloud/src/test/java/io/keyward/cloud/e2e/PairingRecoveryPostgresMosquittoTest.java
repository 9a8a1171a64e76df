package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.HashMap;
import java.util.Map;

import io.keyward.cloud.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a lock whose binding committed but whose broker login was never issued is not stranded.
 * The cloud binds the lock, then asks Mosquitto for its login; here Mosquitto is down at that moment,
 * so the lock is bound without one. Before, every later pairing of it by its owner answered 409 "this
 * lock is already yours" and it could never connect; now the owner's next pairing completes.
 */
@DisplayName("Pairing: a lock bound while the broker could not issue its login pairs at the owner's next try (issue 11)")
class PairingRecoveryPostgresMosquittoTest extends CloudWithLocks {

    private PostgresMosquitto parts;

    @Override
    Map<String, String> settings() throws Exception {
        parts = new PostgresMosquitto("kw_pairing_");
        Map<String, String> settings = new HashMap<>(parts.start());
        settings.put("keyward.broker.request-timeout", "2s");
        return settings;
    }

    @AfterAll
    void stopParts() throws Exception {
        if (parts != null) {
            parts.close();
        }
    }

    @Test
    @DisplayName("the broker is down while the lock pairs: bound without a login; the owner pairs it again once the broker is back and it connects")
    void lockBoundWithoutLoginPairsAgain() throws Exception {
        Account owner = Account.signUp(cloud);
        Lock lock = newLock().withAdministrator();
        parts.stopBroker();
        String fresh;
        try {
            Api.Response first = owner.post("/api/locks", Map.of("pairingCode", lock.pairingCode(), "name", "Front door"));
            // the lock proved the code and was bound (the app is told so), but got no login (503 to the lock)
            assertThat(first.status()).as("first pairing: %s", first).isEqualTo(201);
            assertThat(lock.running().linked()).isFalse();
            // a fresh code before the broker is back: the lock no longer answers the first claim (as when
            // that code expired or the lock left pairing mode), so only the owner's next pairing can help
            fresh = lock.pairingCode();
        } finally {
            parts.startBroker();
        }
        String id = expect(owner.post("/api/locks", Map.of("pairingCode", fresh, "name", "Front door")), 201)
                .json().get("id").asString();
        await().atMost(SOON).until(() -> owner.lock(id).get("online").asBoolean() && lock.running().linked());
        assertThat(owner.get("/api/locks").json().size()).as("one lock, bound once").isEqualTo(1);

        // once its login is issued, pairing it again is what it was: "already yours"
        Api.Response again = owner.post("/api/locks", Map.of("pairingCode", lock.pairingCode(), "name", "Front door"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asString()).isEqualTo("this lock is already yours");
    }
}
