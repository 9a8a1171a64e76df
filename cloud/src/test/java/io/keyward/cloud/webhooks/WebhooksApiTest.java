package io.keyward.cloud.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.TestLocks;
import io.keyward.cloud.events.EventStore;
import io.keyward.cloud.locks.Locks;
import io.keyward.protocol.link.LinkMessages.EventMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks (issue 12 item 2) over real HTTP both ways: the API registers endpoints, and a real receiver
 * on a free port checks every delivery's signature, answers 500 or 302 or nothing, and keeps each
 * webhook-id once. Backoff of minutes or a day passes on the context's MutableClock, not by waiting.
 */
abstract class WebhooksApiTest extends CloudTest {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @Autowired
    EventStore store;

    @Autowired
    Locks locks;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    double deliveries(String outcome) {
        var counter = meters.find("keyward.webhook.deliveries").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    record Person(UUID id, String session) {
        String[] auth() {
            return cookie(session);
        }

        String[] changing() {
            return new String[] {"Cookie", "KW_SESSION=" + session, "X-Keyward", "1"};
        }
    }

    Person person() {
        String email = signUp();
        return new Person(TestLocks.accountId(jdbc, email), signIn(email));
    }

    static EventMessage event(long seq, String kind, String method, Integer user, String alarm) {
        return new EventMessage(1, seq, T0.plusSeconds(seq), kind, method, kind.equals("ALARM") ? null : "OK", user,
                null, null, alarm, null);
    }

    Api.Response create(Person person, Map<String, Object> body) {
        return api.postJson("/api/webhooks", Api.json(body), person.changing());
    }

    /** Registers the receiver (its secret set from the answer) and returns the endpoint's id. */
    String register(Person person, WebhookReceiver receiver, UUID lock, List<String> kinds) {
        Map<String, Object> body = new HashMap<>(Map.of("url", receiver.url(), "kinds", kinds));
        if (lock != null) {
            body.put("lockId", lock.toString());
        }
        Api.Response created = create(person, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        receiver.secret(created.json().get("secret").asString());
        return created.json().get("webhook").get("id").asString();
    }

    JsonNode webhook(Person person, String id) {
        Api.Response response = api.get("/api/webhooks/" + id, person.auth());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** Moves the clock a step at each poll until the condition holds: backoff passes without waiting. */
    void untilWithClock(Duration step, Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(300)).until(() -> {
            if (condition.call()) {
                return true;
            }
            clock.advance(step);
            return false;
        });
    }

    @Test
    @DisplayName("webhooks: signed (Standard Webhooks), a 500 retried with the same webhook-id, each event once after dropping duplicates, in order per lock; another lock is not held up")
    void signedRetriedOnceInOrder() throws Exception {
        Person owner = person();
        UUID front = TestLocks.create(jdbc, owner.id(), "Front door");
        UUID back = TestLocks.create(jdbc, owner.id(), "Back door");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            register(owner, receiver, null, List.of("UNLOCK", "ALARM"));
            double sentBefore = deliveries("sent");
            double retriedBefore = deliveries("retried");
            // the front door's first delivery fails three times; everything else is taken at once
            int[] frontFailures = {0};
            receiver.answering(request -> request.body().contains(front.toString()) && frontFailures[0]++ < 3 ? 500 : 204);

            store.store(front, event(1, "UNLOCK", "FINGERPRINT", 2, null));
            store.store(front, event(2, "LOCK", "INSIDE_HANDLE", null, null)); // not asked for
            store.store(front, event(3, "ALARM", null, null, "TAMPER"));
            store.store(front, event(4, "UNLOCK", "PASSCODE", 1, null));
            store.store(back, event(1, "UNLOCK", "REMOTE", 3, null));

            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.taken().stream()
                    .anyMatch(r -> r.body().contains(back.toString())));
            assertThat(receiver.taken()).as("the front door waits for its first event; the back door did not").hasSize(1);

            untilWithClock(Duration.ofMinutes(1), Duration.ofSeconds(30), () -> receiver.taken().size() == 4);

            List<WebhookReceiver.Request> all = receiver.requests();
            assertThat(all).as("every delivery verified with the secret").allMatch(WebhookReceiver.Request::verified);
            String firstId = receiver.taken().stream().filter(r -> r.body().contains(front.toString())).findFirst()
                    .orElseThrow().id();
            assertThat(all.stream().filter(r -> r.id().equals(firstId)).map(WebhookReceiver.Request::answered))
                    .as("the same webhook-id on every attempt").containsExactly(500, 500, 500, 204);
            assertThat(all).as("three 500s, then one request per event").hasSize(7);
            assertThat(all.stream().map(WebhookReceiver.Request::signature).distinct().count())
                    .as("each attempt signed anew (its own timestamp)").isGreaterThan(1);

            List<Long> frontSeqs = new ArrayList<>();
            for (WebhookReceiver.Request taken : receiver.taken()) {
                JsonNode data = taken.json().get("data");
                if (data.get("lockId").asString().equals(front.toString())) {
                    frontSeqs.add(data.get("seq").asLong());
                }
            }
            assertThat(frontSeqs).as("in order per lock; the LOCK event was not asked for").containsExactly(1L, 3L, 4L);
            assertThat(deliveries("sent") - sentBefore).as("keyward.webhook.deliveries{outcome=sent}").isGreaterThanOrEqualTo(4);
            assertThat(deliveries("retried") - retriedBefore).as("keyward.webhook.deliveries{outcome=retried}").isGreaterThanOrEqualTo(3);

            JsonNode unlock = receiver.taken().stream().filter(r -> r.body().contains(front.toString())).findFirst()
                    .orElseThrow().json();
            assertThat(unlock.get("type").asString()).isEqualTo("UNLOCK");
            assertThat(unlock.get("timestamp").asString()).isEqualTo(T0.plusSeconds(1).toString());
            JsonNode data = unlock.get("data");
            assertThat(data.get("lockName").asString()).isEqualTo("Front door");
            assertThat(data.get("lockSerial").asString()).startsWith("KWT-");
            assertThat(data.get("kind").asString()).isEqualTo("UNLOCK");
            assertThat(data.get("method").asString()).isEqualTo("FINGERPRINT");
            assertThat(data.get("user").asInt()).isEqualTo(2);
            JsonNode alarm = receiver.taken().get(2).json();
            assertThat(alarm.get("type").asString()).isEqualTo("ALARM");
            assertThat(alarm.get("data").get("alarm").asString()).isEqualTo("TAMPER");
        }
    }

