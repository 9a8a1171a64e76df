package io.keyward.fuzz.pairing;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keyward.fuzz.FuzzCounts;
import io.keyward.protocol.pairing.PairingPayload;
import io.keyward.protocol.pairing.PairingProof;
import org.junit.jupiter.api.AfterAll;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the pairing QR text (SPEC A3; PairingPayload.parse, which the cloud's
 * POST /api/locks runs on the text an account pastes) and of the lock's proof. The invariant: a
 * payload, or IllegalArgumentException with the reason (the cloud answers 400); a parsed payload
 * encodes to text that parses to the same payload; a proof nobody made does not verify.
 */
class PairingFuzzTest {

    private static final String SECRET = "abcdefghijklmnopqrstuvwxyz012345";

    @AfterAll
    static void counts() {
        FuzzCounts.print(PairingFuzzTest.class);
    }

    /** byte[] decoded as UTF-8, so that a saved input is the QR text itself (a String target's is not). */
    @FuzzTest(maxDuration = "60s")
    void qrText(byte[] bytes) {
        FuzzCounts.ran("PairingFuzzTest.qrText");
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        PairingPayload payload;
        try {
            payload = PairingPayload.parse(text);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(PairingPayload.parse(payload.encode())).isEqualTo(payload);
    }

    @FuzzTest(maxDuration = "30s")
    void proof(FuzzedDataProvider data) {
        FuzzCounts.ran("PairingFuzzTest.proof");
        String serial = data.consumeString(40);
        String proof = data.consumeRemainingAsString();
        boolean ok = PairingProof.verify(SECRET, serial, proof);
        assertThat(ok).isEqualTo(proof.equals(PairingProof.of(SECRET, serial)));
    }
}
