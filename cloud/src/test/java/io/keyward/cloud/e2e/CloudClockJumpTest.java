package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import io.keyward.cloud.Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10, fault injection 4, the cloud's side: the cloud's clock jumps forward and back (a java.time.Clock
 * bean of the test's own). A management command the lock refuses only because the two clocks disagree
 * (BAD_VALIDITY: issued ahead of the lock's time; EXPIRED) is not lost: it stays pending and is applied
 * exactly once when the clocks agree again, without waiting for the cloud's clock to catch up with the
 * instant it was last sent (SPEC B2, C6; docs/cloud.md).
 */
@DisplayName("Faults: the cloud's clock jumps (SPEC B2)")
class CloudClockJumpTest {

    /** The cloud's clock: real time plus an offset the test moves either way. */
    static final class JumpingClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void jump(Duration delta) {
            offset = offset.plus(delta);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the cloud works in UTC");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ClockConfig {
        @Bean
        @Primary
        JumpingClock jumpingClock() {
            return new JumpingClock();
        }
    }

    @TempDir
    Path data;

    private Cloud cloud;
    private Lock lock;

    @AfterEach
    void stop() {
        if (lock != null) {
            lock.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    @DisplayName("B2: a command refused for the clocks' disagreement stays pending, and is applied once after the jump back")
    void fault09_commandRefusedForClockSkewStaysPendingAndIsAppliedOnceClocksAgree() throws Exception {
        cloud = Cloud.start(data.resolve("cloud"), Map.of(), ClockConfig.class);
        JumpingClock clock = cloud.bean(JumpingClock.class);
        Account owner = Account.signUp(cloud);
        lock = Lock.start(data.resolve("locks"), cloud.uri());
        lock.withAdministrator();
        String id = expect(owner.post("/api/locks", Map.of("pairingCode", lock.pairingCode(), "name", "Door")), 201)
                .json().get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> owner.lock(id).get("online").asBoolean());

        clock.jump(Duration.ofMinutes(10)); // the cloud's clock runs ahead: its commands look issued in the future
        Api.Response asked = owner.put("/api/locks/" + id + "/settings/RELOCK_SECONDS", Map.of("value", "20"));
        assertThat(asked.status()).as("not applied yet: %s", asked).isEqualTo(202);
        String command = asked.json().get("id").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> refusals(lock, "BAD_VALIDITY") > 0);
        Thread.sleep(500); // the refusal's reply reaches the cloud
        JsonNode meanwhile = expect(owner.get("/api/locks/" + id + "/commands/" + command), 200).json();
        assertThat(meanwhile.get("status").asString()).as("refused only for the clocks: kept pending (%s)", meanwhile)
                .isEqualTo("pending");

        clock.jump(Duration.ofMinutes(-10)); // set right again, ten minutes back
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                expect(owner.get("/api/locks/" + id + "/commands/" + command), 200).json().get("status").asString())
                .as("resent at once, not ten minutes later, and applied").isEqualTo("applied"));
        assertThat(owner.lock(id).at("/reported/settings/RELOCK_SECONDS").asString()).isEqualTo("20");
        long changed = lock.events().valueStream().filter(e -> "SETTING_CHANGED".equals(e.get("kind").asString())).count();
        assertThat(changed).as("applied once").isEqualTo(1);
        System.out.println("faults: 2 cloud clock jumps (+10 min, -10 min); the command refused "
                + refusals(lock, "BAD_VALIDITY") + " time(s) for the skew, then applied once");
    }

    @Test
    @DisplayName("H1: a session ends at its expiry by the clock; a signed-out session and a revoked token stay dead across jumps")
    void clockJump_sessionsAndTokensKeepTheirEnds() throws Exception {
        cloud = Cloud.start(data.resolve("cloud"), Map.of(), ClockConfig.class);
        JumpingClock clock = cloud.bean(JumpingClock.class);
        Account owner = Account.signUp(cloud);
        Api api = cloud.api("10.7.0.1");
        String session = signIn(api, owner);
        assertThat(api.get("/api/locks", "Cookie", session).status()).isEqualTo(200);

        clock.jump(Duration.ofDays(15)); // past the 14 days of a session
        assertThat(api.get("/api/locks", "Cookie", session).status()).as("expired by the clock").isEqualTo(401);
        clock.jump(Duration.ofDays(-15)); // the clock set right: the session's true age is minutes
        assertThat(api.get("/api/locks", "Cookie", session).status()).as("its true age decides").isEqualTo(200);

        expect(api.delete("/api/session", "Cookie", session, "X-Keyward", "1"), 204);
        Api.Response token = expect(owner.post("/api/tokens", Map.of("name", "soon revoked")), 201);
        String bearer = "Bearer " + token.json().get("token").asString();
        expect(owner.delete("/api/tokens/" + token.json().get("id").asString()), 204);
        for (Duration jump : new Duration[] {Duration.ofHours(-2), Duration.ofDays(30), Duration.ofDays(-60)}) {
            clock.jump(jump);
            assertThat(api.get("/api/locks", "Cookie", session).status()).as("signed out, after %s", jump).isEqualTo(401);
            assertThat(api.get("/api/locks", "Authorization", bearer).status()).as("revoked, after %s", jump).isEqualTo(401);
        }
        System.out.println("faults: 5 cloud clock jumps; sessions end at their expiry, sign-out and revocation hold");
    }

    private static String signIn(Api api, Account owner) {
        Api.Response r = expect(api.postJson("/api/session", Api.json(Map.of("email", owner.email, "password", Account.PASSWORD))), 200);
        String cookie = r.cookies().stream().filter(c -> c.startsWith("KW_SESSION=")).findFirst().orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private static long refusals(Lock lock, String reason) {
        return lock.events().valueStream().filter(e -> "COMMAND_REFUSED".equals(e.get("kind").asString())
                && reason.equals(e.get("reason").asString(""))).count();
    }
}
