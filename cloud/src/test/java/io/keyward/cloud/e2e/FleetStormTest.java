package io.keyward.cloud.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import io.keyward.lock.fleet.Fleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 11 item 3, the reconnect storm, at the suite's size: a fleet of a few hundred locks (the fleet
 * simulator as a library, in this JVM) against a cloud on PostgreSQL with an external Mosquitto. The
 * locks make events while the broker restarts (and, second case, while the cloud restarts); every lock
 * comes back with jittered backoff, and every event each lock made is in the database exactly once,
 * counted by (lock, seq): none lost, none twice (SPEC H5). The time until the whole fleet is back and
 * drained is printed; the big sizes are {@code ./keyward bench fleet}'s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("issue 11 / SPEC H5: reconnect storm of a fleet, events exactly once")
class FleetStormTest {

    private static final int LOCKS = 200;
    private static final Duration BACK = Duration.ofSeconds(60);

    private final Path data = Path.of("target", "e2e", "FleetStormTest-" + java.util.UUID.randomUUID()).toAbsolutePath();
    private PostgresMosquitto parts;
    private Cloud cloud;
    private Fleet fleet;

    @BeforeAll
    void startFleet() throws Exception {
        parts = new PostgresMosquitto("kw_storm_");
        cloud = Cloud.start(data.resolve("cloud"), parts.start());
        long opening = System.nanoTime();
        fleet = Fleet.open(new Fleet.Options(cloud.uri(), data.resolve("fleet"), LOCKS, 2, 32, 1, 0));
        long start = System.nanoTime();
        System.out.printf("storm: %d locks set up in %.1f s%n", LOCKS, (start - opening) / 1e9);
        fleet.pairAndConnect(System.out);
        await().atMost(BACK).until(() -> fleet.connected() == LOCKS);
        System.out.printf("storm: %d locks paired and connected in %.1f s%n", LOCKS, (System.nanoTime() - start) / 1e9);
        assertThat(fleet.counts().errors()).as(String.join("\n", fleet.summary())).isZero();
    }

    @AfterAll
    void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        if (cloud != null) {
            cloud.close();
        }
        if (parts != null) {
            parts.close();
        }
    }

    @Test
    @DisplayName("SPEC H5 storm: Mosquitto restarted while every lock makes events: all locks back, every event stored exactly once")
    void brokerRestartedUnderTheFleet() throws Exception {
        storm("broker restart", () -> parts.restartBroker());
    }

    @Test
    @DisplayName("SPEC H5 storm: the cloud restarted while every lock makes events: all locks back, every event stored exactly once")
    void cloudRestartedUnderTheFleet() throws Exception {
        storm("cloud restart", () -> cloud.restart());
    }

    interface Fault {
        void inject() throws Exception;
    }

    /** Events on every lock before, during and after the fault; then back, drained and checked. */
    private void storm(String what, Fault fault) throws Exception {
        long before = fleet.eventsMade();
        AtomicBoolean typing = new AtomicBoolean(true);
        CompletableFuture<Void> doors = CompletableFuture.runAsync(() -> {
            while (typing.get()) {
                fleet.wrongPasscodeEverywhere();
            }
        });
        Thread.sleep(300);
        fault.inject();
        long faultOver = System.nanoTime();
        Thread.sleep(300);
        typing.set(false);
        doors.join();
        long made = fleet.eventsMade() - before;
        assertThat(made).as("every lock made events around the fault").isGreaterThanOrEqualTo(LOCKS);

        await().atMost(BACK).pollInterval(Duration.ofMillis(200))
                .until(() -> fleet.connected() == LOCKS && fleet.unacknowledged() == 0);
        double seconds = (System.nanoTime() - faultOver) / 1e9;

        Map<String, List<Long>> madeByLock = fleet.eventSeqs();
        Map<String, Map<Long, Integer>> stored = stored();
        long lost = 0;
        long doubled = 0;
        long events = 0;
        for (Map.Entry<String, List<Long>> lock : madeByLock.entrySet()) {
            Map<Long, Integer> rows = stored.getOrDefault(lock.getKey(), Map.of());
            for (long seq : lock.getValue()) {
                events++;
                int n = rows.getOrDefault(seq, 0);
                lost += n == 0 ? 1 : 0;
                doubled += n > 1 ? n - 1 : 0;
            }
            Set<Long> extra = new TreeSet<>(rows.keySet());
            extra.removeAll(lock.getValue());
            assertThat(extra).as("%s: the cloud holds only what the lock made", lock.getKey()).isEmpty();
        }
        System.out.printf("storm: %s under %d locks: %d events made around it; all back and drained %.1f s after; "
                + "%d events checked, %d lost, %d doubled%n", what, LOCKS, made, seconds, events, lost, doubled);
        assertThat(lost).as("events lost").isZero();
        assertThat(doubled).as("events doubled").isZero();
        assertThat(fleet.counts().errors()).as(String.join("\n", fleet.summary())).isZero();
    }

    /** The events table by serial and seq, with how many rows each (lock, seq) has. */
    private Map<String, Map<Long, Integer>> stored() {
        Map<String, Map<Long, Integer>> stored = new HashMap<>();
        JdbcClient.create(cloud.bean(DataSource.class))
                .sql("select l.serial, e.seq, count(*) as n from events e join locks l on l.id = e.lock_id group by l.serial, e.seq")
                .query(rs -> {
                    stored.computeIfAbsent(rs.getString(1), s -> new HashMap<>()).put(rs.getLong(2), rs.getInt(3));
                });
        return stored;
    }
}
