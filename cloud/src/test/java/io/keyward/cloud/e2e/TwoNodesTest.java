package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.keyward.cloud.Api;
import io.keyward.cloud.alerts.AlertStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Issue 11 item 2: two cloud nodes, each its own application with its own {@code keyward.node-id},
 * on one PostgreSQL schema and one external Mosquitto (started by the test from deploy/mosquitto),
 * with simulated locks. Requests alternate between the nodes, and every request works on either;
 * then node A stops while a remote unlock is in flight on it, and B carries on with nothing lost.
 * The tests run in order on shared state: each builds on the accounts and locks of the ones before.
 * {@code keyward.streams.recheck} is a minute here, so a stream that ends within a second ended by the
 * cross-node channel, not by the periodic re-check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Several cloud nodes (issue 11): any request on any node works for any lock")
class TwoNodesTest {

    private static final Duration SOON = Duration.ofSeconds(20);
    /** "At once": the stream of a revoked account ends within this on the other node. */
    private static final Duration AT_ONCE = Duration.ofSeconds(2);

    private final Path data = Path.of("target", "e2e", "TwoNodesTest-" + UUID.randomUUID()).toAbsolutePath();
    private final PostgresMosquitto shared = new PostgresMosquitto("kw_nodes_");
    private Cloud a;
    private Cloud b;
    private final List<Lock> locks = new ArrayList<>();
    private final List<String> lockIds = new ArrayList<>();
    private final List<String> pairingCodes = new ArrayList<>();
    private Account ownerOnA;
    private Account ownerOnB;

    @BeforeAll
    void startTwoNodes() throws Exception {
        Map<String, String> settings = new HashMap<>(shared.start());
        // one secrets key for the cluster (docs/cloud.md "Secrets at rest"), one pairing wait
        settings.put("keyward.secrets.key-file", data.resolve("secrets.key").toString());
        settings.put("keyward.streams.recheck", "60s");
        // a stopped node stops taking its share of the locks' messages soon (docs/cloud.md "Several nodes")
        settings.put("keyward.broker.session-expiry", "5s");
        a = Cloud.start(data.resolve("a"), with(settings, "keyward.node-id", "a"));
        b = Cloud.start(data.resolve("b"), with(settings, "keyward.node-id", "b"));
    }

    @AfterAll
    void stop() throws Exception {
        locks.forEach(Lock::close);
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        shared.close();
    }

    @Test
    @Order(1)
    @DisplayName("H1 A3 signed up on A, signed in on B; locks added on A are online and listed on B")
    void signUpOnAUseOnBAndAddLocks() throws Exception {
        String address = "10.11." + (int) (Math.random() * 250) + ".7";
        ownerOnA = Account.signUp(a.api(address));
        ownerOnB = ownerOnA.on(b);
        Api.Response signIn = b.api(address).postJson("/api/session",
                Api.json(Map.of("email", ownerOnA.email, "password", Account.PASSWORD)));
        assertThat(signIn.status()).as("signing in on B: %s", signIn).isEqualTo(200);
        assertThat(expect(ownerOnB.get("/api/me"), 200).json().get("email").asString()).isEqualTo(ownerOnA.email);

        for (int i = 0; i < 3; i++) {
            Lock lock = Lock.start(data.resolve("locks"), a.uri());
            locks.add(lock);
            lock.withAdministrator();
            pairingCodes.add(lock.pairingCode());
            String id = expect(ownerOnA.post("/api/locks", Map.of("pairingCode", pairingCodes.get(i), "name", "Door " + i)), 201)
                    .json().get("id").asString();
            lockIds.add(id);
            await().atMost(SOON).until(() -> ownerOnB.lock(id).get("online").asBoolean() && lock.running().linked());
        }
        assertThat(expect(ownerOnB.get("/api/locks"), 200).json().findValuesAsString("id")).containsAll(lockIds);
    }

