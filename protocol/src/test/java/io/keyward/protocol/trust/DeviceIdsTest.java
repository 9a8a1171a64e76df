package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.B64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("trust: device ids and fingerprints (design §1, issue 15)")
class DeviceIdsTest {

    @Test
    @DisplayName("deviceId is b64u of the first 16 bytes of SHA-256 over the SPKI DER: 22 characters, the same as idOf(key)")
    void idOfSpki() throws Exception {
        DeviceSigner d = DeviceSigner.generate();
        byte[] spki = B64.decode(d.deviceKey());
        String expected = B64.encode(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(spki), 16));
        assertThat(DeviceIds.idOf(d.deviceKey())).isEqualTo(expected).hasSize(22).isEqualTo(d.deviceId());
        assertThat(DeviceIds.idOf(d.publicKey())).isEqualTo(expected);
        assertThat(DeviceIds.isId(expected)).isTrue();
        assertThat(DeviceIds.idOf(d.agreeKey())).isNotEqualTo(expected);
    }

    @Test
    @DisplayName("idOf refuses what is not a P-256 SPKI b64u: null, garbage, padding, an RSA or Ed25519 key")
    void idOfRefuses() throws Exception {
        String rsa = B64.encode(KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic().getEncoded());
        String ed = B64.encode(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
        String p256 = DeviceSigner.generate().deviceKey();
        for (String bad : new String[]{null, "", "not a key", rsa, ed, p256 + "=", p256.substring(1)}) {
            assertThatThrownBy(() -> DeviceIds.idOf(bad)).as(String.valueOf(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @DisplayName("the fingerprint is the first 8 characters upper-cased as ABCD-EFGH; a non-id is refused")
    void fingerprint() {
        assertThat(DeviceIds.fingerprint("ab-d_fgh0123456789ABCA")).isEqualTo("AB-D-_FGH");
        String id = DeviceSigner.generate().deviceId();
        assertThat(DeviceIds.fingerprint(id)).matches("[A-Z0-9_-]{4}-[A-Z0-9_-]{4}");
        for (String bad : new String[]{null, "short", id + "A", id.substring(0, 21) + "B"}) {
            assertThatThrownBy(() -> DeviceIds.fingerprint(bad)).as(String.valueOf(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
