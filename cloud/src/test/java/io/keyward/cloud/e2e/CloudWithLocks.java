package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.keyward.cloud.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The set-up the end-to-end test classes share: one in-process cloud for the class, with the storage
 * and broker a subclass picks in {@link #settings()} (or the {@link Cloud#shared() shared} one, see
 * {@link #onTheSharedCloud()}), and simulated locks started per test (closed after each), paired to an
 * account through the REST API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CloudWithLocks {

    static final Duration SOON = Duration.ofSeconds(20);

    /** Under target/, so a failed run's lock and cloud data can be read afterwards. */
    final Path data = Path.of("target", "e2e", getClass().getSimpleName() + "-" + java.util.UUID.randomUUID())
            .toAbsolutePath();

    Cloud cloud;

    final List<Lock> locks = new ArrayList<>();

    /** The properties that pick this class's storage and broker (none: H2 file and embedded broker). */
    abstract Map<String, String> settings() throws Exception;

    /**
     * True for a class of the default settings that may run on {@link Cloud#shared()}: it uses its own
     * accounts and locks, reads only its own rows and never stops the cloud. False (the default): a cloud
     * of its own.
     */
    boolean onTheSharedCloud() {
        return false;
    }

    @BeforeAll
    void startCloud() throws Exception {
        Map<String, String> settings = settings();
        if (onTheSharedCloud() && !settings.isEmpty()) {
            throw new IllegalStateException("the shared cloud has the default settings, not " + settings);
        }
        cloud = onTheSharedCloud() ? Cloud.shared() : Cloud.start(data.resolve("cloud"), settings);
    }

    @AfterAll
    void stopCloud() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @AfterEach
    void stopLocks() {
        locks.forEach(Lock::close);
        locks.clear();
    }

    /** A simulated lock linked to the cloud, closed after the test. */
    Lock newLock() throws Exception {
        Lock lock = Lock.start(data.resolve("locks"), cloud.uri());
        locks.add(lock);
        return lock;
    }

    /** A lock with an administrator, paired to the account through its QR; returns the cloud's lock id. */
    String pair(Account owner, Lock lock) {
        lock.withAdministrator();
        Api.Response added = expect(owner.post("/api/locks", Map.of("pairingCode", lock.pairingCode(), "name", "Front door")), 201);
        String id = added.json().get("id").asString();
        await().atMost(SOON).until(() -> owner.lock(id).get("online").asBoolean() && lock.running().linked());
        return id;
    }
}
