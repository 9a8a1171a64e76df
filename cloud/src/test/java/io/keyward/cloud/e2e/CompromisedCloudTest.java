package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.keyward.cloud.broker.BrokerEndpoint;
import io.keyward.cloud.secrets.RowIdentity;
import io.keyward.cloud.secrets.SecretBox;
import io.keyward.cloud.signing.CloudSigningKey;
import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.RadioClient;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.SignedCommand;
import io.keyward.protocol.link.Topics;
import io.keyward.protocol.trust.DeviceCommand;
import io.keyward.protocol.trust.DeviceSigner;
import io.keyward.protocol.visitor.VisitorCode;
import io.keyward.protocol.visitor.VisitorSecret;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15's acceptance, "a compromised cloud" (docs/trust.md, threat table): an attacker who holds the
 * cloud's database, its secrets key, its Ed25519 signing key and the cloud's own broker login — everything
 * the cloud itself has — attacks a lock whose owner bound a phone. Every command is signed with the
 * cloud's real key and published straight on the lock's commands topic (no REST endpoint to refuse it
 * early): the lock itself refuses each one, answers why and logs it; the bolt never moves. A visitor code
 * made with the secret the cloud stored at pairing, and a Bluetooth key signed by the cloud, open nothing
 * either. The owner's phone (a {@link DeviceSigner}, real JDK ECDSA) does the same things and they work.
 * The browser half — the owner's Chromium signing with WebCrypto — is TrustDevicesBrowserTest,
 * TrustVisitorCodesBrowserTest and TrustGrantsBrowserTest.
 */
@DisplayName("Compromised cloud (issue 15, SPEC T2, T5, T6): with the cloud's database, keys and broker login, nothing opens a protected lock")
class CompromisedCloudTest extends CloudWithLocks {

    private static final String ATTACKER_PASSCODE = "592718";

    @Override
    Map<String, String> settings() {
        return Map.of();
    }

