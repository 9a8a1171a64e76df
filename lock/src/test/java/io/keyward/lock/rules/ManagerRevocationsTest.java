package io.keyward.lock.rules;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.panel.PanelServer;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.RadioClient;
import io.keyward.protocol.bluetooth.RadioResponse;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.trust.DeviceGrant;
import io.keyward.protocol.trust.DeviceSigner;
import io.keyward.protocol.trust.ManagerRevocation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.keyward.lock.rules.TrustDevices.SERIAL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, rule T7 (docs/rules.md; trust design §2 kwdr1, §8): a revocation signed by a manager's device,
 * with its own chain and the revoked grant beside it, over the cloud's link (REVOKE_GRANT) and carried by
 * an app over the lock's real radio ({@code kwdr1~grant~chain}); and every refusal, which changes nothing.
 */
@DisplayName("issue 15, SPEC T7: revocations signed by a manager's device, over REVOKE_GRANT and over Bluetooth")
class ManagerRevocationsTest {

    private static final KeyPair CLOUD = CommandSigning.newKeyPair();

    @TempDir
    Path dir;

    private final DeviceSigner owner = DeviceSigner.generate();
    private final DeviceSigner manager = DeviceSigner.generate();
    private final DeviceSigner member = DeviceSigner.generate();
    private final DeviceSigner visitor = DeviceSigner.generate();
    private TrustDevices lock;
    private PanelServer server;
    private RadioClient radio;
    private String managerGrant;
    private String memberGrant;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (lock != null) {
            lock.close();
        }
    }

    /** A paired lock, remote unlock on, owner bound; owner → manager (MANAGER) → member (MEMBER); its radio served. */
    private void start() throws Exception {
        TestLock t = TestLock.pairedWith(dir, CLOUD);
        t.set(io.keyward.protocol.command.Setting.REMOTE_UNLOCK, "true");
        lock = new TrustDevices(t, CLOUD);
        lock.bind(owner, "Alice's phone");
        serve();
        managerGrant = lock.grant(owner, manager, KeyRole.MANAGER);
        memberGrant = lock.grant(manager, member, KeyRole.MEMBER);
    }

    private void serve() throws Exception {
        server = PanelServer.start(lock.t.lock, 0);
        lock.t.lock.radioUrl(server.baseUrl());
        radio = new RadioClient(server.baseUrl());
    }

    private static DeviceGrant decoded(String grant) {
        return DeviceGrant.decode(grant).value();
    }

    /** signer's kwdr1 of grant, up to the grant's end, issued now. */
    private String revocation(DeviceSigner signer, String grant) {
        DeviceGrant g = decoded(grant);
        return signer.revocation(SERIAL, g.grantId(), g.validUntil(), lock.now());
    }

    private String remoteUnlock(DeviceSigner device, String... chain) {
        String answer = lock.signed(device, new LockCommand.RemoteUnlock("someone@example.com"), chain);
        lock.t.settle();
        return answer;
    }

    private RadioClient.Session session(String chain, DeviceSigner holder) {
        RadioClient.Handshake h = radio.connect(chain, new KeyPair(holder.publicKey(), holder.signingKey()));
        assertThat(h.ok()).as("handshake: %s", h.reason()).isTrue();
        return h.session();
    }

    private String bluetoothRefusal(String chain, DeviceSigner holder) {
        RadioClient.Handshake h = radio.connect(chain, new KeyPair(holder.publicKey(), holder.signingKey()));
        return h.ok() ? "OK" : h.reason();
    }

    private String memberChain() {
        return memberGrant + "~" + managerGrant;
    }

    @Test
    @DisplayName("SPEC T7 over REVOKE_GRANT: the manager's revocation with its chain and the member's grant is obeyed and logged; the member's remote and Bluetooth unlocks are refused REVOKED, after a restart too; the manager still opens")
    void overTheLink() throws Exception {
        start();
        assertThat(remoteUnlock(member, memberGrant, managerGrant)).isEqualTo("OK");
        RadioClient.Session open = session(memberChain(), member);
        assertThat(open.unlock().ok()).isTrue();
        lock.t.settle();

        String token = revocation(manager, memberGrant);
        assertThat(lock.cloudOnly(new LockCommand.RevokeGrant(token, List.of(managerGrant), memberGrant))).isEqualTo("OK");
        LockEvent revoked = lock.t.lastEvent(LockEvent.BLUETOOTH_KEY_REVOKED);
        assertThat(revoked.credential()).isEqualTo("grant:" + decoded(memberGrant).grantId());
        assertThat(revoked.detail()).contains(manager.deviceId());

        assertThat(remoteUnlock(member, memberGrant, managerGrant)).isEqualTo("REVOKED");
        assertThat(lock.t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("REVOKED");
        assertThat(open.unlock().reason()).as("the open session's next request").isEqualTo("REVOKED");
        assertThat(bluetoothRefusal(memberChain(), member)).isEqualTo("REVOKED");
        assertThat(lock.t.unlocked()).isFalse();

        server.close();
        lock.restart(lock.now());
        serve();
        assertThat(remoteUnlock(member, memberGrant, managerGrant)).isEqualTo("REVOKED");
        assertThat(bluetoothRefusal(memberChain(), member)).isEqualTo("REVOKED");
        assertThat(remoteUnlock(manager, managerGrant)).as("the manager's own grant stands").isEqualTo("OK");
    }

    @Test
    @DisplayName("SPEC T7, E3 over Bluetooth: a visitor's app carries the manager's revocation (kwdr1~grant~chain) with the lock offline; the member's session and next unlocks are refused REVOKED; a bare manager's kwdr1 in the same request is refused UNKNOWN_SIGNER")
    void overBluetooth() throws Exception {
        start();
        RadioClient.Session victim = session(memberChain(), member);
        assertThat(victim.unlock().ok()).isTrue();
        lock.t.settle();

        String token = revocation(manager, memberGrant);
        String carried = ManagerRevocation.carried(token, new ManagerRevocation.Proof(List.of(managerGrant), memberGrant));
        RadioClient.Session carrier = session(lock.grant(owner, visitor, KeyRole.VISITOR), visitor);
        RadioResponse r = carrier.revocations(List.of(token, carried));
        assertThat(r.ok()).isTrue();
        assertThat(r.applied()).isEqualTo(1);
        assertThat(r.refused()).isEqualTo(1);
        assertThat(lock.t.lastEvent(LockEvent.COMMAND_REFUSED).reason()).isEqualTo("UNKNOWN_SIGNER");
        assertThat(lock.t.lastEvent(LockEvent.BLUETOOTH_KEY_REVOKED).detail()).contains("carried by device grant");

        assertThat(victim.unlock().reason()).isEqualTo("REVOKED");
        assertThat(bluetoothRefusal(memberChain(), member)).isEqualTo("REVOKED");
        assertThat(remoteUnlock(member, memberGrant, managerGrant)).isEqualTo("REVOKED");
        assertThat(carrier.unlock().ok()).as("the carrier's own grant still opens").isTrue();
    }

    @Test
    @DisplayName("SPEC T7 refusals, each answered and logged with its reason, nothing revoked: a manager revoking an OWNER or a MANAGER grant ROLE_NOT_ALLOWED; a member revoking ROLE_NOT_ALLOWED; a chain for another lock WRONG_LOCK; a forged revoked grant FORGED; another grant carried MALFORMED; no chain UNKNOWN_SIGNER")
    void refused() throws Exception {
        start();
        DeviceSigner deputy = DeviceSigner.generate();
        DeviceSigner second = DeviceSigner.generate();
        String ownerRole = lock.grant(owner, deputy, KeyRole.OWNER);
        String otherManager = lock.grant(owner, second, KeyRole.MANAGER);
        String visitorGrant = lock.grant(manager, visitor, KeyRole.VISITOR);
        String before = lock.t.dataWithoutEvents();

        expect("ROLE_NOT_ALLOWED", revocation(manager, ownerRole), List.of(managerGrant), ownerRole);
        expect("ROLE_NOT_ALLOWED", revocation(manager, otherManager), List.of(managerGrant), otherManager);
        expect("ROLE_NOT_ALLOWED", revocation(member, visitorGrant), List.of(memberGrant, managerGrant), visitorGrant);
        String elsewhere = owner.grant("KW-OTHER", manager.deviceKey(), "bob@example.com", KeyRole.MANAGER,
                lock.now().minusSeconds(60), lock.now().plus(Duration.ofDays(1)), lock.now());
        expect("WRONG_LOCK", revocation(manager, memberGrant), List.of(elsewhere), memberGrant);
        // the other manager's grant as a "MEMBER" grant, signed by this manager instead of the owner device
        String forged = resignedAsMember(otherManager);
        expect("FORGED", revocation(manager, otherManager), List.of(managerGrant), forged);
        expect("MALFORMED", revocation(manager, memberGrant), List.of(managerGrant), visitorGrant);
        expect("UNKNOWN_SIGNER", revocation(manager, memberGrant), List.of(), memberGrant);
        expect("UNKNOWN_SIGNER", revocation(manager, memberGrant), List.of(), null);

        assertThat(lock.t.dataWithoutEvents()).as("nothing revoked").isEqualTo(before);
        assertThat(remoteUnlock(member, memberGrant, managerGrant)).isEqualTo("OK");
        assertThat(remoteUnlock(second, otherManager)).isEqualTo("OK");
        assertThat(remoteUnlock(deputy, ownerRole)).isEqualTo("OK");
        RadioResponse overRadio = session(memberChain(), member).revocations(List.of(ManagerRevocation.carried(
                revocation(manager, ownerRole), new ManagerRevocation.Proof(List.of(managerGrant), ownerRole))));
        assertThat(overRadio.applied()).isZero();
        assertThat(overRadio.refused()).isEqualTo(1);
        assertThat(lock.t.lastEvent(LockEvent.COMMAND_REFUSED).reason()).isEqualTo("ROLE_NOT_ALLOWED");
    }

    @Test
    @DisplayName("SPEC T7: a manager whose own grant the owner revoked (REVOKED) or that has expired (EXPIRED) revokes nothing; the owner device's revocation without a chain works as before")
    void managerNoLongerOne() throws Exception {
        start();
        String token = revocation(manager, memberGrant);
        assertThat(lock.cloudOnly(new LockCommand.RevokeGrant(revocation(owner, managerGrant)))).isEqualTo("OK");
        expect("REVOKED", token, List.of(managerGrant), memberGrant);

        DeviceSigner brief = DeviceSigner.generate();
        DeviceSigner held = DeviceSigner.generate();
        Instant now = lock.now();
        String shortGrant = owner.grant(SERIAL, brief.deviceKey(), "b@example.com", KeyRole.MANAGER,
                now.minusSeconds(60), now.plusSeconds(600), now);
        String leaf = brief.grant(SERIAL, held.deviceKey(), "h@example.com", KeyRole.MEMBER,
                now.minusSeconds(60), now.plusSeconds(600), now);
        lock.t.advance(700);
        DeviceGrant g = decoded(leaf);
        expect("EXPIRED", brief.revocation(SERIAL, g.grantId(), g.validUntil().plusSeconds(3600), lock.now()),
                List.of(shortGrant), leaf);
    }

    private void expect(String reason, String token, List<String> chain, String grant) {
        assertThat(lock.cloudOnly(new LockCommand.RevokeGrant(token, chain, grant))).as(reason).isEqualTo(reason);
        assertThat(lock.t.lastEvent(LockEvent.COMMAND_REFUSED).reason()).isEqualTo(reason);
    }

    /** The grant with its role line made MEMBER, signed by the manager but still naming the owner device as signer. */
    private String resignedAsMember(String grant) {
        String[] parts = grant.split("\\.");
        String payload = new String(io.keyward.protocol.bluetooth.B64.decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
        String[] lines = payload.split("\n", -1);
        lines[5] = "MEMBER";
        byte[] bytes = String.join("\n", lines).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return parts[0] + "." + io.keyward.protocol.bluetooth.B64.encode(bytes) + "."
                + io.keyward.protocol.bluetooth.B64.encode(io.keyward.protocol.bluetooth.DeviceKeys.sign(manager.signingKey(), bytes));
    }
}
