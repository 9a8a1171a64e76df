package io.keyward.lock.rules;

import io.keyward.lock.core.Change;
import io.keyward.lock.core.LockData;
import io.keyward.lock.core.OwnerDevice;
import io.keyward.lock.shell.LockStorage;
import io.keyward.lock.sim.ManualClock;
import io.keyward.lock.storage.FileRecordStore;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.SignedCommand;
import io.keyward.protocol.trust.DeviceCommand;
import io.keyward.protocol.trust.DeviceSigner;

import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Issue 15 test helpers: a paired test lock, owner devices bound through the lock's own store (the
 * Change the binding makes), and commands sent as a compromised or honest cloud would send them: the
 * cloud's Ed25519 envelope (C6), with or without a device's kwdc1 inside (docs/trust.md §2).
 */
final class TrustDevices implements AutoCloseable {

    static final String SERIAL = "KW-TEST";

    final TestLock t;
    final KeyPair cloud;
    final SignedReplies replies = new SignedReplies();

    TrustDevices(TestLock t, KeyPair cloud) {
        this.t = t;
        this.cloud = cloud;
        t.lock.listen(replies);
    }

    /** Binds device as an owner device: the lock is switched off, the store gets DeviceBound, the lock restarts. */
    void bind(DeviceSigner device, String name) throws IOException {
        Instant now = now();
        t.lock.close();
        try (LockStorage storage = new LockStorage(FileRecordStore.open(t.dir))) {
            LockData data = storage.load();
            Change bound = new Change.DeviceBound(new OwnerDevice(device.deviceId(), device.deviceKey(),
                    device.agreeKey(), name, now, OwnerDevice.DOOR));
            data.apply(bound);
            storage.persist(List.of(bound), data);
        }
        restart(now);
    }

    /** Power cut and back, the clock going on from at. */
    void restart(Instant at) throws IOException {
        t.reboot(new ManualClock(at));
        t.lock.listen(replies);
    }

    Instant now() {
        return t.state().time();
    }

    /** The command in the cloud's envelope alone: what a cloud holding only its own key can send. */
    String cloudOnly(LockCommand command) {
        return send(CommandSigning.sign(cloud.getPrivate(), SERIAL, LockCommands.write(command), now(), 10));
    }

    /** A kwdc1 token of command signed by device, for this lock, issued now. */
    String token(DeviceSigner device, LockCommand command, Duration lifetime) {
        return device.command(SERIAL, LockCommands.write(command), now(), lifetime);
    }

    /** The command signed by device (chain: its grants, leaf first), inside the cloud's envelope. */
    String signed(DeviceSigner device, LockCommand command, String... chain) {
        Duration lifetime = command instanceof LockCommand.RemoteUnlock ? Duration.ofSeconds(30) : Duration.ofDays(7);
        return envelope(token(device, command, lifetime), chain);
    }

    /** The token inside a cloud envelope whose id is the token's command id, as the cloud sends it. */
    String envelope(String token, String... chain) {
        return send(envelopeOf(token, idOf(token), chain));
    }

    SignedCommand envelopeOf(String token, String envelopeId, String... chain) {
        String body = LockCommands.write(new LockCommand.DeviceSigned(token, List.of(chain)));
        return CommandSigning.sign(cloud.getPrivate(), SERIAL, envelopeId, body, now(), 10);
    }

    static String idOf(String token) {
        return DeviceCommand.decode(token).value().commandId();
    }

    /** "OK" or the refusal reason of the lock's answer. */
    String send(SignedCommand c) {
        t.lock.signedCommand(c);
        return words(replies.byId.get(c.id()));
    }

    CommandReply reply(String id) {
        return replies.byId.get(id);
    }

    static String words(CommandReply r) {
        return r == null ? "NO_REPLY" : r.accepted() ? "OK" : r.reason();
    }

    /** A grant for holder from signer (validity: from an hour ago for a day). */
    String grant(DeviceSigner signer, DeviceSigner holder, io.keyward.protocol.bluetooth.KeyRole role) {
        Instant now = now();
        return signer.grant(SERIAL, holder.deviceKey(), "person@example.com", role, now.minusSeconds(3600),
                now.plus(Duration.ofDays(1)), now);
    }

    @Override
    public void close() throws IOException {
        t.close();
    }
}