    @Test
    @DisplayName("SPEC T2, C6, C9: remote unlock, adding a user with a passcode, replacing the administrator's passcode, turning remote "
            + "unlock on, switching trial-and-error locking off, lifting a lockout, pairing a remote controller, synchronized unlock, "
            + "a device-signed command from a key the cloud made, and binding without the lock's bind secret: each signed with the cloud's "
            + "own key and published as the cloud, each refused by the lock with its reason and logged; the bolt stays locked, "
            + "the attacker's passcode opens nothing; the owner's phone then turns remote unlock on and opens")
    void commandsFromTheCloudAloneAreRefused() throws Exception {
        TrustEndToEndTest.Bound b = TrustEndToEndTest.bound(this);
        String serial = b.lock().serial;
        DeviceSigner cloudMade = DeviceSigner.generate(); // a device key the attacker made, never bound at the door

        Map<String, LockCommand> attacks = new LinkedHashMap<>();
        attacks.put("DEVICE_SIGNATURE_REQUIRED", new LockCommand.ChangeSetting(Setting.REMOTE_UNLOCK, "true"));
        attacks.put("DEVICE_SIGNATURE_REQUIRED ", new LockCommand.AddUser("Mallory", LockUserRole.ADMINISTRATOR,
                LockCommand.Validity.ALWAYS, ATTACKER_PASSCODE));
        attacks.put("DEVICE_SIGNATURE_REQUIRED  ", new LockCommand.ReplacePasscode(1, ATTACKER_PASSCODE));
        attacks.put("DEVICE_SIGNATURE_REQUIRED   ", new LockCommand.ChangeSetting(Setting.TRIAL_AND_ERROR_LOCK, "false"));
        attacks.put("DEVICE_SIGNATURE_REQUIRED    ", new LockCommand.LiftLockout());
        attacks.put("DEVICE_SIGNATURE_REQUIRED     ", new LockCommand.PairAccessory(LockCommand.AccessoryKind.REMOTE_CONTROLLER, "Fob"));
        attacks.put("DEVICE_LINK_REQUIRED", new LockCommand.SyncUnlock("KW-ELSEWHERE"));
        attacks.put("UNKNOWN_SIGNER", new LockCommand.DeviceSigned(cloudMade.command(serial,
                LockCommands.write(new LockCommand.RemoteUnlock("mallory@example.org")), Instant.now(), Duration.ofSeconds(20)), List.of()));
        attacks.put("BAD_BIND_PROOF", LockCommands.parse(cloudMade.bindCommandJson("AAAAAAAAAAAAAAAAAAAAAA", serial, "Mallory's phone")));

        try (CloudLogin asCloud = new CloudLogin(cloud.bean(BrokerEndpoint.class), cloud.bean(CloudSigningKey.class), serial)) {
            List<String> reasons = new ArrayList<>();
            for (LockCommand attack : attacks.values()) {
                reasons.add(asCloud.send(attack).reason());
            }
            assertThat(reasons).as("each answer, in order").containsExactlyElementsOf(
                    attacks.keySet().stream().map(String::strip).toList());

            // the owner turns remote unlock on from the phone; the cloud's own remote unlock is still refused
            String on = TrustEndToEndTest.signed(b.phone(), serial, new LockCommand.ChangeSetting(Setting.REMOTE_UNLOCK, "true"), Duration.ofMinutes(5));
            expect(b.owner().send("PUT", "/api/locks/" + b.id() + "/settings/REMOTE_UNLOCK", Map.of("value", "true"),
                    "Keyward-Device-Command", on), 200);
            LinkMessages.Reply unlock = asCloud.send(new LockCommand.RemoteUnlock("mallory@example.org"));
            assertThat(unlock.reason()).isEqualTo("DEVICE_SIGNATURE_REQUIRED");
        }
        assertThat(b.lock().state().get("bolt").asString()).as("nothing the cloud sent moved the bolt").isEqualTo("LOCKED");

        List<JsonNode> refusals = refusals(b.lock());
        assertThat(refusals).as("every attack logged at the lock (SPEC C9): " + refusals).hasSizeGreaterThanOrEqualTo(attacks.size() + 1);
        assertThat(refusals.stream().map(e -> e.path("reason").asString()).distinct())
                .contains("DEVICE_SIGNATURE_REQUIRED", "DEVICE_LINK_REQUIRED", "UNKNOWN_SIGNER", "BAD_BIND_PROOF");
        assertThat(b.lock().state().get("devices")).as("no device was bound by the attacker").hasSize(1);

        b.lock().type(ATTACKER_PASSCODE);
        assertThat(b.lock().state().get("bolt").asString()).as("no user or passcode was added or replaced").isEqualTo("LOCKED");

        String signedUnlock = TrustEndToEndTest.signed(b.phone(), serial, new LockCommand.RemoteUnlock(b.owner().email), Duration.ofSeconds(30));
        expect(b.owner().send("POST", "/api/locks/" + b.id() + "/unlock", "{}", "Keyward-Device-Command", signedUnlock), 200);
        assertThat(b.lock().state().get("bolt").asString()).as("the owner's phone opens (the test can fail)").isEqualTo("UNLOCKED");
        System.out.println("compromised cloud: " + (attacks.size() + 1) + " commands signed with the cloud's key refused by the lock");
    }

    @Test
    @DisplayName("SPEC T5, E1: a one-time visitor code made with the visitor secret the cloud stored at pairing (read from its database "
            + "with its secrets key) is refused at the keypad and logged; one made with the secret sealed to the owner's phone opens")
    void visitorCodeFromTheCloudsSecretIsRefused() throws Exception {
        TrustEndToEndTest.Bound b = TrustEndToEndTest.bound(this);
        String stored = cloud.bean(JdbcClient.class).sql("select visitor_secret from locks where serial = :serial")
                .param("serial", b.lock().serial).query(String.class).single();
        VisitorSecret cloudCopy = VisitorSecret.fromBase64Url(cloud.bean(SecretBox.class).open(stored, RowIdentity.visitorSecret(b.lock().serial)));
        long hour = VisitorCode.hourOf(Instant.now());

        b.lock().type(VisitorCode.oneTime(cloudCopy, hour, 3).digits());
        assertThat(b.lock().state().get("bolt").asString()).isEqualTo("LOCKED");
        JsonNode last = last(b.lock());
        assertThat(last.get("kind").asString() + " " + last.get("result").asString() + " " + last.get("reason").asString())
                .as("logged as a wrong code").isEqualTo("UNLOCK REFUSED WRONG_CREDENTIAL");

        b.lock().type(VisitorCode.oneTime(VisitorSecret.fromBase64Url(b.visitorSecret()), hour, 3).digits());
        assertThat(b.lock().state().get("bolt").asString()).as("the phone's secret makes codes that open").isEqualTo("UNLOCKED");
    }

