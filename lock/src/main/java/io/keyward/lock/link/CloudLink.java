package io.keyward.lock.link;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.keyward.lock.camera.LiveStream;
import io.keyward.lock.core.LiveViewRule;
import io.keyward.lock.core.LockData;
import io.keyward.lock.core.LockEvent;
import io.keyward.lock.core.NetworkRule;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.link.CameraMessages;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.SignedCommand;
import io.keyward.protocol.link.Topics;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The lock's MQTT 5 link to the cloud (QoS 1). It logs in with the broker password it got at
 * pairing, subscribes to its own commands and acks, sends every event until the cloud acknowledges
 * it (so events made offline arrive after reconnecting, the cloud keeping each (lock, seq) once),
 * and answers signed commands. It reconnects with exponential backoff (0.5 s up to 30 s) and the
 * lock keeps working offline. A malformed message is logged by the lock and dropped.
 * <p>
 * After every step of the lock it follows {@link NetworkRule}: with no power it drops off as a pulled
 * cable would (the broker publishes its will at once), with Wi-Fi switched off it says goodbye and
 * leaves, and when the lock was factory-reset it tells the cloud so (on its own authenticated login,
 * the last time it uses it) and leaves for good. Power or Wi-Fi back: it connects again.
 */
public final class CloudLink implements SimulatedLock.LinkListener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CloudLink.class.getName());
    /**
     * Incoming messages of every link of the JVM are handled here, off the MQTT client's threads.
     * Eight threads: each ack is a step that persists (an fsync), and in a fleet of thousands of
     * links two threads left remote unlock commands queued behind acks past their expiry (issue 11).
     */
    private static final Executor INBOX = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "cloud-link-inbox");
        t.setDaemon(true);
        return t;
    });
    /** Every link's check for events the cloud did not acknowledge although they were sent. */
    private static final ScheduledExecutorService RESEND = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cloud-link-resend");
        t.setDaemon(true);
        return t;
    });
    static final long RESEND_SECONDS = 15;
    /**
     * One Netty event loop group for every link of the JVM (the HiveMQ client shares the loops of
     * links built with the same config): a fleet of 10,000 locks runs on a few threads, not 10,000.
     */
    private static final MqttClientExecutorConfig SHARED_LOOPS = MqttClientExecutorConfig.builder()
            .nettyThreads(Math.max(2, Runtime.getRuntime().availableProcessors())).build();
    /** The will: what the broker reports when the lock drops off without saying goodbye. */
    private static final byte[] OFFLINE = "{\"v\":1,\"online\":false}".getBytes(StandardCharsets.UTF_8);

    private final SimulatedLock lock;
    private final String serial;
    private final Mqtt5AsyncClient client;
    // what was last reported, so only changes are sent; touched only under the lock's monitor
    private LinkMessages.LockState lastState;
    private final ScheduledFuture<?> resend;
    private long oldestUnacknowledged = -1; // touched only by the RESEND thread
    private final LiveStream live; // H7: the camera's stream to the cloud while it is asked for
    // NetworkRule's reason while the link keeps itself off the network, null while it may connect;
    // and the connects/disconnects asked for, one after another. Both touched only under the lock's monitor.
    private String offNetwork;
    private CompletableFuture<?> transitions = CompletableFuture.completedFuture(null);

    private CloudLink(SimulatedLock lock, LockData.CloudLink cloud, InetAddress source) {
        this.lock = lock;
        this.serial = lock.serial();
        URI broker = URI.create(cloud.brokerUri());
        Mqtt5ClientBuilder builder = MqttClient.builder()
                .useMqttVersion5()
                .identifier(serial)
                .executorConfig(SHARED_LOOPS);
        if (source != null) { // a fleet spreads its links over 127.0.0.x: ~28,000 ephemeral ports per source address
            builder = builder.transportConfig().serverHost(broker.getHost()).serverPort(broker.getPort())
                    .localAddress(source).applyTransportConfig();
        } else {
            builder = builder.serverHost(broker.getHost()).serverPort(broker.getPort());
        }
        this.client = builder
                .simpleAuth().username(serial).password(cloud.brokerPassword().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .willPublish().topic(Topics.of(serial, Topics.Kind.STATE)).payload(OFFLINE)
                .qos(MqttQos.AT_LEAST_ONCE).retain(true).applyWillPublish()
                .addConnectedListener(context -> INBOX.execute(this::onConnected))
                .addDisconnectedListener(this::onDisconnected)
                .buildAsync();
        this.live = new LiveStream(lock.camera(), lock::now, lock::liveViewRefusal, new LiveStream.Sink() {
            @Override
            public void frame(byte[] jpeg) {
                frameOut(jpeg);
            }

            @Override
            public void stopped(String reason, String message) {
                liveStatus(null, false, reason, message);
            }
        });
        this.resend = RESEND.scheduleWithFixedDelay(this::resendStale, RESEND_SECONDS, RESEND_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * An event that is still the oldest unacknowledged one a whole period later was lost on the way
     * (a broker under load may drop messages): everything unacknowledged goes again; the cloud keeps
     * each (lock, seq) once.
     */
    private void resendStale() {
        if (!connected()) {
            return;
        }
        List<LockEvent> unacknowledged = lock.unacknowledgedEvents();
        long oldest = unacknowledged.isEmpty() ? -1 : unacknowledged.get(0).seq();
        if (oldest >= 0 && oldest == oldestUnacknowledged) {
            unacknowledged.forEach(this::recorded);
        }
        oldestUnacknowledged = oldest;
    }

    /**
     * Lost or never reached the broker (not a disconnect the link asked for): try again after a
     * jittered exponential wait, so a fleet that lost its broker at once does not return at once.
     */
    private void onDisconnected(MqttClientDisconnectedContext context) {
        lock.online(false);
        if (context.getSource() != MqttDisconnectSource.USER) {
            int attempts = context.getReconnector().getAttempts();
            long wait = ReconnectBackoff.delay(attempts, ThreadLocalRandom.current()::nextDouble).toMillis();
            context.getReconnector().reconnect(true).delay(wait, TimeUnit.MILLISECONDS);
        }
    }

    /** Starts the link of a paired lock; null when the lock is not paired. */
    public static CloudLink start(SimulatedLock lock) {
        return start(lock, null);
    }

    /** The same, connecting from this local address (null: any), as a fleet of many links does. */
    public static CloudLink start(SimulatedLock lock, InetAddress source) {
        LockData.CloudLink cloud = lock.cloud();
        if (cloud == null) {
            return null;
        }
        CloudLink link = new CloudLink(lock, cloud, source);
        synchronized (lock) {
            lock.listen(link);
            link.offNetwork = lock.networkOffline();
            if (link.offNetwork == null) {
                link.connect();
            }
        }
        return link;
    }

    private void connect() {
        transition(() -> client.connectWith().cleanStart(true).send().whenComplete((ack, error) -> {
            if (error != null) {
                LOG.log(System.Logger.Level.INFO, serial + ": cloud not reachable yet, retrying: " + error.getMessage());
            }
        }));
    }

    /** Runs one connect or disconnect after the ones asked for before, whatever became of them. */
    private void transition(java.util.function.Supplier<CompletableFuture<?>> step) {
        transitions = transitions.handle((done, error) -> null).thenCompose(ignored -> step.get())
                .exceptionally(error -> null);
    }

    /**
     * Called after every step, under the lock's monitor: takes the link off the network or back on as
     * {@link NetworkRule} says. Returns whether the link is off the network now.
     */
    private boolean followNetwork() {
        String why = lock.networkOffline();
        if (java.util.Objects.equals(why, offNetwork)) {
            return why != null;
        }
        if (NetworkRule.NOT_PAIRED.equals(offNetwork)) {
            return true; // reset: this login is forgotten; a new pairing starts a new link
        }
        String was = offNetwork;
        offNetwork = why;
        if (why == null) {
            LOG.log(System.Logger.Level.INFO, serial + ": back on the network (was " + was + "), connecting");
            connect();
        } else if (was == null) {
            leave(why);
        }
        return why != null;
    }

    /** Leaves the network: without power at once (the broker sends the will), otherwise saying why first. */
    private void leave(String why) {
        LOG.log(System.Logger.Level.INFO, serial + ": leaving the network: " + why);
        if (NetworkRule.NO_POWER.equals(why)) {
            transition(() -> client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE)
                    .send());
            return;
        }
        String reason = NetworkRule.WIFI_OFF.equals(why) ? LinkMessages.Presence.WIFI_OFF : LinkMessages.Presence.RESET;
        byte[] goodbye = LinkMessages.write(new LinkMessages.Presence(1, false, reason));
        transition(() -> {
            if (!connected()) {
                return client.disconnect();
            }
            return client.publishWith().topic(Topics.of(serial, Topics.Kind.STATE)).qos(MqttQos.AT_LEAST_ONCE)
                    .retain(true).payload(goodbye).send().handle((result, error) -> null)
                    .thenCompose(ignored -> client.disconnect());
        });
    }

    public boolean connected() {
        return client.getState().isConnected();
    }

    /** On every (re)connection: subscribe, say we are online, and send what the cloud has not acknowledged. */
    private void onConnected() {
        client.subscribeWith().topicFilter(Topics.of(serial, Topics.Kind.COMMANDS)).qos(MqttQos.AT_LEAST_ONCE)
                .callback(this::command).send();
        client.subscribeWith().topicFilter(Topics.of(serial, Topics.Kind.ACKS)).qos(MqttQos.AT_LEAST_ONCE)
                .callback(this::ack).send();
        client.subscribeWith().topicFilter(Topics.of(serial, Topics.Kind.LIVE)).qos(MqttQos.AT_LEAST_ONCE)
                .callback(this::liveRequest).send();
        lock.online(true);
        lock.reportState(true);
        lock.unacknowledgedEvents().forEach(this::recorded);
    }

    private void command(Mqtt5Publish publish) {
        byte[] bytes = publish.getPayloadAsBytes();
        INBOX.execute(() -> {
            try {
                lock.signedCommand(LinkMessages.read(bytes, SignedCommand.class));
            } catch (LinkMessages.Malformed e) {
                LOG.log(System.Logger.Level.WARNING, serial + ": dropped a malformed command: " + e.getMessage());
                lock.malformedCommand(e.getMessage());
            }
        });
    }

    private void ack(Mqtt5Publish publish) {
        byte[] bytes = publish.getPayloadAsBytes();
        INBOX.execute(() -> {
            try {
                LinkMessages.Ack ack = LinkMessages.read(bytes, LinkMessages.Ack.class);
                lock.eventAcknowledged(ack.first(), ack.seq());
            } catch (LinkMessages.Malformed e) {
                LOG.log(System.Logger.Level.WARNING, serial + ": dropped a malformed ack: " + e.getMessage());
            }
        });
    }

    /** H7: the cloud asks for the live view (or stops it); the lock's rule may refuse, with the reason. */
    private void liveRequest(Mqtt5Publish publish) {
        byte[] bytes = publish.getPayloadAsBytes();
        INBOX.execute(() -> {
            CameraMessages.LiveRequest request;
            try {
                request = CameraMessages.readRequest(bytes);
            } catch (LinkMessages.Malformed e) {
                LOG.log(System.Logger.Level.WARNING, serial + ": dropped a malformed live request: " + e.getMessage());
                return;
            }
            LiveViewRule.Refusal refusal = live.request(request.seconds());
            if (refusal != null) {
                liveStatus(request.id(), false, refusal.reason(), refusal.message());
            } else {
                liveStatus(request.id(), request.seconds() > 0, null, null);
            }
        });
    }

    private void liveStatus(String id, boolean streaming, String reason, String message) {
        if (connected()) {
            publish(Topics.Kind.CAMERA, CameraMessages.write(new CameraMessages.LiveStatus(1, id, streaming, reason, message)),
                    false);
        }
    }

    /** A live frame: QoS 0, a lost one is not worth sending again; none while offline. */
    private void frameOut(byte[] jpeg) {
        if (connected()) {
            client.publishWith().topic(Topics.of(serial, Topics.Kind.FRAMES)).qos(MqttQos.AT_MOST_ONCE)
                    .payload(jpeg).send();
        }
    }

    /**
     * D8: the doorbell rang: the camera's picture of that instant goes to the cloud (QoS 1) with the
     * event's sequence number. Only while connected: the event itself waits in the lock's storage and
     * arrives later, but the picture of a press made offline is not kept (docs/link.md).
     */
    @Override
    public void doorbell(LockEvent e) {
        if (!connected()) {
            LOG.log(System.Logger.Level.INFO, serial + ": offline, the doorbell snapshot of event " + e.seq() + " is dropped");
            return;
        }
        INBOX.execute(() -> {
            byte[] jpeg = lock.camera().frame(e.at());
            publish(Topics.Kind.SNAPSHOTS, CameraMessages.write(CameraMessages.Snapshot.of(e.seq(), e.at(), jpeg)), false);
        });
    }

    @Override
    public void recorded(LockEvent e) {
        if (connected()) {
            publish(Topics.Kind.EVENTS, LinkMessages.write(new LinkMessages.EventMessage(1, e.seq(), e.at(), e.kind(),
                    e.method(), e.result(), e.user(), e.credential(), e.reason(), e.alarm(), e.detail(),
                    lock.syncStatement(e))), false); // issue 15, design §9: a linked lock in trust mode needs it
        }
    }

    /**
     * Reports the lock's state (retained) when it differs from what was last reported, or always
     * after a reconnection. The lock calls this under its own monitor, so reports leave in order.
     * A step that only recorded an event does not count as a change: its event tells the cloud, and
     * the next report carries the newer asOf (issue 11: a report per event doubled the messages and
     * the cloud's writes of an event that changed nothing else, a doorbell or a wrong passcode).
     */
    @Override
    public void stepped(boolean always) {
        if (followNetwork() || !connected()) {
            return;
        }
        LinkMessages.LockState state = lock.reportedState();
        LinkMessages.LockState compared = state.asOf(0);
        if (always || !compared.equals(lastState)) {
            lastState = compared;
            publish(Topics.Kind.STATE, LinkMessages.write(state), true);
        }
    }

    @Override
    public void replied(String commandId, CommandReply r) {
        publish(Topics.Kind.REPLIES, LinkMessages.write(new LinkMessages.Reply(1, commandId, r.accepted(), r.reason(),
                r.message(), r.user(), r.data())), false);
    }

    private void publish(Topics.Kind kind, byte[] payload, boolean retain) {
        client.publishWith().topic(Topics.of(serial, kind)).qos(MqttQos.AT_LEAST_ONCE).retain(retain)
                .payload(payload).send();
    }

    @Override
    public void close() {
        resend.cancel(false);
        live.close();
        lock.listen(null);
        if (connected()) {
            publish(Topics.Kind.STATE, OFFLINE, true);
        }
        // MQTT 5 reason 0x04: the broker publishes the will (the same retained OFFLINE) as well, so the cloud
        // learns the lock left even when the publish above is still queued as the connection closes
        client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
        lock.online(false);
    }
}
