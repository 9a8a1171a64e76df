package io.keyward.cloud.visitors;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.TestLocks;
import io.keyward.cloud.locks.Locks;
import io.keyward.protocol.visitor.CodeId;
import io.keyward.protocol.visitor.SeenCodes;
import io.keyward.protocol.visitor.VisitorCode;
import io.keyward.protocol.visitor.VisitorCodeCheck;
import io.keyward.protocol.visitor.VisitorSecret;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, trust design §5 (SPEC E1, E2) over real HTTP: for a lock in trust mode the app makes the visitor
 * code and the cloud records only its id, period and name (POST .../visitor-codes/made-in-app), never the
 * digits; the list shows it (code null, madeInApp), revoking it syncs the revocation by id. Here the test
 * plays the app with the protocol's VisitorCode (the same digits as visitor-codes.js: VisitorVectorsTest), and
 * the lock's report lists an owner device, as a lock that bound one reports it (trust design §6).
 */
abstract class AppMadeVisitorCodesApiTest extends CloudTest {

    @Autowired
    Locks locks;

    record Person(UUID id, String session) {
        String[] changing() {
            return new String[] {"Cookie", "KW_SESSION=" + session, "X-Keyward", "1"};
        }
    }

    private Person person() {
        String email = signUp();
        return new Person(TestLocks.accountId(jdbc, email), signIn(email));
    }

    /** A lock whose last report lists one owner device: what the lock reports once it bound one (§6), kept as any report. */
    private UUID trustLock(Person owner) {
        UUID lock = TestLocks.create(jdbc, owner.id());
        jdbc.sql("update locks set visitor_secret = :old where id = :id")
                .param("old", VisitorSecret.generate().toBase64Url()).param("id", lock).update();
        report(lock, "{\"ownerDevices\":[{\"deviceId\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"name\":\"Alice's phone\","
                + "\"boundAt\":\"2026-12-06T04:00:00Z\",\"how\":\"PAIRING_QR\"}]}");
        return lock;
    }

    private void report(UUID lock, String state) {
        String serial = jdbc.sql("select serial from locks where id = :id").param("id", lock).query(String.class).single();
        locks.reported(serial, state, System.nanoTime(), OffsetDateTime.now());
    }

