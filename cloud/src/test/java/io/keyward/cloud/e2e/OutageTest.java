package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.keyward.cloud.broker.BrokerEndpoint;
import io.keyward.protocol.link.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * SPEC H5 across outages, with real parts: events the lock makes while it is offline reach the cloud
 * once each when it is back, also when the cloud (and its embedded broker) restarts in between; and
 * malformed messages on the link are dropped without harming it.
 */
class OutageTest {

    static final Duration RECONNECT = Duration.ofSeconds(60);

    @TempDir
    Path data;

    private Cloud cloud;
    private Lock lock;

    @AfterEach
    void stop() {
        if (lock != null) {
            lock.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    @DisplayName("H5 events made offline arrive once each after reconnecting, also across a cloud restart")
    void offlineEventsArriveOnceEach() throws Exception {
        cloud = Cloud.start(data.resolve("cloud"), Map.of());
        Account owner = Account.signUp(cloud);
        lock = Lock.start(data.resolve("locks"), cloud.uri());
        String id = pairedLock(owner);

        lock.running().dropLink();
        wrongPasscodes(2);
        lock.running().restoreLink();
        await().atMost(RECONNECT).untilAsserted(() -> assertThat(cloudSeqs(owner, id)).containsAll(lockSeqs()));

        cloud.stop(); // the lock stays up; its link drops and retries with backoff
        wrongPasscodes(2);
        long made = lockSeqs().size();
        cloud.startAgain();
        await().atMost(RECONNECT).untilAsserted(() -> assertThat(cloudSeqs(owner, id)).hasSize((int) made)
                .containsExactlyInAnyOrderElementsOf(lockSeqs()));

        List<Long> seqs = cloudSeqs(owner, id);
        Map<Long, Long> counts = seqs.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts.values()).as("each (lock, seq) once").containsOnly(1L);
    }

    @Test
    @DisplayName("link: malformed and unknown messages are logged and dropped; the link and the lock keep working")
    void malformedMessagesDropped() throws Exception {
        cloud = Cloud.start(data.resolve("cloud"), Map.of());
        Account owner = Account.signUp(cloud);
        lock = Lock.start(data.resolve("locks"), cloud.uri());
        String id = pairedLock(owner);

        BrokerEndpoint broker = cloud.bean(BrokerEndpoint.class);
        URI uri = URI.create(broker.cloudUri());
        Mqtt5BlockingClient rogue = MqttClient.builder().useMqttVersion5().identifier("rogue")
                .serverHost(uri.getHost()).serverPort(uri.getPort())
                .simpleAuth().username(broker.cloudUsername()).password(broker.cloudPassword().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().buildBlocking();
        rogue.connect();
        try {
            for (Topics.Kind kind : List.of(Topics.Kind.EVENTS, Topics.Kind.STATE, Topics.Kind.REPLIES)) {
                for (String garbage : List.of("", "{", "[]", "{\"v\":1,\"seq\":\"x\"}", "{\"v\":1,\"unknown\":true}",
                        "x".repeat(20_000))) {
                    rogue.publishWith().topic(Topics.of(lock.serial, kind)).qos(MqttQos.AT_LEAST_ONCE)
                            .payload(garbage.getBytes(StandardCharsets.UTF_8)).send();
                }
            }
            rogue.publishWith().topic("keyward/v1/locks/" + lock.serial + "/unknown").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{}".getBytes(StandardCharsets.UTF_8)).send();
        } finally {
            rogue.disconnect();
        }

        wrongPasscodes(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cloudSeqs(owner, id)).containsAll(lockSeqs()));
        assertThat(owner.lock(id).get("online").asBoolean()).isTrue();
        assertThat(owner.lock(id).at("/reported/users").size()).as("the garbage state was not kept").isEqualTo(1);
    }

    private String pairedLock(Account owner) {
        lock.withAdministrator();
        String id = expect(owner.post("/api/locks", Map.of("pairingCode", lock.pairingCode(), "name", "Back door")), 201)
                .json().get("id").asString();
        await().atMost(RECONNECT).until(() -> owner.lock(id).get("online").asBoolean());
        return id;
    }

    private void wrongPasscodes(int times) {
        for (int i = 0; i < times; i++) {
            lock.type("9081726354"); // not the administrator's: refused, an event each (C9)
        }
    }

    private List<Long> lockSeqs() {
        return lock.events().valueStream().map(e -> e.get("seq").asLong()).toList();
    }

    private static List<Long> cloudSeqs(Account owner, String id) {
        JsonNode page = expect(owner.get("/api/locks/" + id + "/events?limit=200"), 200).json();
        return page.get("events").valueStream().map(e -> e.get("seq").asLong()).toList();
    }
}
