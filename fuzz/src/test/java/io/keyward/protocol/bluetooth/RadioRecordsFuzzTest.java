package io.keyward.protocol.bluetooth;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keyward.fuzz.FuzzCounts;
import io.keyward.protocol.link.CommandSigning;
import org.junit.jupiter.api.AfterAll;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the Bluetooth radio's parsers (SPEC C5, E3; docs/bluetooth.md): the
 * plaintext of a record (RadioRequest, read once a session is open, so an authenticated phone's
 * garbage), key tokens and revocations (SignedText), and the handshake's hello and proof. Extends
 * protocol's BluetoothFuzzTest (jqwik, bit flips of one token) with coverage guidance. The
 * invariant: a Malformed or a refusal with a reason; never an exception, never a session from junk.
 * In this package because RadioRequest.parse is package-private.
 */
class RadioRecordsFuzzTest {

    private static final String SERIAL = "KW-0001";
    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
    private static final KeyPair CLOUD = CommandSigning.newKeyPair();
    private static final KeyPair DEVICE = DeviceKeys.newKeyPair();
    private static final String TOKEN = new BluetoothKey(SERIAL, "bk-42", DeviceKeys.encode(DEVICE.getPublic()),
            "visitor@example.org", KeyRole.VISITOR, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)),
            NOW.minus(Duration.ofHours(2))).sign(CLOUD.getPrivate());

    @AfterAll
    static void counts() {
        FuzzCounts.print(RadioRecordsFuzzTest.class);
    }

    @FuzzTest(maxDuration = "60s")
    void requests(byte[] plaintext) {
        FuzzCounts.ran("RadioRecordsFuzzTest.requests");
        try {
            RadioRequest request = RadioRequest.parse(plaintext);
            if (request instanceof RadioRequest.Revocations r) {
                assertThat(r.revocations()).hasSizeLessThanOrEqualTo(RadioRequest.MAX_REVOCATIONS);
            }
        } catch (RadioRequest.Malformed e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void tokens(FuzzedDataProvider data) {
        FuzzCounts.ran("RadioRecordsFuzzTest.tokens");
        boolean revocation = data.consumeBoolean();
        String text = data.consumeRemainingAsString();
        if (revocation) {
            Outcome<KeyRevocation> outcome = KeyRevocation.verify(text, CLOUD.getPublic(), SERIAL);
            assertThat(outcome.isOk()).as("nobody signed it").isFalse();
            assertThat(outcome.reason()).isNotNull();
        } else {
            Outcome<BluetoothKey> outcome = BluetoothKey.verify(text, CLOUD.getPublic());
            if (outcome.isOk()) {
                assertThat(text).as("only the cloud's own token verifies").isEqualTo(TOKEN);
            } else {
                assertThat(outcome.reason()).isNotNull();
            }
        }
    }

    @FuzzTest(maxDuration = "60s")
    void handshake(FuzzedDataProvider data) {
        FuzzCounts.ran("RadioRecordsFuzzTest.handshake");
        int step = data.consumeInt(0, 2);
        byte[] bytes = data.consumeRemainingAsBytes();
        LockSide lock = new LockSide(SERIAL, CLOUD.getPublic(), new RevokedKeys());
        switch (step) {
            case 0 -> assertThat(lock.onHello(bytes, NOW).isOk()).isFalse();
            case 1 -> {
                PhoneSide phone = PhoneSide.start(TOKEN, DEVICE).value();
                assertThat(lock.onHello(phone.hello(), NOW).isOk()).isTrue();
                assertThat(lock.onProof(bytes).isOk()).as("a proof nobody made").isFalse();
            }
            default -> {
                PhoneSide phone = PhoneSide.start(TOKEN, DEVICE).value();
                byte[] lockHello = lock.onHello(phone.hello(), NOW).value();
                SecureSession session = lock.onProof(phone.onLockHello(lockHello).value().proof()).value();
                assertThat(session.open(bytes).isOk()).as("a record nobody sealed").isFalse();
            }
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
