package io.keyward.cloud.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The project's Mosquitto settings that a fleet's guarantees rest on (issue 11, docs/brokers.md), read from
 * deploy/mosquitto/mosquitto.conf, which the tests, the bench and an operator's broker all start from. Both
 * failures they prevent only show at a scale or a latency no functional test reaches, hence a check of the file.
 */
@DisplayName("issue 11: the project's Mosquitto sends at once and does not drop a cloud node's messages")
class MosquittoConfigTest {

    private static Map<String, String> settings() throws IOException {
        return Files.readAllLines(MosquittoProcess.deployFolder().resolve("mosquitto.conf")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+", 2))
                .filter(kv -> kv.length == 2)
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1], (first, later) -> later));
    }

    @Test
    @DisplayName("TCP_NODELAY on: without it a QoS 1 round trip waited for a delayed ACK, 44 ms instead of 0.3-0.9")
    void noNagle() throws IOException {
        assertThat(settings()).containsEntry("set_tcp_nodelay", "true");
    }

    @Test
    @DisplayName("a cloud node's queue far above Mosquitto's 1,000 (10,000 locks overflowed it: state reports and replies dropped), and bounded")
    void longBoundedQueue() throws IOException {
        Map<String, String> settings = settings();
        assertThat(Long.parseLong(settings.get("max_queued_messages"))).isGreaterThanOrEqualTo(100_000);
        assertThat(Long.parseLong(settings.get("max_queued_bytes"))).isPositive();
    }
}
