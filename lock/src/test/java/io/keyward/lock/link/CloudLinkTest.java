package io.keyward.lock.link;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.lock.sim.ManualClock;
import io.keyward.lock.storage.FileRecordStore;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.SignedCommand;
import io.keyward.protocol.link.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lock's side of the MQTT link against a real broker: the machine's Mosquitto on
 * 127.0.0.1:1883, used here only as a transport (its access rules are the broker module's tests).
 * The test plays the cloud with a plain MQTT 5 client and the cloud's signing key.
 */
@DisplayName("issue 3 item 4/6/7: the lock's MQTT link (events until acknowledged, signed commands, bad messages)")
class CloudLinkTest {

    private static final String BROKER = "tcp://127.0.0.1:1883";
    private static final KeyPair CLOUD_KEY = CommandSigning.newKeyPair();

    @TempDir
    Path dir;

    private final String serial = "KW-LT-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<Long, Integer> eventsSeen = new ConcurrentHashMap<>();
    private final List<LinkMessages.Reply> replies = new CopyOnWriteArrayList<>();
    private Mqtt5AsyncClient cloud;
    private SimulatedLock lock;
    private CloudLink link;

    @BeforeEach
    void cloudAndLock() throws Exception {
        LocalMosquitto.require();
        cloud = MqttClient.builder().useMqttVersion5().identifier("test-cloud-" + serial)
                .serverHost("127.0.0.1").serverPort(1883).buildAsync();
        cloud.connect().get(5, TimeUnit.SECONDS);
        cloud.subscribeWith().topicFilter(Topics.of(serial, Topics.Kind.EVENTS)).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> eventsSeen.merge(read(p.getPayloadAsBytes(), LinkMessages.EventMessage.class).seq(), 1, Integer::sum))
                .send().get(5, TimeUnit.SECONDS);
        cloud.subscribeWith().topicFilter(Topics.of(serial, Topics.Kind.REPLIES)).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> replies.add(read(p.getPayloadAsBytes(), LinkMessages.Reply.class)))
                .send().get(5, TimeUnit.SECONDS);

        Random random = new Random(3);
        lock = SimulatedLock.open(serial, FileRecordStore.open(dir), new ManualClock(), n -> {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        });
        lock.touch();
        lock.keys(List.of(Key.OK));
        for (int i = 0; i < 2; i++) {
            lock.keys(List.of(Key.D1, Key.D3, Key.D5, Key.D7, Key.D9, Key.D2, Key.OK));
        }
        lock.command(new LockCommand.ChangeSetting(Setting.REMOTE_UNLOCK, "true"));
        lock.holdSet(3, false);
        lock.pairingCompleted(CommandSigning.encode(CLOUD_KEY.getPublic()), BROKER, "unused-by-anonymous-broker");
    }


    @AfterEach
    void close() throws Exception {
        if (link != null) {
            link.close();
        }
        if (lock != null) {
            lock.close();
        }
        if (cloud != null) {
            // leave no retained state behind on the shared broker
            cloud.publishWith().topic(Topics.of(serial, Topics.Kind.STATE)).retain(true).payload(new byte[0]).send()
                    .get(5, TimeUnit.SECONDS);
            cloud.disconnect().get(5, TimeUnit.SECONDS);
        }
    }

    private static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return LinkMessages.read(bytes, type);
        } catch (LinkMessages.Malformed e) {
            throw new AssertionError(e);
        }
    }

    /** Acknowledges every event from 1 to upTo, one ack each, as the cloud does. */
    private void ack(long upTo) throws Exception {
        for (long seq = 1; seq <= upTo; seq++) {
            cloud.publishWith().topic(Topics.of(serial, Topics.Kind.ACKS)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(LinkMessages.write(new LinkMessages.Ack(1, seq))).send().get(5, TimeUnit.SECONDS);
        }
    }

    private SignedCommand send(LockCommand command) throws Exception {
        SignedCommand c = CommandSigning.sign(CLOUD_KEY.getPrivate(), serial, LockCommands.write(command), lock.state().time(), 10);
        cloud.publishWith().topic(Topics.of(serial, Topics.Kind.COMMANDS)).qos(MqttQos.AT_LEAST_ONCE)
                .payload(LinkMessages.write(c)).send().get(5, TimeUnit.SECONDS);
        return c;
    }

    private void startLink() {
        link = CloudLink.start(lock);
        await().atMost(Duration.ofSeconds(10)).until(link::connected);
    }

    @Test
    @DisplayName("H5: every stored event reaches the cloud; once acknowledged, it is not sent again")
    void eventsUntilAcknowledged() throws Exception {
        long last = lock.events(0).get(lock.events(0).size() - 1).seq();
        startLink();
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsSeen.keySet().containsAll(seqs(1, last)));
        ack(last);
        await().atMost(Duration.ofSeconds(10)).until(() -> lock.unacknowledgedEvents().isEmpty());
        lock.keys(List.of(Key.BELL));
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsSeen.containsKey(last + 1));
        assertThat(eventsSeen.get(1L)).isEqualTo(1);
    }

    @Test
    @DisplayName("H5: events made while the link is down arrive once it is back")
    void offlineEventsArriveAfterReconnect() throws Exception {
        startLink();
        long last = lock.events(0).get(lock.events(0).size() - 1).seq();
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsSeen.containsKey(last));
        ack(last);
        await().atMost(Duration.ofSeconds(10)).until(() -> lock.unacknowledgedEvents().isEmpty());
        link.close();
        lock.keys(List.of(Key.BELL));
        lock.keys(List.of(Key.BELL));
        assertThat(eventsSeen).doesNotContainKey(last + 1);
        startLink();
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsSeen.keySet().containsAll(seqs(last + 1, last + 2)));
    }

    @Test
    @DisplayName("C6: a signed remote unlock over MQTT opens and is answered; a replay is refused and logged")
    void remoteUnlockOverMqtt() throws Exception {
        startLink();
        SignedCommand c = send(new LockCommand.RemoteUnlock("alice"));
        await().atMost(Duration.ofSeconds(10)).until(() -> replies.stream().anyMatch(r -> r.id().equals(c.id())));
        assertThat(lock.state().bolt()).isEqualTo("UNLOCKED");
        cloud.publishWith().topic(Topics.of(serial, Topics.Kind.COMMANDS)).qos(MqttQos.AT_LEAST_ONCE)
                .payload(LinkMessages.write(c)).send().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> replies.stream().filter(r -> r.id().equals(c.id())).count() == 2);
        assertThat(replies.get(1).accepted()).isFalse();
        assertThat(replies.get(1).reason()).isEqualTo("REPLAYED");
    }

    @Test
    @DisplayName("a malformed message is logged and dropped; the link and the lock keep working")
    void malformedDropped() throws Exception {
        startLink();
        cloud.publishWith().topic(Topics.of(serial, Topics.Kind.COMMANDS)).qos(MqttQos.AT_LEAST_ONCE)
                .payload("{not json".getBytes(StandardCharsets.UTF_8)).send().get(5, TimeUnit.SECONDS);
        cloud.publishWith().topic(Topics.of(serial, Topics.Kind.ACKS)).qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"v\":1,\"seq\":\"lots\"}".getBytes(StandardCharsets.UTF_8)).send().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> lock.events(0).stream()
                .anyMatch(e -> "MALFORMED_COMMAND".equals(e.reason())));
        SignedCommand c = send(new LockCommand.AddUser("Bob", LockUserRole.USER, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> replies.stream().anyMatch(r -> r.id().equals(c.id()) && r.accepted()));
        assertThat(link.connected()).isTrue();
    }

    @Test
    @DisplayName("B2/B9: the lock reports its settings and users with credential ids (never templates), and reports changes")
    void reportsState() throws Exception {
        List<LinkMessages.LockState> states = linkReportingState();
        LinkMessages.LockState first = states.get(states.size() - 1);
        assertThat(first.settings()).containsEntry("REMOTE_UNLOCK", "true");
        assertThat(first.users()).singleElement().satisfies(u -> {
            assertThat(u.role()).isEqualTo("ADMINISTRATOR");
            assertThat(u.credentials()).extracting(LinkMessages.Credential::id).containsExactly("passcode-1");
        });
        send(new LockCommand.AddUser("Bob", LockUserRole.USER, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> states.get(states.size() - 1).users().size() == 2);
        assertThat(states.get(states.size() - 1).asOf()).isGreaterThan(first.asOf());
    }

    @Test
    @DisplayName("issue 11: an event alone sends no state report (the event tells the cloud); the next change does, with the newer asOf")
    void anEventAloneIsNoStateReport() throws Exception {
        List<LinkMessages.LockState> states = linkReportingState();
        int before = states.size();
        long last = lock.events(0).get(lock.events(0).size() - 1).seq();
        lock.keys(List.of(Key.BELL));
        lock.keys(List.of(Key.BELL));
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsSeen.keySet().containsAll(seqs(last + 1, last + 2)));
        send(new LockCommand.AddUser("Bob", LockUserRole.USER, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> states.get(states.size() - 1).users().size() == 2);
        // the lock publishes in order on one connection: a report for the bells would have come before this one
        assertThat(states.subList(before, states.size())).singleElement()
                .satisfies(report -> assertThat(report.asOf()).isGreaterThan(last + 2));
    }

    /** Starts the link while the test's cloud follows the lock's state reports; returns them as they come, once online. */
    private List<LinkMessages.LockState> linkReportingState() throws Exception {
        List<LinkMessages.LockState> states = new CopyOnWriteArrayList<>();
        cloud.subscribeWith().topicFilter(Topics.of(serial, Topics.Kind.STATE)).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> {
                    if (isReport(p.getPayloadAsBytes())) {
                        states.add(read(p.getPayloadAsBytes(), LinkMessages.LockState.class));
                    }
                })
                .send().get(5, TimeUnit.SECONDS);
        startLink();
        await().atMost(Duration.ofSeconds(10)).until(() -> states.stream().anyMatch(LinkMessages.LockState::online));
        return states;
    }

    /** A state report, not the retained message cleared nor the lock's goodbye or will ({"v":1,"online":false}). */
    private static boolean isReport(byte[] payload) {
        return payload.length > 0 && !new String(payload, StandardCharsets.UTF_8).contains("\"online\":false");
    }

    private static List<Long> seqs(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }
}
