package io.keyward.cloud.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.H2Storage;
import io.keyward.cloud.TestLocks;
import io.keyward.cloud.signing.CloudSigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 11 item 5: {@link RemoteUnlockFastPath} answers every request exactly as the normal path (Spring
 * Security's chain and Spring MVC) does. Each request is sent twice, with the fast path switched off and on,
 * and the two answers compared: status, every header but Date, and the body byte for byte. Refusals before the
 * command leaves fall through to the normal path; the 504 (nobody answers on the lock's topic) is the fast
 * path's own. The 200 and the lock's 409 with a real lock: EndToEndTest#fastPathAnswersAsTheNormalPath.
 */
@H2Storage
@DisplayName("Remote unlock's fast path: the same answer as the normal path for every refusal (C6, issue 11 item 5)")
class RemoteUnlockFastPathTest extends CloudTest {

    @Autowired
    private RemoteUnlockFastPath fastPath;

    private record Caller(String email, UUID id, String session, String token, String tokenId) {
    }

    @AfterEach
    void fastPathBackOn() {
        fastPath.switchOn(true);
    }

    @Test
    @DisplayName("H1 without a credential, with a wrong, a revoked or a non-bearer token, or a repeated Authorization: the same 401 and reason")
    void unauthenticated() {
        Caller owner = caller();
        UUID lock = TestLocks.create(jdbc, owner.id());
        String path = unlock(lock);
        same(() -> api.postJson(path, "{}"), 401);
        same(() -> api.postJson(path, "{}", bearer("kw_not-a-token")), 401);
        same(() -> api.postJson(path, "{}", "Authorization", "Basic dXNlcjpwYXNz"), 401);
        same(() -> api.postJson(path, "{}", "Authorization", "Bearer " + owner.token() + "!"), 401);
        Caller revoked = caller();
        assertThat(api.delete("/api/tokens/" + revoked.tokenId(), "Cookie", "KW_SESSION=" + revoked.session(), "X-Keyward", "1").status()).isEqualTo(204);
        share(lock, owner, revoked, "MEMBER");
        same(() -> api.postJson(path, "{}", bearer(revoked.token())), 401);
    }

    @Test
    @DisplayName("C6 a malformed id, an unknown lock and a lock without a role: the same 404 'no such lock'")
    void noSuchLock() {
        Caller owner = caller();
        Caller stranger = caller();
        UUID lock = TestLocks.create(jdbc, owner.id());
        same(() -> api.postJson("/api/locks/not-a-uuid/unlock", "{}", bearer(owner.token())), 404);
        same(() -> api.postJson(unlock(UUID.randomUUID()), "{}", bearer(owner.token())), 404);
        same(() -> api.postJson(unlock(lock), "{}", bearer(stranger.token())), 404);
        same(() -> api.postJson(unlock(lock).toUpperCase(Locale.ROOT).replace("/API/LOCKS/", "/api/locks/").replace("/UNLOCK", "/unlock"),
                "{}", bearer(stranger.token())), 404);
    }

    @Test
    @DisplayName("C6, H3 offline lock: the same 409 for the owner and a member, by token, by cookie with X-Keyward, and the same 403 by cookie without it")
    void offline() {
        Caller owner = caller();
        Caller member = caller();
        UUID lock = TestLocks.create(jdbc, owner.id());
        share(lock, owner, member, "MEMBER");
        String path = unlock(lock);
        same(() -> api.postJson(path, "{}", bearer(owner.token())), 409);
        same(() -> api.postJson(path, "{}", bearer(member.token())), 409);
        same(() -> api.postJson(path + "?then=1", "{}", bearer(owner.token())), 409);
        same(() -> api.postJson(path, "", bearer(owner.token())), 409);
        same(() -> api.postJson(path, "{}", "Cookie", "KW_SESSION=" + member.session(), "X-Keyward", "1"), 409);
        same(() -> api.postJson(path, "{}", cookie(member.session())), 403);
        same(() -> api.postJson(path, "{}", "Authorization", "Bearer " + owner.token(), "Origin", "https://elsewhere.example"), 409);
        // HTTPS as a trusted proxy says (X-Forwarded-Proto): Spring Security adds HSTS, the same on both paths
        same(() -> api.postJson(path, "{}", "Authorization", "Bearer " + owner.token(), "X-Forwarded-Proto", "https"), 409);
    }

    @Test
    @DisplayName("D7 a lock reset at the door, issue 15 a lock in trust mode without a device's signature (428) or with a bad one (400): the same answers")
    void resetAndTrustMode() {
        Caller owner = caller();
        UUID reset = TestLocks.create(jdbc, owner.id());
        jdbc.sql("update locks set reset_at = :at, online = true where id = :id")
                .param("at", OffsetDateTime.of(2026, 12, 6, 8, 0, 0, 0, ZoneOffset.UTC)).param("id", reset).update();
        same(() -> api.postJson(unlock(reset), "{}", bearer(owner.token())), 409);
        UUID trusted = TestLocks.create(jdbc, owner.id());
        jdbc.sql("update locks set trust_mode = true, online = true where id = :id").param("id", trusted).update();
        same(() -> api.postJson(unlock(trusted), "{}", bearer(owner.token())), 428);
        same(() -> api.postJson(unlock(trusted), "{}", "Authorization", "Bearer " + owner.token(),
                DeviceSignature.COMMAND_HEADER, "kwdc1.garbage"), 400);
    }

    @Test
    @DisplayName("C6 a lock online that does not answer: the same 504 and words once the command expired, and both counted as failed")
    void lockSilent() {
        Caller owner = caller();
        UUID lock = TestLocks.create(jdbc, owner.id());
        jdbc.sql("update locks set online = true where id = :id").param("id", lock).update();
        long before = fastPath.answered();
        long started = System.nanoTime();
        Api.Response fast = same(() -> api.postJson(unlock(lock), "{}", bearer(owner.token())), 504);
        assertThat(fast.error()).isEqualTo(RemoteUnlock.LATE);
        assertThat(fastPath.answered()).as("the fast path answered the 504 itself").isEqualTo(before + 1);
        assertThat((System.nanoTime() - started) / 1e9).as("each waits out the command's lifetime")
                .isGreaterThanOrEqualTo(2.0 * CloudSigningKey.UNLOCK_LIFETIME_SECONDS);
    }

    // --- the comparison ---

    /** Sends the request with the fast path off, then on; both answers must be the same. Returns the fast one. */
    private Api.Response same(Supplier<Api.Response> request, int status) {
        fastPath.switchOn(false);
        Api.Response normal = request.get();
        fastPath.switchOn(true);
        Api.Response fast = request.get();
        assertThat(normal.status()).as("normal path: %s", normal).isEqualTo(status);
        assertThat(fast.status()).as("fast path: %s", fast).isEqualTo(normal.status());
        assertThat(fast.body()).as("body").isEqualTo(normal.body());
        assertThat(headers(fast)).as("headers but Date").isEqualTo(headers(normal));
        return fast;
    }

    private static Map<String, List<String>> headers(Api.Response response) {
        Map<String, List<String>> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("date")) {
                headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values));
            }
        });
        return headers;
    }

    // --- fixtures ---

    private static String unlock(UUID lock) {
        return "/api/locks/" + lock + "/unlock";
    }

    private Caller caller() {
        String email = signUp();
        String session = signIn(email);
        var token = newToken(session, "fast-path");
        return new Caller(email, TestLocks.accountId(jdbc, email), session, token.get("token").asString(), token.get("id").asString());
    }

    private void share(UUID lock, Caller owner, Caller with, String role) {
        Api.Response shared = api.postJson("/api/locks/" + lock + "/shares",
                Api.json(Map.of("email", with.email(), "role", role)), bearer(owner.token()));
        assertThat(shared.status()).as(shared.toString()).isEqualTo(201);
    }
}