    @Test
    @DisplayName("webhooks: a redirect is not followed, and an endpoint that does not answer does not hold up another")
    void redirectAndTimeout() throws Exception {
        Person owner = person();
        UUID lock = TestLocks.create(jdbc, owner.id(), "Gate");
        try (WebhookReceiver slow = new WebhookReceiver(); WebhookReceiver moved = new WebhookReceiver();
             WebhookReceiver fast = new WebhookReceiver()) {
            slow.answering(request -> {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 204;
            });
            moved.answering(request -> request.id() == null ? 204 : 302);
            register(owner, slow, lock, List.of("UNLOCK"));
            String movedId = register(owner, moved, lock, List.of("UNLOCK"));
            register(owner, fast, lock, List.of("UNLOCK"));

            for (int seq = 1; seq <= 3; seq++) {
                store.store(lock, event(seq, "UNLOCK", "KEYPAD", 1, null));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> fast.taken().size() == 3);
            assertThat(slow.taken()).as("the slow one has answered nothing yet").isEmpty();

            await().atMost(Duration.ofSeconds(5)).until(() -> !moved.requests().isEmpty());
            Thread.sleep(300);
            assertThat(moved.requests()).as("one request: the Location was not followed").hasSize(1);
            JsonNode attempt = webhook(owner, movedId).get("recentAttempts").get(0);
            assertThat(attempt.get("status").asInt()).isEqualTo(302);
            assertThat(attempt.get("error").asString()).contains("redirects are not followed");
            assertThat(webhook(owner, movedId).get("status").asString()).isEqualTo("failing");
        }
    }

