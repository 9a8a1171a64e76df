package io.keyward.lock.threats;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.keyward.lock.core.LockEvent;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.link.CloudLink;
import io.keyward.lock.link.LocalMosquitto;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.lock.sim.ManualClock;
import io.keyward.lock.storage.FileRecordStore;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The set-up of the MQTT threat tests: a simulated lock with an administrator and Remote unlock on,
 * paired to a cloud key, on its real link to the machine's Mosquitto (127.0.0.1:1883, as a transport),
 * and an MQTT client that publishes on the lock's commands topic as the cloud, or an attacker, would.
 * After each test the link, the lock and the client are closed and the lock's retained state cleared.
 */
abstract class LockOnTheMqttLink {

    static final String BROKER = "tcp://127.0.0.1:1883";

    @TempDir
    Path dir;

    final String serial;
    /** Publishes on the lock's topics: the cloud's (or an attacker's) MQTT client. */
    Mqtt5AsyncClient publisher;
    SimulatedLock lock;
    CloudLink link;

    LockOnTheMqttLink(String serialPrefix) {
        this.serial = serialPrefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Connects the publisher, and opens the lock at start with its administrator and Remote unlock on (not yet paired). */
    void lockWithRemoteUnlock(String clientPrefix, Instant start) throws Exception {
        LocalMosquitto.require();
        publisher = MqttClient.builder().useMqttVersion5().identifier(clientPrefix + serial)
                .serverHost("127.0.0.1").serverPort(1883).buildAsync();
        publisher.connect().get(5, TimeUnit.SECONDS);
        lock = open(start, 7);
        lock.touch();
        lock.keys(List.of(Key.OK));
        for (int i = 0; i < 2; i++) {
            lock.keys(List.of(Key.D1, Key.D3, Key.D5, Key.D7, Key.D9, Key.D2, Key.OK));
        }
        lock.command(new LockCommand.ChangeSetting(Setting.REMOTE_UNLOCK, "true"));
    }

    /** The lock (re)opened from its storage at the time at; its random bytes come from seed. */
    SimulatedLock open(Instant at, long seed) throws Exception {
        Random random = new Random(seed);
        return SimulatedLock.open(serial, FileRecordStore.open(dir), new ManualClock(at), n -> {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        });
    }

    /** Pairing mode (SET held 3 s) and a pairing that trusts the cloud key. */
    void pairWith(KeyPair cloudKey) {
        lock.holdSet(3, false);
        lock.pairingCompleted(CommandSigning.encode(cloudKey.getPublic()), BROKER, "unused-by-anonymous-broker");
    }

    /** (Re)starts the lock's link, closing the one before, and waits until it is connected. */
    void startLink() {
        if (link != null) {
            link.close();
        }
        link = CloudLink.start(lock);
        await().atMost(Duration.ofSeconds(10)).until(link::connected);
    }

    @AfterEach
    void closeLinkLockAndPublisher() throws Exception {
        if (link != null) {
            link.close();
        }
        if (lock != null) {
            lock.close();
        }
        if (publisher != null) {
            publisher.publishWith().topic(Topics.of(serial, Topics.Kind.STATE)).retain(true).payload(new byte[0]).send()
                    .get(5, TimeUnit.SECONDS);
            publisher.disconnect().get(5, TimeUnit.SECONDS);
        }
    }

    void publish(byte[] payload) throws Exception {
        publisher.publishWith().topic(Topics.of(serial, Topics.Kind.COMMANDS)).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload).send().get(5, TimeUnit.SECONDS);
    }

    long lastSeq() {
        List<LockEvent> events = lock.events(0);
        return events.get(events.size() - 1).seq();
    }

    /** Remote unlocks that opened the bolt, logged after seq. */
    long opened(long after) {
        return lock.events(after).stream()
                .filter(e -> LockEvent.UNLOCK.equals(e.kind()) && "REMOTE".equals(e.method()) && "OK".equals(e.result()))
                .count();
    }
}