    @Test
    @DisplayName("SPEC T6, C5, E3: a Bluetooth key signed by the cloud's key, for any role, is refused CLOUD_KEY_NOT_TRUSTED at the lock's "
            + "radio and logged; the owner's phone opens over Bluetooth with its self-grant")
    void bluetoothKeyFromTheCloudIsRefused() throws Exception {
        TrustEndToEndTest.Bound b = TrustEndToEndTest.bound(this);
        String radio = b.owner().lock(b.id()).path("reported").path("radio").asString();
        KeyPair attackerPhone = DeviceKeys.newKeyPair();
        Instant now = Instant.now();
        String token = cloud.bean(CloudSigningKey.class).sign(new BluetoothKey(b.lock().serial, UUID.randomUUID().toString(),
                DeviceKeys.encode(attackerPhone.getPublic()), b.owner().email, KeyRole.OWNER, now.minusSeconds(60), now.plusSeconds(3600), now));

        RadioClient.Handshake refused = RadioClient.connect(radio, token, attackerPhone);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.reason()).isEqualTo("CLOUD_KEY_NOT_TRUSTED");
        assertThat(b.lock().state().get("bolt").asString()).isEqualTo("LOCKED");
        JsonNode last = last(b.lock());
        assertThat(last.get("method").asString() + " " + last.get("result").asString() + " " + last.get("reason").asString())
                .as("logged").isEqualTo("BLUETOOTH REFUSED CLOUD_KEY_NOT_TRUSTED");

