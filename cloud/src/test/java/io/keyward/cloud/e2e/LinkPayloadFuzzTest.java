package io.keyward.cloud.e2e;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.keyward.cloud.broker.BrokerEndpoint;
import io.keyward.protocol.link.Topics;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bounded sample of malformed MQTT payloads through the real (embedded) broker, both ways (issue 10
 * item 3; docs/link.md "a malformed message is logged and dropped"): to the lock's commands, acks and
 * live topics (bit flips of a real signed command, truncations, wrong types, out-of-range instants,
 * deep nesting, random bytes) and to the cloud's events, state, replies, camera and snapshots topics.
 * The coverage-guided pass over the same parsers is fuzz/ (LockInboundFuzzTest, CloudInboundFuzzTest).
 * After the sample: nothing changed (the cloud's view of the lock, its users and settings, the lock's
 * state), the lock logged only refusals, and the link goes on both ways (a setting is applied, a
 * keypad event arrives).
 */
@DisplayName("Malformed MQTT payloads both ways are dropped, the link goes on (embedded broker, H2)")
class LinkPayloadFuzzTest extends CloudWithLocks {

    private static final long SEED = 20261205L;
    private static final int PER_TOPIC = 40;

    @Override
    Map<String, String> settings() {
        return Map.of();
    }

