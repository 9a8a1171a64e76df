package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.B64;
import io.keyward.protocol.visitor.VisitorSecret;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.keyward.protocol.trust.TrustFixture.SERIAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("trust: the visitor secret sealed to one owner device (design §5, SPEC E1, issue 15)")
class SealedSecretTest {

    private final DeviceSigner phone = DeviceSigner.generate();
    private final String plaintext = VisitorSecret.generate().toBase64Url();

    @Test
    @DisplayName("the device opens it; the layout is ephemeral point (65) || iv (12) || ciphertext + 16-byte tag; each seal differs")
    void roundTrip() {
        String sealed = SealedSecret.seal(plaintext, phone.agreeKey(), SERIAL, phone.deviceId());
        assertThat(phone.openSealed(sealed, SERIAL)).isEqualTo(plaintext);
        byte[] bytes = B64.decode(sealed);
        assertThat(bytes).hasSize(65 + 12 + plaintext.length() + 16);
        assertThat(bytes[0]).isEqualTo((byte) 0x04);
        assertThat(SealedSecret.seal(plaintext, phone.agreeKey(), SERIAL, phone.deviceId())).isNotEqualTo(sealed);
    }

    @Test
    @DisplayName("it does not open for another device, another lock, another deviceId, or with any byte changed")
    void refuses() {
        String sealed = SealedSecret.seal(plaintext, phone.agreeKey(), SERIAL, phone.deviceId());
        DeviceSigner other = DeviceSigner.generate();
        assertThatThrownBy(() -> other.openSealed(sealed, SERIAL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> phone.openSealed(sealed, "KW-0002")).isInstanceOf(IllegalArgumentException.class);
        String toOther = SealedSecret.seal(plaintext, phone.agreeKey(), SERIAL, other.deviceId());
        assertThatThrownBy(() -> phone.openSealed(toOther, SERIAL)).isInstanceOf(IllegalArgumentException.class);
        byte[] bytes = B64.decode(sealed);
        for (int i : new int[]{1, 40, 66, 70, 80, bytes.length - 1}) {
            byte[] changed = bytes.clone();
            changed[i] ^= 1;
            assertThatThrownBy(() -> phone.openSealed(B64.encode(changed), SERIAL)).as("byte %d", i)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String bad : new String[]{null, "", "abc", sealed + "=", sealed.substring(0, 100)}) {
            assertThatThrownBy(() -> phone.openSealed(bad, SERIAL)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> SealedSecret.seal(plaintext, "not a key", SERIAL, phone.deviceId()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
