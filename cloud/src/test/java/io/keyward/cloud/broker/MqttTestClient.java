package io.keyward.cloud.broker;

import java.net.URI;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.exceptions.MqttSessionExpiredException;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedListener;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.keyward.protocol.link.Topics;

import static org.awaitility.Awaitility.await;

/** A test's MQTT 5 client (a lock or the cloud), blocking, with its incoming messages queued. */
final class MqttTestClient implements AutoCloseable {

    static final byte[] OFFLINE = "{\"v\":1,\"online\":false}".getBytes(StandardCharsets.UTF_8);

    private final Mqtt5BlockingClient client;
    private final Mqtt5BlockingClient.Mqtt5Publishes inbox;
    private final AtomicReference<String> serverDisconnect;

    private MqttTestClient(Mqtt5BlockingClient client, AtomicReference<String> serverDisconnect) {
        this.client = client;
        this.serverDisconnect = serverDisconnect;
        this.inbox = client.publishes(MqttGlobalPublishFilter.ALL);
    }

    /** Remembers the reason code of a DISCONNECT sent by the broker. */
    private static MqttClientDisconnectedListener recordingInto(AtomicReference<String> reason) {
        return context -> {
            if (context.getCause() instanceof Mqtt5DisconnectException disconnect) {
                reason.set(disconnect.getMqttMessage().getReasonCode().name());
            }
        };
    }

    /** Connects as a lock does (docs/link.md): client id = username = serial, a retained will on its state. */
    static MqttTestClient lock(String uri, String username, String clientId, String password) {
        URI u = URI.create(uri);
        String serial = Topics.validSerial(username) ? username : "KW-NOBODY";
        AtomicReference<String> reason = new AtomicReference<>();
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().serverHost(u.getHost()).serverPort(u.getPort())
                .identifier(clientId)
                .simpleAuth().username(username).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .willPublish().topic(Topics.of(serial, Topics.Kind.STATE)).payload(OFFLINE).qos(MqttQos.AT_LEAST_ONCE)
                .retain(true).applyWillPublish()
                .addDisconnectedListener(recordingInto(reason))
                .buildBlocking();
        client.connectWith().cleanStart(true).send();
        return new MqttTestClient(client, reason);
    }

    static MqttTestClient lock(String uri, String serial, String password) {
        return lock(uri, serial, serial, password);
    }

    static MqttTestClient cloud(BrokerEndpoint endpoint) {
        return cloud(endpoint, "cloud-" + UUID.randomUUID());
    }

    /** The cloud with a chosen client id (a cloud node's, to see whether anyone can take it over). */
    static MqttTestClient cloud(BrokerEndpoint endpoint, String clientId) {
        URI u = URI.create(endpoint.cloudUri());
        AtomicReference<String> reason = new AtomicReference<>();
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().serverHost(u.getHost()).serverPort(u.getPort())
                .identifier(clientId)
                .simpleAuth().username(endpoint.cloudUsername())
                .password(endpoint.cloudPassword().getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .addDisconnectedListener(recordingInto(reason))
                .buildBlocking();
        client.connectWith().cleanStart(true).send();
        return new MqttTestClient(client, reason);
    }

    /** The CONNACK's reason code of a refused connection attempt (fails if it was accepted). */
    static Mqtt5ConnAckReasonCode refusal(String uri, String username, String clientId, String password) {
        try {
            lock(uri, username, clientId, password).close();
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
        throw new AssertionError(username + "/" + clientId + " was let in");
    }

    /** The CONNACK's reason code of a connection attempt with a username and no password at all. */
    static Mqtt5ConnAckReasonCode refusalWithoutPassword(String uri, String username) {
        URI u = URI.create(uri);
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().serverHost(u.getHost()).serverPort(u.getPort())
                .identifier(username).simpleAuth().username(username).applySimpleAuth().buildBlocking();
        try {
            client.connectWith().cleanStart(true).send();
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
        client.disconnect();
        throw new AssertionError(username + " was let in without a password");
    }

    /** The SUBACK's reason code for one topic filter. */
    Mqtt5SubAckReasonCode subscribe(String filter) {
        try {
            return client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().getReasonCodes().get(0);
        } catch (Mqtt5SubAckException e) {
            return e.getMqttMessage().getReasonCodes().get(0);
        }
    }

    /**
     * What the broker answered a QoS 1 publish: the PUBACK's reason code, or "DISCONNECT " and the
     * reason code when it closed the connection instead (a broker may do either for a refused publish).
     */
    String publish(String topic, String payload) {
        try {
            Mqtt5PublishResult result = client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
            return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode().name();
        } catch (Mqtt5PubAckException refused) {
            return refused.getMqttMessage().getReasonCode().name();
        } catch (MqttSessionExpiredException | MqttClientStateException closed) {
            // the DISCONNECT may reach the client before or after the publish left it
            await().atMost(Duration.ofSeconds(5)).until(() -> serverDisconnect.get() != null);
            return "DISCONNECT " + serverDisconnect.get();
        }
    }

    /** Removes the retained message of a topic (a will the broker published), so later tests do not receive it. */
    void clearRetained(String topic) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(new byte[0]).send();
    }

    /** The next message within the time, or empty. */
    Optional<Mqtt5Publish> receive(long millis) throws InterruptedException {
        return inbox.receive(millis, TimeUnit.MILLISECONDS);
    }

    String nextPayload(long millis) throws InterruptedException {
        return receive(millis).map(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))
                .orElseThrow(() -> new AssertionError("nothing received within " + millis + " ms"));
    }

    boolean connected() {
        return client.getState().isConnected();
    }

    @Override
    public void close() {
        inbox.close();
        try {
            client.disconnect();
        } catch (MqttClientStateException alreadyClosed) {
            // the broker closed it first
        }
    }
}
