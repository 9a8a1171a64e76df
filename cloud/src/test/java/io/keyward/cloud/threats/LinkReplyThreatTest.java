package io.keyward.cloud.threats;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.H2Storage;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.Topics;
import io.keyward.protocol.pairing.DeviceIdentity;
import io.keyward.protocol.pairing.PairingPayload;
import io.keyward.protocol.pairing.PairingProof;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Threat suite, the MQTT link seen from the cloud (docs/security.md): a lock's login may publish only
 * on its own topics (the broker sees to that), so what it says there must only ever concern that
 * lock. Here an attacker runs a lock of their own (any software lock pairs with its own account) and
 * answers, on its own replies topic, a command meant for another lock, whose id they saw as a manager
 * of that lock before the owner removed their share: the other lock's command must stay pending.
 */
@H2Storage
@DisplayName("threats: a lock's replies concern only that lock")
class LinkReplyThreatTest extends CloudTest {

    @Test
    @DisplayName("threat: a reply published by lock A with the id of lock B's pending command (delete a user) leaves that command pending: access is not kept by a forged 'applied'")
    void threat14_replyOfAnotherLockIgnored() throws Exception {
        String owner = signIn(signUp());
        String victimSerial = newSerial();
        pair(owner, victimSerial); // lock B: paired, offline (it never connects here)
        String victimLock = lockOf(owner);
        Api.Response queued = api.send("DELETE", "/api/locks/" + victimLock + "/users/2", Api.fixed(""),
                "Cookie", "KW_SESSION=" + owner, "X-Keyward", "1");
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        String commandId = queued.json().get("id").asString();

        String attacker = signIn(signUp());
        String ownSerial = newSerial();
        JsonNode grant = pair(attacker, ownSerial); // lock A: the attacker's own
        URI broker = URI.create(grant.get("brokerUri").asString());
        Mqtt5BlockingClient lockA = MqttClient.builder().useMqttVersion5().identifier(ownSerial)
                .serverHost(broker.getHost()).serverPort(broker.getPort())
                .simpleAuth().username(ownSerial).password(grant.get("brokerPassword").asString().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().buildBlocking();
        lockA.connect();
        try {
            for (boolean accepted : new boolean[] {true, false}) {
                lockA.publishWith().topic(Topics.of(ownSerial, Topics.Kind.REPLIES)).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(LinkMessages.write(new LinkMessages.Reply(1, commandId, accepted, accepted ? null : "BUSY", null, null)))
                        .send();
            }
            Thread.sleep(1500); // the cloud's link takes it in within milliseconds
        } finally {
            lockA.disconnect();
        }
        JsonNode command = api.get("/api/locks/" + victimLock + "/commands/" + commandId, cookie(owner)).json();
        assertThat(command.get("status").asString()).as("lock B's command, after lock A's forged replies").isEqualTo("pending");
        System.out.println("threats: forged cross-lock replies 2");
    }

    private static String newSerial() {
        return "KW-R" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    }

    private String lockOf(String session) {
        JsonNode locks = api.get("/api/locks", cookie(session)).json();
        return locks.get(locks.size() - 1).get("id").asString();
    }

    /** Pairs a lock as the lock and the app do (device identity included); returns the lock's grant. */
    private JsonNode pair(String owner, String serial) throws Exception {
        var identity = CommandSigning.newKeyPair();
        String secret = UUID.randomUUID().toString().replace("-", "");
        String code = new PairingPayload(serial, secret, clock.instant().plus(Duration.ofMinutes(5))).encode();
        CompletableFuture<Api.Response> added = CompletableFuture.supplyAsync(() -> api.postJson("/api/locks",
                Api.json(Map.of("pairingCode", code, "name", "Door")), "Cookie", "KW_SESSION=" + owner, "X-Keyward", "1"));
        Thread.sleep(300);
        String proof = PairingProof.of(secret, serial);
        Map<String, Object> body = new LinkedHashMap<>(Map.of("proof", proof, "administrator", true, "linked", false));
        body.put("deviceKey", CommandSigning.encode(identity.getPublic()));
        body.put("deviceSignature", DeviceIdentity.sign(identity.getPrivate(), serial, proof));
        Api.Response grant = api.postJson("/api/pairing/" + serial, Api.json(body));
        assertThat(grant.status()).as(grant.toString()).isEqualTo(200);
        assertThat(added.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
        return grant.json();
    }
}
