package io.keyward.protocol.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.keyward.protocol.bluetooth.B64;
import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.bluetooth.KeyRole;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test vectors of the JS port of the trust formats (design §1-§5, issue 15):
 * {@code protocol/src/test/resources/trust-vectors.json}. ECDSA and sealing are randomized, so the
 * app checks it can VERIFY/OPEN the Java-made ones and the Java side checks the app's (see the file's
 * "about"); everything deterministic (ids, fingerprint, payload bytes, MACs) is compared exactly.
 * Run with {@code -Dkeyward.trust-vectors.write=true} to sign the vectors again with the same keys.
 */
@DisplayName("trust: the JS port's test vectors are the Java formats, and cannot go stale (design §1-§5, issue 15)")
class TrustVectorsTest {

    static final Path FILE = Path.of("src/test/resources/trust-vectors.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String SERIAL = "KW-0001";
    private static final String GRANT_ID = "0d3c8f4e-5b1a-4c2d-9e7f-1a2b3c4d5e6f";
    private static final String COMMAND_ID = "7b9e2c1d-3f4a-4b5c-8d6e-0f1a2b3c4d5e";
    private static final Instant ISSUED = Instant.ofEpochMilli(1_796_000_000_000L);
    private static final Instant GRANT_UNTIL = Instant.ofEpochMilli(2_111_360_000_000L);
    private static final String ACCOUNT = "alice@example.com";
    private static final String UNLOCK = "{\"type\":\"REMOTE_UNLOCK\",\"askedBy\":\"alice@example.com\"}";
    private static final String BIND_SECRET = "AAECAwQFBgcICQoLDA0ODw";
    private static final String NAME = "Alice’s 手机";
    private static final String VISITOR_SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

    @Test
    @DisplayName("the vectors verify, open and recompute exactly; -Dkeyward.trust-vectors.write=true signs them again")
    void vectors() throws Exception {
        if (Boolean.getBoolean("keyward.trust-vectors.write")) {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, JSON.writeValueAsString(generate()) + "\n");
        }
        assertThat(FILE).as("the vectors; write them with -Dkeyward.trust-vectors.write=true").exists();
        JsonNode v = JSON.readTree(Files.readString(FILE));
        assertThat(deterministic(v)).as("everything but signatures and seals is as the Java formats make it now")
                .isEqualTo(deterministic(JSON.valueToTree(generate())));
        DeviceSigner device = DeviceSigner.of(pair(v.get("device")), pair(v.get("agree")));
        String deviceId = device.deviceId();
        assertThat(v.at("/device/spki").asText()).isEqualTo(device.deviceKey());
        assertThat(v.at("/device/deviceId").asText()).isEqualTo(deviceId).isEqualTo(DeviceIds.idOf(device.deviceKey()));
        assertThat(v.at("/device/fingerprint").asText()).isEqualTo(DeviceIds.fingerprint(deviceId));
        assertThat(jwk(device.signingKey(), device.publicKey())).isEqualTo(JSON.convertValue(v.at("/device/jwk"), Map.class));
        assertThat(v.at("/agree/spki").asText()).isEqualTo(device.agreeKey());

        DeviceGrant grant = selfGrant(device);
        checkToken(v.get("grant"), DeviceGrant.decode(v.at("/grant/token").asText()).value(), grant,
                DeviceGrant.verify(v.at("/grant/token").asText(), device.publicKey()).isOk());
        assertThat(DeviceGrant.verify(device.sign(grant), device.publicKey()).value()).isEqualTo(grant);

        DeviceCommand command = command(device);
        String commandToken = v.at("/command/token").asText();
        checkToken(v.get("command"), DeviceCommand.decode(commandToken).value(), command,
                DeviceCommand.verify(commandToken, device.publicKey()).isOk());

        GrantRevocation revocation = revocation(device);
        checkToken(v.get("revocation"), GrantRevocation.decode(v.at("/revocation/token").asText()).value(), revocation,
                GrantRevocation.verify(v.at("/revocation/token").asText(), SERIAL,
                        id -> id.equals(deviceId) ? device.publicKey() : null).isOk());

        JsonNode web = v.get("signedByWebCrypto");
        assertThat(web).as("tokens WebCrypto signed").isNotNull();
        assertThat(DeviceGrant.verify(web.get("grant").asText(), device.publicKey()).value()).isEqualTo(grant);
        assertThat(DeviceCommand.verify(web.get("command").asText(), device.publicKey()).value()).isEqualTo(command);
        assertThat(GrantRevocation.verify(web.get("revocation").asText(), SERIAL,
                id -> id.equals(deviceId) ? device.publicKey() : null).value()).isEqualTo(revocation);

        JsonNode bind = v.get("bind");
        assertThat(bind.get("proof").asText()).isEqualTo(device.bindProof(BIND_SECRET, SERIAL, NAME));
        assertThat(bind.get("proofMessage").asText()).isEqualTo("keyward-bind-v1\n" + SERIAL + "\n" + device.deviceKey()
                + "\n" + device.agreeKey() + "\n" + NAME);
        String sealed = bind.get("sealedVisitorSecret").asText();
        assertThat(bind.get("replyMac").asText()).isEqualTo(BindProof.replyMac(BIND_SECRET, SERIAL, deviceId, sealed));
        assertThat(device.openSealed(sealed, SERIAL)).isEqualTo(VISITOR_SECRET).isEqualTo(bind.get("visitorSecret").asText());
        assertThat(bind.get("sealInfo").asText()).isEqualTo("keyward-seal-v1\n" + SERIAL + "\n" + deviceId);
        assertThat(bind.get("bindCommand").asText()).isEqualTo(device.bindCommandJson(BIND_SECRET, SERIAL, NAME));
        assertThat(v.at("/pairingQr").asText()).isEqualTo(new io.keyward.protocol.pairing.PairingPayload(SERIAL,
                "abcdefghijklmnop", Instant.ofEpochSecond(1_796_000_600L), BIND_SECRET).encode());
        assertThat(v.at("/bindQr").asText()).isEqualTo(new BindPayload(SERIAL, BIND_SECRET,
                Instant.ofEpochSecond(1_796_000_300L)).encode());
    }

