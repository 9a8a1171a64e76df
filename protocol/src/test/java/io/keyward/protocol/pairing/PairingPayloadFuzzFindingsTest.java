package io.keyward.protocol.pairing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Findings of the fuzz module in the pairing QR text (issue 10 item 3, SPEC A3). */
class PairingPayloadFuzzFindingsTest {

    @Test
    void fuzz03_anExpiryBeyondWhatAnInstantHoldsIsNotAPairingCode() {
        // expires=99999999999999999 parsed as a long, then Instant.ofEpochSecond threw DateTimeException,
        // which is no IllegalArgumentException: the cloud's POST /api/locks answered 500 instead of 400
        for (String expires : new String[] {"99999999999999999", "-99999999999999999", "9223372036854775807"}) {
            assertThatThrownBy(() -> PairingPayload.parse(
                    "keyward://pair?v=1&serial=KW-0001&secret=abcdefghijklmnopqrstuv&expires=" + expires))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiry");
        }
    }
}
