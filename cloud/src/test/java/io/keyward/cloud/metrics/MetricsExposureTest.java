package io.keyward.cloud.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 2: where the metrics may be served, decided before the cloud starts (the refusal a
 * running cloud shows is in MetricsEndToEndTest). Loopback by name or number needs no token; anything
 * else does; the main port never doubles as the metrics port.
 */
class MetricsExposureTest {

    @Test
    @DisplayName("issue 12: loopback (127.0.0.1, ::1, localhost) needs no token and asks for none")
    void loopbackNeedsNoToken() {
        for (String address : new String[] {"127.0.0.1", "::1", "localhost", "127.0.0.2"}) {
            MetricsExposure exposure = new MetricsExposure("9464", "8080", address, "");
            assertThat(exposure.tokenRequired()).as(address).isFalse();
            assertThat(exposure.accepts("anything")).as(address).isFalse();
        }
    }

    @Test
    @DisplayName("issue 12: bound beyond loopback (0.0.0.0, ::, a LAN address, blank = every address) without a token: refused")
    void exposedWithoutATokenIsRefused() {
        for (String address : new String[] {"0.0.0.0", "::", "192.168.1.20", ""}) {
            assertThatThrownBy(() -> new MetricsExposure("9464", "8080", address, " "))
                    .as(address).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("keyward.metrics.token").hasMessageContaining("127.0.0.1");
        }
    }

    @Test
    @DisplayName("issue 12: with a token, only that exact token is accepted")
    void theTokenIsCheckedExactly() {
        MetricsExposure exposure = new MetricsExposure("9464", "8080", "0.0.0.0", "s3cret-scrape");
        assertThat(exposure.tokenRequired()).isTrue();
        assertThat(exposure.accepts("s3cret-scrape")).isTrue();
        assertThat(exposure.accepts("s3cret-scrapE")).isFalse();
        assertThat(exposure.accepts("s3cret-scrape ")).isFalse();
        assertThat(exposure.accepts("")).isFalse();
        assertThat(exposure.accepts(null)).isFalse();
    }

    @Test
    @DisplayName("issue 12: the metrics never share the main port, and an unset management port is refused")
    void theMainPortIsNeverTheMetricsPort() {
        assertThatThrownBy(() -> new MetricsExposure("8080", "8080", "127.0.0.1", ""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("never serves /actuator");
        assertThatThrownBy(() -> new MetricsExposure("", "8080", "127.0.0.1", ""))
                .isInstanceOf(IllegalStateException.class);
        assertThat(new MetricsExposure("0", "0", "127.0.0.1", "").tokenRequired()).as("two free ports (tests)").isFalse();
    }
}
