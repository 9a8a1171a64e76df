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
 * queued. A lock that is away: 202, the command still pending. The lock's events of a change made
 * from the app name the account that asked, as remote unlock's do.
 */
@DisplayName("Management requests: 409 with the lock's reason, 400 before queueing, 202 while pending; events name who asked (H2, embedded broker)")
class CommandRefusalsTest extends CloudWithLocks {

    @Override
    Map<String, String> settings() {
        return Map.of();
    }

    @Override
    boolean onTheSharedCloud() {
        return true;
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

    @Test
    @DisplayName("SPEC B2, H6, D1, G1 events of changes made from the app name the account that asked: user added, validity "
            + "changed, credential added (enrolment started in the app, finished at the door), credential deleted, setting changed, "
            + "lockout lifted, accessory paired, user deleted, command refused")
    void eventsNameWhoAsked() throws Exception {
        Account owner = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);
        String by = "account " + owner.email;

        int bob = expect(owner.post("/api/locks/" + id + "/users", Map.of("name", "Bob", "role", "USER")), 200).json().get("user").asInt();
        assertThat(lockEvent(lock, "USER_ADDED")).isEqualTo("USER, " + by);
        expect(owner.put("/api/locks/" + id + "/users/" + bob + "/validity", Map.of("from", "2026-01-01T00:00:00Z")), 200);
        assertThat(lockEvent(lock, "VALIDITY_CHANGED")).isEqualTo(by);
        enrolPasscode(owner, lock, id, bob, "813579");
        await().atMost(SOON).until(() -> userReport(owner, id, bob).contains("passcode-"));
        java.util.regex.Matcher passcode = java.util.regex.Pattern.compile("passcode-[0-9]+").matcher(userReport(owner, id, bob));
        assertThat(passcode.find()).isTrue();
        String credential = passcode.group();
        assertThat(lockEvent(lock, "CREDENTIAL_ADDED")).isEqualTo(by);
        expect(owner.delete("/api/locks/" + id + "/users/" + bob + "/credentials/" + credential), 200);
        assertThat(lockEvent(lock, "CREDENTIAL_DELETED")).isEqualTo(by);
        expect(owner.put("/api/locks/" + id + "/settings/RELOCK_SECONDS", Map.of("value", "30")), 200);
        assertThat(lockEvent(lock, "SETTING_CHANGED")).isEqualTo("RELOCK_SECONDS=30, " + by);
        for (int i = 0; i < 5; i++) {
            lock.type("9081726354"); // wrong: five lock the keypad out (D1)
        }
        expect(owner.post("/api/locks/" + id + "/lockout/lift", "{}"), 200);
        assertThat(lockEvent(lock, "LOCKOUT_LIFTED")).isEqualTo(by);
        expect(owner.post("/api/locks/" + id + "/accessories", Map.of("kind", "DOOR_SENSOR", "name", "Front")), 200);
        assertThat(lockEvent(lock, "ACCESSORY_PAIRED")).isEqualTo("DOOR_SENSOR Front, " + by);
        expect(owner.delete("/api/locks/" + id + "/users/" + bob), 200);
        assertThat(lockEvent(lock, "USER_DELETED")).isEqualTo(by);
        expect(owner.delete("/api/locks/" + id + "/users/1"), 409);
        assertThat(lockEvent(lock, "COMMAND_REFUSED")).isEqualTo("DeleteUser: the last administrator cannot be deleted, " + by);

        // and the cloud's All Events shows the same words (H5)
        await().atMost(SOON).untilAsserted(() -> assertThat(EndToEndTest.events(owner, id, "kind=SETTING_CHANGED"))
                .extracting(e -> e.get("detail").asString()).contains("RELOCK_SECONDS=30, " + by));
    }

    @Test
    @DisplayName("SPEC B2 a command on the panel's own link (nobody asked through the cloud) names no account")
    void panelCommandNamesNoAccount() throws Exception {
        Lock lock = newLock().withAdministrator();
        lock.post("/command", "{\"type\":\"CHANGE_SETTING\",\"setting\":\"RELOCK_SECONDS\",\"value\":\"30\"}");
        assertThat(lockEvent(lock, "SETTING_CHANGED")).isEqualTo("RELOCK_SECONDS=30");
    }

    /** What the lock last reported of this lock user, as JSON text. */
    private static String userReport(Account owner, String id, int user) {
        for (JsonNode u : owner.lock(id).at("/reported/users")) {
            if (u.get("id").asInt() == user) {
                return u.toString();
            }
        }
        return "";
    }

    /** The detail of the lock's newest event of this kind (read off its panel log). */
    private static String lockEvent(Lock lock, String kind) {
        JsonNode last = null;
        for (JsonNode e : lock.events()) {
            if (kind.equals(e.get("kind").asString())) {
                last = e;
            }
        }
        assertThat(last).as("a " + kind + " event on the lock").isNotNull();
        return last.get("detail").isNull() ? null : last.get("detail").asString();
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
