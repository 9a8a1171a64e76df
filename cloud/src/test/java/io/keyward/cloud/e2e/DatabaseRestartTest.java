package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.keyward.cloud.Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10, fault injection 2: PostgreSQL restarted under load. The cloud runs on a PostgreSQL server
 * of the test's own (never the shared one), which is stopped at once (immediate shutdown, every
 * connection cut) while locks make events, and started again. Meanwhile the cloud keeps running and
 * answers what needs the database with 503 {"error"} (never a 500), holds the events unacknowledged,
 * and stores each exactly once when the database is back (SPEC H5).
 */
@DisplayName("Faults: PostgreSQL restarted under load (SPEC H5)")
class DatabaseRestartTest {

    private static final Duration BACK = Duration.ofSeconds(90);

    @TempDir
    Path data;

    private PrivatePostgres pg;
    private Cloud cloud;
    private final List<Lock> locks = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        locks.forEach(Lock::close);
        if (cloud != null) {
            cloud.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    @DisplayName("database down: 503 {error} and Retry-After (not 500); events held and stored once each when it is back")
    void fault04_databaseRestartUnderLoadAnswers503AndLosesNothing() throws Exception {
        pg = PrivatePostgres.start();
        cloud = Cloud.start(data.resolve("cloud"), Map.of("spring.datasource.url", pg.jdbcUrl(),
                "spring.datasource.username", "postgres", "spring.datasource.hikari.connection-timeout", "2000"));
        Account owner = Account.signUp(cloud);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Lock lock = Lock.start(data.resolve("locks"), cloud.uri());
            locks.add(lock);
            ids.add(pair(owner, lock));
        }

        AtomicBoolean load = new AtomicBoolean(true);
        ExecutorService doors = Executors.newFixedThreadPool(locks.size());
        List<Future<Integer>> made = new ArrayList<>();
        for (Lock lock : locks) {
            made.add(doors.submit(() -> {
                int n = 0;
                while (load.get() && n < 25) {
                    lock.type("9081726354"); // a wrong passcode: an event each (C9), later LOCKED_OUT refusals
                    n++;
                    Thread.sleep(50);
                }
                return n;
            }));
        }
        Thread.sleep(1000);
        pg.stopNow();
        int faults = 1;
        try {
            Api.Response read = owner.get("/api/locks/" + ids.get(0));
            assertThat(read.status()).as("reading a lock with the database down: %s", read).isEqualTo(503);
            assertThat(read.json().get("error").asString()).contains("database");
            assertThat(read.headers().firstValue("Retry-After")).isPresent();
            Api.Response signIn = cloud.api("10.1.2.3").postJson("/api/session",
                    Api.json(Map.of("email", owner.email, "password", Account.PASSWORD)));
            assertThat(signIn.status()).as("signing in with the database down: %s", signIn).isEqualTo(503);
            Thread.sleep(1500);
        } finally {
            pg.startAgain();
        }
        load.set(false);
        int typed = 0;
        for (Future<Integer> f : made) {
            typed += f.get();
        }
        doors.shutdown();

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
        assertThat(owner.lock(ids.get(0)).get("online").asBoolean()).as("the cloud works on").isTrue();
        System.out.println("faults: " + faults + " database restart under load; " + typed + " wrong passcodes typed, "
                + checked + " events checked, each stored once");
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