        String selfGrant = b.phone().selfGrant(b.lock().serial, b.owner().email, now);
        RadioClient.Handshake owner = RadioClient.connect(radio, selfGrant, new KeyPair(b.phone().publicKey(), b.phone().signingKey()));
        assertThat(owner.ok()).as(String.valueOf(owner.reason())).isTrue();
        assertThat(owner.session().unlock().ok()).isTrue();
        assertThat(b.lock().state().get("bolt").asString()).isEqualTo("UNLOCKED");
    }

    @Test
    @DisplayName("design §9, SPEC F2: B follows A (both protected, linked by the owner's phone). SYNC_UNLOCKs signed with the cloud's key "
            + "and published as the cloud: without a statement, with a statement the attacker signed for A, with one of A's own 40 s old, "
            + "and with A's real statement replayed after it opened B once; each refused by B with its reason and logged; B stays locked")
    void syncUnlockFromTheCloudAloneIsRefused() throws Exception {
        TrustEndToEndTest.Linked l = TrustEndToEndTest.linked(this);
        String a = l.a().lock().serial;
        String b = l.b().lock().serial;
        KeyPair attackers = io.keyward.protocol.link.CommandSigning.newKeyPair();
        // an old statement of A's own: as if captured on the broker a while ago (made here with A's real key)
        KeyPair aIdentity = io.keyward.lock.link.DeviceKeyFile.loadOrCreate(data.resolve("locks").resolve(a));
        BlockingQueue<String> statements = new LinkedBlockingQueue<>();
        try (CloudLogin asCloud = new CloudLogin(cloud.bean(BrokerEndpoint.class), cloud.bean(CloudSigningKey.class), b)) {
            asCloud.watchStatements(a, statements);
            assertThat(asCloud.send(new LockCommand.SyncUnlock(a)).reason()).isEqualTo("DEVICE_LINK_REQUIRED");
            assertThat(asCloud.send(new LockCommand.SyncUnlock(a, statement(attackers, a, Instant.now()))).reason())
                    .isEqualTo("FORGED");
            assertThat(asCloud.send(new LockCommand.SyncUnlock(a, statement(aIdentity, a, Instant.now().minusSeconds(40)))).reason())
                    .isEqualTo("EXPIRED");
            assertThat(b(l)).as("nothing the cloud made opened B").isEqualTo("LOCKED");

            l.a().lock().type(Lock.ADMIN_PASSCODE); // A opened for real: its statement reaches B through the cloud
            String real = statements.poll(20, TimeUnit.SECONDS);
            assertThat(real).as("A's event carried its statement").startsWith("kwsu1.");
            org.awaitility.Awaitility.await().atMost(SOON).until(() -> "UNLOCKED".equals(b(l)));
            assertThat(asCloud.send(new LockCommand.SyncUnlock(a, real)).reason()).as("A's statement, replayed").isEqualTo("REPLAYED");
        }
        org.awaitility.Awaitility.await().atMost(SOON).until(() -> "LOCKED".equals(b(l)));
        List<String> reasons = refusals(l.b().lock()).stream()
                .filter(e -> "SYNCHRONIZED".equals(e.path("method").asString())).map(e -> e.path("reason").asString()).toList();
        assertThat(reasons).as("each logged at B (SPEC C9)").containsExactly("DEVICE_LINK_REQUIRED", "FORGED", "EXPIRED", "REPLAYED");
        List<JsonNode> opened = new ArrayList<>();
        l.b().lock().events().forEach(e -> {
            if ("UNLOCK".equals(e.path("kind").asString()) && "SYNCHRONIZED".equals(e.path("method").asString())
                    && "OK".equals(e.path("result").asString())) {
                opened.add(e);
            }
        });
        assertThat(opened).as("B opened once, for A's real unlock").singleElement()
                .satisfies(e -> assertThat(e.path("detail").asString()).isEqualTo(a));
    }

    private static String statement(KeyPair key, String from, Instant at) {
        return new io.keyward.protocol.trust.SyncStatement(from, UUID.randomUUID().toString(), at, "PASSCODE").sign(key.getPrivate());
    }

    private static String b(TrustEndToEndTest.Linked l) {
        return l.b().lock().state().get("bolt").asString();
    }

    private static List<JsonNode> refusals(Lock lock) {
        List<JsonNode> out = new ArrayList<>();
        lock.events().forEach(e -> {
            if ("REFUSED".equals(e.path("result").asString())) {
                out.add(e);
            }
        });
        return out;
    }

    private static JsonNode last(Lock lock) {
        JsonNode events = lock.events();
        return events.get(events.size() - 1);
    }

    /**
     * The cloud's own broker login and signing key, as the attacker holds them: each command signed with the
     * cloud's Ed25519 key (a valid C6 envelope) and published on the lock's commands topic; its reply read back.
     */
    private static final class CloudLogin implements AutoCloseable {

        private final Mqtt5BlockingClient client;
        private final String serial;
        private final CloudSigningKey key;
        private final BlockingQueue<LinkMessages.Reply> replies = new LinkedBlockingQueue<>();

        CloudLogin(BrokerEndpoint broker, CloudSigningKey key, String serial) {
            this.serial = serial;
            this.key = key;
            URI uri = URI.create(broker.cloudUri());
            client = MqttClient.builder().useMqttVersion5().identifier("attacker-" + serial)
                    .serverHost(uri.getHost()).serverPort(uri.getPort())
                    .simpleAuth().username(broker.cloudUsername()).password(broker.cloudPassword().getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth().buildBlocking();
            client.connect();
            client.toAsync().subscribeWith().topicFilter(Topics.of(serial, Topics.Kind.REPLIES)).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> replies.add(read(p.getPayloadAsBytes()))).send().join();
        }

        /** The lock's answer to the command, signed by the cloud (a device-signed one under its own command id). */
        LinkMessages.Reply send(LockCommand command) throws Exception {
            String id = command instanceof LockCommand.DeviceSigned d
                    ? DeviceCommand.decode(d.signed()).value().commandId() : UUID.randomUUID().toString();
            SignedCommand signed = key.sign(serial, id, LockCommands.write(command), 20);
            client.publishWith().topic(Topics.of(serial, Topics.Kind.COMMANDS)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(LinkMessages.write(signed)).send();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                LinkMessages.Reply reply = replies.poll(1, TimeUnit.SECONDS);
                if (reply != null && reply.id().equals(id)) {
                    assertThat(reply.accepted()).as(command + " must be refused: " + reply).isFalse();
                    return reply;
                }
            }
            throw new AssertionError("no answer from the lock to " + command);
        }

        /** What the attacker sees on the broker: the sync statements of another lock's events (design §9). */
        void watchStatements(String serial, BlockingQueue<String> into) {
            client.toAsync().subscribeWith().topicFilter(Topics.of(serial, Topics.Kind.EVENTS)).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> {
                        try {
                            String s = LinkMessages.read(p.getPayloadAsBytes(), LinkMessages.EventMessage.class).statement();
                            if (s != null) {
                                into.add(s);
                            }
                        } catch (LinkMessages.Malformed e) {
                            throw new AssertionError(e);
                        }
                    }).send().join();
        }

        @Override
        public void close() {
            client.disconnect();
        }

        private static LinkMessages.Reply read(byte[] bytes) {
            try {
                return LinkMessages.read(bytes, LinkMessages.Reply.class);
            } catch (LinkMessages.Malformed e) {
                throw new AssertionError(e);
            }
        }
    }
}
