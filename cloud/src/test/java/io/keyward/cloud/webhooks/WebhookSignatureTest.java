package io.keyward.cloud.webhooks;

import java.time.Duration;
import java.util.Base64;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Standard Webhooks signature, the retry schedule and the kinds an endpoint may ask for. */
class WebhookSignatureTest {

    static final WebhookSettings DEFAULTS = new WebhookSettings(Duration.ofSeconds(3), Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24), 16, 4, Duration.ofSeconds(1), 20);

    @Test
    @DisplayName("webhooks: the signature matches the Standard Webhooks specification's published test vector")
    void standardWebhooksVector() {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String body = "{\"test\": 2432232314}";
        assertThat(WebhookSignature.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(WebhookSignature.verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body,
                "v1,bm9wZQ== v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")).as("one of several").isTrue();
    }

    @Property(tries = 200)
    @Label("webhooks: a changed body, id or timestamp, or another secret, does not verify")
    void tamperingFails(@ForAll @StringLength(max = 200) String body, @ForAll @StringLength(min = 1, max = 40) String id,
                        @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int timestamp) {
        String secret = WebhookSignature.newSecret();
        String signature = WebhookSignature.sign(secret, id, timestamp, body);
        assertThat(WebhookSignature.verify(secret, id, timestamp, body, signature)).isTrue();
        assertThat(WebhookSignature.verify(secret, id, timestamp, body + " ", signature)).isFalse();
        assertThat(WebhookSignature.verify(secret, id + "x", timestamp, body, signature)).isFalse();
        assertThat(WebhookSignature.verify(secret, id, timestamp + 1L, body, signature)).isFalse();
        assertThat(WebhookSignature.verify(WebhookSignature.newSecret(), id, timestamp, body, signature)).isFalse();
    }

    @Test
    @DisplayName("webhooks: a new secret is whsec_ and 32 random bytes in base64, different each time")
    void secrets() {
        String secret = WebhookSignature.newSecret();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(WebhookSignature.newSecret()).isNotEqualTo(secret);
        assertThatThrownBy(() -> WebhookSignature.sign("MfKQ9r8G", "id", 1, "{}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 300)
    @Label("webhooks: the n-th wait is between half and all of min(10 s × 2^(n−1), 1 h): retries span more than a day before disabling")
    void backoff(@ForAll @IntRange(min = 1, max = 10_000) int failed) {
        long full = Math.min(10_000L << Math.min(failed - 1, 30), 3_600_000L);
        Duration wait = WebhookWorker.backoff(failed, DEFAULTS);
        assertThat(wait.toMillis()).isBetween(full / 2, full);
    }

    @Test
    @DisplayName("webhooks: kinds are the protocol's event kinds, alarm kinds, ONLINE and OFFLINE; unknown ones are named")
    void kinds() {
        assertThat(WebhookKinds.parse(List.of("unlock", " Alarm ", "UNLOCK", "low_battery", "OFFLINE")))
                .containsExactly("UNLOCK", "ALARM", "LOW_BATTERY", "OFFLINE");
        assertThatThrownBy(() -> WebhookKinds.parse(List.of("UNLOCK", "WARP")))
                .hasMessageStartingWith("unknown event kinds [WARP]");
        assertThatThrownBy(() -> WebhookKinds.parse(List.of())).hasMessage("kinds must name at least one event kind");
        var lowBattery = new io.keyward.protocol.link.LinkMessages.EventMessage(1, 1, java.time.Instant.EPOCH, "ALARM",
                null, null, null, null, null, "LOW_BATTERY", null);
        assertThat(WebhookKinds.wants(java.util.Set.of("LOW_BATTERY"), lowBattery)).isTrue();
        assertThat(WebhookKinds.wants(java.util.Set.of("ALARM"), lowBattery)).isTrue();
        assertThat(WebhookKinds.wants(java.util.Set.of("TAMPER", "UNLOCK"), lowBattery)).isFalse();
    }
}
