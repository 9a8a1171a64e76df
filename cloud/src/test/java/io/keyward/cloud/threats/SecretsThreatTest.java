package io.keyward.cloud.threats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.H2Storage;
import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.pairing.DeviceIdentity;
import io.keyward.protocol.pairing.PairingPayload;
import io.keyward.protocol.pairing.PairingProof;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Threat suite, credentials derived from public data (docs/security.md): every secret the cloud
 * hands out, made for neighbouring public inputs (sequential serials, emails) at one frozen instant
 * of the cloud's clock, and for the very same inputs twice. A secret computed from public data would
 * repeat for the same inputs, or equal a plain derivation of them; each must instead be unrelated,
 * as long as its documented size, and contain none of the public data.
 */
@H2Storage
@DisplayName("threats: no secret of the cloud is derivable from serials, ids, emails or timestamps")
class SecretsThreatTest extends CloudTest {

    private int checked;

    @Test
    @DisplayName("threat: broker passwords and visitor secrets of locks with sequential serials, and of one serial paired again, are unrelated 256-bit values")
    void threat51_lockSecretsUnrelatedToSerials() throws Exception {
        String base = "KW-S" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();
        List<String> brokerPasswords = new ArrayList<>();
        List<String> visitorSecrets = new ArrayList<>();
        List<String> publicData = new ArrayList<>(List.of(String.valueOf(clock.instant().getEpochSecond()),
                String.valueOf(clock.instant().toEpochMilli())));
        KeyPair identity = CommandSigning.newKeyPair();
        for (String serial : new String[] {base + "01", base + "02"}) {
            String owner = signIn(signUp());
            JsonNode grant = pair(owner, serial, identity);
            brokerPasswords.add(grant.get("brokerPassword").asString());
            visitorSecrets.add(grant.get("visitorSecret").asString());
            publicData.add(serial);
            publicData.add(lockId(owner));
        }
        // the same serial again at the same instant, once its owner removed it: a new login and secret
        String owner = signIn(signUp());
        String serial = base + "01";
        JsonNode again = pairAfterRemoval(owner, serial, identity);
        brokerPasswords.add(again.get("brokerPassword").asString());
        visitorSecrets.add(again.get("visitorSecret").asString());
        unguessable("broker password", brokerPasswords, 32, publicData);
        unguessable("visitor secret", visitorSecrets, 32, publicData);
        System.out.println("threats: secrets checked against public data " + checked);
    }

