package io.keyward.cloud.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.TestLocks;
import io.keyward.protocol.link.LinkMessages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC F1 over real HTTP and the real database: a new synchronized-unlock link waits for an administrator
 * credential on the linked lock before its countdown ends. The linked lock's events are handed to the
 * cloud's event listener as the link would after storing them.
 */
abstract class SyncLinkConfirmationTest extends CloudTest {

    static final int ADMIN = 1;
    static final int USER = 2;

    @Autowired
    SyncLinks links;

    String token;
    UUID front;
    UUID inner;
    long seq;

    @BeforeEach
    void twoLocks() {
        String email = signUp();
        token = newToken(signIn(email), "f1").get("token").asString();
        UUID owner = TestLocks.accountId(jdbc, email);
        front = TestLocks.create(jdbc, owner, "Front door");
        inner = TestLocks.create(jdbc, owner, "Inner door");
        LinkMessages.LockState state = new LinkMessages.LockState(1, true, 1, 80, false, "LOCKED", "CLOSED", false, false,
                Map.of(), List.of(new LinkMessages.User(ADMIN, "Alice", "ADMINISTRATOR", null, null, List.of()),
                        new LinkMessages.User(USER, "Bob", "USER", null, null, List.of())), null, null, List.of());
        jdbc.sql("update locks set reported = :state where id = :id")
                .param("state", new String(LinkMessages.write(state), java.nio.charset.StandardCharsets.UTF_8))
                .param("id", inner).update();
    }

    private JsonNode startLinking() {
        Api.Response r = api.send("PUT", "/api/locks/" + front + "/sync-link",
                Api.fixed(Api.json(Map.of("linkedLockId", inner.toString()))), concat(bearer(token)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private JsonNode link() {
        Api.Response r = api.get("/api/locks/" + front + "/sync-link", bearer(token));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static String[] concat(String[] auth) {
        String[] out = java.util.Arrays.copyOf(auth, auth.length + 2);
        out[auth.length] = "Content-Type";
        out[auth.length + 1] = Api.JSON;
        return out;
    }

    /** The inner lock's unlock event, as stored by the cloud. */
    private void unlockOfInner(String method, Integer user, Instant at) {
        links.newEvent(inner, new LinkMessages.EventMessage(1, ++seq, at, "UNLOCK", method, "OK", user,
                user == null ? null : "passcode-" + user, null, null, null));
    }

    @Test
    @DisplayName("F1 a new link is PENDING with a 60 s countdown and becomes ACTIVE when an administrator credential opens the linked lock")
    void pendingThenActive() {
        JsonNode started = startLinking();
        assertThat(started.get("status").asString()).isEqualTo("PENDING");
        assertThat(started.get("secondsLeft").asLong()).isBetween(59L, 60L);
        assertThat(links.of(front).orElseThrow().active()).isFalse();

        clock.advance(Duration.ofSeconds(20));
        assertThat(link().get("secondsLeft").asLong()).isBetween(39L, 40L);
        unlockOfInner("PASSCODE", ADMIN, clock.instant());
        JsonNode active = link();
        assertThat(active.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(active.get("confirmedAt").isNull()).isFalse();
        assertThat(active.get("secondsLeft").isNull()).isTrue();
        assertThat(links.of(front).orElseThrow().active()).isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(link().get("status").asString()).as("an active link never expires").isEqualTo("ACTIVE");
    }

    @Test
    @DisplayName("F1 without a confirming unlock the link EXPIRES after 60 s and a late administrator unlock does not confirm it")
    void expiresAndLateUnlockDoesNotConfirm() {
        startLinking();
        clock.advance(Duration.ofSeconds(61));
        assertThat(link().get("status").asString()).isEqualTo("EXPIRED");
        unlockOfInner("PASSCODE", ADMIN, clock.instant());
        assertThat(link().get("status").asString()).isEqualTo("EXPIRED");
        assertThat(links.of(front).orElseThrow().active()).isFalse();

        JsonNode again = startLinking(); // starting again gives a new countdown
        assertThat(again.get("status").asString()).isEqualTo("PENDING");
        unlockOfInner("FINGERPRINT", ADMIN, clock.instant());
        assertThat(link().get("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    @DisplayName("F1 an unlock made in time but reaching the cloud late (lock offline) confirms; one made after the deadline does not")
    void lockTimeDecides() {
        startLinking();
        Instant deadline = clock.instant().plusSeconds(60);
        clock.advance(Duration.ofSeconds(90));
        unlockOfInner("PASSCODE", ADMIN, deadline.plusSeconds(1));
        assertThat(link().get("status").asString()).isEqualTo("EXPIRED");
        unlockOfInner("PASSCODE", ADMIN, deadline.minusSeconds(1));
        assertThat(link().get("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    @DisplayName("F1 a non-administrator credential, an unlock without a lock user, a refused unlock or another lock's unlock do not confirm")
    void onlyAnAdministratorCredentialOfTheLinkedLockConfirms() {
        startLinking();
        unlockOfInner("PASSCODE", USER, clock.instant());
        unlockOfInner("MECHANICAL_KEY", null, clock.instant());
        unlockOfInner("REMOTE", null, clock.instant());
        unlockOfInner("PASSCODE", 7, clock.instant()); // a user the lock never reported
        links.newEvent(inner, new LinkMessages.EventMessage(1, ++seq, clock.instant(), "UNLOCK", "PASSCODE", "REFUSED",
                ADMIN, "passcode-1", "PRIVACY_MODE", null, null));
        links.newEvent(front, new LinkMessages.EventMessage(1, ++seq, clock.instant(), "UNLOCK", "PASSCODE", "OK",
                ADMIN, "passcode-1", null, null, null));
        unlockOfInner("PASSCODE", ADMIN, clock.instant().minusSeconds(60)); // made before linking started
        assertThat(link().get("status").asString()).isEqualTo("PENDING");
        assertThat(links.of(front).orElseThrow().active()).isFalse();
    }

    @Test
    @DisplayName("F1 removing a pending link leaves no link")
    void removePending() {
        startLinking();
        assertThat(api.delete("/api/locks/" + front + "/sync-link", bearer(token)).status()).isEqualTo(204);
        assertThat(link().get("linkedLockId").isNull()).isTrue();
        assertThat(link().get("status").isNull()).isTrue();
    }

}
