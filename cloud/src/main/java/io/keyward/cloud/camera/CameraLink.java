package io.keyward.cloud.camera;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.keyward.cloud.broker.BrokerEndpoint;
import io.keyward.cloud.link.LinkMessage;
import io.keyward.protocol.link.CameraMessages;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The camera's side of the MQTT link (SPEC H7, D8; docs/link.md), on a connection of its own so that
 * frames never queue behind events: snapshots on a shared subscription (each stored by one node), the
 * locks' live answers on every node (the request waiting for one may be on any node), and the frames
 * of a lock only on the nodes where someone watches it, subscribed while they watch. A message that
 * does not read is logged and dropped.
 */
@Component
class CameraLink implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CameraLink.class);
    private static final String SHARE = "$share/keyward-cloud/";

    private final BrokerEndpoint broker;
    private final String node;
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    /** Snapshots are decoded and stored off the MQTT client's threads. */
    private final ExecutorService inbox = Executors.newSingleThreadExecutor(r -> new Thread(r, "camera-link-inbox"));
    private volatile Mqtt5AsyncClient client;
    private volatile LiveRelay relay;
    private volatile DoorbellSnapshots snapshots;

    CameraLink(BrokerEndpoint broker, @Value("${keyward.node-id:1}") String node) {
        this.broker = broker;
        this.node = node;
    }

    /** The relay and the snapshot store hand themselves over when made, before the link starts. */
    void relayTo(LiveRelay relay) {
        this.relay = relay;
    }

    void storeIn(DoorbellSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public int getPhase() {
        return 110; // after the broker and the main link
    }

    @Override
    public void start() {
        String id = Topics.CLOUD_USER + "-" + node + "-camera-" + UUID.randomUUID().toString().substring(0, 8);
        client = broker.cloudClient(id, this::subscribe);
        // a clean session: live frames are worth nothing later, and a snapshot missed while every node
        // is down is lost (its doorbell event is not: events ride the main link's persistent session)
        client.connectWith().cleanStart(true).send().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private void subscribe() {
        client.subscribeWith().topicFilter(SHARE + Topics.all(Topics.Kind.SNAPSHOTS)).qos(MqttQos.AT_LEAST_ONCE)
                .callback(this::received).send();
        client.subscribeWith().topicFilter(Topics.all(Topics.Kind.CAMERA)).qos(MqttQos.AT_LEAST_ONCE)
                .callback(this::received).send();
        watched.forEach(this::subscribeFrames);
    }

    boolean connected() {
        Mqtt5AsyncClient c = client;
        return c != null && c.getState().isConnected();
    }

    /** Asks the lock to stream for seconds (0: stop). */
    void request(String serial, CameraMessages.LiveRequest request) {
        Mqtt5AsyncClient c = client;
        if (c != null) {
            c.publishWith().topic(Topics.of(serial, Topics.Kind.LIVE)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(LinkMessages.write(request)).send();
        }
    }

    /** Frames of this lock come to this node from now on. */
    void watch(String serial) {
        if (watched.add(serial) && connected()) {
            subscribeFrames(serial);
        }
    }

    void unwatch(String serial) {
        Mqtt5AsyncClient c = client;
        if (watched.remove(serial) && c != null && connected()) {
            c.unsubscribeWith().topicFilter(Topics.of(serial, Topics.Kind.FRAMES)).send();
        }
    }

    private void subscribeFrames(String serial) {
        client.subscribeWith().topicFilter(Topics.of(serial, Topics.Kind.FRAMES)).qos(MqttQos.AT_MOST_ONCE)
                .callback(this::received).send();
    }

    private void received(Mqtt5Publish publish) {
        LinkMessage message = LinkMessage.from(publish);
        if (message == null) {
            log.warn("camera: dropped a message on unexpected topic {}", publish.getTopic());
            return;
        }
        String serial = message.serial();
        Topics.Kind kind = message.kind();
        byte[] payload = message.payload();
        try {
            switch (kind) {
                case FRAMES -> {
                    CameraMessages.checkJpeg(payload);
                    relay.frame(serial, payload);
                }
                case CAMERA -> relay.status(serial, CameraMessages.readStatus(payload));
                case SNAPSHOTS -> inbox.execute(() -> snapshot(serial, payload));
                default -> log.warn("{}: camera link dropped a message on {}", serial, kind);
            }
        } catch (LinkMessages.Malformed e) {
            log.warn("{}: dropped a malformed {} message: {}", serial, kind.name().toLowerCase(), e.getMessage());
        }
    }

    private void snapshot(String serial, byte[] payload) {
        try {
            snapshots.received(serial, CameraMessages.readSnapshot(payload));
        } catch (LinkMessages.Malformed e) {
            log.warn("{}: dropped a malformed doorbell snapshot ({} bytes): {}", serial, payload.length, e.getMessage());
        } catch (RuntimeException e) {
            log.error("{}: could not store a doorbell snapshot", serial, e);
        }
    }

    @Override
    public void stop() {
        Mqtt5AsyncClient c = client;
        if (c != null) {
            c.disconnect().orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        inbox.shutdown();
        try {
            // finish what the inbox holds (a snapshot being stored) before the DataSource closes (issue 10 finding 6)
            inbox.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client = null;
    }

    @Override
    public boolean isRunning() {
        return client != null;
    }
}
