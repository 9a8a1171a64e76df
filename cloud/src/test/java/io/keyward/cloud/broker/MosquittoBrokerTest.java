package io.keyward.cloud.broker;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import java.time.Duration;
import java.util.regex.Pattern;

import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.keyward.protocol.link.Topics;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The external mode against a real Mosquitto 2.0 of its own ({@link MosquittoProcess}). */
@DisplayName("external broker (Mosquitto 2.0, dynamic security): lock access rules")
class MosquittoBrokerTest extends BrokerRulesTest {

    private static MosquittoProcess mosquitto;

    @BeforeAll
    static void start() throws Exception {
        mosquitto = MosquittoProcess.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @Override
    BrokerEndpoint endpoint() {
        return mosquitto.endpoint();
    }

    @Override
    LockCredentials credentials() {
        return mosquitto.credentials();
    }

    @Test
    @DisplayName("threat: with configured service names that are valid serials ('admin', 'cloud'), no lock login is issued or revoked for them")
    void threat07_configuredServiceNamesAreNeverLockLogins() {
        DynamicSecurity custom = new DynamicSecurity(endpoint().cloudUri(), "admin", "unused", Duration.ofSeconds(1), "cloud");
        try {
            for (String name : new String[] {"admin", "cloud", "ADMIN", "Cloud"}) {
                assertThatIllegalArgumentException().as(name).isThrownBy(() -> custom.issue(name));
                assertThatIllegalArgumentException().as(name).isThrownBy(() -> custom.revoke(name));
            }
        } finally {
            custom.close();
        }
    }

    /**
     * Mosquitto's ACL file decides what a lock reads at delivery, not at SUBSCRIBE (2.0.11 grants every
     * subscription it is asked about), and the plugin's role keyward-lock, one for all locks, cannot name
     * a lock's own serial: so a lock may be granted another lock's commands, acks or live requests (or
     * '+' in place of the serial), and nothing else. Then nothing published there for another lock
     * may reach it: the cloud publishes on such a topic and the lock must hear nothing.
     */
    @Override
    void assertCannotListen(MqttTestClient lock, String filter) throws InterruptedException {
        if (lock.subscribe(filter) == Mqtt5SubAckReasonCode.NOT_AUTHORIZED) {
            return;
        }
        assertThat(filter).as("granted: only another lock's incoming topic may be").matches(Pattern.quote(Topics.ROOT) + "[^/]+/(commands|acks|live)");
        String topic = filter.replace("+", newSerial());
        try (MqttTestClient cloud = MqttTestClient.cloud(endpoint())) {
            cloud.publish(topic, PROBE);
        }
        assertThat(lock.receive(QUIET_MS)).as(filter + ": a message for another lock was delivered").isEmpty();
    }

    @Override
    void restart() throws Exception {
        mosquitto.restart();
    }
}
