package io.keyward.cloud.broker;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

/**
 * Where the locks and the cloud's own link connect; a Spring bean. {@code lockUri} (e.g.
 * {@code tcp://127.0.0.1:18830}) is given to a lock at pairing; the cloud's link logs in at
 * {@code cloudUri} as {@code cloudUsername} with {@code cloudPassword}.
 */
public record BrokerEndpoint(String lockUri, String cloudUri, String cloudUsername, String cloudPassword) {

    /**
     * An MQTT 5 client of the cloud's own, logged in at {@code cloudUri}, reconnecting by itself and
     * calling onConnected after every (re)connection (to subscribe again); the caller connects it.
     */
    public Mqtt5AsyncClient cloudClient(String clientId, Runnable onConnected) {
        URI uri = URI.create(cloudUri);
        return MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost(uri.getHost())
                .serverPort(uri.getPort())
                .automaticReconnect().initialDelay(200, TimeUnit.MILLISECONDS).maxDelay(10, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .simpleAuth().username(cloudUsername)
                .password(cloudPassword.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .addConnectedListener(context -> onConnected.run())
                .buildAsync();
    }

    /** Keeps the password out of logs and error messages. */
    @Override
    public String toString() {
        return "BrokerEndpoint[lockUri=" + lockUri + ", cloudUri=" + cloudUri + ", cloudUsername=" + cloudUsername + "]";
    }
}
