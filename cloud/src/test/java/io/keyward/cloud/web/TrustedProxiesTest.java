package io.keyward.cloud.web;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which X-Forwarded-For address counts as the client (issue 10 finding 9): the rules of TrustedProxies. */
class TrustedProxiesTest {

    @Test
    @DisplayName("finding 9: with no trusted proxy (the default) the peer is the client, whatever the header says")
    void finding09_noTrustedProxyIgnoresTheHeader() {
        TrustedProxies none = TrustedProxies.parse("");
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.trusts("127.0.0.1")).isFalse();
        assertThat(none.client("127.0.0.1", List.of("203.0.113.9"))).isEqualTo("127.0.0.1");
    }

    @Test
    @DisplayName("finding 9: through a chain of trusted proxies the right-most untrusted address counts; forged entries left of it do not")
    void finding09_rightMostUntrustedCounts() {
        TrustedProxies proxies = TrustedProxies.parse(" 10.0.0.0/8 , 192.168.1.7/32,fd00::/8 ");
        assertThat(proxies.client("10.1.2.3", List.of("1.2.3.4", "198.51.100.5", "192.168.1.7"))).isEqualTo("198.51.100.5");
        assertThat(proxies.client("10.1.2.3", List.of("10.9.9.9"))).as("all proxies: the left-most").isEqualTo("10.9.9.9");
        assertThat(proxies.client("10.1.2.3", List.of())).isEqualTo("10.1.2.3");
        assertThat(proxies.client("198.51.100.5", List.of("1.2.3.4"))).as("an untrusted peer").isEqualTo("198.51.100.5");
        assertThat(proxies.client("fd12::1", List.of("2001:db8::7"))).isEqualTo("2001:db8::7");
        assertThat(proxies.client("10.1.2.3", List.of("1.2.3.4", "not-an-ip"))).as("garbage stops the walk").isEqualTo("10.1.2.3");
        assertThat(proxies.trusts("192.168.1.8")).isFalse();
        assertThat(proxies.trusts("localhost")).as("names are never resolved").isFalse();
    }

    @Test
    @DisplayName("finding 9: prefix lengths that are not whole bytes")
    void finding09_oddPrefixes() {
        TrustedProxies proxies = TrustedProxies.parse("172.16.0.0/12");
        assertThat(proxies.trusts("172.31.255.255")).isTrue();
        assertThat(proxies.trusts("172.32.0.1")).isFalse();
        assertThat(proxies.trusts("172.15.255.255")).isFalse();
    }

    @Test
    @DisplayName("finding 9: a setting that is not a list of CIDRs stops the cloud with the entry named")
    void finding09_badSettingRefused() {
        for (String bad : List.of("10.0.0.0/33", "proxy.example.org", "10.0.0/8", "::1/129", "10.0.0.0/x")) {
            assertThatThrownBy(() -> TrustedProxies.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyward.http.trusted-proxies");
        }
    }
}