    @Test
    @Order(2)
    @DisplayName("B2 a setting changed on A is answered by the lock (200 applied); C6 remote unlock on B opens every lock")
    void settingOnAUnlockOnB() {
        for (int i = 0; i < locks.size(); i++) {
            String id = lockIds.get(i);
            EndToEndTest.enableRemoteUnlock(ownerOnA, id);
            await().atMost(SOON).until(() -> "true".equals(
                    ownerOnB.lock(id).at("/reported/settings/REMOTE_UNLOCK").asString()));
            JsonNode opened = expect(ownerOnB.post("/api/locks/" + id + "/unlock", "{}"), 200).json();
            assertThat(opened.toString()).as("the lock's acceptance").contains("true");
            assertThat(locks.get(i).state().get("bolt").asString()).isEqualTo("UNLOCKED");
            assertThat(remoteUnlocks(locks.get(i))).as("one open per request").isEqualTo(1);
        }
    }

    @Test
    @Order(3)
    @DisplayName("H4 an event stored by either node alerts the streams open on A and on B; B's unread count has it")
    void alertReachesStreamsOnBothNodes() throws Exception {
        long unreadBefore = unread(ownerOnB);
        try (AlertStream onA = stream(a, ownerOnA); AlertStream onB = stream(b, ownerOnA)) {
            Lock lock = locks.get(0);
            lock.post("/touch", "{}");
            lock.keys("BELL");
            JsonNode alertOnB = onB.nextAlert(SOON);
            JsonNode alertOnA = onA.nextAlert(SOON);
            // events go to one node (a shared subscription): one of the two streams got it over the channel
            assertThat(alertOnB).as("the alert on B's stream").isNotNull();
            assertThat(alertOnA).as("the alert on A's stream").isNotNull();
            assertThat(alertOnB.get("kind").asString()).isEqualTo("DOORBELL");
            assertThat(alertOnB.get("lockId").asString()).isEqualTo(lockIds.get(0));
            assertThat(alertOnA.get("id")).isEqualTo(alertOnB.get("id"));
        }
        assertThat(unread(ownerOnB)).as("the unread count on B").isEqualTo(unreadBefore + 1);
        assertThat(unread(ownerOnA)).as("the unread count on A").isEqualTo(unreadBefore + 1);
    }

    @Test
    @Order(4)
    @DisplayName("issue 11 item 2 B11 a person's change reaches the owner's streams on A and on B, whichever node got the lock's answer: ON_LOCK, then removed")
    void personEventsReachStreamsOnBothNodes() throws Exception {
        String lockId = lockIds.get(1);
        try (AlertStream onA = stream(a, ownerOnA); AlertStream onB = stream(b, ownerOnA)) {
            String person = expect(ownerOnA.post("/api/people", Map.of("name", "Gardener", "passcode", "583920",
                    "locks", List.of(lockId))), 201).json().get("id").asString();
            for (AlertStream stream : List.of(onA, onB)) {
                JsonNode onLock = stream.nextEvent("person", view -> person.equals(view.get("id").asString())
                        && "ON_LOCK".equals(view.at("/locks/0/state").asString()), SOON);
                assertThat(onLock).as("ON_LOCK on the stream on %s", stream == onA ? "A" : "B").isNotNull();
            }
            expect(ownerOnB.delete("/api/people/" + person), 202);
            for (AlertStream stream : List.of(onA, onB)) {
                JsonNode removed = stream.nextEvent("person", view -> person.equals(view.get("id").asString())
                        && view.get("removed").asBoolean(), SOON);
                assertThat(removed).as("removed on the stream on %s", stream == onA ? "A" : "B").isNotNull();
            }
        }
    }

