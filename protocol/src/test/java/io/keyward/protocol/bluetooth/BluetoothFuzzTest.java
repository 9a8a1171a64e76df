package io.keyward.protocol.bluetooth;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static io.keyward.protocol.bluetooth.BluetoothFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

@Label("bluetooth: whatever an attacker sends is refused, never thrown")
class BluetoothFuzzTest {

    private static final BluetoothFixture F = new BluetoothFixture();
    private static final String TOKEN = F.token();

    @Property(tries = 300)
    @Label("any one character changed in a token: refused as malformed or forged")
    void anyChangeIsRefused(@ForAll("positions") int position, @ForAll("characters") char replacement) {
        int at = position % TOKEN.length();
        if (TOKEN.charAt(at) == replacement) {
            return;
        }
        String changed = TOKEN.substring(0, at) + replacement + TOKEN.substring(at + 1);
        Outcome<BluetoothKey> outcome = BluetoothKey.verify(changed, F.cloud.getPublic());
        assertThat(outcome.reason()).isIn(Refusal.MALFORMED, Refusal.FORGED_TOKEN);
    }

    @Property(tries = 100)
    @Label("random bytes as a hello, a lock hello, a proof or a record: refused")
    void randomBytesAreRefused(@ForAll byte[] bytes) {
        assertThat(F.lock().onHello(bytes, NOW).isOk()).isFalse();
        LockSide lock = F.lock();
        assertThat(lock.onHello(F.phone(TOKEN).hello(), NOW).isOk()).isTrue();
        assertThat(lock.onProof(bytes).isOk()).isFalse();
        assertThat(F.phone(TOKEN).onLockHello(bytes).isOk()).isFalse();
        assertThat(F.connect().lock().open(bytes).isOk()).isFalse();
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 4000);
    }

    @Provide
    Arbitrary<Character> characters() {
        return Arbitraries.chars().with('A', 'z', '0', '9', '-', '_', '.', '=', '+', '/', ' ', 'é');
    }
}
