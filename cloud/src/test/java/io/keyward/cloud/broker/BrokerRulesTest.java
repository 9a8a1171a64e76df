package io.keyward.cloud.broker;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.keyward.protocol.link.Topics;
import io.keyward.protocol.link.Topics.Kind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The access rules of docs/link.md against a real broker, the same for every mode: a subclass starts
 * the broker and says how to restart it.
 */
abstract class BrokerRulesTest {

    /** Long enough for a message to cross a local broker; the wait for one that must not arrive. */
    static final long QUIET_MS = 300;
    static final long ARRIVES_MS = 5000;
    static final Set<Mqtt5ConnAckReasonCode> REFUSED = Set.of(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED,
            Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD, Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID);

    /** How a broker refuses a publish: PUBACK NOT_AUTHORIZED, or closing the connection with that reason. */
    static final Set<String> NOT_AUTHORIZED = Set.of("NOT_AUTHORIZED", "DISCONNECT NOT_AUTHORIZED");

    static final Set<String> NOT_AUTHORIZED_OR_PROTOCOL_ERROR = Set.of("NOT_AUTHORIZED", "DISCONNECT NOT_AUTHORIZED",
            "DISCONNECT PROTOCOL_ERROR");

    abstract BrokerEndpoint endpoint();

    abstract LockCredentials credentials();

    /** Stops the broker (and what keeps the credentials) and starts it again on the same files. */
    abstract void restart() throws Exception;

    static String newSerial() {
        return "KW-T" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toUpperCase();
    }

    /** SUCCESS, or NO_MATCHING_SUBSCRIBERS where nobody listens: both mean the broker took it. */
    static void accepted(String answer) {
        assertThat(answer).isIn("SUCCESS", "NO_MATCHING_SUBSCRIBERS");
    }

    /**
     * Publishes as a freshly connected lock and returns the broker's answer: a refusing broker may
     * close the connection rather than answer NOT_AUTHORIZED (HiveMQ does for a topic the lock may
     * only subscribe to), so each attempt gets a connection of its own.
     */
    String publishAsLock(String serial, String password, String topic) {
        try (MqttTestClient lock = MqttTestClient.lock(lockUri(), serial, password)) {
            return lock.publish(topic, "forged by " + serial);
        }
    }

    String lockUri() {
        return endpoint().lockUri();
    }

    /** What {@link #assertCannotListen} may publish as the cloud to show a lock hears nothing. */
    static final String PROBE = "for another lock";

    static boolean probe(Mqtt5Publish message) {
        return PROBE.equals(new String(message.getPayloadAsBytes(), StandardCharsets.UTF_8));
    }

    /**
     * The lock cannot listen on a filter that is not its own: the broker refuses the subscription.
     * MosquittoBrokerTest allows the one other way Mosquitto 2.0 has (deploy/mosquitto/keyward-locks.acl).
     */
    void assertCannotListen(MqttTestClient lock, String filter) throws InterruptedException {
        assertThat(lock.subscribe(filter)).as(filter).isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    @DisplayName("a lock with issued credentials publishes events and state (the cloud gets them on a shared subscription) and receives its commands and acks")
    void lockTalksToTheCloud() throws Exception {
        String serial = newSerial();
        String password = credentials().issue(serial);
        assertThat(password).matches("[A-Za-z0-9_-]{43}");
        try (MqttTestClient cloud = MqttTestClient.cloud(endpoint());
             MqttTestClient lock = MqttTestClient.lock(lockUri(), serial, password)) {
            assertThat(cloud.subscribe("$share/cloud/" + Topics.all(Kind.EVENTS))).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            assertThat(cloud.subscribe("$share/cloud/" + Topics.all(Kind.STATE))).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            assertThat(lock.subscribe(Topics.of(serial, Kind.COMMANDS))).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            assertThat(lock.subscribe(Topics.of(serial, Kind.ACKS))).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);

            assertThat(lock.publish(Topics.of(serial, Kind.EVENTS), "event-1")).satisfies(BrokerRulesTest::accepted);
            assertThat(cloud.nextPayload(ARRIVES_MS)).isEqualTo("event-1");
            assertThat(lock.publish(Topics.of(serial, Kind.STATE), "state-1")).satisfies(BrokerRulesTest::accepted);
            assertThat(cloud.nextPayload(ARRIVES_MS)).isEqualTo("state-1");
            assertThat(lock.publish(Topics.of(serial, Kind.REPLIES), "reply-1")).satisfies(BrokerRulesTest::accepted);

            cloud.publish(Topics.of(serial, Kind.COMMANDS), "command-1");
            assertThat(lock.nextPayload(ARRIVES_MS)).isEqualTo("command-1");
            cloud.publish(Topics.of(serial, Kind.ACKS), "ack-1");
            assertThat(lock.nextPayload(ARRIVES_MS)).isEqualTo("ack-1");
        }
    }

