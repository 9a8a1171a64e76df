package io.keyward.cloud.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where the metrics are served, checked when the cloud starts: on their own management port, bound to
 * loopback unless asked otherwise; bound anywhere else they need keyward.metrics.token, or the cloud
 * refuses to start (an open /actuator/prometheus tells strangers how many locks are online and when).
 */
@Component
public class MetricsExposure {

    private final byte[] token;

    MetricsExposure(@Value("${management.server.port:}") String managementPort,
                    @Value("${server.port:8080}") String serverPort,
                    @Value("${management.server.address:}") String address,
                    @Value("${keyward.metrics.token:}") String token) {
        if (managementPort.isBlank() || managementPort.equals(serverPort) && !"0".equals(serverPort)) {
            throw new IllegalStateException("management.server.port must be a port of its own (now \"" + managementPort
                    + "\"): the main port never serves /actuator");
        }
        if (!loopback(address) && token.isBlank()) {
            throw new IllegalStateException("the metrics port is bound to \"" + address + "\", beyond this machine:"
                    + " set keyward.metrics.token (KEYWARD_METRICS_TOKEN), or bind it to 127.0.0.1");
        }
        this.token = token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** Blank means every address; a name is resolved now, as the server will bind it. */
    static boolean loopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address.trim()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public boolean tokenRequired() {
        return token != null;
    }

    /** A constant-time comparison of the bearer token a scraper sent. */
    public boolean accepts(String presented) {
        return token != null && presented != null
                && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }
}
