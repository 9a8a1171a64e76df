package io.keyward.lock.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.keyward.lock.core.LockEvent;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.lock.sim.ManualClock;
import io.keyward.lock.storage.FileRecordStore;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.link.LinkMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * Home MQTT against a real Mosquitto of the test's own, with a password file (docs/home-assistant.md):
 * the lock connects to it with no cloud at all, and the test plays Home Assistant with a plain MQTT 5
 * client logged in as another user of the same broker.
 */
@DisplayName("issue 12 item 1: Home MQTT and Home Assistant discovery against a real Mosquitto, no cloud")
class HomeMqttTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Key> PASSCODE = List.of(Key.D1, Key.D3, Key.D5, Key.D7, Key.D9, Key.D2, Key.OK);

    @TempDir
    Path dir;

    private final String serial = "KW-HOME-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, String> retained = new ConcurrentHashMap<>();
    private final List<Heard> heard = new CopyOnWriteArrayList<>();
    private HomeBroker broker;
    private SimulatedLock lock;
    private HomeLink link;
    private HomeAssistant ha;
    private Mqtt5AsyncClient homeAssistant;

    /** A message Home Assistant heard, and when (System.nanoTime). */
    record Heard(String topic, String payload, boolean retain, long at) {
    }

    @BeforeEach
    void lockWithAdministrator() throws Exception {
        Random random = new Random(12);
        lock = SimulatedLock.open(serial, FileRecordStore.open(dir), new ManualClock(), n -> {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        });
        lock.touch();
        lock.keys(List.of(Key.OK));
        lock.keys(PASSCODE);
        lock.keys(PASSCODE);
        ha = new HomeAssistant(serial);
    }

    @AfterEach
    void close() throws Exception {
        if (link != null) {
            link.close();
        }
        if (homeAssistant != null) {
            homeAssistant.disconnect().get(5, TimeUnit.SECONDS);
        }
        if (lock != null) {
            lock.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    // ------------------------------------------------------------------ discovery

    @Test
    @DisplayName("discovery: one device, a lock, a battery sensor, a door and an alarm binary_sensor, two event entities, each with the fields Home Assistant requires")
    void discoveryDocuments() throws Exception {
        startWith(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> ha.allDiscoveryTopics().stream().allMatch(this::present));

        JsonNode lockDoc = doc("lock", "lock");
        assertThat(lockDoc.path("command_topic").asText()).isEqualTo("keyward/" + serial + "/lock/set");
        assertThat(lockDoc.path("state_topic").asText()).isEqualTo("keyward/" + serial + "/lock/state");
        assertThat(lockDoc.path("payload_lock").asText()).isEqualTo("LOCK");
        assertThat(lockDoc.path("payload_unlock").asText()).isEqualTo("UNLOCK");
        assertThat(lockDoc.path("state_locked").asText()).isEqualTo("LOCKED");
        assertThat(lockDoc.path("state_unlocked").asText()).isEqualTo("UNLOCKED");
        assertThat(lockDoc.path("state_jammed").asText()).isEqualTo("JAMMED");
        assertThat(lockDoc.path("optimistic").asBoolean(true)).isFalse();

        JsonNode battery = doc("sensor", "battery");
        assertThat(battery.path("device_class").asText()).isEqualTo("battery");
        assertThat(battery.path("unit_of_measurement").asText()).isEqualTo("%");
        assertThat(battery.path("state_class").asText()).isEqualTo("measurement");
        assertThat(battery.path("state_topic").asText()).isEqualTo("keyward/" + serial + "/battery/state");

        JsonNode door = doc("binary_sensor", "door");
        assertThat(door.path("device_class").asText()).isEqualTo("door");
        assertThat(door.path("payload_on").asText()).isEqualTo("ON");
        assertThat(door.path("payload_off").asText()).isEqualTo("OFF");
        assertThat(door.path("state_topic").asText()).isEqualTo("keyward/" + serial + "/door/state");

        JsonNode alarm = doc("binary_sensor", "alarm");
        assertThat(alarm.path("device_class").asText()).isEqualTo("safety");
        assertThat(alarm.path("state_topic").asText()).isEqualTo("keyward/" + serial + "/alarm/state");

        JsonNode unlocks = doc("event", "unlock");
        assertThat(unlocks.path("state_topic").asText()).isEqualTo("keyward/" + serial + "/event/unlock");
        assertThat(texts(unlocks.path("event_types"))).contains("passcode", "fingerprint", "face", "mechanical_key",
                "bluetooth", "remote", "home_mqtt", "refused");
        JsonNode alarms = doc("event", "alarm_event");
        assertThat(alarms.path("state_topic").asText()).isEqualTo("keyward/" + serial + "/event/alarm");
        assertThat(texts(alarms.path("event_types"))).contains("tamper", "system_locked", "low_battery")
                .doesNotContain("duress");

        List<String> uniqueIds = new ArrayList<>();
        for (String topic : ha.allDiscoveryTopics()) {
            JsonNode d = JSON.readTree(retained.get(topic));
            assertThat(d.path("name").asText()).as(topic).isNotBlank();
            uniqueIds.add(d.path("unique_id").asText());
            assertThat(d.path("availability_topic").asText()).as(topic).isEqualTo("keyward/" + serial + "/availability");
            assertThat(d.path("payload_available").asText()).isEqualTo("online");
            assertThat(d.path("payload_not_available").asText()).isEqualTo("offline");
            JsonNode device = d.path("device");
            assertThat(texts(device.path("identifiers"))).as(topic).containsExactly("keyward_" + serial);
            assertThat(device.path("serial_number").asText()).isEqualTo(serial);
            assertThat(device.path("manufacturer").asText()).isEqualTo("Keyward");
            assertThat(device.path("model").asText()).isNotBlank();
            assertThat(device.path("sw_version").asText()).isEqualTo(HomeAssistant.FIRMWARE).isNotBlank();
            assertThat(d.path("origin").path("name").asText()).isEqualTo("Keyward");
        }
        assertThat(uniqueIds).doesNotHaveDuplicates().allMatch(id -> id.startsWith("keyward_" + serial + "_"));

        await().atMost(Duration.ofSeconds(2)).until(() -> "online".equals(retained.get(ha.availabilityTopic())));
        assertThat(retained.get(ha.stateTopic("lock"))).isEqualTo("LOCKED");
        assertThat(retained.get(ha.stateTopic("battery"))).isEqualTo(Integer.toString(lock.view().batteryPercent()));
        assertThat(retained.get(ha.stateTopic("door"))).isEqualTo("OFF");
        assertThat(retained.get(ha.stateTopic("alarm"))).isEqualTo("OFF");
    }

    @Test
    @DisplayName("SPEC A4: a lock body without a door sensor has no door entity (its document is emptied)")
    void noDoorWithoutSensor() throws Exception {
        startWith(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> present(ha.discoveryTopic(HomeAssistant.Entity.DOOR)));
        lock.command(new LockCommand.ChangeSetting(Setting.BODY_TYPE, "WITHOUT_SENSOR"));
        await().atMost(Duration.ofSeconds(2)).until(() -> "".equals(retained.get(ha.discoveryTopic(HomeAssistant.Entity.DOOR))));
        assertThat(present(ha.discoveryTopic(HomeAssistant.Entity.LOCK_ENTITY))).isTrue();
    }

    // ------------------------------------------------------------------ state and events within a second

    @Test
    @DisplayName("SPEC C3 C9: a keypad unlock turns the lock entity to UNLOCKED and fires an unlock event (passcode, who) within a second")
    void keypadUnlockWithinASecond() throws Exception {
        startWith(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> "LOCKED".equals(retained.get(ha.stateTopic("lock"))));
        long before = System.nanoTime();
        lock.touch();
        lock.keys(PASSCODE);
        await().atMost(Duration.ofSeconds(1)).until(() -> "UNLOCKED".equals(retained.get(ha.stateTopic("lock"))));
        Heard state = last(ha.stateTopic("lock"));
        assertThat(retained.get(ha.availabilityTopic())).as("still available after a change").isEqualTo("online");
        Heard event = await().atMost(Duration.ofSeconds(1)).until(() -> last(ha.eventTopic("unlock")), h -> h != null);
        assertThat(TimeUnit.NANOSECONDS.toMillis(state.at() - before)).isLessThan(1000);
        assertThat(TimeUnit.NANOSECONDS.toMillis(event.at() - before)).isLessThan(1000);
        assertThat(event.retain()).isFalse();
        JsonNode body = JSON.readTree(event.payload());
        assertThat(body.path("event_type").asText()).isEqualTo("passcode");
        assertThat(body.path("result").asText()).isEqualTo("OK");
        assertThat(body.path("user").asInt()).isEqualTo(1);
        assertThat(body.path("credential").asText()).isEqualTo("passcode-1");
        assertThat(body.path("seq").asLong()).isPositive();
    }

    // ------------------------------------------------------------------ unlock from home (C12)

    @Test
    @DisplayName("SPEC C12: UNLOCK from the home broker is refused while not allowed (the default), logged with its method and reason")
    void homeUnlockOffByDefault() throws Exception {
        startWith(false);
        long after = lastSeq();
        command("UNLOCK");
        LockEvent refused = awaitHomeEvent(after);
        assertThat(refused.result()).isEqualTo("REFUSED");
        assertThat(refused.reason()).isEqualTo("HOME_UNLOCK_OFF");
        assertThat(lock.view().boltLocked()).isTrue();
        JsonNode event = JSON.readTree(await().atMost(Duration.ofSeconds(1)).until(() -> last(ha.eventTopic("unlock")), h -> h != null).payload());
        assertThat(event.path("event_type").asText()).isEqualTo("refused");
        assertThat(event.path("reason").asText()).isEqualTo("HOME_UNLOCK_OFF");
    }

    @Test
    @DisplayName("SPEC C12: allowed, UNLOCK from the home broker opens (method HOME_MQTT) and the lock entity says UNLOCKED; LOCK throws the bolt again")
    void homeUnlockAllowed() throws Exception {
        startWith(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> "LOCKED".equals(retained.get(ha.stateTopic("lock"))));
        long after = lastSeq();
        command("UNLOCK");
        LockEvent opened = awaitHomeEvent(after);
        assertThat(opened.kind()).isEqualTo(LockEvent.UNLOCK);
        assertThat(opened.result()).isEqualTo("OK");
        assertThat(lock.view().boltLocked()).isFalse();
        await().atMost(Duration.ofSeconds(1)).until(() -> "UNLOCKED".equals(retained.get(ha.stateTopic("lock"))));

        long afterUnlock = lastSeq();
        command("LOCK");
        LockEvent locked = awaitHomeEvent(afterUnlock);
        assertThat(locked.kind()).isEqualTo(LockEvent.LOCK);
        assertThat(lock.view().boltLocked()).isTrue();
        await().atMost(Duration.ofSeconds(1)).until(() -> "LOCKED".equals(retained.get(ha.stateTopic("lock"))));
    }

    @Test
    @DisplayName("SPEC C12: allowing unlock later takes effect at once, on the same connection (no document emptied, no new login)")
    void allowingLaterKeepsTheConnection() throws Exception {
        startWith(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> ha.allDiscoveryTopics().stream().allMatch(this::present));
        int onlines = (int) heard.stream().filter(h -> h.topic().equals(ha.availabilityTopic())).count();
        CommandReply allowed = lock.command(new LockCommand.SetHomeMqtt(true, "127.0.0.1", broker.port, HomeBroker.LOCK_USER,
                null, true)); // no password: the lock keeps its own
        assertThat(allowed.accepted()).isTrue();
        assertThat(lock.reportedState().homeMqtt().allowUnlock()).isTrue();
        long after = lastSeq();
        command("UNLOCK");
        assertThat(awaitHomeEvent(after).result()).isEqualTo("OK");
        assertThat(status()).isEqualTo(LinkMessages.HomeMqtt.CONNECTED);
        assertThat(heard).noneMatch(h -> h.topic().startsWith("homeassistant/") && h.payload().isEmpty());
        assertThat(heard.stream().filter(h -> h.topic().equals(ha.availabilityTopic()))).hasSize(onlines);
    }

    @Test
    @DisplayName("SPEC C12 D4: in privacy mode UNLOCK from the home broker is refused although allowed")
    void homeUnlockPrivacyMode() throws Exception {
        startWith(true);
        lock.command(new LockCommand.ChangeSetting(Setting.PRIVACY_MODE, "true"));
        long after = lastSeq();
        command("UNLOCK");
        LockEvent refused = awaitHomeEvent(after);
        assertThat(refused.reason()).isEqualTo("PRIVACY_MODE");
        assertThat(lock.view().boltLocked()).isTrue();
    }

    @Test
    @DisplayName("SPEC C12 D1: during a trial-and-error lockout UNLOCK from the home broker is refused; the alarm entity is ON and a system_locked event fires")
    void homeUnlockLockout() throws Exception {
        startWith(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> "OFF".equals(retained.get(ha.stateTopic("alarm"))));
        for (int i = 0; i < 5; i++) {
            lock.touch();
            lock.keys(List.of(Key.D2, Key.D4, Key.D6, Key.D8, Key.D0, Key.D1, Key.OK));
        }
        assertThat(lock.view().lockoutActive()).isTrue();
        await().atMost(Duration.ofSeconds(1)).until(() -> "ON".equals(retained.get(ha.stateTopic("alarm"))));
        Heard alarm = await().atMost(Duration.ofSeconds(1)).until(() -> last(ha.eventTopic("alarm")), h -> h != null);
        assertThat(JSON.readTree(alarm.payload()).path("event_type").asText()).isEqualTo("system_locked");

        long after = lastSeq();
        command("UNLOCK");
        LockEvent refused = awaitHomeEvent(after);
        assertThat(refused.reason()).isEqualTo("LOCKED_OUT");
        assertThat(lock.view().boltLocked()).isTrue();
    }

    @Test
    @DisplayName("SPEC C12: malformed, oversized and retained commands on the home broker are logged and dropped: nothing opens, nothing is logged as an attempt")
    void malformedCommandsDropped() throws Exception {
        broker = HomeBroker.running();
        connectHomeAssistant();
        // left on the broker before the lock subscribes: delivered to it as a retained, stale message
        homeAssistant.publishWith().topic(ha.commandTopic()).retain(true).qos(MqttQos.AT_LEAST_ONCE)
                .payload("UNLOCK".getBytes(StandardCharsets.UTF_8)).send().get(5, TimeUnit.SECONDS);
        long after = lastSeq();
        link = HomeLink.start(lock, new Backoff(100, 800));
        assertThat(configure(true).accepted()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> status().equals(LinkMessages.HomeMqtt.CONNECTED));
        command("OPEN SESAME");
        command("unlock");
        command("UNLOCK".repeat(20));
        command("");
        command("UNLOCK"); // a good one after them: the link still listens, and the bad ones did nothing before it
        LockEvent first = awaitHomeEvent(after);
        assertThat(first.kind()).isEqualTo(LockEvent.UNLOCK);
        assertThat(first.result()).isEqualTo("OK");
        Thread.sleep(200);
        assertThat(lock.events(after).stream().filter(e -> "HOME_MQTT".equals(e.method())).toList()).hasSize(1);
        assertThat(lock.events(after)).noneMatch(e -> LockEvent.COMMAND_REFUSED.equals(e.kind()));
        homeAssistant.publishWith().topic(ha.commandTopic()).retain(true).payload(new byte[0]).send().get(5, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ faults of the home broker

    @Test
    @DisplayName("a home broker that is down: status CONNECTING, the keypad keeps working, and it connects when the broker comes up")
    void brokerDown() throws Exception {
        broker = HomeBroker.configured();
        link = HomeLink.start(lock, new Backoff(100, 800));
        assertThat(configure(true).accepted()).isTrue();
        await().atMost(Duration.ofSeconds(2)).until(() -> status().equals(LinkMessages.HomeMqtt.CONNECTING));
        assertThat(lock.state().homeMqtt()).isEqualTo(LinkMessages.HomeMqtt.CONNECTING);

        long before = System.nanoTime();
        lock.touch();
        lock.keys(PASSCODE);
        assertThat(lock.view().boltLocked()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(500);

        broker.start();
        connectHomeAssistant();
        await().atMost(Duration.ofSeconds(5)).until(() -> status().equals(LinkMessages.HomeMqtt.CONNECTED));
        await().atMost(Duration.ofSeconds(2)).until(() -> "UNLOCKED".equals(retained.get(ha.stateTopic("lock"))));
        assertThat(lock.state().homeMqtt()).isEqualTo(LinkMessages.HomeMqtt.CONNECTED);
    }

    @Test
    @DisplayName("a home broker that refuses the password: status REFUSED while the lock keeps working and trying")
    void wrongPassword() throws Exception {
        broker = HomeBroker.running();
        link = HomeLink.start(lock, new Backoff(100, 800));
        CommandReply reply = lock.command(new LockCommand.SetHomeMqtt(true, "127.0.0.1", broker.port, HomeBroker.LOCK_USER,
                "not-the-password", false));
        assertThat(reply.accepted()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> status().equals(LinkMessages.HomeMqtt.REFUSED));
        assertThat(lock.state().homeMqtt()).isEqualTo(LinkMessages.HomeMqtt.REFUSED);
        lock.touch();
        lock.keys(PASSCODE);
        assertThat(lock.view().boltLocked()).isFalse();

        // the right password (a new command) and it connects
        configure(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> status().equals(LinkMessages.HomeMqtt.CONNECTED));
    }

    @Test
    @DisplayName("a dropped connection: status CONNECTING, then it reconnects with backoff and publishes discovery and state again")
    void droppedConnection() throws Exception {
        startWith(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> present(ha.discoveryTopic(HomeAssistant.Entity.LOCK_ENTITY)));
        broker.stop();
        await().atMost(Duration.ofSeconds(2)).until(() -> status().equals(LinkMessages.HomeMqtt.CONNECTING));
        lock.touch();
        lock.keys(PASSCODE); // works while the broker is away
        assertThat(lock.view().boltLocked()).isFalse();
        retained.clear();
        broker.start();
        connectHomeAssistant();
        await().atMost(Duration.ofSeconds(5)).until(() -> status().equals(LinkMessages.HomeMqtt.CONNECTED));
        await().atMost(Duration.ofSeconds(2)).until(() -> ha.allDiscoveryTopics().stream().allMatch(this::present));
        assertThat(retained.get(ha.stateTopic("lock"))).isEqualTo("UNLOCKED");
        assertThat(retained.get(ha.availabilityTopic())).isEqualTo("online");
    }

    @Test
    @DisplayName("SPEC C10: without power the connection drops and the broker publishes the will: offline")
    void powerCutWill() throws Exception {
        startWith(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> "online".equals(retained.get(ha.availabilityTopic())));
        lock.battery(null, false);
        assertThat(lock.view().powered()).isFalse();
        await().atMost(Duration.ofSeconds(3)).until(() -> "offline".equals(retained.get(ha.availabilityTopic())));
        assertThat(present(ha.discoveryTopic(HomeAssistant.Entity.LOCK_ENTITY))).isTrue();
    }

    @Test
    @DisplayName("turning Home MQTT off empties every retained document before disconnecting; status OFF")
    void turningOffClears() throws Exception {
        startWith(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> ha.allDiscoveryTopics().stream().allMatch(this::present));
        assertThat(lock.command(new LockCommand.SetHomeMqtt(false, null, null, null, null, false)).accepted()).isTrue();
        await().atMost(Duration.ofSeconds(3)).until(() -> ha.allDiscoveryTopics().stream().allMatch(t -> "".equals(retained.get(t))));
        assertThat(ha.allStateTopics()).allMatch(t -> "".equals(retained.get(t)));
        await().atMost(Duration.ofSeconds(2)).until(() -> status().equals(LinkMessages.HomeMqtt.OFF));
        assertThat(lock.reportedState().homeMqtt().enabled()).isFalse();

        // a new Home Assistant sees nothing of the lock: the broker keeps no empty retained message
        List<String> seen = new CopyOnWriteArrayList<>();
        Mqtt5AsyncClient late = client("late-" + serial);
        late.subscribeWith().topicFilter("homeassistant/+/" + serial + "/#").callback(p -> seen.add(p.getTopic().toString()))
                .send().get(5, TimeUnit.SECONDS);
        Thread.sleep(300);
        late.disconnect().get(5, TimeUnit.SECONDS);
        assertThat(seen).isEmpty();
    }

    // ------------------------------------------------------------------ the setting itself

    @Test
    @DisplayName("SPEC H6: SET_HOME_MQTT is checked by the lock, stored crash-safe, and never reports its password")
    void settingCheckedStoredNeverShown() throws Exception {
        assertThat(lock.command(new LockCommand.SetHomeMqtt(true, "", 1883, null, null, false)).reason()).isEqualTo("BAD_VALUE");
        assertThat(lock.command(new LockCommand.SetHomeMqtt(true, "broker.local", 0, null, null, false)).reason()).isEqualTo("BAD_VALUE");
        assertThat(lock.command(new LockCommand.SetHomeMqtt(true, "broker local", 1883, null, null, false)).reason()).isEqualTo("BAD_VALUE");
        assertThat(lock.command(new LockCommand.SetHomeMqtt(true, "broker.local", 70000, null, null, false)).reason()).isEqualTo("BAD_VALUE");
        assertThat(lock.command(new LockCommand.SetHomeMqtt(true, "broker.local", 1883, "u", "x".repeat(129), false)).reason())
                .isEqualTo("BAD_VALUE");
        assertThat(lock.reportedState().homeMqtt().enabled()).isFalse();

        String secret = "s3cret-" + UUID.randomUUID();
        assertThat(lock.command(new LockCommand.SetHomeMqtt(true, "broker.local", null, "lock", secret, true)).accepted()).isTrue();
        // a later change without a password keeps the stored one
        assertThat(lock.command(new LockCommand.SetHomeMqtt(true, "broker.local", 1884, "lock", null, true)).accepted()).isTrue();
        lock.close();
        lock = SimulatedLock.open(serial, FileRecordStore.open(dir), new ManualClock(), n -> new byte[n]);

        LinkMessages.HomeMqtt reported = lock.reportedState().homeMqtt();
        assertThat(reported).isEqualTo(new LinkMessages.HomeMqtt(true, "broker.local", 1884, "lock", true, true,
                LinkMessages.HomeMqtt.OFF));
        assertThat(lock.homeMqtt().password()).isEqualTo(secret);
        assertThat(new String(LinkMessages.write(lock.reportedState()), StandardCharsets.UTF_8)).doesNotContain(secret);
        assertThat(lock.events(0)).allMatch(e -> e.detail() == null || !e.detail().contains(secret));
        assertThat(lock.events(0)).anyMatch(e -> e.detail() != null && e.detail().startsWith("HOME_MQTT=broker.local:1884"));
    }

    // ------------------------------------------------------------------ helpers

    private void startWith(boolean allowUnlock) throws Exception {
        broker = HomeBroker.running();
        connectHomeAssistant();
        link = HomeLink.start(lock, new Backoff(100, 800));
        assertThat(configure(allowUnlock).accepted()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> status().equals(LinkMessages.HomeMqtt.CONNECTED));
    }

    private CommandReply configure(boolean allowUnlock) {
        return lock.command(new LockCommand.SetHomeMqtt(true, "127.0.0.1", broker.port, HomeBroker.LOCK_USER,
                broker.lockPassword, allowUnlock));
    }

    private String status() {
        return lock.reportedState().homeMqtt().status();
    }

    private void connectHomeAssistant() throws Exception {
        homeAssistant = client("ha-" + serial);
        homeAssistant.subscribeWith().topicFilter("homeassistant/#").qos(MqttQos.AT_LEAST_ONCE).callback(this::heard)
                .send().get(5, TimeUnit.SECONDS);
        homeAssistant.subscribeWith().topicFilter("keyward/" + serial + "/#").qos(MqttQos.AT_LEAST_ONCE).callback(this::heard)
                .send().get(5, TimeUnit.SECONDS);
    }

    private Mqtt5AsyncClient client(String id) throws Exception {
        Mqtt5AsyncClient c = MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost("127.0.0.1").serverPort(broker.port)
                .simpleAuth().username(HomeBroker.HA_USER).password(broker.haPassword.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().buildAsync();
        c.connect().get(5, TimeUnit.SECONDS);
        return c;
    }

    private void heard(com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish p) {
        String payload = new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
        heard.add(new Heard(p.getTopic().toString(), payload, p.isRetain(), System.nanoTime()));
        retained.put(p.getTopic().toString(), payload);
    }

    private Heard last(String topic) {
        Heard found = null;
        for (Heard h : heard) {
            if (h.topic().equals(topic)) {
                found = h;
            }
        }
        return found;
    }

    private boolean present(String topic) {
        String payload = retained.get(topic);
        return payload != null && !payload.isEmpty();
    }

    private JsonNode doc(String component, String object) throws Exception {
        return JSON.readTree(retained.get("homeassistant/" + component + "/" + serial + "/" + object + "/config"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private void command(String word) throws Exception {
        homeAssistant.publishWith().topic(ha.commandTopic()).qos(MqttQos.AT_LEAST_ONCE)
                .payload(word.getBytes(StandardCharsets.UTF_8)).send().get(5, TimeUnit.SECONDS);
    }

    private long lastSeq() {
        List<LockEvent> all = lock.events(0);
        return all.isEmpty() ? 0 : all.get(all.size() - 1).seq();
    }

    /** The first event by the home broker after seq, within a second. */
    private LockEvent awaitHomeEvent(long after) {
        return await().atMost(Duration.ofSeconds(1)).until(() -> lock.events(after).stream()
                .filter(e -> "HOME_MQTT".equals(e.method())).findFirst().orElse(null), e -> e != null);
    }
}