    @Test
    void malformedPayloadsBothWaysAreDroppedAndTheLinkGoesOn() throws Exception {
        Account owner = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);
        Mqtt5AsyncClient spy = cloud.bean(BrokerEndpoint.class).cloudClient("fuzz-" + UUID.randomUUID(), () -> { });
        spy.connectWith().cleanStart(true).send().get(10, TimeUnit.SECONDS);
        List<byte[]> commands = new CopyOnWriteArrayList<>();
        spy.subscribeWith().topicFilter(Topics.of(lock.serial, Topics.Kind.COMMANDS)).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> commands.add(p.getPayloadAsBytes())).send().get(10, TimeUnit.SECONDS);
        setting(owner, id, "true"); // a real signed command to spoil
        await().until(() -> !commands.isEmpty());
        String signed = new String(commands.get(0), StandardCharsets.UTF_8);

        JsonNode lockBefore = lockView(owner, id);
        JsonNode panelBefore = lock.state();
        int cloudEventsBefore = cloudEvents(owner, id).size();
        long lockSeqBefore = lastSeq(lock.events());

        Random random = new Random(SEED);
        int sent = 0;
        for (Topics.Kind kind : List.of(Topics.Kind.COMMANDS, Topics.Kind.ACKS, Topics.Kind.LIVE)) {
            String valid = kind == Topics.Kind.COMMANDS ? signed : kind == Topics.Kind.ACKS ? "{\"v\":1,\"seq\":1}"
                    : "{\"v\":1,\"id\":\"l1\",\"seconds\":10}";
            for (int i = 0; i < PER_TOPIC; i++) {
                publish(spy, lock.serial, kind, kind == Topics.Kind.COMMANDS ? anyMutation(random, valid) : broken(random, valid));
                sent++;
            }
        }
        String event = "{\"v\":1,\"seq\":999999,\"at\":\"2026-01-05T08:00:00Z\",\"kind\":\"UNLOCK\",\"method\":\"PASSCODE\","
                + "\"result\":\"OK\",\"user\":1,\"credential\":null,\"reason\":null,\"alarm\":null,\"detail\":null}";
        String reply = "{\"v\":1,\"id\":\"x\",\"accepted\":true,\"reason\":null,\"message\":null,\"user\":null}";
        String status = "{\"v\":1,\"id\":\"x\",\"streaming\":true,\"reason\":null,\"message\":null}";
        String snapshot = "{\"v\":1,\"seq\":999999,\"at\":\"2026-01-05T08:00:00Z\",\"jpeg\":\"/9j/4AAQ/9k=\"}";
        String state = "{\"v\":1,\"online\":true,\"asOf\":5,\"battery\":90,\"batteryLow\":false,\"bolt\":\"LOCKED\","
                + "\"door\":\"CLOSED\",\"lockedFromInside\":false,\"lockout\":false,\"settings\":{},\"users\":[],"
                + "\"enrolment\":null,\"radio\":null,\"accessories\":[]}";
        for (Map.Entry<Topics.Kind, String> topic : Map.of(Topics.Kind.EVENTS, event, Topics.Kind.REPLIES, reply,
                Topics.Kind.CAMERA, status, Topics.Kind.SNAPSHOTS, snapshot, Topics.Kind.STATE, state).entrySet()) {
            for (int i = 0; i < PER_TOPIC; i++) {
                publish(spy, lock.serial, topic.getKey(), broken(random, topic.getValue()));
                sent++;
            }
        }
        System.out.printf("fuzz: MQTT %d malformed payloads through the broker over 8 topics (seed %d)%n", sent, SEED);

        // the link goes on: a command is applied and answered, a keypad event reaches the cloud
        assertThat(setting(owner, id, "false").path("status").asString()).isEqualTo("applied");
        lock.post("/touch", "{}");
        lock.type("000000");
        await().atMost(SOON).until(() -> cloudEvents(owner, id).size() > cloudEventsBefore);

        JsonNode lockAfter = lockView(owner, id);
        assertThat(lockAfter.get("users")).isEqualTo(lockBefore.get("users"));
        assertThat(lockAfter.get("online").asBoolean()).isTrue();
        assertThat(lock.state().get("users")).isEqualTo(panelBefore.get("users"));
        List<String> obeyed = new ArrayList<>();
        for (JsonNode e : lock.events()) {
            if (e.get("seq").asLong() > lockSeqBefore && !"COMMAND_REFUSED".equals(e.get("kind").asString())
                    && !"REFUSED".equals(e.path("result").asString())
                    && !"SETTING_CHANGED".equals(e.get("kind").asString())) { // the test's own setting change
                obeyed.add(e.toString());
            }
        }
        assertThat(obeyed).as("the lock logged only refusals (and the test's setting)").isEmpty();
        for (JsonNode e : cloudEvents(owner, id)) {
            assertThat(e.path("seq").asLong()).as("no forged event stored: %s", e).isNotEqualTo(999999);
        }
        spy.disconnect();
    }

    private static void publish(Mqtt5AsyncClient client, String serial, Topics.Kind kind, byte[] payload) throws Exception {
        client.publishWith().topic(Topics.of(serial, kind)).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                .get(10, TimeUnit.SECONDS);
    }

    /** Any change, bit flips included (a flipped signed command can still read: it must not verify). */
    private static byte[] anyMutation(Random random, String valid) {
        if (random.nextInt(3) == 0) {
            byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
            }
            return bytes;
        }
        return broken(random, valid);
    }

    /** A payload that cannot read: truncated, wrong types, instants out of range, nesting, junk. */
    private static byte[] broken(Random random, String valid) {
        String out = switch (random.nextInt(7)) {
            case 0 -> valid.substring(0, random.nextInt(valid.length() - 1));
            case 1 -> valid.replaceFirst("\"v\":1", "\"v\":\"1\"");
            case 2 -> valid.replaceFirst("\"v\":1", "\"v\":1e400");
            case 3 -> valid.replaceFirst("\\{", "{\"extra\":" + random.nextInt() + ",");
            case 4 -> "[".repeat(2000 + random.nextInt(3000)) + "]".repeat(10);
            case 5 -> valid.replaceFirst("\"v\":1", "\"v\":1,\"v\":2");
            default -> null;
        };
        if (out != null) {
            return out.getBytes(StandardCharsets.UTF_8);
        }
        byte[] junk = new byte[random.nextInt(300)];
        random.nextBytes(junk);
        return junk;
    }

    private static JsonNode setting(Account owner, String id, String value) {
        return expect(owner.put("/api/locks/" + id + "/settings/REMOTE_UNLOCK", Map.of("value", value)), 200).json();
    }

    private static JsonNode lockView(Account owner, String id) {
        return owner.lock(id);
    }

    private static JsonNode cloudEvents(Account owner, String id) {
        JsonNode events = expect(owner.get("/api/locks/" + id + "/events"), 200).json();
        return events.has("events") ? events.get("events") : events;
    }

    private static long lastSeq(JsonNode events) {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).get("seq").asLong();
    }
}
