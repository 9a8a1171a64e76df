package io.keyward.cloud.locks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.protocol.pairing.PairingPayload;
import io.keyward.protocol.pairing.PairingProof;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SPEC A3 pairing, both halves over HTTP: the app submits the QR text, the lock proves it knows the
 * QR's secret. Here the test plays the lock's part with a QR it made itself, to reach every refusal.
 */
abstract class PairingApiTest extends CloudTest {

    private String owner;

    @BeforeEach
    void owner() {
        owner = signIn(signUp());
    }

    @Test
    @DisplayName("A3 a claimed lock that proves the secret is granted the cloud's key and a broker login; the account owns it")
    void paired() throws Exception {
        Qr qr = Qr.fresh(clock.instant());
        CompletableFuture<Api.Response> app = submit(owner, qr.text());

        Api.Response grant = lockAsks(qr, true, false);
        assertThat(grant.status()).as(grant.toString()).isEqualTo(200);
        assertThat(grant.json().get("cloudPublicKey").asString()).isNotBlank();
        assertThat(grant.json().get("brokerUri").asString()).startsWith("tcp://127.0.0.1:");
        assertThat(grant.json().get("brokerPassword").asString()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(grant.json().get("boundAt").asLong()).as("D7: when the binding was made, the cloud's clock")
                .isEqualTo(pairedAt(qr.serial));

        Api.Response added = app.get(10, TimeUnit.SECONDS);
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.json().get("serial").asString()).isEqualTo(qr.serial);
        assertThat(added.json().get("role").asString()).isEqualTo("OWNER");
        assertThat(api.get("/api/locks", cookie(owner)).json().findValuesAsString("serial")).containsExactly(qr.serial);
    }