    @Test
    @Order(5)
    @DisplayName("H3 H7 a share removed on A ends the member's live view on B at once; H1 H4 the member's token revoked on A ends its alert stream on B at once")
    void revokedOnAEndsStreamsOnB() throws Exception {
        Account member = Account.signUp(a.api("10.12.0." + (1 + (int) (Math.random() * 250))));
        String id = lockIds.get(1);
        expect(ownerOnA.post("/api/locks/" + id + "/shares", Map.of("email", member.email, "role", "MEMBER")), 201);
        String memberId = expect(ownerOnA.get("/api/locks/" + id + "/shares"), 200).json().valueStream()
                .filter(share -> member.email.equals(share.get("email").asString()))
                .findFirst().orElseThrow().get("accountId").asString();
        Account memberOnB = member.on(b);
        try (CameraEndToEndTest.MjpegReader live = CameraEndToEndTest.MjpegReader.open(b, member, id);
             AlertStream alerts = stream(b, member)) {
            assertThat(live.next()).as("a frame on B").isNotEmpty();
            expect(ownerOnA.delete("/api/locks/" + id + "/shares/" + memberId), 204);
            assertThat(live.endsWithin(AT_ONCE)).as("the member's live view on B ends at once").isTrue();
            assertThat(alerts.ended(Duration.ofMillis(500))).as("the alert stream is the account's: it stays").isFalse();

            String token = expect(member.get("/api/tokens"), 200).json().get(0).get("id").asString();
            expect(member.delete("/api/tokens/" + token), 204);
            assertThat(alerts.ended(AT_ONCE)).as("the alert stream on B of a token revoked on A ends at once").isTrue();
        }
        assertThat(memberOnB.get("/api/locks/" + id).status()).as("B refuses the revoked token").isEqualTo(401);
    }

