package io.keyward.lock.rules;

import io.keyward.lock.core.Change;
import io.keyward.lock.core.LockData;
import io.keyward.lock.core.LockEvent;
import io.keyward.lock.core.OwnerDevice;
import io.keyward.lock.panel.PanelServer;
import io.keyward.lock.shell.LockStorage;
import io.keyward.lock.sim.ManualClock;
import io.keyward.lock.storage.FileRecordStore;
import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.RadioClient;
import io.keyward.protocol.bluetooth.RadioResponse;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.trust.DeviceGrant;
import io.keyward.protocol.trust.DeviceSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 over the lock's real radio (its panel HTTP server, driven by the protocol's RadioClient as
 * the app drives it): a phone opens a Bluetooth session with a device grant chain, checked against
 * the lock's owner devices (docs/trust-design §2, §3's Bluetooth sentence; SPEC C5, E3, E4, D1, D4,
 * B2, C9). Owner devices are bound through the lock's own store (the Change a binding makes).
 */
@DisplayName("issue 15, SPEC C5, E3: Bluetooth with device grants on the lock's radio")
class BluetoothGrantsTest {

    static final KeyPair CLOUD = CommandSigning.newKeyPair();
    static final String SERIAL = "KW-TEST";

    @TempDir
    Path dir;

