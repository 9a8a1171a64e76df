package io.keyward.lock.link;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.keyward.lock.core.HomeMqtt;
import io.keyward.lock.core.LockEvent;
import io.keyward.lock.core.LockView;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.link.LinkMessages;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The lock's second MQTT 5 client: to the home's own broker (docs/home-assistant.md), independent of
 * the cloud link. It follows what the lock stores (Home MQTT on, off, another broker) after every step,
 * publishes Home Assistant discovery, state and events ({@link HomeAssistant}), and hears LOCK and
 * UNLOCK on the command topic (SPEC C12: the core decides). It retries with exponential backoff and
 * jitter ({@link Backoff}) when the broker is down, refuses the login or drops the connection, and
 * reports its status to the lock (off / connecting / connected / refused).
 * <p>
 * Everything it does runs on its own thread: the lock's steps only hand it a snapshot, so a slow or
 * absent broker never holds up the keypad, the core or the cloud link. Without power the connection
 * drops as a pulled cable would (the broker publishes the will, "offline"); with Wi-Fi switched off it
 * says "offline" and leaves. Turning Home MQTT off empties the retained documents before disconnecting.
 */
public final class HomeLink implements SimulatedLock.LinkListener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HomeLink.class.getName());
    /** Commands are one word; anything longer is no command and is dropped unread. */
    static final int MAX_COMMAND_BYTES = 64;
    private static final byte[] EMPTY = new byte[0];

    private final SimulatedLock lock;
    private final String serial;
    private final HomeAssistant ha;
    private final Backoff backoff;
    private final ExecutorService worker;
    // the rest is touched only on the worker thread
    private HomeMqtt wanted; // what the lock stores, while it may be on the network
    private Session session;
    private volatile boolean idle = true; // no session: nothing to follow while Home MQTT stays off
    // discovery documents and states last sent (topic -> payload): what changed goes again, what went away is emptied
    private final Map<String, String> published = new HashMap<>();
    private LockView lastView;

    private HomeLink(SimulatedLock lock, Backoff backoff) {
        this.lock = lock;
        this.serial = lock.serial();
        this.ha = new HomeAssistant(serial);
        this.backoff = backoff;
        // one thread, and only while there is work: a fleet of locks with Home MQTT off holds none
        ThreadPoolExecutor one = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "home-mqtt-" + serial);
            t.setDaemon(true);
            return t;
        });
        one.allowCoreThreadTimeOut(true);
        this.worker = one;
    }

    /** Starts following the lock's Home MQTT setting (which may be off: then it waits for it). */
    public static HomeLink start(SimulatedLock lock) {
        return start(lock, Backoff.standard());
    }

    static HomeLink start(SimulatedLock lock, Backoff backoff) {
        HomeLink link = new HomeLink(lock, backoff);
        synchronized (lock) {
            lock.listenHome(link);
            link.stepped(true);
        }
        return link;
    }

    // ------------------------------------------------------------------ the lock's side (under its monitor: hand over only)

    /** After every step: a snapshot of what to be connected to and what to show, for the worker. */
    @Override
    public void stepped(boolean always) {
        HomeMqtt home = lock.homeMqtt();
        if (home == null && idle) {
            return;
        }
        LockView view = lock.view();
        HomeMqtt target = home != null && lock.networkAllowed() ? home : null;
        Goodbye goodbye = home == null ? Goodbye.TURNED_OFF : view.powered() ? Goodbye.OFFLINE : Goodbye.POWER_CUT;
        run(() -> follow(target, view, goodbye));
    }

    /** How a session ends: Home MQTT turned off, the lock leaving the network, or its power cut. */
    private enum Goodbye { TURNED_OFF, OFFLINE, POWER_CUT }

    @Override
    public void recorded(LockEvent event) {
        Map.Entry<String, String> message = idle ? null : ha.event(event);
        if (message != null) {
            run(() -> {
                if (connected()) {
                    session.client.publishWith().topic(message.getKey()).qos(MqttQos.AT_LEAST_ONCE)
                            .payload(message.getValue().getBytes(StandardCharsets.UTF_8)).send();
                }
            });
        }
    }

    @Override
    public void replied(String commandId, CommandReply reply) {
        // commands from the cloud are the cloud link's business
    }

    // ------------------------------------------------------------------ the worker

    private void follow(HomeMqtt target, LockView view, Goodbye goodbye) {
        lastView = view;
        if (target != null && wanted != null && target.sameBroker(wanted)) {
            wanted = target; // only "allow unlock" changed: the core decides by it, the connection stays
        } else if (!Objects.equals(target, wanted)) {
            if (session != null) {
                end(session, target == null ? goodbye : Goodbye.TURNED_OFF); // another broker: leave the old one clean
            }
            wanted = target;
            published.clear();
            session = target == null ? null : new Session(target);
            idle = session == null;
            if (session == null) {
                lock.homeStatus(LinkMessages.HomeMqtt.OFF);
            }
            return;
        }
        if (connected()) {
            publishState(view);
        }
    }

    /** Hands work to the link's thread; after close() there is none, and nothing left to do. */
    private void run(Runnable work) {
        try {
            worker.execute(work);
        } catch (RejectedExecutionException closed) {
            LOG.log(System.Logger.Level.DEBUG, serial + ": home link closed, dropped a late task");
        }
    }

    private boolean connected() {
        return session != null && session.client.getState().isConnected();
    }

    /** On every (re)connection: commands, discovery, "online", and the state now. */
    private void onConnected(Session s) {
        if (s != session) {
            return;
        }
        backoff.reset();
        lock.homeStatus(LinkMessages.HomeMqtt.CONNECTED);
        LOG.log(System.Logger.Level.INFO, serial + ": connected to the home broker " + s.config.host() + ":" + s.config.port());
        published.clear();
        s.client.subscribeWith().topicFilter(ha.commandTopic()).qos(MqttQos.AT_LEAST_ONCE)
                .callback(this::command).send();
        publishState(lastView);
        retain(s, ha.availabilityTopic(), HomeAssistant.ONLINE);
    }

    /** Discovery documents and states that changed; a door entity that went away is emptied. */
    private void publishState(LockView view) {
        Map<String, String> now = new java.util.LinkedHashMap<>(ha.discovery(view));
        now.putAll(ha.states(view));
        for (String topic : Map.copyOf(published).keySet()) {
            if (!now.containsKey(topic)) {
                retain(session, topic, null);
                published.remove(topic);
            }
        }
        now.forEach((topic, payload) -> {
            if (!payload.equals(published.get(topic))) {
                retain(session, topic, payload);
                published.put(topic, payload);
            }
        });
    }

    /** A retained message (null: empties the topic, which Home Assistant reads as "removed"). */
    private CompletableFuture<?> retain(Session s, String topic, String payload) {
        return s.client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(payload == null ? EMPTY : payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    /**
     * A LOCK or UNLOCK on the command topic (SPEC C12). A retained one is stale (left on the broker,
     * maybe long ago) and anything else is malformed: logged and dropped.
     */
    private void command(Mqtt5Publish publish) {
        byte[] bytes = publish.getPayloadAsBytes();
        boolean stale = publish.isRetain();
        run(() -> {
            String word = bytes.length > MAX_COMMAND_BYTES ? null : new String(bytes, StandardCharsets.UTF_8).strip();
            if (stale) {
                LOG.log(System.Logger.Level.WARNING, serial + ": dropped a retained command on the home broker");
            } else if (session == null) {
                LOG.log(System.Logger.Level.INFO, serial + ": dropped a command heard while Home MQTT was turned off");
            } else if (HomeAssistant.UNLOCK.equals(word) || HomeAssistant.LOCK.equals(word)) {
                lock.homeCommand(HomeAssistant.UNLOCK.equals(word), "home broker " + session.config.host());
            } else {
                LOG.log(System.Logger.Level.WARNING, serial + ": dropped a malformed command on the home broker ("
                        + bytes.length + " bytes): expected LOCK or UNLOCK");
            }
        });
    }

    /**
     * Ends a session: turned off, the retained documents are emptied first; a power cut drops the
     * connection so that the broker sends the will; otherwise an orderly "offline".
     */
    private void end(Session s, Goodbye goodbye) {
        s.closing = true;
        if (!s.client.getState().isConnected()) {
            s.client.disconnect();
            return;
        }
        if (goodbye == Goodbye.POWER_CUT) {
            s.client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
            return;
        }
        CompletableFuture<?> last;
        if (goodbye == Goodbye.TURNED_OFF) {
            ha.allDiscoveryTopics().forEach(topic -> retain(s, topic, null));
            ha.allStateTopics().forEach(topic -> retain(s, topic, null));
            last = retain(s, ha.availabilityTopic(), null);
        } else {
            last = retain(s, ha.availabilityTopic(), HomeAssistant.OFFLINE);
        }
        // QoS 1 publishes go out in order: waiting for the last one's ack means all were delivered
        try {
            last.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.INFO, serial + ": the home broker did not confirm the goodbye: " + e.getMessage());
        }
        s.client.disconnect();
    }

    /** One configuration's client: its own login and will, reconnecting with backoff until it is ended. */
    private final class Session {
        final HomeMqtt config;
        final Mqtt5AsyncClient client;
        volatile boolean closing;

        Session(HomeMqtt config) {
            this.config = config;
            Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5()
                    .identifier("keyward-" + serial)
                    .serverHost(config.host()).serverPort(config.port())
                    .willPublish().topic(ha.availabilityTopic()).payload(HomeAssistant.OFFLINE.getBytes(StandardCharsets.UTF_8))
                    .qos(MqttQos.AT_LEAST_ONCE).retain(true).applyWillPublish()
                    .addConnectedListener(context -> run(() -> onConnected(this)))
                    .addDisconnectedListener(this::disconnected);
            if (config.username() != null || config.passwordSet()) {
                builder = builder.simpleAuth().username(config.username() == null ? "" : config.username())
                        .password(config.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
            }
            this.client = builder.buildAsync();
            lock.homeStatus(LinkMessages.HomeMqtt.CONNECTING);
            client.connectWith().cleanStart(true).send();
        }

        /** The broker is down, refused the login or dropped us: try again after the backoff, unless ended. */
        private void disconnected(MqttClientDisconnectedContext context) {
            if (closing || context.getSource() == MqttDisconnectSource.USER) {
                return;
            }
            boolean refused = context.getCause() instanceof Mqtt5ConnAckException;
            long delay = backoff.next();
            LOG.log(System.Logger.Level.INFO, serial + ": home broker " + config.host() + ":" + config.port()
                    + (refused ? " refused the login" : " not reachable") + ", retrying in " + delay + " ms: "
                    + context.getCause().getMessage());
            run(() -> {
                if (session == this && !closing) {
                    lock.homeStatus(refused ? LinkMessages.HomeMqtt.REFUSED : LinkMessages.HomeMqtt.CONNECTING);
                }
            });
            context.getReconnector().reconnect(true).delay(delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops: an orderly "offline" on the home broker (the documents stay for the next start). Twice is once. */
    @Override
    public void close() {
        if (worker.isShutdown()) {
            return; // a lock closed by its test and again by the test's clean-up
        }
        lock.listenHome(null);
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            if (session != null) {
                end(session, Goodbye.OFFLINE);
                session = null;
            }
        }, worker);
        try {
            done.get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.INFO, serial + ": home link did not stop in time: " + e.getMessage());
        }
        worker.shutdown();
    }
}
