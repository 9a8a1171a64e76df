package io.keyward.cloud.broker;

import java.time.Duration;

import io.keyward.cloud.CloudTest;
import io.keyward.protocol.link.Topics;
import io.keyward.protocol.link.Topics.Kind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The broker as the running cloud has it: the beans of the default (embedded) mode, on the cloud's database. */
abstract class BrokerSpringTest extends CloudTest {

    @Autowired
    BrokerEndpoint endpoint;

    @Autowired
    LockCredentials credentials;

    @Test
    @DisplayName("the cloud issues a lock's credentials; the lock connects at the endpoint and its events reach the cloud's shared subscription")
    void issueConnectAndTalk() throws Exception {
        assertThat(endpoint.lockUri()).startsWith("tcp://127.0.0.1:").doesNotEndWith(":18830").doesNotEndWith(":1883");
        assertThat(endpoint.cloudUsername()).isEqualTo(Topics.CLOUD_USER);
        String serial = BrokerRulesTest.newSerial();
        String password = credentials.issue(serial);
        assertThat(jdbc.sql("select password_hash from broker_credentials where username = ?").param(serial)
                .query(String.class).single()).hasSize(64).isNotEqualTo(password);

        try (MqttTestClient cloud = MqttTestClient.cloud(endpoint);
             MqttTestClient lock = MqttTestClient.lock(endpoint.lockUri(), serial, password)) {
            cloud.subscribe("$share/cloud/" + Topics.all(Kind.EVENTS));
            lock.subscribe(Topics.of(serial, Kind.COMMANDS));
            BrokerRulesTest.accepted(lock.publish(Topics.of(serial, Kind.EVENTS), "event via spring"));
            assertThat(cloud.nextPayload(BrokerRulesTest.ARRIVES_MS)).isEqualTo("event via spring");
            cloud.publish(Topics.of(serial, Kind.COMMANDS), "command via spring");
            assertThat(lock.nextPayload(BrokerRulesTest.ARRIVES_MS)).isEqualTo("command via spring");

            credentials.revoke(serial);
            await().atMost(Duration.ofSeconds(5)).until(() -> !lock.connected());
        }
        assertThat(rows("broker_credentials where username = '" + serial + "'")).isZero();
        assertThat(MqttTestClient.refusal(endpoint.lockUri(), serial, serial, password)).isIn(BrokerRulesTest.REFUSED);
    }
}