    /** The vectors without what is randomized (signatures, seals and what carries them). */
    private static JsonNode deterministic(JsonNode v) {
        JsonNode copy = v.deepCopy();
        for (String token : new String[]{"grant", "command", "revocation"}) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get(token)).remove("token");
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get("bind")).remove(
                List.of("sealedVisitorSecret", "replyMessage", "replyMac"));
        return copy;
    }

    /** The fields, the exact payload text and bytes, and a signature that verifies under the device key. */
    private static void checkToken(JsonNode node, Record decoded, Record expected, boolean verifies) {
        String token = node.get("token").asText();
        assertThat(decoded).isEqualTo(expected);
        assertThat(verifies).as("the vector's signature verifies under the device key").isTrue();
        assertThat(token.split("\\.")[1]).isEqualTo(node.get("payloadB64u").asText());
        assertThat(TrustFixture.payload(token)).isEqualTo(node.get("payload").asText());
    }

    private static Map<String, Object> generate() throws Exception {
        KeyPair[] pairs = Files.exists(FILE) ? existing() : new KeyPair[]{DeviceKeys.newKeyPair(), DeviceKeys.newKeyPair()};
        DeviceSigner device = DeviceSigner.of(pairs[0], pairs[1]);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("about", List.of(
                "Test vectors of issue 15's device trust formats (docs/trust.md, design sections 1-5), made and checked by TrustVectorsTest.",
                "b64u = base64url without padding. Tokens: prefix.b64u(payload).b64u(r||s), ECDSA P-256 SHA-256 over the exact payload bytes (UTF-8).",
                "ECDSA is randomized: the app checks it VERIFIES these tokens, and that it rebuilds 'payload' exactly from 'fields';",
                "the Java side verifies what the app signs (DeviceGrant.verify, DeviceCommand.verify, GrantRevocation.verify).",
                "Sealing is randomized: the app checks it OPENS bind.sealedVisitorSecret with the agree key; MACs are deterministic and compared exactly.",
                "signedByWebCrypto: the same payloads signed once by WebCrypto (Node 20 crypto.subtle) with the device key; Java verifies them.",
                "Keys are given as PKCS#8 and SPKI (b64u of DER) and as JWK (the PKCS#8 carries no public key; import the JWK where a browser wants one); the agree key is imported as ECDH P-256.",
                "The sealed secret is b64u(ephemeral raw point (65) || iv (12) || AES-256-GCM ciphertext+tag), key = HKDF-SHA256(ECDH x, salt 32 zero bytes, info = sealInfo, 32 bytes)."));
        v.put("serial", SERIAL);
        v.put("device", keys(device.signingKey(), device.publicKey(), device.deviceId()));
        KeyPair agree = pairs[1];
        v.put("agree", keys(agree.getPrivate(), (ECPublicKey) agree.getPublic(), null));
        DeviceGrant grant = selfGrant(device);
        v.put("grant", token(device.sign(grant), Map.of("serial", SERIAL, "grantId", GRANT_ID, "holderKey", device.deviceKey(),
                "account", ACCOUNT, "role", "OWNER", "validFrom", ISSUED.toEpochMilli(), "validUntil", GRANT_UNTIL.toEpochMilli(),
                "issuedAt", ISSUED.toEpochMilli(), "signerId", device.deviceId())));
        DeviceCommand command = command(device);
        v.put("command", token(device.sign(command), Map.of("serial", SERIAL, "commandId", COMMAND_ID,
                "issuedAt", ISSUED.toEpochMilli(), "expiresAt", command.expiresAt().toEpochMilli(), "signerId", device.deviceId(),
                "commandJson", UNLOCK)));
        v.put("revocation", token(device.sign(revocation(device)), Map.of("serial", SERIAL, "grantId", GRANT_ID,
                "grantUntil", GRANT_UNTIL.toEpochMilli(), "issuedAt", ISSUED.toEpochMilli(), "signerId", device.deviceId())));
        Map<String, Object> bind = new LinkedHashMap<>();
        bind.put("secret", BIND_SECRET);
        bind.put("name", NAME);
        bind.put("proofMessage", "keyward-bind-v1\n" + SERIAL + "\n" + device.deviceKey() + "\n" + device.agreeKey() + "\n" + NAME);
        bind.put("proof", device.bindProof(BIND_SECRET, SERIAL, NAME));
        bind.put("bindCommand", device.bindCommandJson(BIND_SECRET, SERIAL, NAME));
        bind.put("visitorSecret", VISITOR_SECRET);
        bind.put("sealInfo", "keyward-seal-v1\n" + SERIAL + "\n" + device.deviceId());
        String sealed = SealedSecret.seal(VISITOR_SECRET, device.agreeKey(), SERIAL, device.deviceId());
        bind.put("sealedVisitorSecret", sealed);
        bind.put("replyMessage", "keyward-bind-reply-v1\n" + SERIAL + "\n" + device.deviceId() + "\n" + sealed);
        bind.put("replyMac", BindProof.replyMac(BIND_SECRET, SERIAL, device.deviceId(), sealed));
        v.put("bind", bind);
        v.put("pairingQr", new io.keyward.protocol.pairing.PairingPayload(SERIAL, "abcdefghijklmnop",
                Instant.ofEpochSecond(1_796_000_600L), BIND_SECRET).encode());
        v.put("bindQr", new BindPayload(SERIAL, BIND_SECRET, Instant.ofEpochSecond(1_796_000_300L)).encode());
        if (Files.exists(FILE) && JSON.readTree(Files.readString(FILE)).has("signedByWebCrypto")) {
            // made once by WebCrypto (Node 20's crypto.subtle) over the payloads above with the device key: kept as is
            v.put("signedByWebCrypto", JSON.readTree(Files.readString(FILE)).get("signedByWebCrypto"));
        }
        return v;
    }

    private static Map<String, Object> token(String token, Map<String, Object> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("fields", new java.util.TreeMap<>(fields));
        out.put("payload", TrustFixture.payload(token));
        out.put("payloadB64u", token.split("\\.")[1]);
        out.put("token", token);
        return out;
    }

    private static DeviceGrant selfGrant(DeviceSigner d) {
        return new DeviceGrant(SERIAL, GRANT_ID, d.deviceKey(), ACCOUNT, KeyRole.OWNER, ISSUED, GRANT_UNTIL, ISSUED, d.deviceId());
    }

    private static DeviceCommand command(DeviceSigner d) {
        return new DeviceCommand(SERIAL, COMMAND_ID, ISSUED, ISSUED.plusSeconds(30), d.deviceId(), UNLOCK);
    }

    private static GrantRevocation revocation(DeviceSigner d) {
        return new GrantRevocation(SERIAL, GRANT_ID, GRANT_UNTIL, ISSUED, d.deviceId());
    }

    private static Map<String, Object> keys(PrivateKey priv, ECPublicKey pub, String deviceId) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pkcs8", B64.encode(priv.getEncoded()));
        out.put("spki", DeviceKeys.encode(pub));
        out.put("jwk", jwk(priv, pub));
        if (deviceId != null) {
            out.put("deviceId", deviceId);
            out.put("fingerprint", DeviceIds.fingerprint(deviceId));
        }
        return out;
    }

    private static Map<String, Object> jwk(PrivateKey priv, ECPublicKey pub) {
        byte[] raw = DeviceKeys.raw(pub);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kty", "EC");
        out.put("crv", "P-256");
        out.put("x", B64.encode(Arrays.copyOfRange(raw, 1, 33)));
        out.put("y", B64.encode(Arrays.copyOfRange(raw, 33, 65)));
        out.put("d", B64.encode(fixed(((ECPrivateKey) priv).getS())));
        return out;
    }

    private static byte[] fixed(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - n, out, 32 - n, n);
        return out;
    }

    /** The fixed keys: the vectors are signed again with the same device. */
    private static KeyPair[] existing() throws Exception {
        JsonNode v = JSON.readTree(Files.readString(FILE));
        return new KeyPair[]{pair(v.get("device")), pair(v.get("agree"))};
    }

    private static KeyPair pair(JsonNode keys) throws Exception {
        PrivateKey priv = KeyFactory.getInstance("EC").generatePrivate(
                new PKCS8EncodedKeySpec(B64.decode(keys.get("pkcs8").asText())));
        ECPublicKey pub = DeviceKeys.decode(keys.get("spki").asText());
        byte[] probe = "pair".getBytes(StandardCharsets.UTF_8);
        assertThat(DeviceKeys.verify(pub, probe, DeviceKeys.sign(priv, probe))).as("the key pair matches").isTrue();
        return new KeyPair(pub, priv);
    }
}
