package io.keyward.cloud.threats;

import java.time.Duration;
import java.util.Map;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threat: a client forges {@code X-Forwarded-For} to dodge the per-address sign-in limit (issue 10
 * finding 9; SPEC H1). Here no proxy is trusted (the default of {@code keyward.http.trusted-proxies}),
 * so the header is ignored: every request below comes from 127.0.0.1 whatever it claims. A context of
 * its own: the test ends with 127.0.0.1 refused.
 */
@H2Storage
@TestPropertySource(properties = "keyward.http.trusted-proxies=")
@DisplayName("Threats: X-Forwarded-For from an untrusted peer is ignored (issue 10 finding 9)")
class ForgedForwardedForTest extends CloudTest {

    @Test
    @DisplayName("finding 9 / H1: 20 failures under 20 forged addresses still count for the one real address; a forged X-Forwarded-Proto does not make the cookie Secure")
    void finding09_forgedForwardedForFromAnUntrustedPeerIsIgnored() {
        String email = signUp();
        String cookie = api.postJson("/api/session", Api.json(Map.of("email", email, "password", PASSWORD)),
                "X-Forwarded-Proto", "https").cookies().get(0);
        assertThat(cookie).as("X-Forwarded-Proto from an untrusted peer").doesNotContain("Secure");

        for (int i = 0; i < 20; i++) {
            Api forged = api.from(randomAddress());
            Api.Response failed = forged.postJson("/api/session", Api.json(Map.of("email", newEmail(), "password", PASSWORD)));
            assertThat(failed.status()).as("failure %d", i + 1).isEqualTo(401);
        }
        Api.Response refused = api.from(randomAddress()).postJson("/api/session", Api.json(Map.of("email", email, "password", PASSWORD)));
        System.out.println("finding 9: 20 failures under 20 forged X-Forwarded-For, then: " + refused);
        assertThat(refused.status()).as("the 21st sign-in, under yet another forged address").isEqualTo(429);
        assertThat(refused.error()).isEqualTo("too many failed sign-ins from this address");
        clock.advance(Duration.ofMinutes(16));
    }
}
