package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.keyward.cloud.Api;
import io.keyward.cloud.broker.BrokerEndpoint;
import io.keyward.cloud.signing.CloudSigningKey;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.SignedCommand;
import io.keyward.protocol.link.Topics;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The lock's link to the cloud tells the truth off the happy path (issue 10 findings 2, 3, 4, 5): a
 * lock without power or with Wi-Fi off is offline at once and remote unlock says so; a reset lock is
 * shown as reset and can be added again; resent copies of a command do not fill the lock's log; a
 * deliberate 504 keeps its status. The cloud (H2, embedded broker) and the locks run in this JVM.
 */
@DisplayName("The lock's link tells the truth: power, Wi-Fi, reset, resent commands (H2, embedded broker)")
class LockLinkTruthTest extends CloudWithLocks {

    /** Long enough for the broker to publish a will and the cloud to store it; far below the 8 s unlock wait. */
    private static final Duration AT_ONCE = Duration.ofSeconds(5);

    @Override
    Map<String, String> settings() {
        return Map.of();
    }

    @Test
    @DisplayName("C10 a lock without power drops off at once; remote unlock answers 409 lock offline fast; power back reconnects")
    void finding02_lockWithoutPowerIsOfflineAtOnceAndReconnectsWithPower() throws Exception {
        Account owner = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);
        EndToEndTest.enableRemoteUnlock(owner, id);

        lock.post("/battery", "{\"inserted\":false}");
        await().atMost(AT_ONCE).until(() -> !owner.lock(id).get("online").asBoolean());
        assertThat(lock.state().get("online").asBoolean()).isFalse();
        assertOfflineUnlockFailsFast(owner, id);

        lock.post("/usb-power", "{\"connected\":true}"); // a power bank on the Type-C port
        await().atMost(SOON).until(() -> owner.lock(id).get("online").asBoolean() && lock.running().linked());
        expect(owner.post("/api/locks/" + id + "/unlock", "{}"), 200);
        assertThat(lock.state().get("bolt").asString()).isEqualTo("UNLOCKED");

