package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.keyward.cloud.Api;
import io.keyward.cloud.alerts.AlertStream;
import io.keyward.cloud.broker.MosquittoProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10, fault injection 2, and issue 11 item 3: PostgreSQL restarted under load. Two cloud nodes
 * (one external Mosquitto) run on a PostgreSQL server of the test's own (never the shared one), which
 * is stopped at once (immediate shutdown, every connection cut) while locks make events, and started
 * again. Meanwhile both nodes keep running and answer what needs the database with 503 {"error"}
 * (never a 500), hold the events unacknowledged, and store each exactly once when the database is back
 * (SPEC H5); the nodes' channel (LISTEN/NOTIFY) listens again, so alerts cross the nodes again.
 */
@DisplayName("Faults: PostgreSQL restarted under load (SPEC H5)")
class DatabaseRestartTest {

    private static final Duration BACK = Duration.ofSeconds(90);

    @TempDir
    Path data;

    private PrivatePostgres pg;
    private MosquittoProcess mosquitto;
    private Cloud cloud;
    private Cloud second;
    private final List<Lock> locks = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        locks.forEach(Lock::close);
        if (cloud != null) {
            cloud.close();
        }
        if (second != null) {
            second.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    @DisplayName("two nodes: database down, both answer 503 {error} and Retry-After (not 500), signing in too; events held and stored once each when it is back; alerts cross the nodes again")
    void fault04_databaseRestartUnderLoadAnswers503AndLosesNothing() throws Exception {
        pg = PrivatePostgres.start();
        mosquitto = MosquittoProcess.start();
        Map<String, String> settings = new HashMap<>(Map.of("spring.datasource.url", pg.jdbcUrl(),
                "spring.datasource.username", "postgres", "spring.datasource.hikari.connection-timeout", "2000",
                "keyward.broker.mode", "external", "keyward.broker.uri", mosquitto.uri,
                "keyward.broker.cloud-password", mosquitto.cloudPassword,
                "keyward.broker.admin-password", mosquitto.adminPassword,
                "keyward.secrets.key-file", data.resolve("secrets.key").toString()));
        settings.put("keyward.node-id", "a");
        cloud = Cloud.start(data.resolve("a"), settings);
        settings.put("keyward.node-id", "b");
        second = Cloud.start(data.resolve("b"), settings);
        Account owner = Account.signUp(cloud);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Lock lock = Lock.start(data.resolve("locks"), cloud.uri());
            locks.add(lock);
            ids.add(pair(owner, lock));
        }

        WrongPasscodes load = WrongPasscodes.start(locks, 25, 50);
        Thread.sleep(1000);
        pg.stopNow();
        try {
            assertDatabaseDown(owner, ids.get(0));
            assertDatabaseDown(owner.on(second), ids.get(1));
            Api.Response signIn = second.api("10.1.2.3").postJson("/api/session",
                    Api.json(Map.of("email", owner.email, "password", Account.PASSWORD)));
            assertThat(signIn.status()).as("signing in with the database down: %s", signIn).isEqualTo(503);
            Thread.sleep(1500);
        } finally {
            pg.startAgain();
        }
        int typed = load.stop();
        int checked = eachEventStoredOnce(owner.on(second), ids);

        // the node channel listens again: the alert of an event stored by either node reaches both
        try (AlertStream onA = AlertStream.open(cloud.uri().getPort(), owner.token());
             AlertStream onB = AlertStream.open(second.uri().getPort(), owner.token())) {
            await().atMost(BACK).untilAsserted(() -> {
                Lock lock = locks.get(1);
                lock.post("/touch", "{}");
                lock.keys("BELL");
                assertThat(onA.nextAlert(Duration.ofSeconds(3))).as("the alert on A's stream").isNotNull();
                assertThat(onB.nextAlert(Duration.ofSeconds(3))).as("the alert on B's stream").isNotNull();
            });
        }
        System.out.println("faults: 1 database restart under load, two nodes; " + typed + " wrong passcodes typed, "
                + checked + " events checked, each stored once");
    }

    private static void assertDatabaseDown(Account account, String lockId) {
        Api.Response read = account.get("/api/locks/" + lockId);
        assertThat(read.status()).as("reading a lock with the database down: %s", read).isEqualTo(503);
        assertThat(read.json().get("error").asString()).contains("database");
        assertThat(read.headers().firstValue("Retry-After")).isPresent();
    }

    /** Waits until the cloud holds exactly the events each lock logged, each (lock, seq) once; returns how many. */
    private int eachEventStoredOnce(Account owner, List<String> ids) {
        int checked = 0;
        for (int i = 0; i < locks.size(); i++) {
            Lock lock = locks.get(i);
            String id = ids.get(i);
            await().atMost(BACK).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(cloudSeqs(owner, id)).containsExactlyInAnyOrderElementsOf(lockSeqs(lock)));
            List<Long> seqs = cloudSeqs(owner, id);
            Map<Long, Long> counts = seqs.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(counts.values()).as("each (lock, seq) once").containsOnly(1L);
            checked += seqs.size();
        }
        return checked;
    }

    private String pair(Account owner, Lock lock) {
        lock.withAdministrator();
        String id = expect(owner.post("/api/locks", Map.of("pairingCode", lock.pairingCode(), "name", "Door")), 201)
                .json().get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> owner.lock(id).get("online").asBoolean());
        return id;
    }

    static List<Long> lockSeqs(Lock lock) {
        return lock.events().valueStream().map(e -> e.get("seq").asLong()).toList();
    }

    static List<Long> cloudSeqs(Account owner, String id) {
        JsonNode page = expect(owner.get("/api/locks/" + id + "/events?limit=200"), 200).json();
        return page.get("events").valueStream().map(e -> e.get("seq").asLong()).toList();
    }
}
