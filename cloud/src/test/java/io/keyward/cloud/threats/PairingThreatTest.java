package io.keyward.cloud.threats;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.H2Storage;
import io.keyward.protocol.pairing.PairingPayload;
import io.keyward.protocol.pairing.PairingProof;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Threat suite, pairing (SPEC A3, docs/security.md): an attacker who knows a lock's serial (printed
 * on it, shown in its QR) plays both the app and "the lock" over real HTTP. Lock serials are public;
 * what only the real lock holds is its device identity key (Ed25519, made at its first start, kept
 * across factory resets), which the cloud records at the first binding.
 * (PairingApiTest covers the plain refusals: an expired code, a used code, a forged proof, a lock
 * with no administrator, a linked lock claimed by another account.)
 */
@H2Storage
@DisplayName("threats: pairing (A3) as an attacker tries it")
class PairingThreatTest extends CloudTest {

    private String owner;

    @BeforeEach
    void owner() {
        owner = signIn(signUp());
    }

    @Test
    @DisplayName("threat: a fake lock answering with a bound lock's serial (claiming it was reset) does not take it from its owner; the real lock after a reset does change hands")
    void threat41_fakeLockCannotRebindABoundLock() throws Exception {
        RealLock lock = new RealLock(newSerial());
        Qr qr = Qr.fresh(lock.serial, clock.instant());
        CompletableFuture<Api.Response> added = submit(owner, qr.text());
        assertThat(lock.asks(qr, false).status()).isEqualTo(200);
        assertThat(added.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);

        String intruder = signIn(signUp());
        int tried = 0;
        for (RealLock fake : new RealLock[] {new RealLock(lock.serial, null), new RealLock(lock.serial)}) {
            Qr own = Qr.fresh(lock.serial, clock.instant()); // the intruder's own QR for the victim's serial
            CompletableFuture<Api.Response> claim = submit(intruder, own.text());
            Api.Response answer = fake.asks(own, false);
            assertThat(answer.status()).as("the fake lock's answer: %s", answer).isIn(403, 409);
            assertThat(answer.body()).doesNotContain("brokerPassword");
            assertThat(claim.get(10, TimeUnit.SECONDS).status()).isIn(403, 409);
            tried++;
        }
        assertThat(locksOf(owner)).as("the owner keeps the lock").isEqualTo(1);
        assertThat(locksOf(intruder)).isZero();

        String buyer = signIn(signUp());
        Qr afterReset = Qr.fresh(lock.serial, clock.instant());
        CompletableFuture<Api.Response> rebind = submit(buyer, afterReset.text());
        assertThat(lock.asks(afterReset, false).status()).as("the real lock, factory-reset").isEqualTo(200);
        assertThat(rebind.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
        assertThat(locksOf(owner)).isZero();
        System.out.println("threats: pairing take-over attempts " + tried);
    }

    @Test
    @DisplayName("threat: someone who photographed a used QR cannot fetch a second broker login for the lock (which would lock the real one out)")
    void threat42_usedQrGivesNoSecondLogin() throws Exception {
        RealLock lock = new RealLock(newSerial());
        Qr qr = Qr.fresh(lock.serial, clock.instant());
        CompletableFuture<Api.Response> added = submit(owner, qr.text());
        assertThat(lock.asks(qr, false).status()).isEqualTo(200);
        assertThat(added.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);

        for (RealLock photographer : new RealLock[] {new RealLock(lock.serial, null), new RealLock(lock.serial)}) {
            Api.Response second = photographer.asks(qr, true);
            assertThat(second.status()).as("%s", second).isIn(403, 409);
            assertThat(second.body()).doesNotContain("brokerPassword");
        }
        assertThat(lock.asks(qr, true).status()).as("the real lock may ask again (its answer was lost)").isEqualTo(200);
    }

    @Test
    @DisplayName("threat: a QR of another lock: lock B cannot complete lock A's claim with its own secret, nor use A's proof on its own serial; A still pairs")
    void threat44_qrOfAnotherLockCompletesNothing() throws Exception {
        RealLock a = new RealLock(newSerial());
        RealLock b = new RealLock(newSerial());
        Qr qrA = Qr.fresh(a.serial, clock.instant());
        Qr qrB = Qr.fresh(b.serial, clock.instant());
        CompletableFuture<Api.Response> added = submit(owner, qrA.text());
        Thread.sleep(300); // the app's claim lands first
        for (String proof : new String[] {PairingProof.of(qrB.secret, a.serial), PairingProof.of(qrB.secret, b.serial)}) {
            Api.Response bOnA = api.postJson("/api/pairing/" + a.serial, Api.json(Map.of("proof", proof,
                    "administrator", true, "linked", false)));
            assertThat(bOnA.status()).as("B's secret on A's claim").isEqualTo(403);
        }
        Api.Response aProofOnB = api.postJson("/api/pairing/" + b.serial, Api.json(Map.of("proof",
                PairingProof.of(qrA.secret, qrA.serial), "administrator", true, "linked", false)));
        assertThat(aProofOnB.status()).as("A's proof on B's serial (no claim)").isEqualTo(404);
        assertThat(a.asks(qrA, false).status()).isEqualTo(200);
        assertThat(added.get(10, TimeUnit.SECONDS).json().get("serial").asString()).isEqualTo(a.serial);
    }

    @Test
    @DisplayName("threat: someone who knows the serial claims it with a QR of their own while the owner pairs: the owner's claim is not displaced, the real lock pairs with the owner")
    void threat45_competingClaimDoesNotDisplaceTheOwners() throws Exception {
        RealLock lock = new RealLock(newSerial());
        Qr qr = Qr.fresh(lock.serial, clock.instant());
        CompletableFuture<Api.Response> added = submit(owner, qr.text());
        Thread.sleep(300);
        String intruder = signIn(signUp());
        CompletableFuture<Api.Response> competing = submit(intruder, Qr.fresh(lock.serial, clock.instant()).text());
        Thread.sleep(300);
        Api.Response grant = lock.asks(qr, false);
        assertThat(grant.status()).as("the real lock, proving the owner's QR: %s", grant).isEqualTo(200);
        assertThat(added.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
        assertThat(locksOf(owner)).isEqualTo(1);
        assertThat(competing.get(30, TimeUnit.SECONDS).status()).as("the intruder's claim").isNotEqualTo(201);
        assertThat(locksOf(intruder)).isZero();
    }

    @Test
    @DisplayName("threat: a QR naming one of the service's MQTT names (keyward-cloud-1, keyward-admin) is refused before anything is stored")
    void threat43_reservedSerialRefused() {
        for (String serial : new String[] {"keyward-cloud-1", "keyward-admin", "KEYWARD-CLOUD-1"}) {
            String text = "keyward://pair?v=1&serial=" + serial + "&secret=" + "a".repeat(32) + "&expires="
                    + clock.instant().plusSeconds(300).getEpochSecond();
            Api.Response r = api.postJson("/api/locks", Api.json(Map.of("pairingCode", text, "name", "x")),
                    "Cookie", "KW_SESSION=" + owner, "X-Keyward", "1");
            assertThat(r.status()).as(serial).isEqualTo(400);
            assertThat(r.error()).contains("not a Keyward pairing code");
        }
        assertThat(jdbc.sql("select count(*) from pairing_claims where lower(serial) like 'keyward-%'").query(Long.class)
                .single()).isZero();
    }

    private int locksOf(String session) {
        return api.get("/api/locks", cookie(session)).json().size();
    }

    private static String newSerial() {
        return "KW-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    private CompletableFuture<Api.Response> submit(String session, String code) {
        String body = Api.json(Map.of("pairingCode", code, "name", "Front door"));
        return CompletableFuture.supplyAsync(() -> api.postJson("/api/locks", body, "Cookie", "KW_SESSION=" + session,
                "X-Keyward", "1"));
    }

    /** Plays a lock's side of pairing over HTTP, with its device identity key (none: an old or fake lock). */
    private final class RealLock {
        final String serial;
        final KeyPair identity;

        RealLock(String serial) throws Exception {
            this(serial, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        }

        private RealLock(String serial, KeyPair identity) {
            this.serial = serial;
            this.identity = identity;
        }


        Api.Response asks(Qr qr, boolean linked) throws Exception {
            Thread.sleep(300); // the app's claim lands first
            String proof = PairingProof.of(qr.secret, qr.serial);
            Map<String, Object> body = new LinkedHashMap<>(Map.of("proof", proof, "administrator", true, "linked", linked));
            if (identity != null) {
                body.put("deviceKey", Base64.getEncoder().encodeToString(identity.getPublic().getEncoded()));
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(identity.getPrivate());
                s.update(("keyward-pairing-device-v1|" + serial + "|" + proof).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                body.put("deviceSignature", Base64.getEncoder().encodeToString(s.sign()));
            }
            return api.postJson("/api/pairing/" + serial, Api.json(body));
        }
    }

    private record Qr(String serial, String secret, Instant expires) {
        static Qr fresh(String serial, Instant now) {
            return new Qr(serial, UUID.randomUUID().toString().replace("-", ""), now.plus(Duration.ofMinutes(5)));
        }

        String text() {
            return new PairingPayload(serial, secret, expires).encode();
        }
    }
}
