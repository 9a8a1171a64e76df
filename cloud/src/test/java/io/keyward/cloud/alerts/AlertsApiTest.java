package io.keyward.cloud.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.TestLocks;
import io.keyward.cloud.events.EventStore;
import io.keyward.protocol.link.LinkMessages.EventMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC H4 over real HTTP: alerts for the owner and every shared account, listed, counted, read, and live. */
abstract class AlertsApiTest extends CloudTest {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @Autowired
    EventStore store;

    @Autowired
    AlertStreams streams;

    record Person(String email, UUID id, String session) {
        String[] auth() {
            return cookie(session);
        }

        String[] changing() {
            return new String[] {"Cookie", "KW_SESSION=" + session, "X-Keyward", "1"};
        }
    }

    Person person() {
        String email = signUp();
        return new Person(email, TestLocks.accountId(jdbc, email), signIn(email));
    }

    /** A lock of its owner, shared with each of the others. */
    UUID lockOf(Person owner, Person... sharedWith) {
        UUID lock = TestLocks.create(jdbc, owner.id(), "Front door");
        for (Person person : sharedWith) {
            jdbc.sql("insert into shares (lock_id, account_id, role, created_at) values (:lock, :account, 'MEMBER', current_timestamp)")
                    .param("lock", lock).param("account", person.id()).update();
        }
        return lock;
    }

    static EventMessage alarm(long seq, String alarm) {
        return new EventMessage(1, seq, T0.plusSeconds(seq), "ALARM", null, null, null, null, null, alarm, null);
    }

    static EventMessage unlock(long seq, int user) {
        return new EventMessage(1, seq, T0.plusSeconds(seq), "UNLOCK", "FINGERPRINT", "OK", user, "fingerprint-2", null, null, null);
    }

    JsonNode alerts(Person person, String query) {
        Api.Response response = api.get("/api/alerts" + query, person.auth());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("alerts");
    }

    static List<String> kinds(JsonNode alerts) {
        List<String> kinds = new ArrayList<>();
        alerts.forEach(alert -> kinds.add(alert.get("kind").asString()));
        return kinds;
    }

    long unread(Person person) {
        Api.Response response = api.get("/api/alerts/unread-count", person.auth());
        assertThat(response.status()).isEqualTo(200);
        return response.json().get("unread").asLong();
    }

    @Test
    @DisplayName("H4 a duress unlock alerts every shared account: live on an open stream within 2 s, unread for the rest")
    void duressReachesAnOpenStream() throws Exception {
        Person owner = person();
        Person family = person();
        UUID lock = lockOf(owner, family);
        try (AlertStream stream = new AlertStream(port, family.auth())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            assertThat(stream.nextLine(":", Duration.ofSeconds(5))).as("the stream says it is open").isNotNull();

            long sent = System.nanoTime();
            assertThat(store.store(lock, unlock(41, 2))).isTrue();
            assertThat(store.store(lock, alarm(42, "DURESS"))).isTrue();
            JsonNode alert = stream.nextAlert(Duration.ofSeconds(2));
            Duration took = Duration.ofNanos(System.nanoTime() - sent);

            assertThat(alert).as("an alert within 2 s").isNotNull();
            assertThat(took).isLessThan(Duration.ofSeconds(2));
            assertThat(alert.get("kind").asString()).isEqualTo("DURESS");
            assertThat(alert.get("lockId").asString()).isEqualTo(lock.toString());
            assertThat(alert.get("lockName").asString()).isEqualTo("Front door");
            assertThat(alert.get("seq").asLong()).isEqualTo(42);
            assertThat(alert.get("read").asBoolean()).isFalse();
            assertThat(stream.nextAlert(Duration.ofMillis(300))).as("the plain unlock did not alert").isNull();
        }
        assertThat(kinds(alerts(owner, "?unread=true"))).as("the owner was not connected: kept unread").containsExactly("DURESS");
        assertThat(kinds(alerts(family, ""))).containsExactly("DURESS");
    }

    @Test
    @DisplayName("H4 tamper, system locked, low battery, leaving-home inside opening and the doorbell alert; a plain unlock does not")
    void whatAlerts() {
        Person owner = person();
        UUID lock = lockOf(owner);
        store.store(lock, unlock(1, 1));
        store.store(lock, new EventMessage(1, 2, T0, "UNLOCK", "PASSCODE", "REFUSED", null, null, "WRONG_CREDENTIAL", null, null));
        store.store(lock, new EventMessage(1, 3, T0, "LOCK", "INSIDE_HANDLE", "OK", null, null, null, null, null));
        assertThat(unread(owner)).isZero();

        String[] alarms = {"TAMPER", "SYSTEM_LOCKED", "LOW_BATTERY", "LEAVING_HOME_INSIDE_OPENING"};
        for (int i = 0; i < alarms.length; i++) {
            store.store(lock, alarm(10 + i, alarms[i]));
        }
        store.store(lock, new EventMessage(1, 20, T0, "DOORBELL", null, null, null, null, null, null, null));
        assertThat(kinds(alerts(owner, ""))).containsExactlyInAnyOrder("TAMPER", "SYSTEM_LOCKED", "LOW_BATTERY",
                "LEAVING_HOME_INSIDE_OPENING", "DOORBELL");
        assertThat(unread(owner)).isEqualTo(5);
    }