    @Test
    @DisplayName("H7 D8 the camera's topics: a lock publishes its own camera answers, frames and snapshots and receives its live requests")
    void lockUsesItsCameraTopics() throws Exception {
        String serial = newSerial();
        String password = credentials().issue(serial);
        try (MqttTestClient cloud = MqttTestClient.cloud(endpoint());
             MqttTestClient lock = MqttTestClient.lock(lockUri(), serial, password)) {
            assertThat(cloud.subscribe("$share/cloud/" + Topics.all(Kind.SNAPSHOTS))).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            assertThat(cloud.subscribe(Topics.all(Kind.CAMERA))).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            assertThat(cloud.subscribe(Topics.of(serial, Kind.FRAMES))).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            assertThat(lock.subscribe(Topics.of(serial, Kind.LIVE))).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);

            for (Kind kind : new Kind[] {Kind.SNAPSHOTS, Kind.CAMERA, Kind.FRAMES}) {
                assertThat(lock.publish(Topics.of(serial, kind), kind + "-1")).as(kind.name()).satisfies(BrokerRulesTest::accepted);
                assertThat(cloud.nextPayload(ARRIVES_MS)).isEqualTo(kind + "-1");
            }
            cloud.publish(Topics.of(serial, Kind.LIVE), "live-1");
            assertThat(lock.nextPayload(ARRIVES_MS)).isEqualTo("live-1");
        }
    }

    @Test
    @DisplayName("H7 D8 lock A can neither subscribe to lock B's live requests or frames nor publish B's frames, snapshots or camera answers, nor its own live requests")
    void lockStaysInItsOwnCameraTopics() throws Exception {
        String a = newSerial();
        String b = newSerial();
        String passwordA = credentials().issue(a);
        credentials().issue(b);
        try (MqttTestClient cloud = MqttTestClient.cloud(endpoint());
             MqttTestClient lockA = MqttTestClient.lock(lockUri(), a, passwordA)) {
            cloud.subscribe("keyward/v1/#");
            for (String filter : new String[] {Topics.of(b, Kind.LIVE), Topics.of(b, Kind.FRAMES), Topics.all(Kind.FRAMES),
                    Topics.all(Kind.LIVE), Topics.of(a, Kind.FRAMES), Topics.of(a, Kind.SNAPSHOTS)}) {
                assertCannotListen(lockA, filter);
            }
            for (String topic : new String[] {Topics.of(b, Kind.FRAMES), Topics.of(b, Kind.SNAPSHOTS), Topics.of(b, Kind.CAMERA),
                    Topics.of(a, Kind.LIVE), Topics.of(b, Kind.LIVE)}) {
                assertThat(publishAsLock(a, passwordA, topic)).as(topic).isIn(NOT_AUTHORIZED);
            }
            for (var message = cloud.receive(QUIET_MS); message.isPresent(); message = cloud.receive(QUIET_MS)) {
                if (probe(message.get())) {
                    continue;
                }
                assertThat(message.get().getTopic().toString()).as("a refused message reached the cloud")
                        .isEqualTo(Topics.of(a, Kind.STATE));
            }
            // the broker kept A's will (retained): gone, so that no later test hears of A
            cloud.clearRetained(Topics.of(a, Kind.STATE));
        }
    }

    @Test
    @DisplayName("lock A can neither subscribe to lock B's commands or acks nor publish B's events or state")
    void lockStaysInItsOwnTopics() throws Exception {
        String a = newSerial();
        String b = newSerial();
        String passwordA = credentials().issue(a);
        credentials().issue(b);
        try (MqttTestClient cloud = MqttTestClient.cloud(endpoint());
             MqttTestClient lockA = MqttTestClient.lock(lockUri(), a, passwordA)) {
            cloud.subscribe("keyward/v1/#");
            for (String filter : new String[] {Topics.of(b, Kind.COMMANDS), Topics.of(b, Kind.ACKS),
                    Topics.all(Kind.COMMANDS), Topics.ownTree(b), "keyward/v1/#", "#", "$share/x/" + Topics.of(a, Kind.COMMANDS)}) {
                assertCannotListen(lockA, filter);
            }
            // its own topics are publish-only or subscribe-only, never both
            assertThat(lockA.subscribe(Topics.of(a, Kind.EVENTS))).isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
            for (String topic : new String[] {Topics.of(b, Kind.EVENTS), Topics.of(b, Kind.STATE), Topics.of(b, Kind.REPLIES),
                    Topics.of(a, Kind.COMMANDS), Topics.of(a, Kind.ACKS), "keyward/v1/other", Topics.of(b, Kind.COMMANDS)}) {
                assertThat(publishAsLock(a, passwordA, topic)).as(topic).isIn(NOT_AUTHORIZED);
            }
            // what may arrive: A's own will ("offline" on A's state) when the broker closed a connection
            for (var message = cloud.receive(QUIET_MS); message.isPresent(); message = cloud.receive(QUIET_MS)) {
                if (message.get().isRetain() || probe(message.get())) {
                    continue; // an earlier test's lock's will, retained: sent on subscribing, not by A; or the cloud's own probe
                }
                assertThat(message.get().getTopic().toString()).as("a refused message reached the cloud")
                        .isEqualTo(Topics.of(a, Kind.STATE));
                assertThat(message.get().getPayloadAsBytes()).isEqualTo(MqttTestClient.OFFLINE);
            }
        }
    }

    @Test
    @DisplayName("refused at CONNECT: another lock's username, a wrong password, client id not the username, an unknown user, the cloud's name with a wrong password")
    void refusedAtConnect() {
        String a = newSerial();
        String b = newSerial();
        String passwordA = credentials().issue(a);
        credentials().issue(b);
        assertThat(MqttTestClient.refusal(lockUri(), b, b, passwordA)).isIn(REFUSED);
        assertThat(MqttTestClient.refusal(lockUri(), a, a, passwordA + "x")).isIn(REFUSED);
        assertThat(MqttTestClient.refusal(lockUri(), a, b, passwordA)).isIn(REFUSED);
        assertThat(MqttTestClient.refusal(lockUri(), a, a + "-2", passwordA)).isIn(REFUSED);
        assertThat(MqttTestClient.refusal(lockUri(), newSerial(), "someone", passwordA)).isIn(REFUSED);
        assertThat(MqttTestClient.refusal(lockUri(), "not a serial/#", "x", passwordA)).isIn(REFUSED);
        assertThat(MqttTestClient.refusal(lockUri(), Topics.CLOUD_USER, "cloud-x", passwordA)).isIn(REFUSED);
        // and the right credentials still work after all that
        MqttTestClient.lock(lockUri(), a, passwordA).close();
    }

    @Test
    @DisplayName("revoke closes the lock's connection and refuses it afterwards; issuing again replaces the password")
    void revokeAndReissue() {
        String serial = newSerial();
        String first = credentials().issue(serial);
        String second = credentials().issue(serial);
        assertThat(second).isNotEqualTo(first);
        assertThat(MqttTestClient.refusal(lockUri(), serial, serial, first)).isIn(REFUSED);
        MqttTestClient lock = MqttTestClient.lock(lockUri(), serial, second);
        credentials().revoke(serial);
        await().atMost(Duration.ofSeconds(5)).until(() -> !lock.connected());
        lock.close();
        assertThat(MqttTestClient.refusal(lockUri(), serial, serial, second)).isIn(REFUSED);
        credentials().revoke(serial); // again: nothing to do, no error
    }

    @Test
    @DisplayName("issue refuses what is not a lock serial, the cloud's own name among them")
    void issueOnlyForSerials() {
        for (String bad : new String[] {Topics.CLOUD_USER, "", "a/b", "+", "#", "x".repeat(33)}) {
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> credentials().issue(bad));
        }
    }

    @Test
    @DisplayName("credentials survive a restart of the broker")
    void credentialsSurviveRestart() throws Exception {
        String serial = newSerial();
        String password = credentials().issue(serial);
        BrokerEndpoint before = endpoint();
        restart();
        try (MqttTestClient lock = MqttTestClient.lock(lockUri(), serial, password)) {
            accepted(lock.publish(Topics.of(serial, Kind.EVENTS), "after restart"));
        }
        MqttTestClient.cloud(endpoint()).close();
        afterRestart(before);
    }

    /** Checks of a subclass after {@link #credentialsSurviveRestart}: one restart serves them all. */
    void afterRestart(BrokerEndpoint before) {
    }

    // ---- the threat suite (docs/security.md, issue 10 item 1): broker access as an attacker tries it ----

    /**
     * A lock serial is the lock's MQTT client id and username, and the cloud issues a login for any
     * serial a pairing names: a "lock" whose serial is a cloud node's client id ({@code keyward-cloud-1})
     * would take over that node's session, and one named like the dynamic-security admin would have the
     * cloud delete and recreate the admin user. Every service name starts with {@code keyward-}, which no
     * serial may.
     */
    @Test
    @DisplayName("threat: a lock login is never issued for the cloud's client ids or the broker admin's name, so no lock can take over the cloud's session")
    void threat01_lockLoginNeverTakesAServiceName() throws Exception {
        List<String> reserved = List.of("keyward-cloud-7", "keyward-cloud-7-camera-0a1b2c3d", "keyward-admin",
                "keyward-admin-1", "Keyward-Cloud-7", "KEYWARD-ADMIN");
        List<String> refused = new ArrayList<>();
        try (MqttTestClient cloud = MqttTestClient.cloud(endpoint(), "keyward-cloud-7")) {
            for (String name : reserved) {
                String password;
                try {
                    password = credentials().issue(name);
                } catch (IllegalArgumentException e) {
                    refused.add(name);
                    continue;
                }
                try {
                    MqttTestClient.lock(lockUri(), name, password).close(); // the take-over attempt
                } catch (RuntimeException refusedAtConnect) {
                    // the broker would not have it either
                }
            }
            Thread.sleep(QUIET_MS);
            assertThat(cloud.connected()).as("the cloud node's connection survives").isTrue();
        }
        assertThat(refused).as("logins refused for service names").containsExactlyElementsOf(reserved);
        MqttTestClient.cloud(endpoint()).close(); // the cloud (and with Mosquitto its admin) still gets in
        System.out.println("threats: broker service-name logins tried " + reserved.size());
    }

    @Test
    @DisplayName("threat: wildcard, shared-subscription and system names as username or client id are refused at CONNECT, as is a lock with no password")
    void threat02_wildcardNamesAndNoPasswordRefusedAtConnect() {
        String a = newSerial();
        String passwordA = credentials().issue(a);
        String[] names = {"#", "+", "$share/cloud/x", "$SYS", "keyward/v1/#", a + "/#", a + "+", "*", "", " " + a};
        int tried = 0;
        for (String name : names) {
            assertThat(MqttTestClient.refusal(lockUri(), name, a, passwordA)).as("username '%s'", name).isIn(REFUSED);
            if (!name.isEmpty()) {
                assertThat(MqttTestClient.refusal(lockUri(), a, name, passwordA)).as("client id '%s'", name).isIn(REFUSED);
                tried++;
            }
            tried++;
        }
        assertThat(MqttTestClient.refusalWithoutPassword(lockUri(), a)).as("no password").isIn(REFUSED);
        assertThat(MqttTestClient.refusal(lockUri(), a, a, "")).as("empty password").isIn(REFUSED);
        MqttTestClient.lock(lockUri(), a, passwordA).close();
        System.out.println("threats: broker CONNECT attempts refused " + (tried + 2));
    }

    @Test
    @DisplayName("threat: a lock subscribes to nothing but its own commands, acks and live requests: not #, $SYS/#, $share/..., another lock's topics, nor its own outgoing ones")
    void threat03_lockSubscribesOnlyToItsOwnIncomingTopics() throws Exception {
        String a = newSerial();
        String b = newSerial();
        String passwordA = credentials().issue(a);
        credentials().issue(b);
        List<String> filters = new ArrayList<>(List.of("#", "+", "$SYS/#", "$SYS/broker/clients/connected", "+/#",
                "keyward/#", "keyward/v1/#", "keyward/v1/locks/+/+", "keyward/v1/locks/#",
                "$share/cloud/" + Topics.all(Kind.EVENTS), "$share/cloud/keyward/v1/#", "$share/x/" + Topics.of(a, Kind.COMMANDS),
                "$share/x/" + Topics.of(b, Kind.COMMANDS), Topics.ownTree(a), Topics.ownTree(b), Topics.ROOT + a + "/+"));
        Set<Kind> incoming = Set.of(Kind.COMMANDS, Kind.ACKS, Kind.LIVE);
        for (Kind kind : Kind.values()) {
            filters.add(Topics.of(b, kind));
            filters.add(Topics.all(kind));
            if (!incoming.contains(kind)) {
                filters.add(Topics.of(a, kind));
            }
        }
        try (MqttTestClient lockA = MqttTestClient.lock(lockUri(), a, passwordA)) {
            for (String filter : filters) {
                assertCannotListen(lockA, filter);
            }
            for (Kind kind : incoming) {
                assertThat(lockA.subscribe(Topics.of(a, kind))).as("its own " + kind).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            }
        }
        System.out.println("threats: broker subscriptions refused " + filters.size());
    }

    @Test
    @DisplayName("threat: a lock publishes on its own outgoing topics only: never on another lock's events, state, replies, camera topics or commands, nor on its own incoming ones")
    void threat04_lockPublishesOnlyOnItsOwnOutgoingTopics() throws Exception {
        String a = newSerial();
        String b = newSerial();
        String passwordA = credentials().issue(a);
        credentials().issue(b);
        Set<Kind> outgoing = Set.of(Kind.REPLIES, Kind.EVENTS, Kind.STATE, Kind.CAMERA, Kind.FRAMES, Kind.SNAPSHOTS);
        int refused = 0;
        try (MqttTestClient cloud = MqttTestClient.cloud(endpoint())) {
            cloud.subscribe("keyward/v1/#");
            for (Kind kind : Kind.values()) {
                assertThat(publishAsLock(a, passwordA, Topics.of(b, kind))).as("B's " + kind).isIn(NOT_AUTHORIZED);
                refused++;
                if (!outgoing.contains(kind)) {
                    assertThat(publishAsLock(a, passwordA, Topics.of(a, kind))).as("its own " + kind).isIn(NOT_AUTHORIZED);
                    refused++;
                }
            }
            for (String topic : new String[] {"$SYS/broker/x", "keyward/v1/other", Topics.ROOT + "keyward-cloud/commands"}) {
                // HiveMQ treats a client's publish on a $ topic as a protocol error: refused all the same
                assertThat(publishAsLock(a, passwordA, topic)).as(topic).isIn(NOT_AUTHORIZED_OR_PROTOCOL_ERROR);
                refused++;
            }
            for (var message = cloud.receive(QUIET_MS); message.isPresent(); message = cloud.receive(QUIET_MS)) {
                if (message.get().isRetain() || probe(message.get())) {
                    continue; // an earlier test's lock's will, retained: sent on subscribing, not by A; or the cloud's own probe
                }
                assertThat(message.get().getTopic().toString()).as("a refused message reached the cloud")
                        .isEqualTo(Topics.of(a, Kind.STATE));
                assertThat(message.get().getPayloadAsBytes()).isEqualTo(MqttTestClient.OFFLINE);
            }
            cloud.clearRetained(Topics.of(a, Kind.STATE));
        }
        System.out.println("threats: broker publishes refused " + refused);
    }

    @Test
    @DisplayName("threat: after the lock is removed (credentials revoked) its old password opens nothing, and re-pairing gives a password unrelated to the old one")
    void threat05_oldPasswordAfterRemovalRefused() {
        String serial = newSerial();
        String old = credentials().issue(serial);
        credentials().revoke(serial);
        assertThat(MqttTestClient.refusal(lockUri(), serial, serial, old)).isIn(REFUSED);
        String fresh = credentials().issue(serial);
        assertThat(fresh).isNotEqualTo(old);
        assertThat(MqttTestClient.refusal(lockUri(), serial, serial, old)).isIn(REFUSED);
        MqttTestClient.lock(lockUri(), serial, fresh).close();
    }

    @Test
    @DisplayName("threat: passwords computed from public data (the serial, its hashes, a sequential neighbour's password) are refused; two sequential serials get unrelated 256-bit passwords")
    void threat06_passwordsNotDerivedFromTheSerial() throws Exception {
        String a = newSerial();
        String b = a.substring(0, a.length() - 1) + (a.endsWith("0") ? "1" : "0"); // its neighbour
        String passwordA = credentials().issue(a);
        String passwordB = credentials().issue(b);
        assertThat(passwordA).isNotEqualTo(passwordB);
        assertThat(java.util.Base64.getUrlDecoder().decode(passwordA)).hasSize(32);
        List<String> guesses = new ArrayList<>(List.of(a, a.toLowerCase(), passwordB, "", "password", "keyward"));
        for (String algorithm : new String[] {"SHA-256", "SHA-1", "MD5"}) {
            byte[] digest = java.security.MessageDigest.getInstance(algorithm).digest(a.getBytes(StandardCharsets.UTF_8));
            guesses.add(java.util.HexFormat.of().formatHex(digest));
            guesses.add(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
            guesses.add(java.util.Base64.getEncoder().encodeToString(digest));
        }
        for (String guess : guesses) {
            assertThat(guess).isNotEqualTo(passwordA);
            assertThat(MqttTestClient.refusal(lockUri(), a, a, guess)).as("guess '%s'", guess).isIn(REFUSED);
        }
        MqttTestClient.lock(lockUri(), a, passwordA).close();
        System.out.println("threats: derived broker passwords refused " + guesses.size());
    }

    @Test
    @DisplayName("garbage on the MQTT port is dropped and the broker goes on")
    void malformedPacket() throws Exception {
        URI uri = URI.create(lockUri());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort()); OutputStream out = socket.getOutputStream()) {
            out.write(new byte[] {0x10, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}); // CONNECT, bad length
            out.write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(2000);
            assertThat(closedByPeer(socket)).as("the broker closes the connection").isTrue();
        }
        String serial = newSerial();
        MqttTestClient.lock(lockUri(), serial, credentials().issue(serial)).close();
    }

    /** End of stream or a reset (Mosquitto resets when unread garbage is left): either way it hung up. */
    private static boolean closedByPeer(Socket socket) throws java.io.IOException {
        try {
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }
}