    @Test
    @Order(6)
    @DisplayName("H1 the sign-in limit counts failures on both nodes together: 3 on A and 2 on B refuse the 6th try, on B")
    void signInLimitAcrossNodes() {
        Account someone = Account.signUp(a.api("10.13.0." + (1 + (int) (Math.random() * 250))));
        String guesser = "10.14.0." + (1 + (int) (Math.random() * 250));
        for (int i = 0; i < 5; i++) {
            Cloud node = i % 2 == 0 ? a : b;
            Api.Response wrong = node.api(guesser).postJson("/api/session",
                    Api.json(Map.of("email", someone.email, "password", "wrong password " + i)));
            assertThat(wrong.status()).as("failure %d: %s", i + 1, wrong).isEqualTo(401);
        }
        Api.Response refused = b.api(guesser).postJson("/api/session",
                Api.json(Map.of("email", someone.email, "password", Account.PASSWORD)));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.error()).isEqualTo("too many failed sign-ins for this account from this address");
        assertThat(a.api(guesser).postJson("/api/session",
                Api.json(Map.of("email", someone.email, "password", Account.PASSWORD))).status()).isEqualTo(429);
    }

    @Test
    @Order(7)
    @DisplayName("A3 a pairing code used on A is refused on B (409, used already); so is a new code of a lock bound on A, for another account")
    void pairingCodeUsedOnARefusedOnB() {
        Api.Response again = ownerOnB.post("/api/locks", Map.of("pairingCode", pairingCodes.get(0), "name", "Again"));
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.error()).isEqualTo("this pairing code was used already");
        Account intruder = Account.signUp(b.api("10.15.0." + (1 + (int) (Math.random() * 250))));
        Api.Response taken = intruder.post("/api/locks", Map.of("pairingCode", locks.get(2).pairingCode(), "name", "Mine"));
        assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
        assertThat(taken.error()).contains("bound to another account");
    }

    @Test
    @Order(8)
    @DisplayName("C6 H5 node A stopped with remote unlocks in flight on it: each answers or fails within 12 s, the lock opens at most once each; B stores every event once and serves new requests")
    void nodeStoppedMidRun() throws Exception {
        Lock target = locks.get(2);
        String targetId = lockIds.get(2);
        long opensBefore = remoteUnlocks(target);
        WrongPasscodes typing = WrongPasscodes.start(locks.subList(0, 2), 40, 100); // events while A stops
        ExecutorService unlockers = Executors.newFixedThreadPool(3);
        // three clients unlocking one after another each: when the stop begins, some are in flight on A
        AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
        List<Future<List<Outcome>>> unlocking = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            unlocking.add(unlockers.submit(() -> unlockUntilRefused(ownerOnA, targetId, stopAt)));
        }
        Thread.sleep(1500);
        stopAt.set(System.nanoTime());
        a.stop();
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<List<Outcome>> f : unlocking) {
            outcomes.addAll(f.get(30, TimeUnit.SECONDS));
        }
        unlockers.shutdown();
        Thread.sleep(1000);
        int events = typing.stop();

        assertThat(outcomes).as("every unlock on A ended in bounded time").allSatisfy(outcome ->
                assertThat(outcome.took()).isLessThan(Duration.ofSeconds(12)));
        List<Outcome> inFlight = outcomes.stream().filter(outcome -> outcome.spans(stopAt.get())).toList();
        long answered = outcomes.stream().filter(outcome -> outcome.status == 200).count();
        long reached = outcomes.stream().filter(outcome -> outcome.status != 0 || outcome.spans(stopAt.get())).count();
        long opens = remoteUnlocks(target) - opensBefore;
        System.out.println("two nodes: A stopped mid-run; unlocks on A in flight when the stop began: " + inFlight
                + "; all: " + outcomes.size() + ", " + answered + " answered 200; the lock opened " + opens
                + " times; " + events + " wrong passcodes typed");
        assertThat(inFlight).as("unlocks in flight on A when its stop began").isNotEmpty();
        assertThat(inFlight).as("each in-flight unlock succeeded or failed clearly").allSatisfy(outcome ->
                assertThat(outcome.status).isIn(0, 200, 503, 504));
        assertThat(opens).as("the lock opened for each 200 and at most once for each request that reached A")
                .isBetween(answered, reached);

        for (int i = 0; i < 2; i++) {
            Lock lock = locks.get(i);
            String id = lockIds.get(i);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(DatabaseRestartTest.cloudSeqs(ownerOnB, id))
                            .containsExactlyInAnyOrderElementsOf(DatabaseRestartTest.lockSeqs(lock)));
            Map<Long, Long> counts = DatabaseRestartTest.cloudSeqs(ownerOnB, id).stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(counts.values()).as("each (lock, seq) stored once").containsOnly(1L);
        }
        expect(ownerOnB.post("/api/locks/" + targetId + "/unlock", "{}"), 200);
        assertThat(remoteUnlocks(target) - opensBefore).as("B's unlock opened").isEqualTo(opens + 1);
        JsonNode relock = expect(ownerOnB.put("/api/locks/" + targetId + "/settings/RELOCK_SECONDS", Map.of("value", "7")), 200).json();
        assertThat(relock.get("status").asString()).as("a setting through B alone").isEqualTo("applied");
    }

    /** One unlock request and how it ended: an HTTP status, or 0 when the connection failed or was cut. */
    private record Outcome(int status, long started, long ended) {
        Duration took() {
            return Duration.ofNanos(ended - started);
        }

        /** Sent before that instant and ended after it. */
        boolean spans(long instant) {
            return started < instant && ended > instant;
        }

        @Override
        public String toString() {
            return (status == 0 ? "failed" : String.valueOf(status)) + " in " + took().toMillis() + " ms";
        }
    }

    /** Unlocks one after another on the node until it no longer takes connections after its stop began. */
    private static List<Outcome> unlockUntilRefused(Account account, String lockId, AtomicLong stopAt) {
        List<Outcome> outcomes = new ArrayList<>();
        while (outcomes.size() < 500) {
            long started = System.nanoTime();
            int status;
            try {
                status = account.post("/api/locks/" + lockId + "/unlock", "{}").status();
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof IOException)) {
                    throw e;
                }
                status = 0; // refused (the node is gone) or cut while in flight
            }
            outcomes.add(new Outcome(status, started, System.nanoTime()));
            if (status == 0 && started > stopAt.get()) {
                return outcomes;
            }
        }
        return outcomes;
    }

    private static long unread(Account account) {
        return expect(account.get("/api/alerts/unread-count"), 200).json().get("unread").asLong();
    }

    private static AlertStream stream(Cloud node, Account account) throws Exception {
        return AlertStream.open(node.uri().getPort(), account.token());
    }

    private static long remoteUnlocks(Lock lock) {
        return lock.events().valueStream().filter(e -> "UNLOCK".equals(e.get("kind").asString())
                && "REMOTE".equals(e.path("method").asString()) && "OK".equals(e.get("result").asString())).count();
    }

    private static Map<String, String> with(Map<String, String> settings, String name, String value) {
        Map<String, String> copy = new HashMap<>(settings);
        copy.put(name, value);
        return copy;
    }
}
