package io.keyward.lock.link;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.keyward.lock.core.LockEvent;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.lock.storage.FileRecordStore;
import io.keyward.protocol.link.CameraMessages;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.Topics;
import io.keyward.lock.sim.SystemLockClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The camera's side of the lock's MQTT link (SPEC H7, D3, D8) against the machine's Mosquitto on
 * 127.0.0.1:1883 as a bare transport, as CloudLinkTest: the test plays the cloud.
 */
@DisplayName("H7 D8: the lock's camera on the link (live requests, frames, refusals, doorbell snapshots)")
class CameraLinkTest {

    @TempDir
    Path dir;

    private final String serial = "KW-CT-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<CameraMessages.LiveStatus> answers = new CopyOnWriteArrayList<>();
    private final List<CameraMessages.Picture> snapshots = new CopyOnWriteArrayList<>();
    private final AtomicInteger frames = new AtomicInteger();
    private final List<byte[]> someFrames = new CopyOnWriteArrayList<>();
    private Mqtt5AsyncClient cloud;
    private SimulatedLock lock;
    private CloudLink link;

    @BeforeEach
    void cloudAndLock() throws Exception {
        LocalMosquitto.require();
        cloud = MqttClient.builder().useMqttVersion5().identifier("test-cloud-" + serial)
                .serverHost("127.0.0.1").serverPort(1883).buildAsync();
        cloud.connect().get(5, TimeUnit.SECONDS);
        cloud.subscribeWith().topicFilter(Topics.of(serial, Topics.Kind.CAMERA)).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> {
                    try {
                        answers.add(CameraMessages.readStatus(p.getPayloadAsBytes()));
                    } catch (LinkMessages.Malformed e) {
                        throw new AssertionError(e);
                    }
                }).send().get(5, TimeUnit.SECONDS);
        cloud.subscribeWith().topicFilter(Topics.of(serial, Topics.Kind.SNAPSHOTS)).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> {
                    try {
                        snapshots.add(CameraMessages.readSnapshot(p.getPayloadAsBytes()));
                    } catch (LinkMessages.Malformed e) {
                        throw new AssertionError(e);
                    }
                }).send().get(5, TimeUnit.SECONDS);
        cloud.subscribeWith().topicFilter(Topics.of(serial, Topics.Kind.FRAMES)).qos(MqttQos.AT_MOST_ONCE)
                .callback(p -> {
                    frames.incrementAndGet();
                    if (someFrames.size() < 5) {
                        someFrames.add(p.getPayloadAsBytes());
                    }
                }).send().get(5, TimeUnit.SECONDS);

        Random random = new Random(5);
        lock = SimulatedLock.open(serial, FileRecordStore.open(dir), SystemLockClock.INSTANCE, n -> {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        });
        lock.touch();
        lock.keys(List.of(Key.OK));
        for (int i = 0; i < 2; i++) {
            lock.keys(List.of(Key.D1, Key.D3, Key.D5, Key.D7, Key.D9, Key.D2, Key.OK));
        }
        lock.holdSet(3, false);
        lock.pairingCompleted(CommandSigning.encode(CommandSigning.newKeyPair().getPublic()), "tcp://127.0.0.1:1883",
                "unused-by-anonymous-broker");
        link = CloudLink.start(lock);
        await().atMost(Duration.ofSeconds(10)).until(link::connected);
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
            cloud.publishWith().topic(Topics.of(serial, Topics.Kind.STATE)).retain(true).payload(new byte[0]).send()
                    .get(5, TimeUnit.SECONDS);
            cloud.disconnect().get(5, TimeUnit.SECONDS);
        }
    }

    private void ask(String id, int seconds) throws Exception {
        live(CameraMessages.write(new CameraMessages.LiveRequest(1, id, seconds)));
    }

    private void live(byte[] payload) throws Exception {
        cloud.publishWith().topic(Topics.of(serial, Topics.Kind.LIVE)).qos(MqttQos.AT_LEAST_ONCE).payload(payload)
                .send().get(5, TimeUnit.SECONDS);
    }

    private CameraMessages.LiveStatus answerTo(String id) {
        return await().atMost(Duration.ofSeconds(5)).until(
                () -> answers.stream().filter(a -> id.equals(a.id())).findFirst().orElse(null), a -> a != null);
    }

    @Test
    @DisplayName("H7 a live request is answered streaming and frames (JPEGs that differ) follow; 0 stops them")
    void streamsOnRequest() throws Exception {
        ask("r1", 30);
        assertThat(answerTo("r1").streaming()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> someFrames.size() >= 3);
        for (byte[] frame : someFrames) {
            assertThat(ImageIO.read(new ByteArrayInputStream(frame))).isNotNull();
        }
        assertThat(someFrames.get(0)).isNotEqualTo(someFrames.get(1));
        ask("r2", 0);
        assertThat(answerTo("r2").streaming()).isFalse();
        Thread.sleep(500);
        int stopped = frames.get();
        Thread.sleep(1000);
        assertThat(frames.get()).as("no frames after the stop").isEqualTo(stopped);
    }

    @Test
    @DisplayName("D3 H7 at 19 % battery the lock refuses with LOW_BATTERY and sends no frame; at 20 % it streams")
    void refusedBelowTwentyPercent() throws Exception {
        lock.battery(19, null);
        ask("low", 30);
        CameraMessages.LiveStatus refusal = answerTo("low");
        assertThat(refusal.streaming()).isFalse();
        assertThat(refusal.reason()).isEqualTo("LOW_BATTERY");
        assertThat(refusal.message()).contains("live view is unavailable below 20 % battery");
        Thread.sleep(600);
        assertThat(frames.get()).isZero();

        lock.battery(20, null);
        ask("ok", 30);
        assertThat(answerTo("ok").streaming()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> frames.get() > 0);
        lock.battery(19, null);
        CameraMessages.LiveStatus stopped = await().atMost(Duration.ofSeconds(5)).until(
                () -> answers.stream().filter(a -> a.id() == null).findFirst().orElse(null), a -> a != null);
        assertThat(stopped.reason()).isEqualTo("LOW_BATTERY");
    }

    @Test
    @DisplayName("H7 malformed live requests are logged and dropped (no answer, no frames); the link goes on")
    void malformedRequestsDropped() throws Exception {
        for (String bad : List.of("{", "{\"v\":1,\"id\":\"x\",\"seconds\":61}", "{\"v\":1,\"id\":\"x\",\"seconds\":5,\"more\":1}",
                "{\"v\":2,\"id\":\"x\",\"seconds\":5}", "{\"v\":1,\"id\":\"\",\"seconds\":5}", "[]", "{\"v\":1,\"seconds\":5}")) {
            live(bad.getBytes(StandardCharsets.UTF_8));
        }
        ask("after", 0);
        assertThat(answerTo("after").streaming()).isFalse();
        assertThat(answers).as("only the valid request was answered").hasSize(1);
        assertThat(frames.get()).isZero();
    }

    @Test
    @DisplayName("D8 the doorbell sends the camera's snapshot with the DOORBELL event's number; offline, the picture is dropped")
    void doorbellSnapshot() throws Exception {
        lock.touch();
        lock.keys(List.of(Key.BELL));
        long seq = lock.events(0).stream().filter(e -> LockEvent.DOORBELL.equals(e.kind())).findFirst().orElseThrow().seq();
        CameraMessages.Picture picture = await().atMost(Duration.ofSeconds(5)).until(
                () -> snapshots.isEmpty() ? null : snapshots.get(0), p -> p != null);
        assertThat(picture.seq()).isEqualTo(seq);
        assertThat(ImageIO.read(new ByteArrayInputStream(picture.jpeg())).getWidth()).isEqualTo(320);

        link.close();
        link = null;
        lock.touch();
        lock.keys(List.of(Key.BELL));
        link = CloudLink.start(lock);
        await().atMost(Duration.ofSeconds(10)).until(link::connected);
        Thread.sleep(1000);
        assertThat(snapshots).as("no picture of the press made offline").hasSize(1);
    }
}
