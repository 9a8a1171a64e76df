package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import java.util.stream.StreamSupport;

import io.keyward.cloud.Api;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12: what a management request answers, with a real lock. The lock refuses: 409 with its code
 * and the cloud's plain words, never 200. A value the cloud can check itself: 400 before anything is
 * queued. A lock that is away: 202, the command still pending.
 */
@DisplayName("Command refusals: 409 with the lock's reason, 400 before queueing, 202 while pending (H2, embedded broker)")
class CommandRefusalsTest extends CloudWithLocks {

    @Override
    Map<String, String> settings() {
        return Map.of();
    }

    @Test
    @DisplayName("SPEC H6, C8 a relock time of 500 s answers 400 with the setting's range; nothing is queued and the lock never hears of it")
    void outOfRangeSettingIs400BeforeQueueing() throws Exception {
        Account owner = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);

        Api.Response refused = owner.put("/api/locks/" + id + "/settings/RELOCK_SECONDS", Map.of("value", "500"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("RELOCK_SECONDS must be whole seconds from 5 to 120");
        Api.Response notBool = owner.put("/api/locks/" + id + "/settings/PRIVACY_MODE", Map.of("value", "maybe"));
        assertThat(notBool.status()).as(notBool.toString()).isEqualTo(400);
        assertThat(notBool.error()).isEqualTo("PRIVACY_MODE must be one of [false, true]");

        assertThat(expect(owner.get("/api/locks/" + id + "/commands"), 200).json().size()).as("commands queued").isZero();
        assertThat(StreamSupport.stream(lock.events().spliterator(), false)
                .filter(e -> "COMMAND_REFUSED".equals(e.get("kind").asString())).toList()).as("refusals on the lock").isEmpty();
        assertThat(owner.lock(id).at("/reported/settings/RELOCK_SECONDS").asString()).isEqualTo("10");
    }

    @Test
    @DisplayName("SPEC B7 a third passcode for a user answers 409 USER_FULL with the plain words and the refused command")
    void thirdPasscodeIs409() throws Exception {
        Account owner = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);
        int bob = expect(owner.post("/api/locks/" + id + "/users", Map.of("name", "Bob", "role", "USER")), 200).json().get("user").asInt();
        enrolPasscode(owner, lock, id, bob, "813579");
        enrolPasscode(owner, lock, id, bob, "924680");

        Api.Response third = owner.post("/api/locks/" + id + "/users/" + bob + "/enrolments", Map.of("kind", "PASSCODE", "duress", false));
        assertThat(third.status()).as(third.toString()).isEqualTo(409);
        JsonNode body = third.json();
        assertThat(body.get("reason").asString()).isEqualTo("USER_FULL");
        assertThat(body.get("error").asString()).isEqualTo("this user has as many credentials of that kind as a user may have");
        assertThat(body.at("/command/status").asString()).isEqualTo("refused");
        assertThat(body.at("/command/reason").asString()).isEqualTo("USER_FULL");
        assertThat(body.at("/command/message").asString()).contains("2");
        String commandId = body.at("/command/id").asString();
        JsonNode stored = expect(owner.get("/api/locks/" + id + "/commands/" + commandId), 200).json();
        assertThat(stored.get("status").asString()).isEqualTo("refused");
    }

    @Test
    @DisplayName("SPEC B2 a command for a lock that is away answers 202 and stays pending; the lock applies it when it is back")
    void pendingStays202() throws Exception {
        Account owner = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);
        lock.close();
        await().atMost(SOON).until(() -> !owner.lock(id).get("online").asBoolean());

        Api.Response waiting = owner.put("/api/locks/" + id + "/settings/RELOCK_SECONDS", Map.of("value", "30"));
        assertThat(waiting.status()).as(waiting.toString()).isEqualTo(202);
        assertThat(waiting.json().get("status").asString()).isEqualTo("pending");
        Api.Response wrong = owner.put("/api/locks/" + id + "/settings/RELOCK_SECONDS", Map.of("value", "4"));
        assertThat(wrong.status()).as("checked by the cloud even while the lock is away: " + wrong).isEqualTo(400);
    }

    private static void enrolPasscode(Account owner, Lock lock, String id, int user, String code) {
        JsonNode started = expect(owner.post("/api/locks/" + id + "/users/" + user + "/enrolments",
                Map.of("kind", "PASSCODE", "duress", false)), 200).json();
        assertThat(started.get("status").asString()).isEqualTo("applied");
        lock.expectPrompt("ENTER_PASSCODE");
        lock.type(code);
        lock.type(code);
        lock.expectPrompt("OPERATION_SUCCESSFUL");
    }
}