    @Test
    @DisplayName("A3 refused: a code that is not a pairing code, an expired code, a used code")
    void badCodes() throws Exception {
        Api.Response garbage = submit(owner, "https://example.org/not-a-lock").get();
        assertThat(garbage.status()).isEqualTo(400);
        // issue 14: one plain sentence, never the parser's reason doubled or "expiry is not a number"
        assertThat(garbage.error()).isEqualTo(Pairing.NOT_A_CODE);
        Api.Response truncated = submit(owner, Qr.fresh(clock.instant()).text().substring(0, 30)).get();
        assertThat(truncated.status()).isEqualTo(400);
        assertThat(truncated.error()).isEqualTo(Pairing.INCOMPLETE);
        Api.Response cut = submit(owner, Qr.fresh(clock.instant()).text().replaceAll("&expires=.*$", "&expires=")).get();
        assertThat(cut.status()).isEqualTo(400);
        assertThat(cut.error()).isEqualTo(Pairing.INCOMPLETE).doesNotContain("not a number");

        Qr expired = Qr.fresh(clock.instant().minus(Duration.ofMinutes(6)));
        Api.Response late = submit(owner, expired.text()).get();
        assertThat(late.status()).isEqualTo(410);
        assertThat(late.error()).contains("expired");

        Qr qr = Qr.fresh(clock.instant());
        CompletableFuture<Api.Response> first = submit(owner, qr.text());
        assertThat(lockAsks(qr, true, false).status()).isEqualTo(200);
        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
        String other = signIn(signUp());
        Api.Response reused = submit(other, qr.text()).get();
        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.error()).isEqualTo("this pairing code was used already");
    }

    @Test
    @DisplayName("A3 refused: a lock with no administrator")
    void noAdministrator() throws Exception {
        Qr qr = Qr.fresh(clock.instant());
        CompletableFuture<Api.Response> app = submit(owner, qr.text());
        Api.Response lock = lockAsks(qr, false, false);
        assertThat(lock.status()).isEqualTo(409);
        assertThat(lock.error()).contains("no administrator");
        Api.Response added = app.get(10, TimeUnit.SECONDS);
        assertThat(added.status()).isEqualTo(409);
        assertThat(added.error()).isEqualTo("the lock has no administrator: create one on the lock first");
        assertThat(api.get("/api/locks", cookie(owner)).json().size()).isZero();
    }

    @Test
    @DisplayName("A3 the lock is refused without a claim or with a wrong proof; nothing is bound")
    void lockMustProveTheSecret() throws Exception {
        Qr qr = Qr.fresh(clock.instant());
        assertThat(lockAsks(qr, true, false).status()).as("no claim yet").isEqualTo(404);

        CompletableFuture<Api.Response> app = submit(owner, qr.text());
        Qr impostor = new Qr(qr.serial, "A" + qr.secret.substring(1), qr.expires);
        Api.Response forged = lockAsks(impostor, true, false);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(lockAsks(qr, true, false).status()).isEqualTo(200);
        assertThat(app.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
    }

    @Test
    @DisplayName("A3 a bound lock is not taken over by another account, but a factory-reset one is bound anew")
    void takeOverAndReset() throws Exception {
        Qr qr = Qr.fresh(clock.instant());
        CompletableFuture<Api.Response> first = submit(owner, qr.text());
        long firstBinding = lockAsks(qr, true, false).json().get("boundAt").asLong();
        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
        // the lock connected with its login (issue 11: until then its owner may pair it again)
        jdbc.sql("update locks set seen_at = login_issued_at where serial = ?").param(qr.serial).update();

        Api.Response again = submit(owner, Qr.fresh(qr.serial, clock.instant()).text()).get();
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).isEqualTo("this lock is already yours");

        String intruder = signIn(signUp());
        Qr second = Qr.fresh(qr.serial, clock.instant());
        CompletableFuture<Api.Response> takeOver = submit(intruder, second.text());
        assertThat(lockAsks(second, true, true).status()).as("the lock is still linked to its owner").isEqualTo(409);
        assertThat(takeOver.get(10, TimeUnit.SECONDS).error()).contains("bound to another account");
        assertThat(api.get("/api/locks", cookie(owner)).json().size()).isEqualTo(1);
        assertThat(pairedAt(qr.serial)).as("a refused claim keeps the binding's time").isEqualTo(firstBinding);

        clock.advance(java.time.Duration.ofMinutes(1));
        String buyer = signIn(signUp());
        Qr afterReset = Qr.fresh(qr.serial, clock.instant());
        CompletableFuture<Api.Response> rebind = submit(buyer, afterReset.text());
        Api.Response granted = lockAsks(afterReset, true, false);
        assertThat(granted.status()).as("reset: no cloud link any more").isEqualTo(200);
        assertThat(granted.json().get("boundAt").asLong()).as("D7: a new binding, so the old one's Bluetooth keys open nothing")
                .isEqualTo(pairedAt(qr.serial)).isGreaterThan(firstBinding);
        assertThat(rebind.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
        assertThat(api.get("/api/locks", cookie(owner)).json().size()).as("the old owner lost it").isZero();
        assertThat(api.get("/api/locks", cookie(buyer)).json().findValuesAsString("serial")).containsExactly(qr.serial);
    }

    @Test
    @DisplayName("A3 the lock's endpoint refuses malformed requests with 400")
    void lockBadInput() {
        assertThat(api.postJson("/api/pairing/not%20a%20serial", "{\"proof\":\"x\",\"administrator\":true,\"linked\":false}")
                .status()).isEqualTo(400);
        assertThat(api.postJson("/api/pairing/KW-1", "{\"proof\":\"x\"}").status()).isEqualTo(400);
        assertThat(api.postJson("/api/pairing/KW-1", "{\"proof\":\"x\",\"administrator\":\"yes\",\"linked\":false}")
                .status()).isEqualTo(400);
    }

    private CompletableFuture<Api.Response> submit(String session, String code) {
        String body = Api.json(Map.of("pairingCode", code, "name", "Front door"));
        return CompletableFuture.supplyAsync(() -> api.postJson("/api/locks", body, "Cookie", "KW_SESSION=" + session,
                "X-Keyward", "1"));
    }

    /** The lock's poll, after giving the app's claim a moment to land. */
    private long pairedAt(String serial) {
        return jdbc.sql("select paired_at from locks where serial = ?").param(serial)
                .query(java.time.OffsetDateTime.class).single().toInstant().toEpochMilli();
    }

    private Api.Response lockAsks(Qr qr, boolean administrator, boolean linked) throws InterruptedException {
        Thread.sleep(300);
        return api.postJson("/api/pairing/" + qr.serial, Api.json(Map.of("proof", PairingProof.of(qr.secret, qr.serial),
                "administrator", administrator, "linked", linked)));
    }

    private record Qr(String serial, String secret, Instant expires) {
        static Qr fresh(Instant now) {
            return fresh("KW-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(), now);
        }

        static Qr fresh(String serial, Instant now) {
            return new Qr(serial, UUID.randomUUID().toString().replace("-", ""), now.plus(Duration.ofMinutes(5)));
        }

        String text() {
            return new PairingPayload(serial, secret, expires).encode();
        }
    }
}