    @Test
    @DisplayName("webhooks: an endpoint failing for a day is disabled and its owner alerted; enabled again, what waited arrives in order")
    void failingEndpointDisabled() throws Exception {
        Person owner = person();
        UUID lock = TestLocks.create(jdbc, owner.id(), "Shed");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answering(request -> 503);
            String id = register(owner, receiver, lock, List.of("UNLOCK", "LOW_BATTERY"));
            store.store(lock, event(1, "UNLOCK", "KEYPAD", 1, null));
            store.store(lock, event(2, "ALARM", null, null, "LOW_BATTERY"));
            await().atMost(Duration.ofSeconds(5)).until(() -> !receiver.requests().isEmpty());

            untilWithClock(Duration.ofHours(2), Duration.ofSeconds(40),
                    () -> "disabled".equals(webhook(owner, id).get("status").asString()));
            JsonNode disabled = webhook(owner, id);
            assertThat(deliveries("failed")).as("keyward.webhook.deliveries{outcome=failed}").isGreaterThanOrEqualTo(1);
            assertThat(disabled.get("disabledReason").asString()).contains("HTTP 503");
            assertThat(disabled.get("pending").asLong()).as("nothing dropped").isEqualTo(2);
            assertThat(disabled.get("consecutiveFailures").asInt()).isGreaterThan(3);
            assertThat(receiver.taken()).isEmpty();

            JsonNode alerts = api.get("/api/alerts", owner.auth()).json().get("alerts");
            assertThat(alerts).anySatisfy(alert -> {
                assertThat(alert.get("kind").asString()).isEqualTo("WEBHOOK_DISABLED");
                assertThat(alert.get("lockName").asString()).isEqualTo("Shed");
                assertThat(alert.get("seq").asLong()).isEqualTo(1);
            });
            int before = receiver.requests().size();
            clock.advance(Duration.ofHours(2));
            Thread.sleep(1500);
            assertThat(receiver.requests()).as("a disabled endpoint gets nothing").hasSize(before);

            receiver.answering(request -> 200);
            Api.Response enabled = api.postJson("/api/webhooks/" + id + "/enable", "", owner.changing());
            assertThat(enabled.status()).as(enabled.toString()).isEqualTo(200);
            assertThat(enabled.json().get("status").asString()).isEqualTo("active");
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.taken().size() == 2);
            assertThat(receiver.taken().stream().map(r -> r.json().get("type").asString()))
                    .containsExactly("UNLOCK", "ALARM");
            // the receiver has the second one a moment before the outbox records its answer (CI, a busy machine: 1 pending)
            await().atMost(Duration.ofSeconds(5)).until(() -> webhook(owner, id).get("pending").asLong() == 0);
        }
    }

    @Test
    @DisplayName("webhooks: ONLINE and OFFLINE once per change of the lock's presence")
    void presence() throws Exception {
        Person owner = person();
        UUID lock = TestLocks.create(jdbc, owner.id(), "Garage");
        String serial = locks.byId(lock).orElseThrow().serial();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            register(owner, receiver, lock, List.of("ONLINE", "OFFLINE"));
            locks.online(serial, true, java.time.OffsetDateTime.now(clock));
            locks.online(serial, true, java.time.OffsetDateTime.now(clock));
            locks.online(serial, false, java.time.OffsetDateTime.now(clock));
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.taken().size() == 2);
            Thread.sleep(500);
            assertThat(receiver.taken().stream().map(r -> r.json().get("type").asString())).containsExactly("ONLINE", "OFFLINE");
            assertThat(receiver.taken().get(1).json().get("data").get("lockName").asString()).isEqualTo("Garage");
        }
    }

    @Test
    @DisplayName("webhooks API: secret shown once and stored sealed; send test event; list, update, delete")
    void manage() throws Exception {
        Person owner = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Api.Response created = create(owner, Map.of("url", receiver.url(), "kinds", List.of("unlock", "DOORBELL"),
                    "lockId", lock.toString(), "description", "Home Assistant"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String secret = created.json().get("secret").asString();
            String id = created.json().get("webhook").get("id").asString();
            assertThat(secret).startsWith("whsec_");
            assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
            assertThat(created.header("Location")).hasValue("/api/webhooks/" + id);
            assertThat(created.json().get("webhook").get("kinds").valueStream().map(JsonNode::asString))
                    .containsExactly("UNLOCK", "DOORBELL");
            String stored = jdbc.sql("select secret from webhook_endpoints where id = :id").param("id", UUID.fromString(id))
                    .query(String.class).single();
            assertThat(stored).startsWith("kws1:").doesNotContain(secret.substring(6));

            Api.Response list = api.get("/api/webhooks", owner.auth());
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.body()).doesNotContain(secret).doesNotContain("kws1:");
            assertThat(list.json().get("webhooks")).hasSize(1);
            assertThat(list.json().get("kinds").valueStream().map(JsonNode::asString))
                    .contains("UNLOCK", "LOCK", "ALARM", "DOORBELL", "LOW_BATTERY", "ONLINE", "OFFLINE");

            receiver.secret(secret);
            Api.Response test = api.postJson("/api/webhooks/" + id + "/test", "", owner.changing());
            assertThat(test.status()).as(test.toString()).isEqualTo(200);
            assertThat(test.json().get("status").asInt()).isEqualTo(204);
            assertThat(receiver.requests()).hasSize(1);
            assertThat(receiver.requests().get(0).verified()).isTrue();
            assertThat(receiver.requests().get(0).json().get("type").asString()).isEqualTo("TEST");
            assertThat(webhook(owner, id).get("recentAttempts").get(0).get("type").asString()).isEqualTo("TEST");

            receiver.answering(request -> 500);
            Api.Response failedTest = api.postJson("/api/webhooks/" + id + "/test", "", owner.changing());
            assertThat(failedTest.json().get("status").asInt()).isEqualTo(500);
            assertThat(failedTest.json().get("error").asString()).isEqualTo("HTTP 500");
            assertThat(webhook(owner, id).get("status").asString()).as("a test does not count").isEqualTo("active");

            Api.Response updated = api.send("PUT", "/api/webhooks/" + id,
                    Api.fixed(Api.json(Map.of("url", "https://example.org/hook", "kinds", List.of("ALARM")))),
                    "Content-Type", Api.JSON, "Cookie", "KW_SESSION=" + owner.session(), "X-Keyward", "1");
            assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
            assertThat(updated.json().get("url").asString()).isEqualTo("https://example.org/hook");
            assertThat(updated.json().get("lockId").asString()).isEqualTo(lock.toString());

            assertThat(api.delete("/api/webhooks/" + id, owner.changing()).status()).isEqualTo(204);
            assertThat(api.get("/api/webhooks/" + id, owner.auth()).status()).isEqualTo(404);
        }
    }

    @Test
    @DisplayName("webhooks API refusals: bad URL or scheme, unknown or no kinds (400); someone else's or a malformed lock (404); a member (403); too many (409); another's webhook (404)")
    void refusals() {
        Person owner = person();
        Person member = person();
        Person stranger = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        jdbc.sql("insert into shares (lock_id, account_id, role, created_at) values (:lock, :account, 'MEMBER', current_timestamp)")
                .param("lock", lock).param("account", member.id()).update();

        Map<String, String> badUrls = Map.of(
                "ftp://example.org/x", "url must start with http:// or https://",
                "javascript:alert(1)", "url must start with http:// or https://",
                "http://", "url is not a valid URL: Expected authority",
                "https://user:pw@example.org/", "url must not hold a user name or password: the receiver checks the signature instead",
                "not a url", "url is not a valid URL: Illegal character in path",
                "", "url is required");
        badUrls.forEach((url, reason) -> {
            Api.Response refused = create(owner, Map.of("url", url, "kinds", List.of("UNLOCK")));
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.error()).as(url).isEqualTo(reason);
        });
        Api.Response unknownKind = create(owner, Map.of("url", "https://example.org", "kinds", List.of("UNLOCK", "OPEN_SESAME")));
        assertThat(unknownKind.status()).isEqualTo(400);
        assertThat(unknownKind.error()).startsWith("unknown event kinds [OPEN_SESAME]; known: UNLOCK, LOCK, ALARM");
        Api.Response noKinds = create(owner, Map.of("url", "https://example.org", "kinds", List.of()));
        assertThat(noKinds.status()).isEqualTo(400);
        assertThat(noKinds.error()).isEqualTo("kinds must name at least one event kind");
        Api.Response unknownField = create(owner, Map.of("url", "https://example.org", "kinds", List.of("UNLOCK"), "secret", "x"));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.error()).isNotBlank();

        for (String notMine : List.of(lock.toString(), UUID.randomUUID().toString(), "not-a-lock")) {
            Api.Response refused = create(stranger, Map.of("url", "https://example.org", "kinds", List.of("UNLOCK"), "lockId", notMine));
            assertThat(refused.status()).as(notMine).isEqualTo(404);
            assertThat(refused.error()).isEqualTo("no such lock");
        }
        Api.Response byMember = create(member, Map.of("url", "https://example.org", "kinds", List.of("UNLOCK"), "lockId", lock.toString()));
        assertThat(byMember.status()).isEqualTo(403);
        assertThat(byMember.error()).contains("member");

        String id = null;
        for (int i = 0; i < 20; i++) {
            Api.Response created = create(owner, Map.of("url", "https://example.org/" + i, "kinds", List.of("UNLOCK")));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            id = created.json().get("webhook").get("id").asString();
        }
        Api.Response tooMany = create(owner, Map.of("url", "https://example.org/21", "kinds", List.of("UNLOCK")));
        assertThat(tooMany.status()).isEqualTo(409);
        assertThat(tooMany.error()).startsWith("too many webhook endpoints");

        for (String path : List.of("/api/webhooks/" + id, "/api/webhooks/not-an-id")) {
            assertThat(api.get(path, stranger.auth()).error()).isEqualTo("no such webhook");
            assertThat(api.delete(path, stranger.changing()).status()).isEqualTo(404);
            assertThat(api.postJson(path + "/test", "", stranger.changing()).status()).isEqualTo(404);
            assertThat(api.postJson(path + "/enable", "", stranger.changing()).status()).isEqualTo(404);
        }
        assertThat(api.get("/api/webhooks", stranger.auth()).json().get("webhooks")).isEmpty();
        assertThat(api.get("/api/webhooks").status()).as("signed out").isEqualTo(401);
    }

    @Test
    @DisplayName("webhooks: the lock's owner sees a manager's endpoint on the lock; a manager whose role is taken away hears no more")
    void managersEndpoint() throws Exception {
        Person owner = person();
        Person manager = person();
        UUID lock = TestLocks.create(jdbc, owner.id(), "Office");
        jdbc.sql("insert into shares (lock_id, account_id, role, created_at) values (:lock, :account, 'MANAGER', current_timestamp)")
                .param("lock", lock).param("account", manager.id()).update();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String id = register(manager, receiver, null, List.of("UNLOCK"));
            store.store(lock, event(1, "UNLOCK", "KEYPAD", 1, null));
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.taken().size() == 1);

            String onLock = register(manager, receiver, lock, List.of("LOCK"));
            assertThat(api.get("/api/webhooks/" + onLock, owner.auth()).status()).as("the owner sees it").isEqualTo(200);
            assertThat(api.get("/api/webhooks/" + id, owner.auth()).status()).as("not the account-wide one").isEqualTo(404);

            jdbc.sql("delete from shares where lock_id = :lock").param("lock", lock).update();
            store.store(lock, event(2, "UNLOCK", "KEYPAD", 1, null));
            store.store(lock, event(3, "LOCK", "KEYPAD", 1, null));
            Thread.sleep(1500);
            assertThat(receiver.taken()).as("no role, no events").hasSize(1);
        }
    }
}
