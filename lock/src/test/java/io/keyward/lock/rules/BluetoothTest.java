package io.keyward.lock.rules;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.panel.PanelServer;
import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.bluetooth.KeyRevocation;
import io.keyward.protocol.bluetooth.RadioClient;
import io.keyward.protocol.bluetooth.RadioResponse;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.pairing.PairingProof;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock's side of the Bluetooth link through its real panel HTTP server (the simulated radio),
 * driven by the protocol's {@link RadioClient}, with keys signed by the cloud key the lock learned
 * at pairing (SPEC C5, E3, B2, D1, D4, E4, C9; docs/bluetooth.md).
 */
@DisplayName("SPEC C5, E3, B2, D1, D4, E4, C9: Bluetooth keys on the lock's radio")
class BluetoothTest {

    static final KeyPair CLOUD = CommandSigning.newKeyPair();
    static final KeyPair DEVICE = DeviceKeys.newKeyPair();
    private static final AtomicInteger KEY_IDS = new AtomicInteger();

    @TempDir
    Path dir;

    private TestLock t;
    private PanelServer server;
    private RadioClient radio;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (t != null) {
            t.close();
        }
    }

    // ------------------------------------------------------------------ the lock and its keys

    /** A lock with an administrator, paired with the test cloud (PairingCompleted), its panel served. */
    static TestLock pairedLock(Path dir) throws Exception {
        return TestLock.pairedWith(dir, CLOUD);
    }

    private void start() throws Exception {
        t = pairedLock(dir);
        serve();
    }

    private void serve() throws Exception {
        server = PanelServer.start(t.lock, 0);
        t.lock.radioUrl(server.baseUrl());
        radio = new RadioClient(server.baseUrl());
    }

    private Instant now() {
        return t.state().time();
    }

    private BluetoothKey key(KeyRole role, String serial, Instant from, Instant until) {
        return new BluetoothKey(serial, "key-" + KEY_IDS.incrementAndGet(), DeviceKeys.encode(DEVICE.getPublic()),
                role.name().toLowerCase() + "@example.com", role, from, until, from);
    }

    private BluetoothKey key(KeyRole role) {
        return key(role, "KW-TEST", now().minus(Duration.ofHours(1)), now().plus(Duration.ofDays(30)));
    }

    private static String token(BluetoothKey key) {
        return key.sign(CLOUD.getPrivate());
    }

    private String revocation(BluetoothKey key) {
        return KeyRevocation.of(key, now()).sign(CLOUD.getPrivate());
    }

    private RadioClient.Handshake connect(BluetoothKey key) {
        return radio.connect(token(key), DEVICE);
    }

    private RadioClient.Session session(BluetoothKey key) {
        RadioClient.Handshake h = connect(key);
        assertThat(h.ok()).as("handshake: %s", h.reason()).isTrue();
        return h.session();
    }

    private LockEvent lastUnlock() {
        return t.lastEvent(LockEvent.UNLOCK);
    }

    private void assertRefusedAndLogged(RadioClient.Handshake h, String reason, String keyId) {
        assertThat(h.ok()).isFalse();
        assertThat(h.reason()).isEqualTo(reason);
        assertThat(h.refusal().status()).isEqualTo(403);
        assertThat(t.unlocked()).isFalse();
        LockEvent e = lastUnlock();
        assertThat(e.method()).isEqualTo("BLUETOOTH");
        assertThat(e.result()).isEqualTo("REFUSED");
        assertThat(e.reason()).isEqualTo(reason);
        if (keyId != null) {
            assertThat(e.credential()).isEqualTo("bluetooth-key:" + keyId);
        }
    }

    // ------------------------------------------------------------------ unlocking (C5, C9)

    @Test
    @DisplayName("C5, C9: an owner's key opens over the radio; logged as UNLOCK by BLUETOOTH with the key id and account")
    void ownerKeyUnlocks() throws Exception {
        start();
        BluetoothKey owner = key(KeyRole.OWNER);
        RadioClient.Session s = session(owner);
        assertThat(t.state().bluetooth().connections()).isEqualTo(1);
        RadioResponse r = s.unlock();
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(t.unlocked()).isTrue();
        LockEvent e = lastUnlock();
        assertThat(e.method()).isEqualTo("BLUETOOTH");
        assertThat(e.result()).isEqualTo("OK");
        assertThat(e.credential()).isEqualTo("bluetooth-key:" + owner.keyId());
        assertThat(e.detail()).contains("owner@example.com");
        t.settle();
        assertThat(t.unlocked()).as("relocks as after any unlock (C8)").isFalse();
    }

    @Test
    @DisplayName("C5, C9: a recorded exchange replayed is refused (BAD_PROOF) and logged; a replayed record is refused too")
    void replayedExchangeRefused() throws Exception {
        start();
        BluetoothKey owner = key(KeyRole.OWNER);
        RadioClient.Session s = session(owner);
        assertThat(s.unlock().ok()).isTrue();
        t.settle();
        List<byte[]> recorded = s.recorded(); // hello, proof, the unlock record
        assertThat(recorded).hasSize(3);

        // the same record again on its own connection: the counter does not go up
        RadioClient.Answer again = radio.record(s.connection(), recorded.get(2));
        assertThat(again.status()).isEqualTo(403);
        assertThat(again.reason()).isEqualTo("REPLAYED_RECORD");
        assertThat(t.unlocked()).isFalse();

        // the whole exchange played again: the hello still reads, the recorded proof does not verify
        RadioClient.Answer hello = radio.hello(recorded.get(0));
        assertThat(hello.status()).isEqualTo(200);
        String connection = hello.text("connection");
        RadioClient.Answer proof = radio.proof(connection, recorded.get(1));
        assertThat(proof.status()).isEqualTo(403);
        assertThat(proof.reason()).isEqualTo("BAD_PROOF");
        LockEvent e = lastUnlock();
        assertThat(e.reason()).isEqualTo("BAD_PROOF");
        assertThat(e.method()).isEqualTo("BLUETOOTH");
        assertThat(e.credential()).isEqualTo("bluetooth-key:" + owner.keyId());
        assertThat(radio.record(connection, recorded.get(2)).status()).as("the refused connection is closed").isEqualTo(404);
        assertThat(t.unlocked()).isFalse();
    }

    // ------------------------------------------------------------------ threat suite (docs/security.md)

    @Test
    @DisplayName("threat: an unlock record of one session sent on another session (same key, same phone) is refused as BAD_RECORD and opens nothing")
    void threat21_recordOfAnotherSessionRefused() throws Exception {
        start();
        BluetoothKey owner = key(KeyRole.OWNER);
        RadioClient.Session first = session(owner);
        assertThat(first.unlock().ok()).isTrue();
        t.settle();
        byte[] unlockRecord = first.recorded().get(2);
        RadioClient.Session second = session(owner);
        RadioClient.Answer spliced = radio.record(second.connection(), unlockRecord);
        assertThat(spliced.status()).isEqualTo(403);
        assertThat(spliced.reason()).isEqualTo("BAD_RECORD");
        assertThat(t.unlocked()).isFalse();
        assertThat(radio.record(second.connection(), unlockRecord).status()).as("the failed session is closed").isEqualTo(404);
        System.out.println("threats: Bluetooth cross-session records tried 1");
    }

    @Test
    @DisplayName("threat: a phone's records held back past the 60 s idle timeout and played on a new handshake of the same key are refused; only a fresh exchange opens")
    void threat22_recordsDelayedPastIdleRefused() throws Exception {
        start();
        BluetoothKey owner = key(KeyRole.OWNER);
        RadioClient.Session held = session(owner);
        assertThat(held.state().ok()).isTrue();
        List<byte[]> recorded = held.recorded(); // hello, proof, a record
        t.advance(61);
        assertThat(radio.record(held.connection(), recorded.get(2)).status()).as("connection gone after idle").isEqualTo(404);
        RadioClient.Answer hello = radio.hello(recorded.get(0));
        assertThat(hello.status()).isEqualTo(200);
        RadioClient.Answer proof = radio.proof(hello.text("connection"), recorded.get(1));
        assertThat(proof.reason()).isEqualTo("BAD_PROOF");
        assertThat(t.unlocked()).isFalse();
        assertThat(session(owner).unlock().ok()).as("a fresh exchange still opens").isTrue();
    }

    @Test
    @DisplayName("C5: an expired key is refused (the end of validity is exclusive), also mid-session; logged EXPIRED")
    void expiredKeyRefused() throws Exception {
        start();
        BluetoothKey endsNow = key(KeyRole.MEMBER, "KW-TEST", now().minus(Duration.ofDays(1)), now());
        assertRefusedAndLogged(connect(endsNow), "EXPIRED", endsNow.keyId());

        BluetoothKey endsSoon = key(KeyRole.MEMBER, "KW-TEST", now().minus(Duration.ofDays(1)), now().plusSeconds(30));
        RadioClient.Session s = session(endsSoon);
        assertThat(s.unlock().ok()).as("valid until the last instant before its end").isTrue();
        t.advance(30);
        RadioResponse r = s.unlock();
        assertThat(r.ok()).isFalse();
        assertThat(r.reason()).isEqualTo("EXPIRED");
        assertThat(lastUnlock().reason()).isEqualTo("EXPIRED");
        assertThat(s.unlock().reason()).as("the session ended").isEqualTo("HTTP_404");
    }

    @Test
    @DisplayName("C5: a key not yet valid, a key for another lock and a forged key are refused and logged")
    void notYetValidOtherLockForged() throws Exception {
        start();
        BluetoothKey later = key(KeyRole.OWNER, "KW-TEST", now().plus(Duration.ofHours(1)), now().plus(Duration.ofDays(1)));
        assertRefusedAndLogged(connect(later), "NOT_YET_VALID", later.keyId());

        BluetoothKey other = key(KeyRole.OWNER, "KW-OTHER", now().minus(Duration.ofHours(1)), now().plus(Duration.ofDays(1)));
        assertRefusedAndLogged(connect(other), "WRONG_LOCK", other.keyId());

        BluetoothKey forged = key(KeyRole.OWNER);
        RadioClient.Handshake h = radio.connect(forged.sign(CommandSigning.newKeyPair().getPrivate()), DEVICE);
        assertRefusedAndLogged(h, "FORGED_TOKEN", null);
        assertThat(lastUnlock().credential()).as("an unverified key id is not logged as the credential").isNull();
    }

    @Test
    @DisplayName("C5, C9: a stolen token without its device key is refused (BAD_PROOF), logged with the key id")
    void stolenTokenRefused() throws Exception {
        start();
        BluetoothKey owner = key(KeyRole.OWNER);
        // the thief has the token (say, heard in the clear in a hello) but not the device key: it sends
        // a hello of its own and a proof it cannot sign correctly
        byte[] hello = session(owner).recorded().get(0);
        RadioClient.Answer answer = radio.hello(hello);
        assertThat(answer.status()).isEqualTo(200);
        byte[] proof = new byte[66];
        new java.security.SecureRandom().nextBytes(proof);
        proof[0] = 1; // version
        proof[1] = 3; // proof
        RadioClient.Answer refused = radio.proof(answer.text("connection"), proof);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.reason()).isEqualTo("BAD_PROOF");
        assertThat(lastUnlock().reason()).isEqualTo("BAD_PROOF");
        assertThat(lastUnlock().credential()).isEqualTo("bluetooth-key:" + owner.keyId());
        assertThat(t.unlocked()).isFalse();
    }

    // ------------------------------------------------------------------ revocation (E3)

    @Test
    @DisplayName("E3: a revoked key opens until the revocation reaches the lock by the cloud's link (a command), then is refused")
    void revocationByTheCloudLink() throws Exception {
        start();
        BluetoothKey visitor = key(KeyRole.VISITOR);
        assertThat(session(visitor).unlock().ok()).as("accepted before the revocation reaches the lock").isTrue();
        t.settle();
        RadioClient.Session open = session(visitor);

        CommandReply reply = t.lock.command(new LockCommand.RevokeBluetoothKey(revocation(visitor)));
        assertThat(reply.accepted()).as(reply.message()).isTrue();
        LockEvent revoked = t.lastEvent(LockEvent.BLUETOOTH_KEY_REVOKED);
        assertThat(revoked.credential()).isEqualTo("bluetooth-key:" + visitor.keyId());

        assertRefusedAndLogged(connect(visitor), "REVOKED", visitor.keyId());
        RadioResponse r = open.unlock();
        assertThat(r.reason()).as("refused within the already open session").isEqualTo("REVOKED");
        assertThat(t.unlocked()).isFalse();
        assertThat(open.unlock().reason()).as("and that session is closed").isEqualTo("HTTP_404");

        // a forged revocation, or one for another lock, is refused and logged; nothing is revoked
        BluetoothKey owner = key(KeyRole.OWNER);
        String forged = KeyRevocation.of(owner, now()).sign(CommandSigning.newKeyPair().getPrivate());
        assertThat(t.lock.command(new LockCommand.RevokeBluetoothKey(forged)).reason()).isEqualTo("FORGED_TOKEN");
        assertThat(t.lastEvent(LockEvent.COMMAND_REFUSED).reason()).isEqualTo("FORGED_TOKEN");
        BluetoothKey elsewhere = key(KeyRole.OWNER, "KW-OTHER", now(), now().plus(Duration.ofDays(1)));
        assertThat(t.lock.command(new LockCommand.RevokeBluetoothKey(revocation(elsewhere))).reason()).isEqualTo("WRONG_LOCK");
        assertThat(t.lock.command(new LockCommand.RevokeBluetoothKey("kwrv1.nonsense")).accepted()).isFalse();
        assertThat(session(owner).unlock().ok()).isTrue();
    }

    @Test
    @DisplayName("E3, C6: a revocation in a signed command from the cloud's link is applied too; answered on the link")
    void revocationInASignedCommand() throws Exception {
        start();
        BluetoothKey member = key(KeyRole.MEMBER);
        RadioClient.Session open = session(member);
        java.util.Map<String, CommandReply> replies = new java.util.HashMap<>();
        t.lock.listen(new io.keyward.lock.shell.SimulatedLock.LinkListener() {
            @Override
            public void recorded(LockEvent event) {
            }

            @Override
            public void replied(String commandId, CommandReply reply) {
                replies.put(commandId, reply);
            }
        });
        io.keyward.protocol.link.SignedCommand c = CommandSigning.sign(CLOUD.getPrivate(), "KW-TEST",
                io.keyward.protocol.command.LockCommands.write(new LockCommand.RevokeBluetoothKey(revocation(member))), now(), 10);
        t.lock.signedCommand(c);
        assertThat(replies.get(c.id()).accepted()).isTrue();
        assertThat(open.unlock().reason()).isEqualTo("REVOKED");
        assertThat(t.unlocked()).isFalse();
    }

    @Test
    @DisplayName("E3: any app carries revocations over Bluetooth (REVOCATIONS); the revoked key's open session is refused next")
    void revocationCarriedByAnApp() throws Exception {
        start();
        BluetoothKey member = key(KeyRole.MEMBER);
        BluetoothKey visitor = key(KeyRole.VISITOR);
        RadioClient.Session victim = session(member);
        assertThat(victim.unlock().ok()).isTrue();
        t.settle();

        RadioClient.Session carrier = session(visitor); // any key of the lock may carry them
        String forged = KeyRevocation.of(visitor, now()).sign(CommandSigning.newKeyPair().getPrivate());
        RadioResponse r = carrier.revocations(List.of(revocation(member), forged));
        assertThat(r.ok()).isTrue();
        assertThat(r.applied()).isEqualTo(1);
        assertThat(r.refused()).isEqualTo(1);
        assertThat(t.lastEvent(LockEvent.BLUETOOTH_KEY_REVOKED).detail()).contains(visitor.keyId());

        RadioResponse refused = victim.unlock();
        assertThat(refused.ok()).isFalse();
        assertThat(refused.reason()).isEqualTo("REVOKED");
        assertThat(t.unlocked()).isFalse();
        assertRefusedAndLogged(connect(member), "REVOKED", member.keyId());
        assertThat(carrier.unlock().ok()).as("the carrier's own key still opens").isTrue();
        assertThat(t.state().bluetooth().connections()).isEqualTo(1);
    }

    @Test
    @DisplayName("E3: a revocation survives a restart of the lock (storage replay); a factory reset forgets it")
    void revocationSurvivesRestart() throws Exception {
        start();
        BluetoothKey member = key(KeyRole.MEMBER);
        assertThat(t.lock.command(new LockCommand.RevokeBluetoothKey(revocation(member))).accepted()).isTrue();
        assertThat(t.lock.canonicalData()).contains(member.keyId());
        server.close();
        t.reboot();
        serve();
        assertRefusedAndLogged(connect(member), "REVOKED", member.keyId());
        assertThat(session(key(KeyRole.MEMBER)).unlock().ok()).isTrue();
    }

    @Test
    @DisplayName("D7, E3: a factory reset drops every connection and wipes the revocations; the unpaired lock refuses hellos")
    void factoryResetWipes() throws Exception {
        start();
        BluetoothKey member = key(KeyRole.MEMBER);
        assertThat(t.lock.command(new LockCommand.RevokeBluetoothKey(revocation(member))).accepted()).isTrue();
        RadioClient.Session s = session(key(KeyRole.OWNER));
        t.lock.usbPower(true); // powered through the reset, so only the reset can drop the connection
        t.lock.battery(null, false);
        assertThat(t.state().bluetooth().connections()).isEqualTo(1);
        t.lock.holdSet(5, true);
        t.press("OK");
        assertThat(t.lock.cloud()).isNull();
        assertThat(t.state().bluetooth().connections()).isZero();
        assertThat(t.lock.canonicalData()).doesNotContain(member.keyId());
        assertThat(s.unlock().reason()).isEqualTo("HTTP_404");
        assertThat(connect(key(KeyRole.OWNER)).reason()).isEqualTo("NOT_PAIRED");
    }

    @Test
    @DisplayName("D7, C5: after a factory reset and a new pairing with the same cloud, a key the cloud signed before that "
            + "binding is refused ISSUED_BEFORE_PAIRING (also after a restart); one signed at or after it opens")
    void keysOfAnEarlierBindingOpenNothing() throws Exception {
        start();
        BluetoothKey before = key(KeyRole.MEMBER); // signed an hour ago, by the same cloud key as every key here
        assertThat(connect(before).ok()).as("admitted while its binding lasts").isTrue();
        t.lock.usbPower(true);
        t.lock.battery(null, false);
        t.lock.holdSet(5, true);
        t.press("OK");
        assertThat(t.lock.cloud()).isNull();

        t.createAdministrator(TestLock.ADMIN_PASSCODE);
        t.lock.holdSet(3, false);
        Instant boundAt = now();
        t.lock.pairingCompleted(new PairingProof.Grant(CommandSigning.encode(CLOUD.getPublic()), "tcp://127.0.0.1:0",
                "broker-password", null, boundAt.toEpochMilli()));
        assertThat(t.lock.cloud().boundAt()).isEqualTo(boundAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertRefusedAndLogged(connect(before), "ISSUED_BEFORE_PAIRING", before.keyId());

        BluetoothKey justBefore = new BluetoothKey("KW-TEST", "key-" + KEY_IDS.incrementAndGet(),
                DeviceKeys.encode(DEVICE.getPublic()), "m@example.com", KeyRole.MEMBER, boundAt.minus(Duration.ofHours(1)),
                boundAt.plus(Duration.ofDays(1)), boundAt.minusMillis(1));
        assertRefusedAndLogged(connect(justBefore), "ISSUED_BEFORE_PAIRING", justBefore.keyId());
        BluetoothKey atBinding = new BluetoothKey("KW-TEST", "key-" + KEY_IDS.incrementAndGet(),
                DeviceKeys.encode(DEVICE.getPublic()), "m@example.com", KeyRole.MEMBER, boundAt.minus(Duration.ofHours(1)),
                boundAt.plus(Duration.ofDays(1)), boundAt);
        assertThat(session(atBinding).unlock().ok()).as("issued at the binding: the end is inclusive").isTrue();

        server.close();
        t.reboot();
        serve();
        RadioClient.Handshake again = connect(before);
        assertThat(again.ok()).isFalse();
        assertThat(again.reason()).as("the binding's time is stored").isEqualTo("ISSUED_BEFORE_PAIRING");
        assertThat(connect(atBinding).ok()).isTrue();
    }

    @Test
    @DisplayName("E3: revocations are forgotten once the revoked key has expired anyway (pruned), and it stays refused as EXPIRED")
    void revocationsPruned() throws Exception {
        start();
        BluetoothKey shortKey = key(KeyRole.MEMBER, "KW-TEST", now().minusSeconds(60), now().plusSeconds(120));
        assertThat(t.lock.command(new LockCommand.RevokeBluetoothKey(revocation(shortKey))).accepted()).isTrue();
        assertThat(t.lock.canonicalData()).contains(shortKey.keyId());
        t.advance(180);
        RadioClient.Session owner = session(key(KeyRole.OWNER)); // a request lets the core prune
        assertThat(owner.unlock().ok()).isTrue();
        assertThat(t.lock.canonicalData()).doesNotContain("\"" + shortKey.keyId() + "\"");
        t.settle();
        assertRefusedAndLogged(connect(shortKey), "EXPIRED", shortKey.keyId());
    }

    // ------------------------------------------------------------------ roles: privacy mode (D4), lockout (D1, E4)

    @Test
    @DisplayName("D4: in privacy mode Bluetooth opens for OWNER and MANAGER keys only; MEMBER and VISITOR get PRIVACY_MODE")
    void privacyMode() throws Exception {
        start();
        t.set(Setting.PRIVACY_MODE, "true");
        for (KeyRole role : List.of(KeyRole.MEMBER, KeyRole.VISITOR)) {
            RadioResponse r = session(key(role)).unlock();
            assertThat(r.ok()).isFalse();
            assertThat(r.reason()).isEqualTo("PRIVACY_MODE");
            assertThat(lastUnlock().reason()).isEqualTo("PRIVACY_MODE");
            assertThat(t.unlocked()).isFalse();
        }
        for (KeyRole role : List.of(KeyRole.OWNER, KeyRole.MANAGER)) {
            assertThat(session(key(role)).unlock().ok()).as(role.name()).isTrue();
            assertThat(t.unlocked()).isTrue();
            t.settle();
        }
    }

    @Test
    @DisplayName("D1, E4: during a trial-and-error lockout Bluetooth opens for OWNER, MANAGER and MEMBER; VISITOR gets LOCKED_OUT")
    void lockout() throws Exception {
        start();
        for (int i = 0; i < 5; i++) {
            t.type("24681357");
        }
        assertThat(t.state().lockout().active()).isTrue();
        RadioResponse r = session(key(KeyRole.VISITOR)).unlock();
        assertThat(r.ok()).isFalse();
        assertThat(r.reason()).isEqualTo("LOCKED_OUT");
        assertThat(lastUnlock().reason()).isEqualTo("LOCKED_OUT");
        assertThat(lastUnlock().method()).isEqualTo("BLUETOOTH");
        assertThat(t.unlocked()).isFalse();
        for (KeyRole role : List.of(KeyRole.MEMBER, KeyRole.MANAGER, KeyRole.OWNER)) {
            assertThat(session(key(role)).unlock().ok()).as(role.name()).isTrue();
            assertThat(t.unlocked()).isTrue();
            t.lock.handle(io.keyward.lock.panel.PanelPort.HandleAction.LIFT); // locked again from inside
        }
        assertThat(t.state().lockout().active()).as("the lockout itself goes on").isTrue();
    }

    // ------------------------------------------------------------------ management over Bluetooth (B2)

    @Test
    @DisplayName("H6: with Wi-Fi off the lock is off the network; the owner turns Wi-Fi back on nearby over Bluetooth")
    void finding04_wifiTurnedBackOnOverBluetooth() throws Exception {
        start();
        assertThat(t.lock.networkOffline()).isNull();
        assertThat(t.lock.command(new LockCommand.ChangeSetting(Setting.WIFI, "false")).accepted()).isTrue();
        assertThat(t.lock.networkOffline()).isEqualTo("WIFI_OFF");

        RadioResponse member = session(key(KeyRole.MEMBER)).command(new LockCommand.ChangeSetting(Setting.WIFI, "true"));
        assertThat(member.reason()).isEqualTo("NOT_ALLOWED");
        assertThat(t.lock.networkOffline()).isEqualTo("WIFI_OFF");
        RadioResponse on = session(key(KeyRole.OWNER)).command(new LockCommand.ChangeSetting(Setting.WIFI, "true"));
        assertThat(on.reply().accepted()).isTrue();
        assertThat(t.lock.networkOffline()).as("back on the network: the cloud link connects again").isNull();

        t.lock.battery(null, false);
        assertThat(t.lock.networkOffline()).as("no electronics without power (C10)").isEqualTo("NO_POWER");
    }

    @Test
    @DisplayName("B2: an OWNER manages the offline lock over Bluetooth (COMMAND, STATE); MEMBER and VISITOR get NOT_ALLOWED")
    void managementOverBluetooth() throws Exception {
        start();
        RadioClient.Session owner = session(key(KeyRole.OWNER));
        RadioResponse changed = owner.command(new LockCommand.ChangeSetting(Setting.RELOCK_SECONDS, "30"));
        assertThat(changed.ok()).isTrue();
        assertThat(changed.reply().accepted()).isTrue();
        assertThat(t.lastEvent(LockEvent.SETTING_CHANGED).detail()).isEqualTo("RELOCK_SECONDS=30");

        RadioResponse added = owner.command(new LockCommand.AddUser("Bob", LockUserRole.USER, null));
        assertThat(added.reply().user()).isEqualTo(2);
        RadioResponse bad = owner.command(new LockCommand.ChangeSetting(Setting.RELOCK_SECONDS, "1"));
        assertThat(bad.ok()).isFalse();
        assertThat(bad.reply().reason()).isEqualTo("BAD_VALUE");

        RadioResponse remote = owner.command(new LockCommand.RemoteUnlock("owner@example.com"));
        assertThat(remote.ok()).isFalse();
        assertThat(remote.reply().reason()).as("unlock over Bluetooth is UNLOCK, not a command").isEqualTo("NOT_SIGNED");
        assertThat(t.unlocked()).isFalse();

        RadioResponse state = owner.state();
        assertThat(state.ok()).isTrue();
        assertThat(state.state().settings()).containsEntry("RELOCK_SECONDS", "30");
        assertThat(state.state().users()).extracting(u -> u.name()).contains("Bob");
        assertThat(state.state().radio()).isEqualTo(server.baseUrl());

        RadioResponse managerState = session(key(KeyRole.MANAGER)).command(new LockCommand.ChangeSetting(Setting.RELOCK_SECONDS, "20"));
        assertThat(managerState.ok()).isTrue();
        String before = t.dataWithoutEvents();
        for (KeyRole role : List.of(KeyRole.MEMBER, KeyRole.VISITOR)) {
            RadioClient.Session s = session(key(role));
            RadioResponse r = s.command(new LockCommand.ChangeSetting(Setting.RELOCK_SECONDS, "40"));
            assertThat(r.ok()).isFalse();
            assertThat(r.reason()).isEqualTo("NOT_ALLOWED");
            assertThat(t.lastEvent(LockEvent.COMMAND_REFUSED).reason()).isEqualTo("NOT_ALLOWED");
            assertThat(s.state().reason()).isEqualTo("NOT_ALLOWED");
        }
        assertThat(t.dataWithoutEvents()).isEqualTo(before);
    }

    @Test
    @DisplayName("C9: a record that opens but holds no request is answered MALFORMED and logged; the session goes on")
    void malformedRequestInSession() throws Exception {
        start();
        RadioClient.Session s = session(key(KeyRole.OWNER));
        for (String bad : List.of("", "nonsense", "{}", "{\"type\":\"UNLOCK\",\"x\":1}", "{\"type\":\"FLY\"}",
                "{\"type\":\"UNLOCK\"}{}", "{\"type\":\"REVOCATIONS\",\"revocations\":[]}",
                "{\"type\":\"COMMAND\",\"command\":{\"type\":\"NOPE\"}}", "[1]")) {
            long seq = t.lastEvent().seq();
            RadioResponse r = s.sendPlaintext(bad.getBytes(StandardCharsets.UTF_8));
            assertThat(r.ok()).as(bad).isFalse();
            assertThat(r.reason()).as(bad).isEqualTo("MALFORMED");
            assertThat(t.lastEvent().seq()).isEqualTo(seq + 1);
            assertThat(t.lastEvent().reason()).isEqualTo("MALFORMED_COMMAND");
        }
        assertThat(t.unlocked()).isFalse();
        assertThat(s.unlock().ok()).isTrue();
    }

    // ------------------------------------------------------------------ the radio itself

    @Test
    @DisplayName("C5: out of Bluetooth range every /radio call answers 503; the connections are dropped")
    void outOfRange() throws Exception {
        start();
        RadioClient.Session s = session(key(KeyRole.OWNER));
        RadioClient.Answer range = radio.post("/bluetooth/range", "{\"inRange\":false}");
        assertThat(range.status()).isEqualTo(200);
        assertThat(range.body().get("bluetooth").get("inRange").booleanValue()).isFalse();
        assertThat(t.state().bluetooth()).isEqualTo(new io.keyward.lock.panel.PanelState.Bluetooth(false, 0));
        RadioClient.Handshake h = connect(key(KeyRole.OWNER));
        assertThat(h.refusal().status()).isEqualTo(503);
        assertThat(h.refusal().error()).isEqualTo("out of Bluetooth range");
        assertThat(s.unlock().reason()).isEqualTo("HTTP_503");
        assertThat(radio.post("/radio/proof", "not json").status()).isEqualTo(503);
        assertThat(t.unlocked()).isFalse();

        assertThat(radio.post("/bluetooth/range", "{\"inRange\":true}").status()).isEqualTo(200);
        assertThat(s.unlock().reason()).isEqualTo("HTTP_404");
        assertThat(session(key(KeyRole.OWNER)).unlock().ok()).isTrue();
        assertThat(radio.post("/bluetooth/range", "{\"inRange\":\"no\"}").status()).isEqualTo(400);
        assertThat(radio.post("/bluetooth/range", "{\"inRange\":true,\"x\":1}").status()).isEqualTo(400);
    }

    @Test
    @DisplayName("C5: a connection idle for 60 s by the lock's clock is closed; at most 8 are open, a 9th drops the oldest")
    void idleAndMaxConnections() throws Exception {
        start();
        RadioClient.Session idle = session(key(KeyRole.OWNER));
        t.advance(59);
        assertThat(idle.state().ok()).as("59 s idle: still open").isTrue();
        t.advance(60);
        assertThat(idle.unlock().reason()).isEqualTo("HTTP_404");
        assertThat(t.state().bluetooth().connections()).isZero();

        List<RadioClient.Session> sessions = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            sessions.add(session(key(KeyRole.OWNER)));
        }
        assertThat(t.state().bluetooth().connections()).isEqualTo(8);
        assertThat(sessions.get(0).state().reason()).isEqualTo("HTTP_404");
        for (int i = 1; i < 9; i++) {
            assertThat(sessions.get(i).state().ok()).isTrue();
        }
    }

    @Test
    @DisplayName("C10, C5: a power cut drops every connection (the radio is off: 503); power back, a new handshake works")
    void powerLossDropsConnections() throws Exception {
        start();
        RadioClient.Session s = session(key(KeyRole.OWNER));
        t.lock.battery(null, false);
        assertThat(t.state().bluetooth().connections()).isZero();
        assertThat(s.unlock().reason()).isEqualTo("HTTP_503");
        t.lock.battery(null, true);
        assertThat(s.unlock().reason()).isEqualTo("HTTP_404");
        assertThat(session(key(KeyRole.OWNER)).unlock().ok()).isTrue();
    }

    @Test
    @DisplayName("A3, C5: an unpaired lock refuses every hello (NOT_PAIRED), logged")
    void unpairedLockRefuses() throws Exception {
        t = TestLock.withAdministrator(dir);
        serve();
        RadioClient.Handshake h = radio.connect(token(key(KeyRole.OWNER)), DEVICE);
        assertThat(h.reason()).isEqualTo("NOT_PAIRED");
        assertThat(lastUnlock().reason()).isEqualTo("NOT_PAIRED");
        assertThat(lastUnlock().method()).isEqualTo("BLUETOOTH");
    }

    @Test
    @DisplayName("C5: malformed /radio bodies answer 400 and change nothing; unknown connections 404")
    void malformedBodies() throws Exception {
        start();
        String before = t.lock.canonicalData();
        for (String path : List.of("/radio/hello", "/radio/proof", "/radio/record")) {
            for (String body : List.of("", "nonsense", "[]", "{}", "{\"message\":1}", "{\"message\":\"\"}",
                    "{\"message\":\"a+b/\"}", "{\"message\":\"AAAA====\"}", "{\"message\":\"AB\"}",
                    "{\"message\":\"AA\",\"extra\":true}", "{\"message\":\"AA\",\"message\":\"AA\"}",
                    "{\"connection\":5,\"message\":\"AA\"}", "{\"message\":\"AA\"} {}")) {
                if (path.equals("/radio/hello") && body.equals("{\"message\":\"AA\"}")) {
                    continue;
                }
                RadioClient.Answer a = radio.post(path, body);
                assertThat(a.status()).as(path + " " + body).isEqualTo(400);
                assertThat(a.error()).isNotBlank();
            }
        }
        assertThat(t.lock.canonicalData()).isEqualTo(before);
        assertThat(radio.post("/radio/proof", "{\"connection\":\"nope\",\"message\":\"AA\"}").status()).isEqualTo(404);
        assertThat(radio.post("/radio/record", "{\"connection\":\"nope\",\"message\":\"AA\"}").error()).isEqualTo("no such connection");
        assertThat(radio.post("/radio/nope", "{}").status()).isEqualTo(404);
        assertThat(t.lock.canonicalData()).isEqualTo(before);
        assertThat(t.unlocked()).isFalse();
    }

    @Test
    @DisplayName("C5: CORS — OPTIONS /radio/* answers 204, every /radio answer allows any origin (the browser app calls the lock)")
    void corsPreflight() throws Exception {
        start();
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/radio/hello", "/radio/proof", "/radio/record")) {
            HttpResponse<String> pre = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://127.0.0.1:9999")
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(pre.statusCode()).isEqualTo(204);
            assertCors(pre);
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/radio/hello"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(400);
        assertCors(post);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/radio/hello")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertCors(get);
        HttpResponse<String> state = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/state")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(state.headers().firstValue("Access-Control-Allow-Origin")).as("only the radio is cross-origin").isEmpty();
        assertThat(state.body()).contains("\"bluetooth\":{\"inRange\":true,\"connections\":0}");
    }

    private static void assertCors(HttpResponse<?> r) {
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).contains("Content-Type");
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).contains("POST, OPTIONS");
    }
}