    private Api.Response made(Person by, UUID lock, String kind, Object start, Object end, Integer variant, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind);
        if (start != null) {
            body.put("start", start.toString());
        }
        if (end != null) {
            body.put("end", end.toString());
        }
        if (variant != null) {
            body.put("variant", variant);
        }
        if (name != null) {
            body.put("name", name);
        }
        return api.postJson("/api/locks/" + lock + "/visitor-codes/made-in-app", Api.json(body), by.changing());
    }

    private long nowHour() {
        return VisitorCode.hourOf(clock.instant());
    }

    private int rows(UUID lock) {
        return jdbc.sql("select count(*) from visitor_codes where lock_id = :lock").param("lock", lock)
                .query(Integer.class).single();
    }

    @Test
    @DisplayName("§5 E1 a one-time code made in the app is recorded by id without digits (the table holds none), listed, and opens the lock once")
    void oneTimeWithoutDigits() {
        Person owner = person();
        UUID lock = trustLock(owner);
        VisitorSecret lockSecret = VisitorSecret.generate(); // made by the lock at the first bind; the cloud never saw it
        long hour = nowHour();
        VisitorCode code = VisitorCode.oneTime(lockSecret, hour, 3);

        Api.Response answer = made(owner, lock, "ONE_TIME", VisitorCode.startOf(hour), null, 3, " Plumber ");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        JsonNode view = answer.json();
        assertThat(view.get("code").isNull()).as("no digits in the answer").isTrue();
        assertThat(view.get("madeInApp").asBoolean()).isTrue();
        assertThat(view.get("codeId").asString()).isEqualTo("ONE_TIME/" + hour + "/3");
        assertThat(view.get("name").asString()).isEqualTo("Plumber");
        assertThat(OffsetDateTime.parse(view.get("end").asString()).toInstant()).isEqualTo(VisitorCode.startOf(hour + 6));
        assertThat(answer.header("Location")).hasValue("/api/locks/" + lock + "/visitor-codes/" + view.get("id").asString());

        // the table: the row has no code, and no column of it holds the digits
        Map<String, Object> row = jdbc.sql("select * from visitor_codes where id = :id")
                .param("id", UUID.fromString(view.get("id").asString())).query().singleRow();
        assertThat(row.get("CODE") != null ? row.get("CODE") : row.get("code")).isNull();
        assertThat(row.values()).noneMatch(v -> v != null && v.toString().contains(code.digits()));

        JsonNode listed = api.get("/api/locks/" + lock + "/visitor-codes", owner.changing()).json();
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).get("code").isNull()).isTrue();
        assertThat(listed.get(0).get("madeInApp").asBoolean()).isTrue();

        // the lock's own check with its secret: the app's digits open once (E1)
        VisitorCodeCheck.Result first = VisitorCodeCheck.check(lockSecret, clock.instant(), code.digits(), SeenCodes.empty());
        assertThat(first.outcome()).isEqualTo(VisitorCodeCheck.Outcome.ACCEPT);
        assertThat(first.id()).isEqualTo(new CodeId(io.keyward.protocol.visitor.VisitorKind.ONE_TIME, hour, 3));

        Api.Response again = made(owner, lock, "ONE_TIME", VisitorCode.startOf(hour), null, 3, "Twice");
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.error()).startsWith("VARIANT_TAKEN");
        assertThat(rows(lock)).as("nothing more stored").isEqualTo(1);
        assertThat(made(owner, lock, "ONE_TIME", VisitorCode.startOf(hour), VisitorCode.startOf(hour + 6), 4, null).status())
                .as("another serial, with its exact end").isEqualTo(201);
    }

    @Test
    @DisplayName("§5 E2 a periodic code is recorded with the end its variant's period gives; any other end is refused")
    void periodic() {
        Person owner = person();
        UUID lock = trustLock(owner);
        long hour = nowHour();
        VisitorCode code = VisitorCode.periodic(VisitorSecret.generate(), hour, hour + 50, 1);
        Instant end = VisitorCode.startOf(VisitorCode.effectiveEnd(hour, hour + 50));
        int variant = code.id().variant();

        Api.Response wrongEnd = made(owner, lock, "PERIODIC", VisitorCode.startOf(hour), VisitorCode.startOf(hour + 50), variant, null);
        assertThat(wrongEnd.status()).isEqualTo(400);
        assertThat(wrongEnd.error()).contains("end: must be the end of the variant's period, " + end);

        Api.Response answer = made(owner, lock, "PERIODIC", VisitorCode.startOf(hour), end, variant, "Cleaner");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(OffsetDateTime.parse(answer.json().get("end").asString()).toInstant()).isEqualTo(end);
        assertThat(OffsetDateTime.parse(answer.json().get("firstUseBefore").asString()).toInstant())
                .isEqualTo(VisitorCode.startOf(hour + 24));
        assertThat(answer.json().get("codeId").asString()).isEqualTo("PERIODIC/" + hour + "/" + variant);
    }

    @Test
    @DisplayName("§5 revoking a code made in the app marks it revoked and syncs REVOKE_VISITOR_CODE by its id; no revoke code from the cloud")
    void revoke() {
        Person owner = person();
        UUID lock = trustLock(owner);
        long hour = nowHour() + 2;
        Api.Response madeCode = made(owner, lock, "ONE_TIME", VisitorCode.startOf(hour), null, 0, null);
        String id = madeCode.json().get("id").asString();

        Api.Response revoked = api.postJson("/api/locks/" + lock + "/visitor-codes/" + id + "/revoke", "", owner.changing());
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.json().get("revokeCode").isNull()).as("the cloud does not know the lock's secret").isTrue();
        assertThat(revoked.json().get("note").asString()).contains("made in the app");
        assertThat(revoked.json().get("syncCommand").isNull()).isFalse();
        String sync = revoked.json().get("syncCommand").asString();
        String body = jdbc.sql("select body from lock_commands where id = :id").param("id", UUID.fromString(sync))
                .query(String.class).single();
        assertThat(body).contains("REVOKE_VISITOR_CODE").contains("ONE_TIME/" + hour + "/0");
        JsonNode listed = api.get("/api/locks/" + lock + "/visitor-codes", owner.changing()).json().get(0);
        assertThat(listed.get("revokedAt").isNull()).isFalse();
    }

    @Test
    @DisplayName("§5 bad input answers 400 with its reason, a member 403, a lock not in trust mode 409; nothing is stored")
    void refusals() {
        Person owner = person();
        UUID lock = trustLock(owner);
        long hour = nowHour();
        Instant start = VisitorCode.startOf(hour);
        Map<String, Api.Response> bad = new LinkedHashMap<>();
        bad.put("kind: must be ONE_TIME or PERIODIC", made(owner, lock, "REVOKE", start, null, 0, null));
        bad.put("start: must not be null", made(owner, lock, "ONE_TIME", null, null, 0, null));
        bad.put("variant: must not be null", made(owner, lock, "ONE_TIME", start, null, null, null));
        bad.put("start: must be the whole UTC hour the code was made for",
                made(owner, lock, "ONE_TIME", start.plus(Duration.ofMinutes(30)), null, 0, null));
        bad.put("start: must be at or after 2026-01-01T00:00:00Z", made(owner, lock, "ONE_TIME", "2025-12-31T23:00:00Z", null, 0, null));
        bad.put("variant: a ONE_TIME serial is 0..15", made(owner, lock, "ONE_TIME", start, null, 16, null));
        bad.put("variant: a PERIODIC variant is duration class * 2 + serial, 0..63", made(owner, lock, "PERIODIC", start,
                start.plus(Duration.ofHours(1)), 64, null));
        bad.put("variant: a ONE_TIME serial is 0..15 ", made(owner, lock, "ONE_TIME", start, null, -1, null));
        bad.put("end: required for a PERIODIC code", made(owner, lock, "PERIODIC", start, null, 0, null));
        bad.put("end: a ONE_TIME code is good for 6 hours", made(owner, lock, "ONE_TIME", start, start.plus(Duration.ofHours(7)), 0, null));
        bad.put("start: this code could no longer open", made(owner, lock, "ONE_TIME", VisitorCode.startOf(hour - 6), null, 0, null));
        bad.put("start: this code could no longer open ", made(owner, lock, "PERIODIC", VisitorCode.startOf(hour - 24),
                VisitorCode.startOf(hour), 32, null));
        bad.put("name: no control characters", made(owner, lock, "ONE_TIME", start, null, 0, "Bob\u0007"));
        bad.put("name: size must be between 0 and 100", made(owner, lock, "ONE_TIME", start, null, 0, "x".repeat(101)));
        bad.put("start", made(owner, lock, "ONE_TIME", "tomorrow", null, 0, null));
        bad.forEach((reason, response) -> {
            assertThat(response.status()).as(reason + ": " + response).isEqualTo(400);
            assertThat(response.error()).as(reason).contains(reason.strip());
        });
        assertThat(rows(lock)).isZero();

        Person member = person();
        jdbc.sql("insert into shares (lock_id, account_id, role, created_at) values (:lock, :account, 'MEMBER', :now)")
                .param("lock", lock).param("account", member.id()).param("now", OffsetDateTime.now()).update();
        assertThat(made(member, lock, "ONE_TIME", start, null, 0, null).status()).isEqualTo(403);

        UUID plain = TestLocks.create(jdbc, owner.id());
        Api.Response notTrust = made(owner, plain, "ONE_TIME", start, null, 0, null);
        assertThat(notTrust.status()).isEqualTo(409);
        assertThat(notTrust.error()).startsWith("NOT_IN_TRUST_MODE");
        report(plain, "{\"ownerDevices\":[]}");
        assertThat(made(owner, plain, "ONE_TIME", start, null, 0, null).status()).as("an empty list: not in trust mode").isEqualTo(409);
        assertThat(rows(plain)).isZero();
        assertThat(rows(lock)).isZero();
    }
}
