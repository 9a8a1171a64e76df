package io.keyward.protocol.bluetooth;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;


import static io.keyward.protocol.bluetooth.BluetoothFixture.NOW;
import static io.keyward.protocol.bluetooth.BluetoothFixture.SERIAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("bluetooth: Bluetooth keys and revocations as signed text (SPEC E3)")
class BluetoothKeyTest {

    private static final BluetoothFixture F = new BluetoothFixture();
    private static final String TOKEN = F.token();

    @Test
    @DisplayName("a key survives its text form, and the lock's check admits it")
    void roundTrip() {
        assertThat(TOKEN).startsWith("kwbk1.").hasSizeLessThan(SignedText.MAX_TOKEN_LENGTH);
        assertThat(BluetoothKey.decode(TOKEN).value()).isEqualTo(F.key());
        assertThat(BluetoothKey.verify(TOKEN, F.cloud.getPublic()).value()).isEqualTo(F.key());
        assertThat(BluetoothKey.check(TOKEN, F.cloud.getPublic(), SERIAL, NOW, new RevokedKeys()).value())
                .isEqualTo(F.key());
        assertThat(F.key().devicePublicKey()).isEqualTo(F.device.getPublic());
    }

    @Test
    @DisplayName("parsing is strict: wrong prefix, parts, lines, numbers, roles or padding do not read")
    void strictParsing() {
        for (String bad : new String[]{"", "kwbk1", "kwbk1..", "kwbk2" + TOKEN.substring(5), TOKEN + ".x",
                TOKEN + "=", TOKEN.replace('.', ',')}) {
            assertThat(BluetoothKey.decode(bad).reason()).as(bad).isEqualTo(Refusal.MALFORMED);
        }
        assertThat(BluetoothKey.decode(null).reason()).isEqualTo(Refusal.MALFORMED);
        for (String[] change : new String[][]{{"5", "visitor"}, {"5", "ADMIN"}, {"6", "01"}, {"6", "-1"},
                {"7", "0"}, {"8", "1.5"}, {"1", ""}, {"2", "a\tb"}, {"3", "AAAA"}, {"0", "keyward-bluetooth-key-v2"}}) {
            String changed = BluetoothFixture.withLine(TOKEN, Integer.parseInt(change[0]), change[1]);
            assertThat(BluetoothKey.decode(changed).reason()).as("line %s = %s", change[0], change[1])
                    .isEqualTo(Refusal.MALFORMED);
        }
    }

    @Test
    @DisplayName("a key must name a P-256 device key and a non-empty validity")
    void issuingChecksTheFields() {
        assertThatThrownBy(() -> new BluetoothKey(SERIAL, "k", "not-a-key", "a", KeyRole.MEMBER,
                NOW, NOW.plusSeconds(1), NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> F.key(SERIAL, NOW, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> F.key("KW\n1", NOW, NOW.plusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceKeys.encode(F.cloud.getPublic())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("HKDF-SHA256 matches RFC 5869 test case 1")
    void hkdfVector() {
        byte[] ikm = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = hex("000102030405060708090a0b0c");
        byte[] info = hex("f0f1f2f3f4f5f6f7f8f9");
        assertThat(Hkdf.derive(salt, ikm, info, 42)).isEqualTo(hex(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"));
    }

    static byte[] hex(String text) {
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

}
