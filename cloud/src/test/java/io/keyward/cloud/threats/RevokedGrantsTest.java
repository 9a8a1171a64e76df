package io.keyward.cloud.threats;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.H2Storage;
import io.keyward.cloud.TestLocks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Threat family: a revoked grant still honoured on the request paths (SPEC H1, H3, F2). The next request
 * after the change is refused, on every path the grant carried: a removed share (404, as a stranger), a
 * role lowered (403 at once), and a removed synchronized-unlock link (the linked lock no longer
 * follows; real locks over the embedded broker). Streams: StreamsEndOnRevocationTest.
 */
@H2Storage
@DisplayName("Threats: revoked grants end at once on REST and on the synchronized-unlock link")
class RevokedGrantsTest extends CloudTest {

    record Person(Api api, String email, UUID id, String[] auth) {
    }

    @Test
    @DisplayName("H3: after the share is removed, every lock path the member used answers 404 on the next request")
    void removedShareRefusedOnEveryPath() {
        Person owner = person();
        Person member = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        share(owner, lock, member, "MANAGER");
        List<String> reads = List.of("/api/locks/" + lock, "/api/locks/" + lock + "/events", "/api/locks/" + lock + "/commands",
                "/api/locks/" + lock + "/shares", "/api/locks/" + lock + "/sync-link");
        for (String path : reads) {
            assertThat(member.api().get(path, member.auth()).status()).as("before: GET " + path).isEqualTo(200);
        }
        assertThat(owner.api().delete("/api/locks/" + lock + "/shares/" + member.id(), owner.auth()).status()).isEqualTo(204);
        int checked = 0;
        for (String path : reads) {
            Api.Response after = member.api().get(path, member.auth());
            assertThat(after.status()).as("after: GET " + path).isEqualTo(404);
            assertThat(after.error()).isEqualTo("no such lock");
            checked++;
        }
        for (String path : List.of("/unlock", "/live")) {
            assertThat(member.api().postJson("/api/locks/" + lock + path, "{}", member.auth()).status()).as("after: POST " + path).isEqualTo(404);
            checked++;
        }
        assertThat(member.api().send("PUT", "/api/locks/" + lock + "/settings/RELOCK_SECONDS", Api.fixed("{\"value\":\"10\"}"),
                concat(member.auth(), "Content-Type", Api.JSON)).status()).isEqualTo(404);
        System.out.println("revoked share: " + (checked + 1) + " paths refused on the next request");
    }

    @Test
    @DisplayName("H3: a manager lowered to member is refused manager operations (403) on the next request, and keeps member ones")
    void loweredRoleRefusedAtOnce() {
        Person owner = person();
        Person manager = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        share(owner, lock, manager, "MANAGER");
        assertThat(manager.api().get("/api/locks/" + lock + "/shares", manager.auth()).status()).isEqualTo(200);
        Api.Response lowered = owner.api().send("PUT", "/api/locks/" + lock + "/shares/" + manager.id(),
                Api.fixed(Api.json(Map.of("role", "MEMBER"))), concat(owner.auth(), "Content-Type", Api.JSON));
        assertThat(lowered.status()).isEqualTo(200);
        assertThat(manager.api().get("/api/locks/" + lock + "/shares", manager.auth()).status()).isEqualTo(403);
        assertThat(manager.api().postJson("/api/locks/" + lock + "/users", Api.json(Map.of("name", "Bob", "role", "USER")),
                manager.auth()).status()).isEqualTo(403);
        assertThat(manager.api().get("/api/locks/" + lock + "/events", manager.auth()).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("F2: once the synchronized-unlock link is removed, opening the first lock no longer opens the linked one")
    void removedSyncLinkNoLongerFollows() throws Exception {
        Person owner = person();
        String[] token = bearer(newToken(owner, "owner").get("token").asString());
        try (PairedLock front = PairedLock.start(port, clock, owner.api(), token);
             PairedLock inner = PairedLock.start(port, clock, owner.api(), token)) {
            String link = "/api/locks/" + front.id + "/sync-link";
            Api.Response linked = owner.api().send("PUT", link, Api.fixed(Api.json(Map.of("linkedLockId", inner.id))),
                    concat(token, "Content-Type", Api.JSON));
            assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> "true".equals(owner.api()
                    .get("/api/locks/" + inner.id, token).json().at("/reported/settings/SYNCHRONIZED_UNLOCK").asString()));
            assertThat(inner.typeAdministratorPasscode().get("bolt").asString()).isEqualTo("UNLOCKED"); // F1: confirms
            await().atMost(Duration.ofSeconds(20)).until(() -> "ACTIVE".equals(owner.api().get(link, token).json().get("status").asString()));
            inner.liftHandle();

            assertThat(front.typeAdministratorPasscode().get("bolt").asString()).isEqualTo("UNLOCKED");
            await().atMost(Duration.ofSeconds(5)).until(() -> "UNLOCKED".equals(inner.bolt()));
            front.liftHandle();
            inner.liftHandle();

            assertThat(owner.api().delete(link, token).status()).isEqualTo(204);
            assertThat(front.typeAdministratorPasscode().get("bolt").asString()).isEqualTo("UNLOCKED");
            Thread.sleep(3000);
            assertThat(inner.bolt()).as("the linked lock after the link was removed").isEqualTo("LOCKED");
        }
    }

    private Person person() {
        Api client = new Api(port, randomAddress());
        api = client;
        String email = signUp();
        String session = signIn(email);
        return new Person(client, email, TestLocks.accountId(jdbc, email), new String[] {"Cookie", "KW_SESSION=" + session, "X-Keyward", "1"});
    }

    private tools.jackson.databind.JsonNode newToken(Person person, String name) {
        api = person.api();
        return newToken(person.auth()[1].substring("KW_SESSION=".length()), name);
    }

    private static void share(Person owner, UUID lock, Person with, String role) {
        Api.Response shared = owner.api().postJson("/api/locks/" + lock + "/shares",
                Api.json(Map.of("email", with.email(), "role", role)), owner.auth());
        assertThat(shared.status()).as(shared.toString()).isEqualTo(201);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
