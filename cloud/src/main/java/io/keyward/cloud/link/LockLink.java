package io.keyward.cloud.link;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
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
import io.keyward.cloud.locks.LockWasReset;
import io.keyward.cloud.locks.Locks;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.SignedCommand;
import io.keyward.protocol.link.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The cloud's end of the MQTT link (docs/link.md). It logs in as {@value Topics#CLOUD_USER} with a
 * persistent session and shared subscriptions, so that several cloud nodes split the locks' traffic
 * and what arrives while a node is down waits in the broker. Events go to the {@link EventInbox}, which
 * stores them in batches and acknowledges each to the lock after its batch commits, never before (SPEC
 * H5): one the database did not take stays unacknowledged and the lock sends it again. State reports
 * are kept; replies are handed on as application events.
 * A message that does not read is logged, counted in {@link LinkDrops} and dropped; the link goes on.
 */
@Component
public class LockLink implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LockLink.class);
    private static final String SHARE = "$share/keyward-cloud/";
    /** State reports are spread over a few single threads by serial: one lock's messages stay in order. */
    private static final int STRIPES = 4;
    /** Index of the lane that records replies (after the stripes); the waiting request has had its reply already. */
    private static final int REPLIES = STRIPES;
    /** How long a stop waits for the inbox to finish the messages it holds. */
    private static final java.time.Duration DRAIN = java.time.Duration.ofSeconds(10);

    private final BrokerEndpoint broker;
    private final Locks locks;
    private final EventInbox events;
    private final LinkDrops drops;
    private final ApplicationEventPublisher publisher;
    private final List<ReplyWaiter> waiters;
    private final Clock clock;
    private final String node;
    /** Serials whose reports this node has heard since it started (see state()). */
    private final Set<String> heard = ConcurrentHashMap.newKeySet();
    /**
     * The stripes, and one lane more for recording replies. A request waiting for a reply (a remote
     * unlock, C6) gets it before either, on the MQTT client's thread ({@link ReplyWaiter}), so it
     * never queues behind the events being stored (the lock's unlock event comes with it) nor behind
     * a hand-off. Replies need no order with events: each names the command it answers.
     */
    private final ExecutorService[] inbox = new ExecutorService[STRIPES + 1];
    private volatile Mqtt5AsyncClient client;
    /**
     * How long the broker keeps this node's session once it is gone, queueing its share of the shared
     * subscriptions for it (docs/cloud.md "Several nodes"): long for one node (its restart finds what
     * came meanwhile), short for several (a node that stopped for good stops taking a share).
     */
    @Value("${keyward.broker.session-expiry:1h}")
    private java.time.Duration sessionExpiry = java.time.Duration.ofHours(1);

    LockLink(BrokerEndpoint broker, Locks locks, EventInbox events, LinkDrops drops, ApplicationEventPublisher publisher,
             List<ReplyWaiter> waiters, Clock clock, @Value("${keyward.node-id:1}") String node) {
        this.broker = broker;
        this.locks = locks;
        this.events = events;
        this.drops = drops;
        this.publisher = publisher;
        this.waiters = List.copyOf(waiters);
        this.clock = clock;
        this.node = node;
    }

    /** After the embedded broker (which starts in phase 0 or lower), before the web server takes requests. */
    @Override
    public int getPhase() {
        return 100;
    }

    @Override
    public void start() {
        for (int i = 0; i < inbox.length; i++) {
            String name = i == REPLIES ? "lock-link-replies" : "lock-link-inbox-" + i;
            inbox[i] = Executors.newSingleThreadExecutor(r -> new Thread(r, name));
        }
        events.start(this::ack);
        URI uri = URI.create(broker.cloudUri());
        client = broker.cloudClient(Topics.CLOUD_USER + "-" + node, this::subscribe);
        // a persistent session: the broker keeps the lock's messages for this node while it restarts
        client.connectWith().cleanStart(false).sessionExpiryInterval(sessionExpiry.toSeconds()).send()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        log.info("linked to the broker at {} as {}", uri, Topics.CLOUD_USER + "-" + node);
    }

    /**
     * Events and state reports are shared: each goes to one node. Replies go to every node, because
     * the request waiting for one (a remote unlock) may be on any node; they are few, and recording
     * one twice is harmless (Commands updates a pending command once).
     */
    private void subscribe() {
        for (Topics.Kind kind : new Topics.Kind[] {Topics.Kind.EVENTS, Topics.Kind.STATE}) {
            client.subscribeWith().topicFilter(SHARE + Topics.all(kind)).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(this::received).send();
        }
        client.subscribeWith().topicFilter(Topics.all(Topics.Kind.REPLIES)).qos(MqttQos.AT_LEAST_ONCE)
                .callback(this::received).send();
    }

    public boolean connected() {
        Mqtt5AsyncClient c = client;
        return c != null && c.getState().isConnected();
    }

    /** Sends a signed command to its lock (QoS 1, not retained: a lock that is away never sees it later). */
    public void send(SignedCommand command) {
        publish(Topics.of(command.serial(), Topics.Kind.COMMANDS), LinkMessages.write(command));
    }

    /**
     * QoS 1 to the broker; nothing once the link has stopped (or before it started). During a stop the
     * event inbox still finishes its batches and acknowledges them, and a request may still send a
     * command, after the client is gone: an ack that cannot leave is harmless (the lock sends the event
     * again and the copy is absorbed), a command that cannot leave ends as a lock that did not answer.
     * This used to be a NullPointerException in the inbox's thread under fleet load.
     */
    private void publish(String topic, byte[] payload) {
        Mqtt5AsyncClient c = client; // read once: stop() clears it from another thread
        if (c == null) {
            log.debug("the link is stopped; {} not sent", topic);
            return;
        }
        c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    }

    private void received(Mqtt5Publish publish) {
        LinkMessage message = LinkMessage.from(publish);
        if (message == null) {
            log.warn("dropped a message on unexpected topic {}", publish.getTopic());
            return;
        }
        if (message.kind() == Topics.Kind.EVENTS) {
            events.offer(message.serial(), message.payload()); // what it refuses is never acknowledged, and comes again
            return;
        }
        if (message.kind() == Topics.Kind.REPLIES) {
            reply(message.serial(), message.payload());
            return;
        }
        int lane = Math.floorMod(message.serial().hashCode(), STRIPES);
        inbox[lane].execute(() -> handle(message.serial(), message.kind(), message.payload()));
    }

    /**
     * A reply is read here, on the MQTT client's thread, and handed at once to the request waiting
     * for it on this node (a remote unlock: {@link ReplyWaiter}, no I/O); then, on the reply lane, it
     * is published to be recorded (a queued command's status, CommandQueue), which takes the database.
     */
    private void reply(String serial, byte[] payload) {
        LinkMessages.Reply reply;
        try {
            reply = LinkMessages.read(payload, LinkMessages.Reply.class);
        } catch (LinkMessages.Malformed e) {
            inbox[REPLIES].execute(() -> drops.dropped(serial, Topics.Kind.REPLIES, e.getMessage(), payload, 1));
            return;
        }
        for (ReplyWaiter waiter : waiters) {
            try {
                waiter.replied(serial, reply);
            } catch (RuntimeException e) {
                log.error("{}: a request waiting for a reply failed on it", serial, e);
            }
        }
        inbox[REPLIES].execute(() -> {
            try {
                publisher.publishEvent(new LockReplied(serial, reply));
            } catch (RuntimeException e) {
                log.error("{}: could not handle a reply", serial, e);
            }
        });
    }

    private void handle(String serial, Topics.Kind kind, byte[] payload) {
        try {
            switch (kind) {
                case STATE -> state(serial, payload);
                default -> log.warn("{}: dropped a message on {}", serial, kind);
            }
        } catch (LinkMessages.Malformed e) {
            drops.dropped(serial, kind, e.getMessage(), payload, 1);
        } catch (RuntimeException e) {
            log.error("{}: could not handle a {} message", serial, kind.name().toLowerCase(), e);
        }
    }

    /** SPEC H5: called by the {@link EventInbox} once the events' batch has committed: every event from..seq is stored. */
    void ack(String serial, long from, long seq) {
        publish(Topics.of(serial, Topics.Kind.ACKS), LinkMessages.write(new LinkMessages.Ack(1, seq, from == seq ? null : from)));
    }

    private void state(String serial, byte[] payload) throws LinkMessages.Malformed {
        UUID lockId = lockId(serial);
        if (lockId == null) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        LinkMessages.LockState state;
        try {
            state = LinkMessages.read(payload, LinkMessages.LockState.class);
        } catch (LinkMessages.Malformed notAState) {
            // the lock's will, or its goodbye: {"v":1,"online":false}
            LinkMessages.Presence presence = LinkMessages.read(payload, LinkMessages.Presence.class);
            if (LinkMessages.Presence.RESET.equals(presence.reason())) {
                publisher.publishEvent(new LockWasReset(lockId, serial, now)); // D7: it forgot this cloud
                return;
            }
            locks.online(serial, presence.online(), now);
            return;
        }
        boolean back = locks.reported(serial, new String(payload, StandardCharsets.UTF_8), state.asOf(), now);
        // A lock reports after every change (each unlock, each command applied): only its return is a
        // moment to send what waited. The first report this node hears also counts, since a node that
        // (re)started cannot tell a lock that returned meanwhile from one that never left.
        if (back | heard.add(serial)) {
            publisher.publishEvent(new LockCameOnline(lockId, serial));
        }
    }

    /** Messages of a lock the cloud does not know (removed, or never paired here) are dropped. */
    private UUID lockId(String serial) {
        UUID id = locks.bySerial(serial).map(Locks.Lock::id).orElse(null);
        if (id == null) {
            log.info("{}: dropped a message of a lock that is not bound here", serial);
        }
        return id;
    }

    /**
     * An orderly stop (issue 10 finding 6): first no more messages (what arrives later waits in the
     * broker for this node's persistent session), then the inbox finishes what it holds. Spring closes
     * the DataSource only after every lifecycle has stopped, so no message meets a closed database. An
     * event stored here whose ack can no longer leave is simply sent again by the lock, and absorbed.
     */
    @Override
    public void stop() {
        Mqtt5AsyncClient c = client;
        if (c != null) {
            c.disconnect().orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        for (ExecutorService stripe : inbox) {
            if (stripe != null) {
                stripe.shutdown();
            }
        }
        events.stop(DRAIN);
        drain();
        client = null;
    }

    private void drain() {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        for (ExecutorService stripe : inbox) {
            try {
                if (stripe != null && !stripe.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    log.warn("the link's inbox did not finish within {}; its unacknowledged events will come again", DRAIN);
                    stripe.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return client != null;
    }
}
