package io.keyward.lock.threats;

import io.keyward.lock.core.Change;
import io.keyward.lock.core.LockData;
import io.keyward.lock.core.LockEvent;
import io.keyward.lock.core.OwnerDevice;
import io.keyward.lock.shell.LockStorage;
import io.keyward.lock.sim.ManualClock;
import io.keyward.lock.storage.FileRecordStore;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.SignedCommand;
import io.keyward.protocol.trust.DeviceCommand;
import io.keyward.protocol.trust.DeviceSigner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15 over the real link (docs/trust.md §2, §3; SPEC C6): a cloud that holds its own signing key
 * (compromised, or its operator) publishes on the lock's commands topic of a real broker. With an owner
 * device bound, its own signature no longer opens the door or adds a person; the owner device's kwdc1
 * inside the same envelope does, and a granted member's (the longest envelope: a command and two
 * grants) passes the link's size limits.
 */
@DisplayName("issue 15 threats: a compromised cloud on the lock's MQTT link cannot open a door in trust mode")
class TrustMqttThreatTest extends LockOnTheMqttLink {

    private final KeyPair cloudKey = CommandSigning.newKeyPair();
    private final DeviceSigner owner = DeviceSigner.generate();

    TrustMqttThreatTest() {
        super("KW-TR-");
    }

    /**
     * A paired lock with Remote unlock on, then owner bound through its store (the Change binding makes);
     * the publisher is the compromised cloud, holding the cloud key.
     */
    private void trustedLockOnTheLink() throws Exception {
        lockWithRemoteUnlock("trust-", ManualClock.START);
        pairWith(cloudKey);
        Instant now = lock.state().time();
        lock.close();
        try (LockStorage storage = new LockStorage(FileRecordStore.open(dir))) {
            LockData data = storage.load();
            Change bound = new Change.DeviceBound(new OwnerDevice(owner.deviceId(), owner.deviceKey(), owner.agreeKey(),
                    "Alice's phone", now, OwnerDevice.PAIRING_QR));
            data.apply(bound);
            storage.persist(List.of(bound), data);
        }
        lock = open(now, 7);
        startLink();
    }

    @Test
    @DisplayName("§3: cloud-signed unlock and ADD_USER refused DEVICE_SIGNATURE_REQUIRED and logged; the owner device's opens; a member's chain passes the link")
    void compromisedCloudOpensNothing() throws Exception {
        trustedLockOnTheLink();
        long before = lastSeq();
        publish(envelope(UUID.randomUUID().toString(), LockCommands.write(new LockCommand.RemoteUnlock("mallory"))));
        publish(envelope(UUID.randomUUID().toString(),
                LockCommands.write(new LockCommand.AddUser("Mallory", LockUserRole.ADMINISTRATOR, null, "582941"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> refusals(before).size() >= 2);
        assertThat(refusals(before)).containsExactlyInAnyOrder("DEVICE_SIGNATURE_REQUIRED", "DEVICE_SIGNATURE_REQUIRED");
        assertThat(lock.state().bolt()).isEqualTo("LOCKED");
        assertThat(lock.reportedState().users()).hasSize(1);

        publish(deviceSigned(owner, new LockCommand.RemoteUnlock("alice@example.com")));
        await().atMost(Duration.ofSeconds(10)).until(() -> opened(before) == 1);
        lock.advanceClock(25);

        DeviceSigner manager = DeviceSigner.generate();
        DeviceSigner member = DeviceSigner.generate();
        Instant now = lock.state().time();
        String managerGrant = owner.grant(serial, manager.deviceKey(), "bob@example.com", KeyRole.MANAGER,
                now.minusSeconds(60), now.plus(Duration.ofDays(30)), now);
        String memberGrant = manager.grant(serial, member.deviceKey(), "carol@example.com", KeyRole.MEMBER,
                now.minusSeconds(60), now.plus(Duration.ofDays(30)), now);
        publish(deviceSigned(member, new LockCommand.RemoteUnlock("carol@example.com"), memberGrant, managerGrant));
        await().atMost(Duration.ofSeconds(10)).until(() -> opened(before) == 2);
        assertThat(refusals(before)).hasSize(2);
    }

    private byte[] deviceSigned(DeviceSigner device, LockCommand command, String... chain) {
        String token = device.command(serial, LockCommands.write(command), lock.state().time(), Duration.ofSeconds(30));
        String body = LockCommands.write(new LockCommand.DeviceSigned(token, List.of(chain)));
        assertThat(body.length()).isLessThanOrEqualTo(LockCommands.MAX_BYTES);
        return envelope(DeviceCommand.decode(token).value().commandId(), body);
    }

    private byte[] envelope(String id, String body) {
        SignedCommand c = CommandSigning.sign(cloudKey.getPrivate(), serial, id, body, lock.state().time(), 10);
        byte[] message = LinkMessages.write(c);
        assertThat(message.length).isLessThanOrEqualTo(LinkMessages.MAX_BYTES);
        return message;
    }

    private List<String> refusals(long after) {
        return lock.events(after).stream().filter(e -> "REFUSED".equals(e.result())).map(LockEvent::reason).toList();
    }
}
