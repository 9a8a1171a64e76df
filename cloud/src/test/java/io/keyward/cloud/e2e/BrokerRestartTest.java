package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.keyward.cloud.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, fault injection 2: the broker restarted under load. The test's own Mosquitto is stopped
 * and started again on the same port while two locks make events and a remote unlock is in flight.
 * Afterwards the locks and the cloud are connected again, every event is stored exactly once (SPEC H5),
 * the unlock was answered (opened, or a clear 4xx/5xx that is no 500) and opened at most once (C6).
 */
@DisplayName("Faults: the broker restarted under load (SPEC H5, C6)")
class BrokerRestartTest extends CloudWithLocks {

    private static final Duration BACK = Duration.ofSeconds(90);
    private PostgresMosquitto parts;

    @Override
    Map<String, String> settings() throws Exception {
        parts = new PostgresMosquitto("kw_broker_");
        return parts.start();
    }

    @AfterAll
    void stopParts() throws Exception {
        if (parts != null) {
            parts.close();
        }
    }

    @Test
    @DisplayName("Mosquitto restarted while locks send events and an unlock is in flight: nothing lost, nothing twice, all back")
    void fault08_brokerRestartedUnderLoad() throws Exception {
        Account owner = Account.signUp(cloud);
        List<Lock> doorsLocks = List.of(newLock(), newLock());
        List<String> ids = new ArrayList<>();
        for (Lock lock : doorsLocks) {
            ids.add(pair(owner, lock));
        }
        expect(owner.put("/api/locks/" + ids.get(0) + "/settings/REMOTE_UNLOCK", Map.of("value", "true")), 200);

        ExecutorService doors = Executors.newFixedThreadPool(doorsLocks.size());
        List<Future<Integer>> made = new ArrayList<>();
        for (Lock lock : doorsLocks) {
            made.add(doors.submit(() -> {
                for (int n = 0; n < 25; n++) {
                    lock.type("9081726354"); // wrong: an event each, then LOCKED_OUT refusals
                }
                return 25;
            }));
        }
        Thread.sleep(500);
        CompletableFuture<Api.Response> unlock = CompletableFuture.supplyAsync(() ->
                owner.post("/api/locks/" + ids.get(0) + "/unlock", "{}"));
        parts.restartBroker();
        int typed = 0;
        for (Future<Integer> f : made) {
            typed += f.get();
        }
        doors.shutdown();
        Api.Response answer = unlock.join();
        assertThat(answer.status()).as("the unlock in flight: %s", answer).isIn(200, 409, 503, 504);

        int checked = 0;
        for (int i = 0; i < doorsLocks.size(); i++) {
            Lock lock = doorsLocks.get(i);
            String id = ids.get(i);
            await().atMost(BACK).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(DatabaseRestartTest.cloudSeqs(owner, id))
                            .containsExactlyInAnyOrderElementsOf(DatabaseRestartTest.lockSeqs(lock)));
            Map<Long, Long> counts = DatabaseRestartTest.cloudSeqs(owner, id).stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(counts.values()).as("each (lock, seq) once").containsOnly(1L);
            checked += counts.size();
            await().atMost(BACK).until(() -> owner.lock(id).get("online").asBoolean() && lock.running().linked());
        }
        long remoteOpens = doorsLocks.get(0).events().valueStream().filter(e -> "UNLOCK".equals(e.get("kind").asString())
                && "REMOTE".equals(e.get("method").asString("")) && "OK".equals(e.get("result").asString(""))).count();
        assertThat(remoteOpens).as("the unlock in flight opened at most once").isLessThanOrEqualTo(1);
        if (answer.status() == 200) {
            assertThat(remoteOpens).as("answered opened: it did").isEqualTo(1);
        }
        Api.Response again = owner.post("/api/locks/" + ids.get(0) + "/unlock", "{}");
        assertThat(again.status()).as("remote unlock works after the restart: %s", again).isEqualTo(200);
        System.out.println("faults: 1 broker restart under load; unlock in flight answered " + answer.status() + "; "
                + typed + " wrong passcodes typed, " + checked + " events checked, each stored once");
    }
}