    private TestLock t;
    private PanelServer server;
    private RadioClient radio;
    private final DeviceSigner owner = DeviceSigner.generate();
    private final DeviceSigner manager = DeviceSigner.generate();
    private final DeviceSigner member = DeviceSigner.generate();
    private final DeviceSigner visitor = DeviceSigner.generate();

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (t != null) {
            t.close();
        }
    }

    // ------------------------------------------------------------------ the lock, its owner devices, grants

    /** A paired lock with an administrator whose owner device is owner (trust mode), its panel served. */
    private void start() throws Exception {
        t = TestLock.pairedWith(dir, CLOUD);
        serve();
        store(new Change.DeviceBound(new OwnerDevice(owner.deviceId(), owner.deviceKey(), owner.agreeKey(),
                "Alice's phone", now(), OwnerDevice.PAIRING_QR)));
    }

    private void serve() throws Exception {
        server = PanelServer.start(t.lock, 0);
        t.lock.radioUrl(server.baseUrl());
        radio = new RadioClient(server.baseUrl());
    }

    /** A change through the lock's own store while it is off, then the lock back on (sessions end). */
    private void store(Change change) throws Exception {
        Instant now = now();
        server.close();
        t.lock.close();
        try (LockStorage storage = new LockStorage(FileRecordStore.open(dir))) {
            LockData data = storage.load();
            data.apply(change);
            storage.persist(List.of(change), data);
        }
        t.reboot(new ManualClock(now));
        serve();
    }

    private Instant now() {
        return t.state().time();
    }

    private String grant(DeviceSigner signer, DeviceSigner holder, KeyRole role, Instant from, Instant until) {
        return signer.grant(SERIAL, holder.deviceKey(), role.name().toLowerCase() + "@example.com", role, from, until, now());
    }

    private String grant(DeviceSigner signer, DeviceSigner holder, KeyRole role) {
        return grant(signer, holder, role, now().minus(Duration.ofHours(1)), now().plus(Duration.ofDays(7)));
    }

    private String self() {
        return owner.selfGrant(SERIAL, "owner@example.com", now());
    }

    private static KeyPair keys(DeviceSigner d) {
        return new KeyPair(d.publicKey(), d.signingKey());
    }

    private static String idOf(String chain) {
        return DeviceGrant.decode(chain.split("~")[0]).value().grantId();
    }

    private RadioClient.Session session(String chain, DeviceSigner holder) {
        RadioClient.Handshake h = radio.connect(chain, keys(holder));
        assertThat(h.ok()).as("handshake: %s", h.reason()).isTrue();
        return h.session();
    }

    private LockEvent lastUnlock() {
        return t.lastEvent(LockEvent.UNLOCK);
    }

    /** The handshake refused 403 with reason, nothing opened, logged UNLOCK REFUSED by BLUETOOTH (with the grant when named). */
    private void assertRefused(String chain, DeviceSigner holder, String reason, String grantId) {
        int open = t.state().bluetooth().connections();
        RadioClient.Handshake h = radio.connect(chain, keys(holder));
        assertThat(h.ok()).isFalse();
        assertThat(h.reason()).isEqualTo(reason);
        assertThat(h.refusal().status()).isEqualTo(403);
        assertThat(t.unlocked()).isFalse();
        LockEvent e = lastUnlock();
        assertThat(e.method()).isEqualTo("BLUETOOTH");
        assertThat(e.result()).isEqualTo("REFUSED");
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.credential()).isEqualTo(grantId == null ? null : "grant:" + grantId);
        assertThat(t.state().bluetooth().connections()).as("no connection kept").isEqualTo(open);
    }

    private static LockCommand setting(Setting setting, String value) {
        return new LockCommand.ChangeSetting(setting, value);
    }

    // ------------------------------------------------------------------ roles

    @Test
    @DisplayName("§2, B2: an owner device's self-grant opens (logged with grant:<id> and the account) and manages nearby: privacy mode, STATE")
    void ownerSelfGrantOpensAndManages() throws Exception {
        start();
        String self = self();
        RadioClient.Session s = session(self, owner);
        assertThat(s.unlock().ok()).isTrue();
        assertThat(t.unlocked()).isTrue();
        LockEvent e = lastUnlock();
        assertThat(e.result()).isEqualTo("OK");
        assertThat(e.method()).isEqualTo("BLUETOOTH");
        assertThat(e.credential()).isEqualTo("grant:" + idOf(self));
        assertThat(e.detail()).contains("owner@example.com").contains("OWNER").contains("device grant");
        t.settle();

        RadioResponse privacy = s.command(setting(Setting.PRIVACY_MODE, "true")); // a §3 command: a device's word
        assertThat(privacy.ok()).as(privacy.message()).isTrue();
        assertThat(t.state().modes().privacy()).isTrue();
        RadioResponse state = s.state();
        assertThat(state.ok()).isTrue();
        assertThat(state.state()).isNotNull();
        assertThat(s.unlock().ok()).as("an owner opens in privacy mode").isTrue();
    }

    @Test
    @DisplayName("§2: a member's grant opens but cannot manage (NOT_ALLOWED, logged, nothing changed); in privacy mode it gets PRIVACY_MODE")
    void memberOpensCannotManage() throws Exception {
        start();
        String memberGrant = grant(owner, member, KeyRole.MEMBER);
        RadioClient.Session s = session(memberGrant, member);
        assertThat(s.unlock().ok()).isTrue();
        assertThat(lastUnlock().credential()).isEqualTo("grant:" + idOf(memberGrant));
        assertThat(lastUnlock().detail()).contains("MEMBER");
        t.settle();

        RadioResponse manage = s.command(setting(Setting.PRIVACY_MODE, "true"));
        assertThat(manage.ok()).isFalse();
        assertThat(manage.reason()).isEqualTo("NOT_ALLOWED");
        assertThat(t.state().modes().privacy()).isFalse();
        LockEvent refused = t.lastEvent(LockEvent.COMMAND_REFUSED);
        assertThat(refused.reason()).isEqualTo("NOT_ALLOWED");
        assertThat(refused.credential()).isEqualTo("grant:" + idOf(memberGrant));
        assertThat(s.state().reason()).isEqualTo("NOT_ALLOWED");

        assertThat(session(self(), owner).command(setting(Setting.PRIVACY_MODE, "true")).ok()).isTrue();
        RadioResponse privacy = s.unlock();
        assertThat(privacy.reason()).isEqualTo("PRIVACY_MODE");
        assertThat(t.unlocked()).isFalse();
    }

    @Test
    @DisplayName("§2, E4: a visitor's grant before or after its validity is refused (NOT_YET_VALID, EXPIRED, logged with the grant); within it opens, but not during a lockout (D1)")
    void visitorValidityAndLockout() throws Exception {
        start();
        Instant from = now().plus(Duration.ofHours(1));
        Instant until = from.plus(Duration.ofHours(2));
        String visit = grant(owner, visitor, KeyRole.VISITOR, from, until);
        assertRefused(visit, visitor, "NOT_YET_VALID", idOf(visit));

        t.advance(3600);
        RadioClient.Session s = session(visit, visitor);
        assertThat(s.unlock().ok()).isTrue();
        t.settle();
        for (int i = 0; i < 5; i++) {
            t.type("24681357");
        }
        assertThat(t.state().lockout().active()).isTrue();
        RadioClient.Session during = session(visit, visitor);
        assertThat(during.unlock().reason()).isEqualTo("LOCKED_OUT");
        assertThat(session(grant(owner, member, KeyRole.MEMBER), member).unlock().ok())
                .as("a member opens during a lockout").isTrue();

        t.advance(2 * 3600);
        assertRefused(visit, visitor, "EXPIRED", idOf(visit));
    }

    @Test
    @DisplayName("§3 managing nearby: a MANAGER grant adds a lock user and sets privacy mode over Bluetooth; REMOVE_DEVICE still needs an owner device's kwdc1 (DEVICE_SIGNATURE_REQUIRED, nothing removed)")
    void managerManagesNearby() throws Exception {
        start();
        String parent = grant(owner, manager, KeyRole.MANAGER);
        RadioClient.Session s = session(parent, manager);
        RadioResponse added = s.command(new LockCommand.AddUser("Carol", io.keyward.protocol.command.LockUserRole.USER, null));
        assertThat(added.ok()).as(added.message()).isTrue();
        assertThat(added.reply().user()).isNotNull();
        assertThat(s.command(setting(Setting.PRIVACY_MODE, "true")).ok()).isTrue();
        assertThat(t.state().modes().privacy()).isTrue();

        RadioResponse remove = s.command(new LockCommand.RemoveDevice(owner.deviceId()));
        assertThat(remove.ok()).isFalse();
        assertThat(remove.reply().reason()).isEqualTo("DEVICE_SIGNATURE_REQUIRED");
        assertThat(t.lastEvent(LockEvent.COMMAND_REFUSED).reason()).isEqualTo("DEVICE_SIGNATURE_REQUIRED");
        assertThat(t.lastEvent(LockEvent.DEVICE_REMOVED)).isNull();
        assertThat(session(self(), owner).unlock().ok()).as("the owner device is still bound").isTrue();
    }

    // ------------------------------------------------------------------ chains

    @Test
    @DisplayName("§2: a manager→member chain opens; a chain of three is CHAIN_TOO_LONG; a grant for another lock WRONG_LOCK; a signer that is no owner device UNKNOWN_SIGNER")
    void chains() throws Exception {
        start();
        String parent = grant(owner, manager, KeyRole.MANAGER);
        String leaf = grant(manager, member, KeyRole.MEMBER);
        RadioClient.Session s = session(leaf + "~" + parent, member);
        assertThat(s.unlock().ok()).isTrue();
        assertThat(lastUnlock().credential()).isEqualTo("grant:" + idOf(leaf));
        t.settle();

        DeviceSigner third = DeviceSigner.generate();
        String middle = grant(manager, member, KeyRole.MANAGER);
        assertRefused(grant(member, third, KeyRole.MEMBER) + "~" + middle + "~" + parent, third, "CHAIN_TOO_LONG", null);

        String elsewhere = owner.grant("KW-OTHER", member.deviceKey(), "m@example.com", KeyRole.MEMBER,
                now().minusSeconds(60), now().plus(Duration.ofDays(1)), now());
        assertRefused(elsewhere, member, "WRONG_LOCK", null);
        assertRefused(grant(manager, member, KeyRole.MEMBER), member, "UNKNOWN_SIGNER", null);
        assertRefused(manager.selfGrant(SERIAL, "mallory@example.com", now()), manager, "UNKNOWN_SIGNER", null);
    }

    @Test
    @DisplayName("§4: a grant whose owner device was removed (REMOVE_DEVICE, Change.DeviceRemoved) is refused UNKNOWN_SIGNER, mid-session too; the other owner device's grants still open")
    void removedOwnerDevice() throws Exception {
        start();
        DeviceSigner second = DeviceSigner.generate();
        store(new Change.DeviceBound(new OwnerDevice(second.deviceId(), second.deviceKey(), second.agreeKey(),
                "Bob's phone", now(), OwnerDevice.DOOR)));
        String fromOwner = grant(owner, member, KeyRole.MEMBER);
        String fromSecond = grant(second, visitor, KeyRole.VISITOR);
        RadioClient.Session open = session(fromOwner, member);
        assertThat(open.unlock().ok()).isTrue();
        t.settle();

        // the second owner device removes the first (kwdc1 in the cloud's envelope): the open session stops
        String token = second.command(SERIAL, io.keyward.protocol.command.LockCommands.write(
                new LockCommand.RemoveDevice(owner.deviceId())), now(), Duration.ofMinutes(5));
        String id = io.keyward.protocol.trust.DeviceCommand.decode(token).value().commandId();
        t.lock.signedCommand(CommandSigning.sign(CLOUD.getPrivate(), SERIAL, id,
                io.keyward.protocol.command.LockCommands.write(new LockCommand.DeviceSigned(token, List.of())), now(), 10));
        assertThat(t.lastEvent(LockEvent.DEVICE_REMOVED).detail()).startsWith(owner.deviceId());
        RadioResponse mid = open.unlock();
        assertThat(mid.ok()).isFalse();
        assertThat(mid.reason()).isEqualTo("UNKNOWN_SIGNER");
        assertThat(lastUnlock().reason()).isEqualTo("UNKNOWN_SIGNER");
        assertThat(t.unlocked()).isFalse();

        store(new Change.DeviceRemoved(owner.deviceId())); // as the store holds it after a restart
        assertRefused(fromOwner, member, "UNKNOWN_SIGNER", null);
        assertRefused(self(), owner, "UNKNOWN_SIGNER", null);
        assertThat(session(fromSecond, visitor).unlock().ok()).isTrue();
    }

    // ------------------------------------------------------------------ cloud keys

    @Test
    @DisplayName("§3: a cloud-signed kwbk1 key works on a lock without owner devices (and a chain is refused there), and is refused CLOUD_KEY_NOT_TRUSTED once one is bound")
    void cloudKeyOnlyWithoutOwnerDevices() throws Exception {
        t = TestLock.pairedWith(dir, CLOUD);
        serve();
        KeyPair phone = DeviceKeys.newKeyPair();
        String cloudKey = new BluetoothKey(SERIAL, "key-1", DeviceKeys.encode(phone.getPublic()), "owner@example.com",
                KeyRole.OWNER, now().minusSeconds(60), now().plus(Duration.ofDays(1)), now()).sign(CLOUD.getPrivate());
        RadioClient.Handshake before = radio.connect(cloudKey, phone);
        assertThat(before.ok()).isTrue();
        assertThat(before.session().unlock().ok()).isTrue();
        assertThat(lastUnlock().credential()).isEqualTo("bluetooth-key:key-1");
        t.settle();
        assertRefused(self(), owner, "UNKNOWN_SIGNER", null);

        store(new Change.DeviceBound(new OwnerDevice(owner.deviceId(), owner.deviceKey(), owner.agreeKey(),
                "Alice's phone", now(), OwnerDevice.PAIRING_QR)));
        RadioClient.Handshake after = radio.connect(cloudKey, phone);
        assertThat(after.ok()).isFalse();
        assertThat(after.reason()).isEqualTo("CLOUD_KEY_NOT_TRUSTED");
        assertThat(after.refusal().status()).isEqualTo(403);
        assertThat(lastUnlock().reason()).isEqualTo("CLOUD_KEY_NOT_TRUSTED");
        assertThat(lastUnlock().result()).isEqualTo("REFUSED");
        assertThat(t.unlocked()).isFalse();
        assertThat(session(self(), owner).unlock().ok()).as("the owner device's own grant opens").isTrue();
    }

    @Test
    @DisplayName("§3, §4: a kwbk1 session open when the first owner device binds (BIND_DEVICE with the pairing QR's bind secret) is refused CLOUD_KEY_NOT_TRUSTED on its next request and ends")
    void cloudKeySessionEndsWhenTheFirstDeviceBinds() throws Exception {
        t = TestLock.withAdministrator(dir);
        String bindSecret = io.keyward.protocol.pairing.PairingPayload.parse(t.lock.holdSet(3, false).screen().qr()).bind();
        t.lock.pairingCompleted(CommandSigning.encode(CLOUD.getPublic()), "tcp://127.0.0.1:0", "pw");
        t.settle();
        serve();
        KeyPair phone = DeviceKeys.newKeyPair();
        String cloudKey = new BluetoothKey(SERIAL, "key-2", DeviceKeys.encode(phone.getPublic()), "owner@example.com",
                KeyRole.OWNER, now().minusSeconds(60), now().plus(Duration.ofDays(1)), now()).sign(CLOUD.getPrivate());
        RadioClient.Session open = radio.connect(cloudKey, phone).session();
        assertThat(open.unlock().ok()).isTrue();
        t.settle();

        String name = "Alice's phone";
        assertThat(t.lock.command(new LockCommand.BindDevice(owner.deviceKey(), owner.agreeKey(), name,
                owner.bindProof(bindSecret, SERIAL, name))).accepted()).isTrue();
        RadioResponse next = open.unlock();
        assertThat(next.ok()).isFalse();
        assertThat(next.reason()).isEqualTo("CLOUD_KEY_NOT_TRUSTED");
        assertThat(lastUnlock().reason()).isEqualTo("CLOUD_KEY_NOT_TRUSTED");
        assertThat(lastUnlock().credential()).isEqualTo("bluetooth-key:key-2");
        assertThat(t.unlocked()).isFalse();
        assertThat(t.state().bluetooth().connections()).as("the session ended").isZero();
        assertThat(session(self(), owner).unlock().ok()).isTrue();
    }

    // ------------------------------------------------------------------ revocations carried by apps (E3)

    @Test
    @DisplayName("E3, §2 kwdr1: the owner device's revocation, carried only by another app over Bluetooth, stops the member's open session and its next one (REVOKED); a forged one is refused and logged")
    void revokedOverBluetooth() throws Exception {
        start();
        String memberGrant = grant(owner, member, KeyRole.MEMBER);
        RadioClient.Session victim = session(memberGrant, member);
        assertThat(victim.unlock().ok()).isTrue();
        t.settle();

        DeviceGrant g = DeviceGrant.decode(memberGrant).value();
        String revocation = owner.revocation(SERIAL, g.grantId(), g.validUntil(), now());
        String forged = manager.revocation(SERIAL, idOf(self()), now().plus(Duration.ofDays(1)), now());
        RadioClient.Session carrier = session(grant(owner, visitor, KeyRole.VISITOR), visitor); // any app carries it
        RadioResponse r = carrier.revocations(List.of(revocation, forged));
        assertThat(r.ok()).isTrue();
        assertThat(r.applied()).isEqualTo(1);
        assertThat(r.refused()).isEqualTo(1);
        assertThat(t.lastEvent(LockEvent.COMMAND_REFUSED).reason()).isEqualTo("UNKNOWN_SIGNER");
        LockEvent revoked = t.lastEvent(LockEvent.BLUETOOTH_KEY_REVOKED);
        assertThat(revoked.credential()).isEqualTo("grant:" + g.grantId());
        assertThat(revoked.detail()).contains("device grant");
        assertThat(t.lock.canonicalData()).contains(g.grantId());

        RadioResponse mid = victim.unlock();
        assertThat(mid.ok()).isFalse();
        assertThat(mid.reason()).isEqualTo("REVOKED");
        assertThat(t.unlocked()).isFalse();
        assertRefused(memberGrant, member, "REVOKED", g.grantId());
        assertThat(carrier.unlock().ok()).as("the carrier's own grant still opens").isTrue();
    }
}
