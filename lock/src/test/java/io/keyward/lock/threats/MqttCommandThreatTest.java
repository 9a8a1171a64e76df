package io.keyward.lock.threats;

import io.keyward.lock.link.CloudLink;
import io.keyward.lock.sim.ManualClock;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.SignedCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Threat suite, the MQTT command channel (SPEC C6, docs/security.md): what an attacker who captured
 * the lock's signed commands (a compromised broker, a leaked broker log) can send on the lock's
 * commands topic, over a real broker and the lock's real link. The broker's own rules (only the cloud
 * may publish there: BrokerRulesTest#threat04 in the cloud module) come first; this is the lock's
 * defence behind them. Each attack is refused, logged by the lock as an event with the reason, and
 * opens or changes nothing. The broker is the machine's Mosquitto on 127.0.0.1:1883, as a transport.
 */
@DisplayName("threats: replayed, delayed and forged commands on the lock's MQTT link (C6)")
class MqttCommandThreatTest extends LockOnTheMqttLink {

    private static final String UNLOCK = LockCommands.write(new LockCommand.RemoteUnlock("mallory"));
    private static final String ADD_USER = LockCommands.write(new LockCommand.AddUser("Mallory", LockUserRole.ADMINISTRATOR, null));

    private final KeyPair cloudKey = CommandSigning.newKeyPair();

    MqttCommandThreatTest() {
        super("KW-TH-");
    }

    /** The attacker is the publisher: it can reach the lock's commands topic (a compromised broker). */
    @BeforeEach
    void lockAndAttacker() throws Exception {
        lockWithRemoteUnlock("threat-", ManualClock.START);
        pair(cloudKey);
    }

    private void pair(KeyPair key) {
        pairWith(key);
        startLink();
    }

    @Test
    @DisplayName("threat: a captured unlock replayed, delayed, with a flipped byte, signed by another key, for another lock, with a reused nonce, too long-lived, issued ahead, by the key of before re-pairing, or malformed: each refused with its reason, nothing opens")
    void threat11_capturedAndForgedCommandsOpenNothing() throws Exception {
        SignedCommand genuine = sign(cloudKey.getPrivate(), serial, UNLOCK, 10);
        long before = lastSeq();
        publish(LinkMessages.write(genuine));
        awaitRefusalsOrOpen(before, 1);
        assertThat(lock.state().bolt()).isEqualTo("UNLOCKED");

        List<String> expected = new ArrayList<>();
        List<byte[]> attacks = new ArrayList<>();
        attacks.add(LinkMessages.write(genuine)); // replayed as captured
        expected.add("REPLAYED");
        SignedCommand reusedNonce = resigned(genuine, UUID.randomUUID().toString(), genuine.nonce(), UNLOCK);
        attacks.add(LinkMessages.write(reusedNonce)); // the cloud's own key, a new id, an old nonce
        // refused too, but not logged again: copies of one nonce are logged once per reason (finding 5)
        sendAll(attacks);
        awaitRefused(before, expected);
        lock.advanceClock(15); // relocked by itself; the captured command is now late as well
        assertThat(lock.state().bolt()).isEqualTo("LOCKED");

        SignedCommand delayed = sign(cloudKey.getPrivate(), serial, UNLOCK, 10);
        lock.advanceClock(11);
        attacks.clear();
        attacks.add(LinkMessages.write(delayed));
        expected.add("EXPIRED");
        SignedCommand fresh = sign(cloudKey.getPrivate(), serial, UNLOCK, 10);
        attacks.add(flipped(LinkMessages.write(fresh), "mallory", "mallorz")); // a byte of the body
        expected.add("FORGED");
        // another capture (another nonce): copies of one nonce are logged once per reason (finding 5)
        SignedCommand fresh2 = sign(cloudKey.getPrivate(), serial, UNLOCK, 10);
        attacks.add(LinkMessages.write(fresh2.withSignature(flipSignature(fresh2.signature()))));
        expected.add("FORGED");
        attacks.add(LinkMessages.write(sign(CommandSigning.newKeyPair().getPrivate(), serial, UNLOCK, 10)));
        expected.add("FORGED");
        SignedCommand forOther = sign(cloudKey.getPrivate(), "KW-OTHER-1", UNLOCK, 10);
        attacks.add(LinkMessages.write(forOther)); // genuine, but for another lock
        expected.add("WRONG_LOCK");
        attacks.add(LinkMessages.write(new SignedCommand(1, serial, forOther.id(), forOther.issued(), forOther.expires(),
                forOther.nonce(), forOther.body(), forOther.signature()))); // its serial swapped for ours
        expected.add("FORGED");
        attacks.add(LinkMessages.write(sign(cloudKey.getPrivate(), serial, UNLOCK, 3600)));
        expected.add("BAD_VALIDITY");
        attacks.add(LinkMessages.write(CommandSigning.sign(cloudKey.getPrivate(), serial, UNLOCK,
                lock.state().time().plusSeconds(60), 10)));
        expected.add("BAD_VALIDITY");
        attacks.add("{\"v\":1,\"serial\":\"".concat(serial).concat("\",\"body\":[]}").getBytes(StandardCharsets.UTF_8));
        expected.add("MALFORMED_COMMAND");
        sendAll(attacks);
        awaitRefused(before, expected);

        KeyPair newCloud = CommandSigning.newKeyPair();
        pair(newCloud); // re-paired: the old cloud key opens nothing any more
        publish(LinkMessages.write(sign(cloudKey.getPrivate(), serial, UNLOCK, 10)));
        expected.add("FORGED");
        awaitRefused(before, expected);

        assertThat(lock.state().bolt()).isEqualTo("LOCKED");
        assertThat(opened(before)).as("only the genuine command opened").isEqualTo(1);
        System.out.println("threats: MQTT command attacks " + expected.size() + " (each refused and logged)");
    }

    @Test
    @DisplayName("threat: a captured management command (add an administrator) replayed, or re-signed with its nonce reused, adds nobody twice; forged ones add nobody")
    void threat12_capturedManagementCommandNotObeyedAgain() throws Exception {
        long before = lastSeq();
        SignedCommand genuine = sign(cloudKey.getPrivate(), serial, ADD_USER, 10);
        publish(LinkMessages.write(genuine));
        await().atMost(Duration.ofSeconds(10)).until(() -> users() == 2);
        publish(LinkMessages.write(genuine));
        publish(LinkMessages.write(resigned(genuine, UUID.randomUUID().toString(), genuine.nonce(), ADD_USER)));
        publish(LinkMessages.write(sign(CommandSigning.newKeyPair().getPrivate(), serial, ADD_USER, 10)));
        publish(flipped(LinkMessages.write(sign(cloudKey.getPrivate(), serial, ADD_USER, 10)), "Mallory", "Mallorz"));
        // the resent copy (same id and nonce) gets its first reply again and logs nothing; the re-signed one
        // (new id, old nonce) is refused and logged once (issue 10 finding 5)
        await().atMost(Duration.ofSeconds(10)).until(() -> refusalReasons(before).size() >= 3);
        assertThat(refusalReasons(before)).containsExactlyInAnyOrder("REPLAYED", "FORGED", "FORGED");
        assertThat(users()).as("one administrator added, once").isEqualTo(2);
    }

    @Test
    @DisplayName("threat: a captured unlock replayed within its life right after the lock restarted (its nonce memory is in RAM) opens nothing")
    void threat13_replayAcrossARestartOpensNothing() throws Exception {
        SignedCommand genuine = sign(cloudKey.getPrivate(), serial, UNLOCK, 20);
        long before = lastSeq();
        publish(LinkMessages.write(genuine));
        awaitRefusalsOrOpen(before, 1);
        lock.advanceClock(11); // relocked by itself; the command has 9 s of life left

        java.time.Instant at = lock.state().time().plusSeconds(1); // power cut, back a second later
        link.close();
        lock.close();
        lock = open(at, 8);
        link = CloudLink.start(lock);
        await().atMost(Duration.ofSeconds(10)).until(link::connected);
        assertThat(lock.state().bolt()).isEqualTo("LOCKED");
        long restarted = lastSeq();
        publish(LinkMessages.write(genuine));
        await().atMost(Duration.ofSeconds(10)).until(() -> refusalReasons(restarted).size() + opened(restarted) >= 1);
        assertThat(opened(restarted)).as("the replay opened the door").isZero();
        assertThat(lock.state().bolt()).isEqualTo("LOCKED");
        assertThat(refusalReasons(restarted)).containsExactly("REPLAYED");
    }

    // ---- helpers ----

    private SignedCommand sign(PrivateKey key, String forSerial, String body, long lifetimeSeconds) {
        return CommandSigning.sign(key, forSerial, body, lock.state().time(), lifetimeSeconds);
    }

    /** A command the cloud's key signs anew with a chosen id and nonce (the cloud never reuses one). */
    private SignedCommand resigned(SignedCommand c, String id, String nonce, String body) throws Exception {
        SignedCommand unsigned = new SignedCommand(1, serial, id, c.issued(), c.expires(), nonce, body, null);
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(cloudKey.getPrivate());
        s.update(unsigned.signedBytes());
        return unsigned.withSignature(Base64.getEncoder().encodeToString(s.sign()));
    }

    private static byte[] flipped(byte[] message, String from, String to) {
        String text = new String(message, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        return text.replaceFirst(from, to).getBytes(StandardCharsets.UTF_8);
    }

    private static String flipSignature(String signature) {
        byte[] raw = Base64.getDecoder().decode(signature);
        raw[7] ^= 0x01;
        return Base64.getEncoder().encodeToString(raw);
    }

    private void sendAll(List<byte[]> payloads) throws Exception {
        for (byte[] p : payloads) {
            publish(p);
        }
    }

    /** The reasons of refused cloud commands logged after seq, in order (remote unlocks and other commands). */
    private List<String> refusalReasons(long after) {
        return lock.events(after).stream()
                .filter(e -> "REFUSED".equals(e.result()) || "COMMAND_REFUSED".equals(e.kind()))
                .map(e -> e.reason() != null ? e.reason() : e.alarm())
                .toList();
    }

    private void awaitRefused(long after, List<String> expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> refusalReasons(after).size() >= expected.size());
        // the link hands messages on as they come, but may log a malformed one before an earlier signed one
        assertThat(refusalReasons(after)).containsExactlyInAnyOrderElementsOf(expected);
    }

    private void awaitRefusalsOrOpen(long after, int opens) {
        await().atMost(Duration.ofSeconds(10)).until(() -> opened(after) >= opens);
    }

    private int users() {
        return lock.reportedState().users().size();
    }
}
