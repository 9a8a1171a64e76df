package io.keyward.cloud.visitors;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.TestLocks;
import io.keyward.protocol.visitor.CodeId;
import io.keyward.protocol.visitor.SeenCodes;
import io.keyward.protocol.visitor.VisitorCode;
import io.keyward.protocol.visitor.VisitorCodeCheck;
import io.keyward.protocol.visitor.VisitorSecret;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC E1, E2 over real HTTP: the cloud issues, lists and revokes offline visitor passcodes of a lock. */
abstract class VisitorCodesApiTest extends CloudTest {

    record Person(String email, UUID id, String session) {
        String[] changing() {
            return new String[] {"Cookie", "KW_SESSION=" + session, "X-Keyward", "1"};
        }
    }

    private Person person() {
        String email = signUp();
        return new Person(email, TestLocks.accountId(jdbc, email), signIn(email));
    }

    /** A lock of the owner's with a visitor secret, as pairing leaves it. */
    private UUID lockWith(Person owner, VisitorSecret secret) {
        UUID lock = TestLocks.create(jdbc, owner.id());
        jdbc.sql("update locks set visitor_secret = :s where id = :id").param("s", secret.toBase64Url()).param("id", lock)
                .update();
        return lock;
    }

    private Api.Response issue(Person by, UUID lock, String kind, Object start, Object end, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind);
        if (start != null) {
            body.put("start", start.toString());
        }
        if (end != null) {
            body.put("end", end.toString());
        }
        if (name != null) {
            body.put("name", name);
        }
        return api.postJson("/api/locks/" + lock + "/visitor-codes", Api.json(body), by.changing());
    }

    private static Instant instant(JsonNode node) {
        return OffsetDateTime.parse(node.asString()).toInstant();
    }

    private Instant thisHour() {
        return VisitorCode.startOf(VisitorCode.hourOf(clock.instant()));
    }

    @Test
    @DisplayName("E1 a manager gets a one-time code (start rounded down to the hour, 6 hours) that the lock's check accepts once")
    void oneTime() {
        Person owner = person();
        VisitorSecret secret = VisitorSecret.generate();
        UUID lock = lockWith(owner, secret);
        Instant start = thisHour().plus(Duration.ofMinutes(30));

        Api.Response issued = issue(owner, lock, "ONE_TIME", start, null, "  Plumber ");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        JsonNode code = issued.json();
        assertThat(code.get("kind").asString()).isEqualTo("ONE_TIME");
        assertThat(code.get("code").asString()).matches("[0-9]{12}");
        assertThat(code.get("name").asString()).isEqualTo("Plumber");
        assertThat(instant(code.get("start"))).isEqualTo(thisHour());
        assertThat(instant(code.get("end"))).isEqualTo(thisHour().plus(Duration.ofHours(6)));
        assertThat(code.get("note").asString()).contains("rounded down");
        assertThat(code.get("createdBy").asString()).isEqualTo(owner.id().toString());
        assertThat(issued.header("Location")).hasValue("/api/locks/" + lock + "/visitor-codes/" + code.get("id").asString());

        VisitorCodeCheck.Result first = VisitorCodeCheck.check(secret, clock.instant(), code.get("code").asString(),
                SeenCodes.empty());
        assertThat(first.outcome()).isEqualTo(VisitorCodeCheck.Outcome.ACCEPT);
        assertThat(first.id().kind() + "/" + first.id().startHour() + "/" + first.id().variant())
                .isEqualTo(code.get("codeId").asString());
        assertThat(VisitorCodeCheck.check(secret, clock.instant(), code.get("code").asString(), first.seen()).outcome())
                .isEqualTo(VisitorCodeCheck.Outcome.USED);

        Api.Response another = issue(owner, lock, "ONE_TIME", thisHour(), null, null);
        assertThat(another.status()).isEqualTo(201);
        assertThat(another.json().get("code").asString()).as("another serial").isNotEqualTo(code.get("code").asString());
        assertThat(another.json().get("note").isNull()).isTrue();
    }

    @Test
    @DisplayName("E2 a periodic code gets the longest allowed period that does not pass its end; the list shows newest first")
    void periodicAndList() {
        Person owner = person();
        VisitorSecret secret = VisitorSecret.generate();
        UUID lock = lockWith(owner, secret);
        Instant start = thisHour();

        Api.Response periodic = issue(owner, lock, "PERIODIC", start, start.plus(Duration.ofHours(50)), "Cleaner");
        assertThat(periodic.status()).as(periodic.toString()).isEqualTo(201);
        assertThat(instant(periodic.json().get("end"))).isEqualTo(start.plus(Duration.ofHours(48)));
        assertThat(instant(periodic.json().get("firstUseBefore"))).isEqualTo(start.plus(Duration.ofHours(24)));
        assertThat(periodic.json().get("note").asString()).contains("end set to");
        String digits = periodic.json().get("code").asString();
        VisitorCodeCheck.Result used = VisitorCodeCheck.check(secret, clock.instant(), digits, SeenCodes.empty());
        assertThat(used.opens()).isTrue();
        assertThat(VisitorCodeCheck.check(secret, start.plus(Duration.ofHours(47)), digits, used.seen()).opens())
                .as("again inside its period").isTrue();
        assertThat(VisitorCodeCheck.check(secret, start.plus(Duration.ofHours(48)), digits, used.seen()).outcome())
                .isEqualTo(VisitorCodeCheck.Outcome.EXPIRED);

        clock.advance(Duration.ofMillis(5));
        Api.Response oneTime = issue(owner, lock, "ONE_TIME", start, null, null);
        assertThat(oneTime.status()).isEqualTo(201);
        Api.Response list = api.get("/api/locks/" + lock + "/visitor-codes", owner.changing());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().findValuesAsString("id"))
                .containsExactly(oneTime.json().get("id").asString(), periodic.json().get("id").asString());
    }

    @Test
    @DisplayName("E1 revoking answers a revoke code for the keypad; the lock's check then refuses the code (REVOKED)")
    void revoke() {
        Person owner = person();
        VisitorSecret secret = VisitorSecret.generate();
        UUID lock = lockWith(owner, secret);
        Api.Response issued = issue(owner, lock, "ONE_TIME", thisHour().plus(Duration.ofHours(2)), null, null);
        String id = issued.json().get("id").asString();

        Api.Response revoked = api.postJson("/api/locks/" + lock + "/visitor-codes/" + id + "/revoke", "", owner.changing());
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        String revokeCode = revoked.json().get("revokeCode").asString();
        assertThat(revokeCode).matches("[0-9]{12}");
        assertThat(revoked.json().get("revokedAt").isNull()).isFalse();

        VisitorCodeCheck.Result typed = VisitorCodeCheck.check(secret, clock.instant(), revokeCode, SeenCodes.empty());
        assertThat(typed.outcome()).isEqualTo(VisitorCodeCheck.Outcome.ACCEPT);
        CodeId target = typed.revokedTarget().orElseThrow();
        assertThat(target.kind() + "/" + target.startHour() + "/" + target.variant())
                .isEqualTo(issued.json().get("codeId").asString());
        assertThat(VisitorCodeCheck.check(secret, clock.instant().plus(Duration.ofHours(2)),
                issued.json().get("code").asString(), typed.seen()).outcome()).isEqualTo(VisitorCodeCheck.Outcome.REVOKED);

        JsonNode listed = api.get("/api/locks/" + lock + "/visitor-codes", owner.changing()).json().get(0);
        assertThat(listed.get("revokedAt").isNull()).isFalse();

        Api.Response unknown = api.postJson("/api/locks/" + lock + "/visitor-codes/" + UUID.randomUUID() + "/revoke", "",
                owner.changing());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("no such visitor code");
    }

    @Test
    @DisplayName("E1, E2 bad input answers 400 with a reason; a member may not issue (403); a lock without secret 409")
    void refusals() {
        Person owner = person();
        UUID lock = lockWith(owner, VisitorSecret.generate());
        Instant now = thisHour();
        Map<String, Api.Response> bad = new LinkedHashMap<>();
        bad.put("kind: must be ONE_TIME or PERIODIC", issue(owner, lock, "DAILY", now, null, null));
        bad.put("start: must not be null", issue(owner, lock, "ONE_TIME", null, null, null));
        bad.put("end: required for a PERIODIC code", issue(owner, lock, "PERIODIC", now, null, null));
        bad.put("end: only a PERIODIC code has an end", issue(owner, lock, "ONE_TIME", now, now.plusSeconds(7200), null));
        bad.put("end: must be at least one hour after the start", issue(owner, lock, "PERIODIC", now, now.plusSeconds(1800), null));
        bad.put("start: must be at or after 2026-01-01T00:00:00Z", issue(owner, lock, "ONE_TIME", "2025-12-31T23:00:00Z", null, null));
        bad.put("start: this one-time code's 6 hours are over already",
                issue(owner, lock, "ONE_TIME", now.minus(Duration.ofHours(6)), null, null));
        bad.put("start: a periodic code must be used for the first time within 24 hours",
                issue(owner, lock, "PERIODIC", now.minus(Duration.ofHours(24)), now.plus(Duration.ofHours(24)), null));
        bad.put("start", issue(owner, lock, "ONE_TIME", "tomorrow", null, null));
        bad.forEach((reason, response) -> {
            assertThat(response.status()).as(reason + ": " + response).isEqualTo(400);
            assertThat(response.error()).as(reason).contains(reason);
        });
        assertThat(api.get("/api/locks/" + lock + "/visitor-codes", owner.changing()).json().size()).isZero();

        Person member = person();
        jdbc.sql("insert into shares (lock_id, account_id, role, created_at) values (:lock, :account, 'MEMBER', :now)")
                .param("lock", lock).param("account", member.id()).param("now", OffsetDateTime.now()).update();
        assertThat(issue(member, lock, "ONE_TIME", now, null, null).status()).isEqualTo(403);
        assertThat(api.get("/api/locks/" + lock + "/visitor-codes", member.changing()).status()).isEqualTo(403);

        UUID noSecret = TestLocks.create(jdbc, owner.id());
        Api.Response old = issue(owner, noSecret, "ONE_TIME", now, null, null);
        assertThat(old.status()).isEqualTo(409);
        assertThat(old.error()).contains("no visitor secret");
    }
}
