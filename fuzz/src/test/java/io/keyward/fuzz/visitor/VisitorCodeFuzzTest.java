package io.keyward.fuzz.visitor;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keyward.fuzz.FuzzCounts;
import io.keyward.protocol.visitor.SeenCodes;
import io.keyward.protocol.visitor.VisitorCodeCheck;
import io.keyward.protocol.visitor.VisitorSecret;
import org.junit.jupiter.api.AfterAll;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of offline visitor codes as the keypad hands them to the lock (SPEC E1,
 * E2; docs/visitor-passcodes.md): any digits (or any text) at any time. The invariant: an outcome,
 * never an exception; digits nobody generated are UNKNOWN or, very rarely, a code (a 1 in 100,000 tag
 * collision per window is the codec's documented strength, so only "no exception" and "the seen
 * table never grows past its capacity" are asserted). Also the base64url secret a grant carries.
 */
class VisitorCodeFuzzTest {

    private static final VisitorSecret SECRET = VisitorSecret.of(new byte[32]);
    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

    @AfterAll
    static void counts() {
        FuzzCounts.print(VisitorCodeFuzzTest.class);
    }

    @FuzzTest(maxDuration = "60s")
    void digits(FuzzedDataProvider data) {
        FuzzCounts.ran("VisitorCodeFuzzTest.digits");
        long seconds = data.consumeLong(-100_000_000_000L, 100_000_000_000L);
        String digits = data.consumeRemainingAsString();
        Instant at = NOW.plusSeconds(seconds % 3_000_000_000L);
        SeenCodes seen = SeenCodes.empty(8);
        VisitorCodeCheck.Result result = VisitorCodeCheck.check(SECRET, at, digits, seen);
        assertThat(result.outcome()).isNotNull();
        assertThat(result.seen().size()).isLessThanOrEqualTo(8);
    }

    @FuzzTest(maxDuration = "20s")
    void secretText(byte[] bytes) {
        FuzzCounts.ran("VisitorCodeFuzzTest.secretText");
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        try {
            VisitorSecret secret = VisitorSecret.fromBase64Url(text);
            assertThat(VisitorSecret.fromBase64Url(secret.toBase64Url())).isEqualTo(secret);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
