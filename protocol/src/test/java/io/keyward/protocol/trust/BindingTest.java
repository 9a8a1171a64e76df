package io.keyward.protocol.trust;

import io.keyward.protocol.pairing.PairingPayload;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.keyward.protocol.trust.TrustFixture.SERIAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("trust: binding an owner device at the door: secrets, proofs, QR texts (design §4, SPEC A3, issue 15)")
class BindingTest {

    private static final Instant EXPIRES = Instant.ofEpochSecond(1_796_000_000L);
    private final DeviceSigner phone = DeviceSigner.generate();
    private final String secret = BindSecret.generate();

    @Test
    @DisplayName("a bind secret is 16 random bytes as 22 b64u characters, a new one each time")
    void secret() {
        assertThat(secret).hasSize(22);
        assertThat(BindSecret.isValid(secret)).isTrue();
        assertThat(BindSecret.generate()).isNotEqualTo(secret);
        for (String bad : new String[]{null, "", secret + "A", secret.substring(1), "AAAAAAAAAAAAAAAAAAAAAB", "AAAAAAAAAAAAAAAAAAAAA="}) {
            assertThat(BindSecret.isValid(bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    @DisplayName("the proof verifies for exactly its inputs: another secret, serial, key, agreeKey or name fails")
    void proof() {
        String name = "Alice’s 手机";
        String proof = phone.bindProof(secret, SERIAL, name);
        assertThat(proof).isEqualTo(BindProof.of(secret, SERIAL, phone.deviceKey(), phone.agreeKey(), name)).hasSize(43);
        assertThat(BindProof.verify(proof, secret, SERIAL, phone.deviceKey(), phone.agreeKey(), name)).isTrue();
        DeviceSigner other = DeviceSigner.generate();
        assertThat(BindProof.verify(proof, BindSecret.generate(), SERIAL, phone.deviceKey(), phone.agreeKey(), name)).isFalse();
        assertThat(BindProof.verify(proof, secret, "KW-0002", phone.deviceKey(), phone.agreeKey(), name)).isFalse();
        assertThat(BindProof.verify(proof, secret, SERIAL, other.deviceKey(), phone.agreeKey(), name)).isFalse();
        assertThat(BindProof.verify(proof, secret, SERIAL, phone.deviceKey(), other.agreeKey(), name)).isFalse();
        assertThat(BindProof.verify(proof, secret, SERIAL, phone.deviceKey(), phone.agreeKey(), "Mallory")).isFalse();
        assertThat(BindProof.verify(null, secret, SERIAL, phone.deviceKey(), phone.agreeKey(), name)).isFalse();
        assertThat(BindProof.verify(proof, null, SERIAL, phone.deviceKey(), phone.agreeKey(), name)).isFalse();
    }

    @Test
    @DisplayName("the reply MAC binds the serial, the deviceId and the sealed secret")
    void replyMac() {
        String mac = BindProof.replyMac(secret, SERIAL, phone.deviceId(), "sealed");
        assertThat(BindProof.verifyReply(mac, secret, SERIAL, phone.deviceId(), "sealed")).isTrue();
        assertThat(BindProof.verifyReply(mac, secret, SERIAL, phone.deviceId(), "sealeD")).isFalse();
        assertThat(BindProof.verifyReply(mac, secret, SERIAL, DeviceSigner.generate().deviceId(), "sealed")).isFalse();
        assertThat(BindProof.verifyReply(mac, BindSecret.generate(), SERIAL, phone.deviceId(), "sealed")).isFalse();
        assertThat(BindProof.verifyReply(null, secret, SERIAL, phone.deviceId(), "sealed")).isFalse();
    }

    @Test
    @DisplayName("a device name is 1..40 characters without control characters")
    void names() {
        assertThat(BindProof.isName("Alice's phone")).isTrue();
        assertThat(BindProof.isName("x".repeat(40))).isTrue();
        for (String bad : new String[]{null, "", "x".repeat(41), "a\nb", "a\u0000"}) {
            assertThat(BindProof.isName(bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    @DisplayName("the BIND_DEVICE JSON carries the keys, the name (escaped) and the proof")
    void bindJson() {
        String json = phone.bindCommandJson(secret, SERIAL, "Al \"x\"");
        assertThat(json).isEqualTo("{\"type\":\"BIND_DEVICE\",\"deviceKey\":\"" + phone.deviceKey() + "\",\"agreeKey\":\""
                + phone.agreeKey() + "\",\"name\":\"Al \\\"x\\\"\",\"proof\":\"" + phone.bindProof(secret, SERIAL, "Al \"x\"") + "\"}");
    }

    @Test
    @DisplayName("the bind QR round-trips and parses strictly, with reasons")
    void bindPayload() {
        BindPayload p = new BindPayload(SERIAL, secret, EXPIRES);
        assertThat(p.encode()).isEqualTo("keyward://bind?v=1&serial=KW-0001&bind=" + secret + "&expires=1796000000");
        assertThat(BindPayload.parse(p.encode())).isEqualTo(p);
        assertThat(BindPayload.parse("keyward://bind?expires=1796000000&bind=" + secret + "&serial=KW-0001&v=1")).isEqualTo(p);
        assertThat(p.toString()).doesNotContain(secret);
        String ok = p.encode();
        String[][] bad = {
                {null, "not a Keyward bind code"},
                {ok.replace("bind?", "pair?"), "not a Keyward bind code"},
                {ok.replace("keyward:", "https:"), "not a Keyward bind code"},
                {ok + "#x", "not a Keyward bind code"},
                {ok.replace("v=1", "v=2"), "unsupported bind code version"},
                {ok + "&v=1", "bind code parameters must be v, serial, bind and expires, once each"},
                {ok + "&extra=1", "bind code parameters must be v, serial, bind and expires, once each"},
                {ok + "&", "bind code parameters must be v, serial, bind and expires, once each"},
                {ok.replace("expires=1796000000", "expires=01796000000"), "bind code expiry is not a number"},
                {ok.replace("expires=1796000000", "expires=-1"), "bind code expiry is not a number"},
                {ok.replace("expires=1796000000", "expires=9999999999999"), "bind code expiry is not a number"},
                {ok.replace(secret, secret.substring(1)), "bind secret must be 22 base64url characters"},
                {ok.replace("KW-0001", "KW_0001"), "serial must be 1-32 letters, digits or '-'"},
                {"x".repeat(600), "not a Keyward bind code"},
        };
        for (String[] b : bad) {
            assertThatThrownBy(() -> BindPayload.parse(b[0])).as(String.valueOf(b[0]) + " -> " + b[1]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(b[1]);
        }
    }

    @Test
    @DisplayName("A3: the pairing QR carries an optional bind the app strips before the cloud sees it; old codes unchanged")
    void pairingBind() {
        String pairingSecret = "abcdefghijklmnop";
        PairingPayload old = new PairingPayload(SERIAL, pairingSecret, EXPIRES);
        assertThat(old.bind()).isNull();
        assertThat(old.encode()).isEqualTo("keyward://pair?v=1&serial=KW-0001&secret=abcdefghijklmnop&expires=1796000000");
        PairingPayload withBind = new PairingPayload(SERIAL, pairingSecret, EXPIRES, secret);
        assertThat(withBind.encode()).isEqualTo(old.encode() + "&bind=" + secret);
        assertThat(PairingPayload.parse(withBind.encode())).isEqualTo(withBind);
        assertThat(withBind.withoutBind()).isEqualTo(old);
        assertThat(withBind.withoutBind().encode()).doesNotContain("bind");
        assertThat(withBind.toString()).doesNotContain(secret).doesNotContain(pairingSecret);
        assertThatThrownBy(() -> PairingPayload.parse(old.encode() + "&bind=short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bind secret must be 22 base64url characters");
        assertThatThrownBy(() -> new PairingPayload(SERIAL, pairingSecret, EXPIRES, "AAAAAAAAAAAAAAAAAAAAAB"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