    @Test
    @DisplayName("threat: session ids and API tokens of accounts with neighbouring emails, signed in at the same instant, are unrelated 256-bit values")
    void threat52_sessionAndApiTokensUnrelated() {
        String stem = "seq-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> sessions = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<String> publicData = new ArrayList<>(List.of(String.valueOf(clock.instant().getEpochSecond()),
                String.valueOf(clock.instant().toEpochMilli())));
        for (int i = 1; i <= 3; i++) {
            String email = stem + i + "@example.com";
            Api.Response up = api.postJson("/api/accounts",
                    Api.json(Map.of("email", email, "password", PASSWORD, "displayName", "Seq " + i)));
            assertThat(up.status()).as(up.toString()).isEqualTo(201);
            publicData.add(email);
            String first = signIn(email);
            String second = signIn(email); // same account, same instant
            sessions.add(first);
            sessions.add(second);
            tokens.add(newToken(first, "t").get("token").asString().replaceFirst("^[a-z]+_", ""));
            tokens.add(newToken(first, "t").get("token").asString().replaceFirst("^[a-z]+_", ""));
            publicData.add(api.get("/api/me", cookie(first)).json().get("id").asString());
        }
        unguessable("session id", sessions, 32, publicData);
        unguessable("API token", tokens, 32, publicData);
    }

    @Test
    @DisplayName("threat: Bluetooth key ids and visitors' pairing codes made for one lock at one instant are unrelated (128 and 60 random bits)")
    void threat53_bluetoothIdsAndInviteCodesUnrelated() throws Exception {
        String owner = signIn(signUp());
        String serial = "KW-B" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        pair(owner, serial, CommandSigning.newKeyPair());
        String lock = lockId(owner);
        List<String> publicData = List.of(serial, lock, String.valueOf(clock.instant().getEpochSecond()));
        List<String> keyIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // one key per device (asking again for the same device returns its key)
            String device = DeviceKeys.encode(DeviceKeys.newKeyPair().getPublic());
            Api.Response r = api.postJson("/api/locks/" + lock + "/bluetooth-key", Api.json(Map.of("deviceKey", device)),
                    "Cookie", "KW_SESSION=" + owner, "X-Keyward", "1");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            keyIds.add(r.json().get("keyId").asString());
        }
        unguessable("Bluetooth key id", keyIds, 16, publicData);
        Set<String> codes = new HashSet<>();
        Instant from = clock.instant();
        for (int i = 0; i < 5; i++) {
            Api.Response r = api.postJson("/api/locks/" + lock + "/bluetooth-invites",
                    Api.json(Map.of("validFrom", from.toString(), "validUntil", from.plus(Duration.ofDays(1)).toString(), "name", "v")),
                    "Cookie", "KW_SESSION=" + owner, "X-Keyward", "1");
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            String code = r.json().get("code").asString();
            assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
            codes.add(code);
            checked++;
        }
        assertThat(codes).as("invite codes at one instant").hasSize(5);
    }

    // ---- the check ----

    /** All distinct, at least bytes long once decoded, and neither containing nor equal to a derivation of public data. */
    private void unguessable(String what, List<String> secrets, int bytes, List<String> publicData) {
        assertThat(new HashSet<>(secrets)).as(what + ": all different").hasSize(secrets.size());
        for (String secret : secrets) {
            assertThat(decodedLength(secret)).as(what + " size in bytes").isGreaterThanOrEqualTo(bytes);
            for (String datum : publicData) {
                assertThat(secret.toLowerCase(Locale.ROOT)).as(what + " contains public data").doesNotContain(datum.toLowerCase(Locale.ROOT));
                assertThat(derivations(datum)).as(what + " derived from " + datum).doesNotContain(secret);
            }
            checked++;
        }
    }

    private static int decodedLength(String secret) {
        try {
            return Base64.getUrlDecoder().decode(secret).length;
        } catch (IllegalArgumentException notUrl) {
            return Base64.getDecoder().decode(secret).length;
        }
    }

    /** What a careless implementation would compute from a public datum. */
    private static Set<String> derivations(String datum) {
        Set<String> out = new HashSet<>();
        byte[] bytes = datum.getBytes(StandardCharsets.UTF_8);
        for (String algorithm : new String[] {"SHA-256", "SHA-1", "MD5", "SHA-512"}) {
            try {
                byte[] d = MessageDigest.getInstance(algorithm).digest(bytes);
                out.add(HexFormat.of().formatHex(d));
                out.add(Base64.getEncoder().encodeToString(d));
                out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(d));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        out.add(Base64.getEncoder().encodeToString(bytes));
        return out;
    }

    // ---- pairing as a lock does it ----

    private JsonNode pair(String owner, String serial, KeyPair identity) throws Exception {
        String secret = UUID.randomUUID().toString().replace("-", "");
        String code = new PairingPayload(serial, secret, clock.instant().plus(Duration.ofMinutes(5))).encode();
        CompletableFuture<Api.Response> added = CompletableFuture.supplyAsync(() -> api.postJson("/api/locks",
                Api.json(Map.of("pairingCode", code, "name", "Door")), "Cookie", "KW_SESSION=" + owner, "X-Keyward", "1"));
        Thread.sleep(300);
        String proof = PairingProof.of(secret, serial);
        Map<String, Object> body = new LinkedHashMap<>(Map.of("proof", proof, "administrator", true, "linked", false));
        body.put("deviceKey", CommandSigning.encode(identity.getPublic()));
        body.put("deviceSignature", DeviceIdentity.sign(identity.getPrivate(), serial, proof));
        Api.Response grant = api.postJson("/api/pairing/" + serial, Api.json(body));
        assertThat(grant.status()).as(grant.toString()).isEqualTo(200);
        assertThat(added.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
        return grant.json();
    }

    private JsonNode pairAfterRemoval(String newOwner, String serial, KeyPair identity) throws Exception {
        return pair(newOwner, serial, identity); // the real lock, reset, in new hands: its old binding goes
    }

    private String lockId(String session) {
        JsonNode locks = api.get("/api/locks", cookie(session)).json();
        return locks.get(locks.size() - 1).get("id").asString();
    }
}