    @Test
    @DisplayName("H4 a resent alerting event (a lost ack) alerts once")
    void oncePerEvent() throws Exception {
        Person owner = person();
        Person family = person();
        UUID lock = lockOf(owner, family);
        try (AlertStream stream = new AlertStream(port, family.auth())) {
            assertThat(stream.nextLine(":", Duration.ofSeconds(5))).isNotNull();
            assertThat(store.store(lock, alarm(5, "TAMPER"))).isTrue();
            assertThat(store.store(lock, alarm(5, "TAMPER"))).isFalse();
            assertThat(stream.nextAlert(Duration.ofSeconds(2))).isNotNull();
            assertThat(stream.nextAlert(Duration.ofMillis(500))).as("no second push").isNull();
        }
        assertThat(unread(owner)).isOne();
        assertThat(unread(family)).isOne();
    }

    @Test
    @DisplayName("H4 mark one alert read, then all; the unread count follows; another's alert is 404")
    void markRead() {
        Person owner = person();
        Person family = person();
        Person stranger = person();
        UUID lock = lockOf(owner, family);
        store.store(lock, alarm(1, "TAMPER"));
        store.store(lock, alarm(2, "LOW_BATTERY"));
        store.store(lock, alarm(3, "SYSTEM_LOCKED"));
        assertThat(unread(owner)).isEqualTo(3);

        JsonNode newest = alerts(owner, "?limit=1").get(0);
        String id = newest.get("id").asString();
        for (Person notMine : new Person[] {family, stranger}) {
            Api.Response refused = api.postJson("/api/alerts/" + id + "/read", "", notMine.changing());
            assertThat(refused.status()).isEqualTo(404);
            assertThat(refused.error()).isEqualTo("no such alert");
        }
        assertThat(api.postJson("/api/alerts/not-an-id/read", "", owner.changing()).status()).isEqualTo(404);
        assertThat(unread(owner)).as("unchanged").isEqualTo(3);

        assertThat(api.postJson("/api/alerts/" + id + "/read", "", owner.changing()).status()).isEqualTo(204);
        assertThat(api.postJson("/api/alerts/" + id + "/read", "", owner.changing()).status()).as("again").isEqualTo(204);
        assertThat(unread(owner)).isEqualTo(2);
        assertThat(alerts(owner, "?unread=true")).hasSize(2);
        assertThat(alerts(owner, "")).hasSize(3);
        assertThat(alerts(owner, "?unread=false").get(0).get("read").asBoolean()).isTrue();
        assertThat(unread(family)).as("each account reads its own").isEqualTo(3);

        assertThat(api.postJson("/api/alerts/read-all", "", owner.changing()).status()).isEqualTo(204);
        assertThat(unread(owner)).isZero();
        assertThat(alerts(owner, "?unread=true")).isEmpty();
        assertThat(unread(family)).isEqualTo(3);
    }

    @Test
    @DisplayName("H4 alerts list newest first; a revoked account no longer sees the lock's alerts; a stranger never does")
    void listAndAccess() {
        Person owner = person();
        Person family = person();
        Person stranger = person();
        UUID lock = lockOf(owner, family);
        store.store(lock, alarm(1, "TAMPER"));
        clock.advance(Duration.ofSeconds(1));
        store.store(lock, alarm(2, "DURESS"));
        assertThat(kinds(alerts(owner, ""))).containsExactly("DURESS", "TAMPER");
        assertThat(kinds(alerts(stranger, ""))).isEmpty();
        assertThat(unread(stranger)).isZero();

        jdbc.sql("delete from shares where lock_id = :lock and account_id = :account")
                .param("lock", lock).param("account", family.id()).update();
        assertThat(alerts(family, "")).isEmpty();
        assertThat(unread(family)).isZero();
    }

    @Test
    @DisplayName("H4 bad alert list parameters answer 400 with a reason; the stream needs an account (401), a token works")
    void badParametersAndAuth() throws Exception {
        Person owner = person();
        for (Map.Entry<String, String> bad : Map.of(
                "?limit=0", "limit: ", "?limit=201", "limit: ", "?limit=x", "limit: ", "?unread=yes", "unread: ",
                "?unread=true&unread=false", "unread: given more than once", "?page=2", "unknown parameter 'page'").entrySet()) {
            Api.Response response = api.get("/api/alerts" + bad.getKey(), owner.auth());
            assertThat(response.status()).as(bad.getKey()).isEqualTo(400);
            assertThat(response.error()).startsWith(bad.getValue());
        }
        Api.Response anonymous = api.get("/api/alerts/stream");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.error()).isNotBlank();

        String token = newToken(owner.session(), "wall panel").get("token").asString();
        UUID lock = lockOf(owner);
        try (AlertStream stream = new AlertStream(port, bearer(token))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.nextLine(":", Duration.ofSeconds(5))).isNotNull();
            store.store(lock, new EventMessage(1, 1, T0, "DOORBELL", null, null, null, null, null, null, null));
            JsonNode alert = stream.nextAlert(Duration.ofSeconds(2));
            assertThat(alert).isNotNull();
            assertThat(alert.get("kind").asString()).isEqualTo("DOORBELL");
        }
    }
}