        lock.post("/usb-power", "{\"connected\":false}");
        await().atMost(AT_ONCE).until(() -> !owner.lock(id).get("online").asBoolean());
        lock.post("/battery", "{\"inserted\":true}");
        await().atMost(SOON).until(() -> owner.lock(id).get("online").asBoolean() && lock.running().linked());
    }

    @Test
    @DisplayName("C6 a lock the cloud thinks online that never answers: 504 with its reason, not a bare 500")
    void finding02_lockThatNeverAnswersGives504WithItsReason() throws Exception {
        Account owner = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);
        EndToEndTest.enableRemoteUnlock(owner, id);
        lock.running().dropLink(); // gone without the cloud learning it yet: the row still says online
        await().atMost(SOON).until(() -> !owner.lock(id).get("online").asBoolean());
        cloud.bean(JdbcClient.class).sql("update locks set online = true where id = :id")
                .param("id", UUID.fromString(id)).update();

        Api.Response late = owner.post("/api/locks/" + id + "/unlock", "{}");
        assertThat(late.status()).as(late.toString()).isEqualTo(504);
        assertThat(late.error()).contains("did not answer in time");
        assertThat(lock.state().get("bolt").asString()).isEqualTo("LOCKED");
    }

    @Test
    @DisplayName("H6 Wi-Fi off takes the lock off the network (local paths still open); Wi-Fi on from the panel reconnects")
    void finding04_wifiOffTakesTheLockOffTheNetwork() throws Exception {
        Account owner = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);
        EndToEndTest.enableRemoteUnlock(owner, id);

        JsonNode off = expect(owner.put("/api/locks/" + id + "/settings/WIFI", Map.of("value", "false")), 200).json();
        assertThat(off.get("status").asString()).isEqualTo("applied");
        await().atMost(AT_ONCE).until(() -> !owner.lock(id).get("online").asBoolean());
        assertThat(lock.state().get("online").asBoolean()).isFalse();
        assertOfflineUnlockFailsFast(owner, id);
        assertThat(lock.type(Lock.ADMIN_PASSCODE).get("bolt").asString()).as("the keypad still opens").isEqualTo("UNLOCKED");
        lock.post("/handle", "{\"action\":\"LIFT\"}");
        Thread.sleep(1500);
        assertThat(lock.running().linked()).as("stays off the network").isFalse();

        // docs/lock.md: Wi-Fi is switched back on nearby, by the local admin link (or Bluetooth COMMAND)
        JsonNode on = lock.post("/command", "{\"type\":\"CHANGE_SETTING\",\"setting\":\"WIFI\",\"value\":\"true\"}");
        assertThat(on.get("accepted").asBoolean()).isTrue();
        await().atMost(SOON).until(() -> owner.lock(id).get("online").asBoolean() && lock.running().linked());
        await().atMost(SOON).until(() -> "true".equals(owner.lock(id).at("/reported/settings/WIFI").asString()));
        expect(owner.post("/api/locks/" + id + "/unlock", "{}"), 200);
    }

    @Test
    @DisplayName("D7 a lock reset at the door says so and leaves; the cloud shows it reset, refuses it with 409, and it can be added again")
    void finding03_resetLockIsShownResetRefusedAndCanBeAddedAgain() throws Exception {
        Account owner = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);
        EndToEndTest.enableRemoteUnlock(owner, id);

        factoryReset(lock);
        await().atMost(AT_ONCE).untilAsserted(() -> {
            JsonNode view = owner.lock(id);
            assertThat(view.get("online").asBoolean()).isFalse();
            assertThat(view.at("/reset/at").isNull()).as(view.toString()).isFalse();
            assertThat(view.at("/reset/message").asString()).contains("reset at the door");
        });
        JsonNode listed = expect(owner.get("/api/locks"), 200).json().get(0);
        assertThat(listed.at("/reset/message").asString()).contains("add it again");
        assertThat(lock.running().paired()).isFalse();
        assertThat(lock.running().linked()).isFalse();

        Api.Response unlock = owner.post("/api/locks/" + id + "/unlock", "{}");
        assertThat(unlock.status()).as(unlock.toString()).isEqualTo(409);
        assertThat(unlock.error()).contains("reset at the door");
        Api.Response setting = owner.put("/api/locks/" + id + "/settings/RELOCK_SECONDS", Map.of("value", "30"));
        assertThat(setting.status()).as(setting.toString()).isEqualTo(409);
        assertThat(setting.error()).contains("reset at the door");
        assertThat(owner.lock(id).get("pending").size()).as("nothing queued for a lock that forgot us").isZero();

        // added again with the new QR: the same account, the lock live again
        lock.withAdministrator();
        Api.Response again = owner.post("/api/locks", Map.of("pairingCode", lock.pairingCode(), "name", "Front door"));
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        String newId = again.json().get("id").asString();
        await().atMost(SOON).until(() -> owner.lock(newId).get("online").asBoolean() && lock.running().linked());
        assertThat(owner.lock(newId).get("reset").isNull()).isTrue();
        EndToEndTest.enableRemoteUnlock(owner, newId);
        expect(owner.post("/api/locks/" + newId + "/unlock", "{}"), 200);
        assertThat(lock.state().get("bolt").asString()).isEqualTo("UNLOCKED");
    }

    @Test
    @DisplayName("C6 the same command delivered 6 times: applied once, answered 6 times alike, no REPLAYED; expired and forged copies refused once each")
    void finding05_resentCopiesOfAnAppliedCommandDoNotFillTheLog() throws Exception {
        Account owner = Account.signUp(cloud);
        Lock lock = newLock();
        pair(owner, lock);
        int copies = 6;

        Mqtt5BlockingClient asCloud = cloudUser(lock);
        BlockingQueue<LinkMessages.Reply> replies = new LinkedBlockingQueue<>();
        asCloud.toAsync().subscribeWith().topicFilter(Topics.of(lock.serial, Topics.Kind.REPLIES)).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> replies.add(read(p.getPayloadAsBytes()))).send().join();
        try {
            CloudSigningKey key = cloud.bean(CloudSigningKey.class);
            String body = LockCommands.write(new LockCommand.ChangeSetting(Setting.RELOCK_SECONDS, "42"));
            SignedCommand command = key.sign(lock.serial, UUID.randomUUID().toString(), body, 20);
            for (int i = 0; i < copies; i++) {
                publish(asCloud, lock, LinkMessages.write(command)); // QoS 1 redeliveries, session take-overs
            }
            for (int i = 0; i < copies; i++) {
                LinkMessages.Reply reply = replies.poll(10, TimeUnit.SECONDS);
                assertThat(reply).as("reply " + (i + 1) + " of " + copies).isNotNull();
                assertThat(reply.id()).isEqualTo(command.id());
                assertThat(reply.accepted()).as(reply.toString()).isTrue();
            }
            assertThat(count(lock, "SETTING_CHANGED", null)).isEqualTo(1);
            assertThat(count(lock, "COMMAND_REFUSED", "REPLAYED")).isZero();

            // an attacker's copies still get nowhere, and each is logged once
            SignedCommand shortLived = key.sign(lock.serial, UUID.randomUUID().toString(),
                    LockCommands.write(new LockCommand.ChangeSetting(Setting.RELOCK_SECONDS, "55")), 1);
            Thread.sleep(1500);
            SignedCommand forged = CommandSigning.sign(CommandSigning.newKeyPair().getPrivate(), lock.serial,
                    LockCommands.write(new LockCommand.ChangeSetting(Setting.RELOCK_SECONDS, "66")),
                    java.time.Instant.now(), 10);
            for (int i = 0; i < 3; i++) {
                publish(asCloud, lock, LinkMessages.write(shortLived)); // signature reused after its window
                publish(asCloud, lock, LinkMessages.write(forged));
            }
            for (int i = 0; i < 6; i++) {
                LinkMessages.Reply refused = replies.poll(10, TimeUnit.SECONDS);
                assertThat(refused).as("refusal " + (i + 1)).isNotNull();
                assertThat(refused.accepted()).isFalse();
                assertThat(refused.reason()).isIn("EXPIRED", "FORGED");
            }
            assertThat(count(lock, "COMMAND_REFUSED", "EXPIRED")).as("logged once").isEqualTo(1);
            assertThat(count(lock, "COMMAND_REFUSED", "FORGED")).as("logged once").isEqualTo(1);
            assertThat(lock.state().toString()).doesNotContain("\"55\"");
            assertThat(lastSetting(lock)).isEqualTo("RELOCK_SECONDS=42");
            System.out.println("finding05: " + copies + " copies of one command, 1 applied; 6 attacker copies refused, 2 logged");
        } finally {
            asCloud.disconnect();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void assertOfflineUnlockFailsFast(Account owner, String id) {
        long started = System.nanoTime();
        Api.Response offline = owner.post("/api/locks/" + id + "/unlock", "{}");
        assertThat(offline.status()).as(offline.toString()).isEqualTo(409);
        assertThat(offline.error()).isEqualTo("lock offline");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("fails fast").isLessThan(Duration.ofSeconds(2));
    }

    /** D7 on the panel: battery out, hold SET while putting it back, confirm with ✓. */
    private static void factoryReset(Lock lock) {
        lock.post("/battery", "{\"inserted\":false}");
        lock.post("/hold", "{\"button\":\"SET\",\"seconds\":5,\"insertBattery\":true}");
        lock.expectPrompt("CONFIRM_FACTORY_RESET");
        lock.keys("OK");
    }

    private Mqtt5BlockingClient cloudUser(Lock lock) {
        BrokerEndpoint broker = cloud.bean(BrokerEndpoint.class);
        URI uri = URI.create(broker.cloudUri());
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("e2e-resend-" + lock.serial)
                .serverHost(uri.getHost()).serverPort(uri.getPort())
                .simpleAuth().username(broker.cloudUsername()).password(broker.cloudPassword().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().buildBlocking();
        client.connect();
        return client;
    }

    private static void publish(Mqtt5BlockingClient cloudUser, Lock lock, byte[] command) {
        cloudUser.publishWith().topic(Topics.of(lock.serial, Topics.Kind.COMMANDS)).qos(MqttQos.AT_LEAST_ONCE)
                .payload(command).send();
    }

    private static LinkMessages.Reply read(byte[] bytes) {
        try {
            return LinkMessages.read(bytes, LinkMessages.Reply.class);
        } catch (LinkMessages.Malformed e) {
            throw new AssertionError(e);
        }
    }

    private static long count(Lock lock, String kind, String reason) {
        return events(lock).stream().filter(e -> kind.equals(e.get("kind").asString())
                && (reason == null || reason.equals(e.path("reason").asString()))).count();
    }

    private static String lastSetting(Lock lock) {
        List<JsonNode> changed = events(lock).stream().filter(e -> "SETTING_CHANGED".equals(e.get("kind").asString())).toList();
        return changed.get(changed.size() - 1).get("detail").asString();
    }

    private static List<JsonNode> events(Lock lock) {
        return StreamSupport.stream(lock.events().spliterator(), false).toList();
    }
}
