package io.keyward.cloud.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.TestLocks;
import io.keyward.protocol.link.LinkMessages.EventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC H5 and C9: events stored once per (lock, seq) and read back newest first, filtered and paged. */
abstract class EventsApiTest extends CloudTest {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @Autowired
    EventStore store;

    String session;
    UUID owner;
    UUID lock;

    @BeforeEach
    void ownerAndLock() {
        String email = signUp();
        session = signIn(email);
        owner = TestLocks.accountId(jdbc, email);
        lock = TestLocks.create(jdbc, owner);
    }

    /** Event seq happened seq minutes after T0. */
    static EventMessage event(long seq, String kind, String method, String result, Integer user) {
        return new EventMessage(1, seq, T0.plusSeconds(60 * seq), kind, method, result, user,
                user == null ? null : "passcode-1", "REFUSED".equals(result) ? "WRONG_CREDENTIAL" : null, null, null);
    }

    static EventMessage unlock(long seq, int user) {
        return event(seq, "UNLOCK", "PASSCODE", "OK", user);
    }

    JsonNode events(String query) {
        Api.Response response = api.get("/api/locks/" + lock + "/events" + query, cookie(session));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static List<Long> seqs(JsonNode page) {
        List<Long> seqs = new ArrayList<>();
        page.get("events").forEach(e -> seqs.add(e.get("seq").asLong()));
        return seqs;
    }

    @Test
    @DisplayName("H5 an event sent twice (a lost ack) is stored once, with the time it arrived")
    void storedOnce() {
        EventMessage event = unlock(1, 3);
        assertThat(store.store(lock, event)).isTrue();
        assertThat(store.store(lock, event)).isFalse();
        assertThat(store.store(lock, new EventMessage(1, 1, T0, "LOCK", null, "OK", null, null, null, null, "changed")))
                .as("the same seq is the same event, whatever it says").isFalse();

        JsonNode page = events("");
        assertThat(seqs(page)).containsExactly(1L);
        JsonNode stored = page.get("events").get(0);
        assertThat(stored.get("kind").asString()).isEqualTo("UNLOCK");
        assertThat(stored.get("method").asString()).isEqualTo("PASSCODE");
        assertThat(stored.get("user").asInt()).isEqualTo(3);
        assertThat(stored.get("credential").asString()).isEqualTo("passcode-1");
        assertThat(Instant.parse(stored.get("at").asString())).isEqualTo(event.at());
        assertThat(stored.get("receivedAt").isString()).isTrue();
        assertThat(page.get("next").isNull()).isTrue();
    }

    @Test
    @DisplayName("H5 the same seq of two locks is two events")
    void seqIsPerLock() {
        UUID other = TestLocks.create(jdbc, owner, "Back door");
        assertThat(store.store(lock, unlock(7, 1))).isTrue();
        assertThat(store.store(other, unlock(7, 1))).isTrue();
        assertThat(seqs(events(""))).containsExactly(7L);
    }

    @Test
    @DisplayName("H5 events come newest first by seq, whatever order they arrive in, paged by cursor to the end")
    void newestFirstAndPaging() {
        for (long seq : new long[] {3, 1, 7, 2, 6, 4, 5}) {
            store.store(lock, unlock(seq, 1));
        }
        assertThat(seqs(events(""))).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);

        List<Long> all = new ArrayList<>();
        String query = "?limit=3";
        int pages = 0;
        while (query != null) {
            JsonNode page = events(query);
            all.addAll(seqs(page));
            pages++;
            JsonNode next = page.get("next");
            query = next.isNull() ? null : "?limit=3&before=" + next.asLong();
        }
        assertThat(all).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
        assertThat(pages).isEqualTo(3);
        assertThat(events("?limit=7").get("next").isNull()).as("an exact fit has no next page").isTrue();
        assertThat(seqs(events("?before=1"))).isEmpty();
    }

    @Test
    @DisplayName("H5 filters: kind (one or more), lock user, from and until on the event's time, combined with paging")
    void filters() {
        store.store(lock, unlock(1, 1));
        store.store(lock, event(2, "UNLOCK", "FINGERPRINT", "REFUSED", null));
        store.store(lock, unlock(3, 2));
        store.store(lock, event(4, "ALARM", null, null, null));
        store.store(lock, event(5, "LOCK", "INSIDE_HANDLE", "OK", null));
        store.store(lock, unlock(6, 1));
        store.store(lock, event(7, "DOORBELL", null, null, null));

        assertThat(seqs(events("?kind=UNLOCK"))).containsExactly(6L, 3L, 2L, 1L);
        assertThat(seqs(events("?kind=ALARM&kind=DOORBELL"))).containsExactly(7L, 4L);
        assertThat(seqs(events("?kind=ALARM,LOCK"))).containsExactly(5L, 4L);
        assertThat(seqs(events("?user=1"))).containsExactly(6L, 1L);
        assertThat(seqs(events("?user=2&kind=UNLOCK"))).containsExactly(3L);
        assertThat(seqs(events("?from=" + T0.plusSeconds(180)))).as("from is inclusive").containsExactly(7L, 6L, 5L, 4L, 3L);
        assertThat(seqs(events("?until=" + T0.plusSeconds(180)))).as("until is exclusive").containsExactly(2L, 1L);
        assertThat(seqs(events("?from=" + T0.plusSeconds(120) + "&until=" + T0.plusSeconds(300) + "&kind=UNLOCK")))
                .containsExactly(3L, 2L);
        assertThat(seqs(events("?from=2025-03-01T11:02:00%2B01:00&until=2025-03-01T10:04:00Z")))
                .as("an offset is an instant too").containsExactly(3L, 2L);

        JsonNode first = events("?kind=UNLOCK&limit=3");
        assertThat(seqs(first)).containsExactly(6L, 3L, 2L);
        JsonNode second = events("?kind=UNLOCK&limit=3&before=" + first.get("next").asLong());
        assertThat(seqs(second)).containsExactly(1L);
        assertThat(second.get("next").isNull()).isTrue();
    }

