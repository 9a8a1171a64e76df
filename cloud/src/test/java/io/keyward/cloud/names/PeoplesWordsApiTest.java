package io.keyward.cloud.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.TestLocks;
import io.keyward.cloud.events.EventStore;
import io.keyward.protocol.link.LinkMessages.EventMessage;
import io.keyward.protocol.visitor.VisitorCode;
import io.keyward.protocol.visitor.VisitorSecret;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14 item 3, people's words: the events API names what the lock names by code (B2 credential
 * names given in the app, the lock user's name, the account that asked by its display name, a visitor
 * passcode by the name it was issued with), adding {@code names} beside the lock's own fields; and a
 * credential's name is refused when empty, too long or markup (400 in plain words).
 */
abstract class PeoplesWordsApiTest extends CloudTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Autowired
    EventStore store;

    String ownerEmail;
    String session;
    UUID owner;
    UUID lock;

    @BeforeEach
    void ownerAndLock() {
        ownerEmail = signUp();
        session = signIn(ownerEmail);
        owner = TestLocks.accountId(jdbc, ownerEmail);
        lock = TestLocks.create(jdbc, owner);
        jdbc.sql("update accounts set display_name = 'Sam' where id = :id").param("id", owner).update();
        // the lock's report names its users (B1)
        jdbc.sql("update locks set reported = :r where id = :id")
                .param("r", "{\"users\":[{\"id\":1,\"name\":\"Alice\",\"role\":\"ADMINISTRATOR\",\"credentials\":[]}]}")
                .param("id", lock).update();
    }

    private Api.Response nameCredential(int user, String credential, Object name) {
        String body = name == null ? "{}" : Api.json(Map.of("name", name));
        return api.send("PUT", "/api/locks/" + lock + "/users/" + user + "/credentials/" + credential + "/name",
                BodyPublishers.ofString(body), "Cookie", "KW_SESSION=" + session, "X-Keyward", "1",
                "Content-Type", "application/json");
    }

    private JsonNode onlyEvent() {
        Api.Response response = api.get("/api/locks/" + lock + "/events", cookie(session));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("events")).hasSize(1);
        return response.json().get("events").get(0);
    }

    @Test
    @DisplayName("B2 a credential named in the app: the event names it and its user; the lock's fields stay as they were")
    void credentialAndUserNamed() {
        Api.Response named = nameCredential(1, "fingerprint-1", "  Left index finger ");
        assertThat(named.status()).as(named.toString()).isEqualTo(200);
        assertThat(named.json().get("name").asString()).isEqualTo("Left index finger");
        assertThat(api.get("/api/locks/" + lock + "/credential-names", cookie(session)).json().get(0).get("credential").asString())
                .isEqualTo("fingerprint-1");

        store.store(lock, new EventMessage(1, 1, T0, "UNLOCK", "FINGERPRINT", "OK", 1, "fingerprint-1", null, null, null));
        JsonNode event = onlyEvent();
        assertThat(event.get("credential").asString()).isEqualTo("fingerprint-1");
        assertThat(event.get("user").asInt()).isEqualTo(1);
        assertThat(event.get("names").get("credential").asString()).isEqualTo("Left index finger");
        assertThat(event.get("names").get("user").asString()).isEqualTo("Alice");
    }

    @Test
    @DisplayName("B2 a credential named from several places at once: every answer 200, one name kept (a renaming race once answered 500)")
    void namedAtOnce() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var answers = new java.util.ArrayList<java.util.concurrent.Future<Api.Response>>();
            for (int i = 0; i < 16; i++) {
                String name = "Thumb " + i;
                answers.add(pool.submit(() -> nameCredential(1, "fingerprint-2", name)));
            }
            for (var answer : answers) {
                Api.Response response = answer.get();
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode names = api.get("/api/locks/" + lock + "/credential-names", cookie(session)).json();
        assertThat(names).hasSize(1);
        assertThat(names.get(0).get("name").asString()).startsWith("Thumb ");
    }

    @Test
    @DisplayName("B2 the name goes with the credential: once the lock reports it deleted, a reused id starts unnamed")
    void nameGoesWithTheCredential() {
        assertThat(nameCredential(1, "passcode-1", "Door code").status()).isEqualTo(200);
        store.store(lock, new EventMessage(1, 1, T0, "CREDENTIAL_DELETED", null, "OK", 1, "passcode-1", null, null, null));
        assertThat(api.get("/api/locks/" + lock + "/credential-names", cookie(session)).json()).isEmpty();
    }

    @Test
    @DisplayName("issue 14 bad input: a credential name empty, too long, with markup or line breaks, or a bad id is 400 in words")
    void badNames() {
        assertThat(nameCredential(1, "fingerprint-1", "   ").status()).isEqualTo(400);
        assertThat(nameCredential(1, "fingerprint-1", null).status()).isEqualTo(400);
        Api.Response long_ = nameCredential(1, "fingerprint-1", "x".repeat(41));
        assertThat(long_.status()).isEqualTo(400);
        assertThat(long_.error()).contains("at most 40");
        Api.Response markup = nameCredential(1, "fingerprint-1", "<script>alert(1)</script>");
        assertThat(markup.status()).isEqualTo(400);
        assertThat(markup.error()).contains("plain text");
        assertThat(nameCredential(1, "fingerprint-1", "left\nindex").status()).isEqualTo(400);
        assertThat(nameCredential(1, "bluetooth-1", "Phone").status()).isEqualTo(400);
        assertThat(nameCredential(0, "fingerprint-1", "Thumb").status()).isEqualTo(400);
        assertThat(api.get("/api/locks/" + lock + "/credential-names", cookie(session)).json()).as("nothing stored").isEmpty();
    }

    @Test
    @DisplayName("C6 a remote unlock names the account that asked by its display name; an account without a role on the lock stays its address")
    void accountByDisplayName() {
        store.store(lock, new EventMessage(1, 1, T0, "UNLOCK", "REMOTE", "OK", null, null, null, null, "account " + ownerEmail));
        JsonNode event = onlyEvent();
        assertThat(event.get("detail").asString()).isEqualTo("account " + ownerEmail);
        assertThat(event.get("names").get("account").asString()).isEqualTo("Sam");

        String stranger = signUp();
        store.store(lock, new EventMessage(1, 2, T0.plusSeconds(60), "UNLOCK", "REMOTE", "OK", null, null, null, null,
                "account " + stranger));
        JsonNode page = api.get("/api/locks/" + lock + "/events?limit=1", cookie(session)).json();
        JsonNode names = page.get("events").get(0).get("names");
        assertThat(names == null || names.isNull() || names.get("account") == null || names.get("account").isNull())
                .as("no display name of an account that has no role on the lock: %s", names).isTrue();
    }

    @Test
    @DisplayName("E1 a visitor passcode's unlock names the visitor as the code was issued; the code list says Used, with when, from the lock's event")
    void visitorNamedAndUsed() {
        jdbc.sql("update locks set visitor_secret = :s where id = :id")
                .param("s", VisitorSecret.generate().toBase64Url()).param("id", lock).update();
        Instant start = VisitorCode.startOf(VisitorCode.hourOf(clock.instant()));
        Api.Response issued = api.postJson("/api/locks/" + lock + "/visitor-codes",
                Api.json(Map.of("kind", "ONE_TIME", "start", start.toString(), "name", "Plumber")),
                "Cookie", "KW_SESSION=" + session, "X-Keyward", "1");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String codeId = issued.json().get("codeId").asString();
        assertThat(list().get(0).get("firstUsedAt").isNull()).as("not used yet").isTrue();

        Instant used = start.plusSeconds(600);
        store.store(lock, new EventMessage(1, 1, used, "UNLOCK", "VISITOR_PASSCODE", "OK", null, null, null, null, codeId));
        JsonNode event = onlyEvent();
        assertThat(event.get("detail").asString()).isEqualTo(codeId);
        assertThat(event.get("names").get("visitor").asString()).isEqualTo("Plumber");
        assertThat(OffsetDateTime.parse(list().get(0).get("firstUsedAt").asString()).toInstant())
                .as("what the lock reported, on every reload").isEqualTo(used);
    }

    private JsonNode list() {
        Api.Response codes = api.get("/api/locks/" + lock + "/visitor-codes", cookie(session));
        assertThat(codes.status()).as(codes.toString()).isEqualTo(200);
        return codes.json();
    }
}
