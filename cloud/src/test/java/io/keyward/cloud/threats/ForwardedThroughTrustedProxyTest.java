package io.keyward.cloud.threats;

import java.util.Map;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threat: behind a trusted load balancer, a client puts a forged address in front of its own in
 * {@code X-Forwarded-For} (issue 10 finding 9; SPEC H1). The tests' cloud trusts 127.0.0.1 as its proxy
 * (test config); the proxy appends the address it saw, so the header reads "forged, real". The right-most
 * address that is not a trusted proxy counts: the real one.
 */
@H2Storage
@DisplayName("Threats: through a trusted proxy the right-most untrusted address counts (issue 10 finding 9)")
class ForwardedThroughTrustedProxyTest extends CloudTest {

    @Test
    @DisplayName("finding 9 / H1: an attacker behind the proxy cannot block a victim's address by naming it, nor dodge the limit by rotating forged addresses")
    void finding09_rightMostUntrustedAddressCounts() {
        String victimAddress = "198.51.100." + (1 + (int) (Math.random() * 250));
        String attacker = randomAddress();
        String email = signUp();
        for (int i = 0; i < 20; i++) {
            Api forged = api.from(victimAddress + ", " + attacker);
            assertThat(forged.postJson("/api/session", Api.json(Map.of("email", newEmail(), "password", PASSWORD))).status())
                    .as("failure %d", i + 1).isEqualTo(401);
        }
        Api.Response victim = api.from(victimAddress).postJson("/api/session", Api.json(Map.of("email", email, "password", PASSWORD)));
        System.out.println("finding 9: after 20 failures claiming the victim's address, the victim gets " + victim.status());
        assertThat(victim.status()).as("the victim's own address is not blocked").isEqualTo(200);

        Api.Response dodging = api.from("203.0.113.77, " + attacker)
                .postJson("/api/session", Api.json(Map.of("email", email, "password", PASSWORD)));
        assertThat(dodging.status()).as("the attacker under another forged address").isEqualTo(429);
        assertThat(dodging.error()).isEqualTo("too many failed sign-ins from this address");
    }
}