    @Test
    @DisplayName("H5 bad parameters answer 400 with a reason naming the parameter")
    void badParameters() {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("?limit=0", "limit: "),
                Map.entry("?limit=10000", "limit: "),
                Map.entry("?limit=201", "limit: "),
                Map.entry("?limit=abc", "limit: "),
                Map.entry("?limit=", "limit: "),
                Map.entry("?limit=1&limit=2", "limit: given more than once"),
                Map.entry("?before=-1", "before: "),
                Map.entry("?before=1e3", "before: "),
                Map.entry("?user=0", "user: "),
                Map.entry("?user=x", "user: "),
                Map.entry("?user=99999999999", "user: "),
                Map.entry("?kind=NOPE", "kind: unknown kind 'NOPE'"),
                Map.entry("?kind=unlock", "kind: unknown kind 'unlock'"),
                Map.entry("?kind=", "kind: "),
                Map.entry("?from=yesterday", "from: "),
                Map.entry("?until=2025-03-01", "until: "),
                Map.entry("?from=2025-03-02T00:00:00Z&until=2025-03-01T00:00:00Z", "from: must not be after until"),
                Map.entry("?sort=asc", "unknown parameter 'sort'"));
        bad.forEach((query, reason) -> {
            Api.Response response = api.get("/api/locks/" + lock + "/events" + query, cookie(session));
            assertThat(response.status()).as(query + ": " + response).isEqualTo(400);
            assertThat(response.error()).as(query).startsWith(reason);
        });
    }

    @Test
    @DisplayName("H1 a stranger gets 404 'no such lock' on a lock's events, even with bad parameters; a member reads them")
    void access() {
        store.store(lock, unlock(1, 1));
        String stranger = signIn(signUp());
        for (String path : new String[] {"/api/locks/" + lock + "/events", "/api/locks/" + lock + "/events?limit=0",
                "/api/locks/" + UUID.randomUUID() + "/events", "/api/locks/not-a-uuid/events"}) {
            Api.Response response = api.get(path, cookie(stranger));
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.error()).isEqualTo("no such lock");
        }
        String memberEmail = signUp();
        jdbc.sql("insert into shares (lock_id, account_id, role, created_at) values (:lock, :account, 'MEMBER', current_timestamp)")
                .param("lock", lock).param("account", TestLocks.accountId(jdbc, memberEmail)).update();
        Api.Response member = api.get("/api/locks/" + lock + "/events", cookie(signIn(memberEmail)));
        assertThat(member.status()).isEqualTo(200);
        assertThat(seqs(member.json())).containsExactly(1L);
    }

    @Test
    @DisplayName("C9 a message with no kind, time or seq is no event and refused with a reason; a long field is kept, cut with a marker")
    void unstorable() {
        assertThatThrownBy(() -> store.store(lock, new EventMessage(1, 1, T0, null, null, null, null, null, null, null, null)))
                .isInstanceOf(EventStore.NotAnEvent.class).hasMessageContaining("no kind");
        assertThatThrownBy(() -> store.store(lock, new EventMessage(1, 2, null, "UNLOCK", null, null, null, null, null, null, null)))
                .isInstanceOf(EventStore.NotAnEvent.class).hasMessageContaining("no time");
        assertThatThrownBy(() -> store.store(lock, new EventMessage(1, -1, T0, "UNLOCK", null, null, null, null, null, null, null)))
                .isInstanceOf(EventStore.NotAnEvent.class).hasMessageContaining("negative");
        assertThat(seqs(events(""))).isEmpty();
        // issue 10 finding 1: an over-long field once made the whole event "unstorable" (and it was acknowledged)
        assertThat(store.store(lock, new EventMessage(1, 3, T0, "UNLOCK", "M".repeat(141), null, null, null, null, null, null)))
                .isTrue();
        JsonNode cut = events("").get("events").get(0);
        assertThat(cut.get("method").asString()).hasSize(EventFields.METHOD).endsWith("…");
        assertThat(cut.get("truncated").asString()).isEqualTo("method:141");

        assertThat(store.store(lock, new EventMessage(1, 4, T0, "NEWER_KIND", null, null, null, null, null, null, "d".repeat(5000))))
                .as("an unknown kind and a long detail are kept (detail cut)").isTrue();
        JsonNode kept = events("").get("events").get(0);
        assertThat(kept.get("kind").asString()).isEqualTo("NEWER_KIND");
        assertThat(kept.get("detail").asString()).hasSize(EventStore.DETAIL_MAX);
    }
}
