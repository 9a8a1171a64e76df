package io.keyward.lock.rules;

import io.keyward.lock.core.LockEvent;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.SignedCommand;
import io.keyward.protocol.trust.DeviceCommand;
import io.keyward.protocol.trust.DeviceSigner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, docs/trust.md §2 (kwdc1) and §3: in trust mode the lock obeys only its owner's devices for
 * what opens a path to the door; the cloud's own signature (SPEC C6) is still needed on the link, but no
 * longer enough. Every refusal is answered with the design's reason and logged (C9), changing nothing.
 */
@DisplayName("issue 15: in trust mode the lock obeys devices, not the cloud alone (trust design §2, §3)")
class TrustCommandsTest {

    private static final KeyPair CLOUD = CommandSigning.newKeyPair();
    private static final DeviceSigner OWNER = DeviceSigner.generate();

    @TempDir
    Path dir;

    /** A paired lock with Remote unlock on (set before trust mode) and OWNER bound at its door. */
    private TrustDevices trustedLock() throws Exception {
        TestLock t = TestLock.pairedWith(dir, CLOUD);
        t.set(Setting.REMOTE_UNLOCK, "true");
        TrustDevices lock = new TrustDevices(t, CLOUD);
        lock.bind(OWNER, "Alice's phone");
        return lock;
    }

    /** The §3 commands a compromised cloud would send, each with what the lock must answer. */
    private static Map<LockCommand, String> pathsToTheDoor() {
        Map<LockCommand, String> commands = new LinkedHashMap<>();
        commands.put(new LockCommand.RemoteUnlock("mallory@example.com"), "DEVICE_SIGNATURE_REQUIRED");
        commands.put(new LockCommand.AddUser("Mallory", LockUserRole.ADMINISTRATOR, null, "582941"), "DEVICE_SIGNATURE_REQUIRED");
        commands.put(new LockCommand.ReplacePasscode(1, "582941"), "DEVICE_SIGNATURE_REQUIRED");
        commands.put(new LockCommand.ChangeSetting(Setting.REMOTE_UNLOCK, "true"), "DEVICE_SIGNATURE_REQUIRED");
        commands.put(new LockCommand.ChangeSetting(Setting.PRIVACY_MODE, "false"), "DEVICE_SIGNATURE_REQUIRED");
        commands.put(new LockCommand.LiftLockout(), "DEVICE_SIGNATURE_REQUIRED");
        commands.put(new LockCommand.SetHomeMqtt(true, "mallory.example.com", 1883, "m", "pw", true), "DEVICE_SIGNATURE_REQUIRED");
        commands.put(new LockCommand.PairAccessory(LockCommand.AccessoryKind.REMOTE_CONTROLLER, "Mallory's fob"), "DEVICE_SIGNATURE_REQUIRED");
        commands.put(new LockCommand.StartEnrolment(1, LockCommand.CredentialKind.FINGERPRINT, false), "DEVICE_SIGNATURE_REQUIRED");
        commands.put(new LockCommand.SetValidity(1, LockCommand.Validity.ALWAYS), "DEVICE_SIGNATURE_REQUIRED");
        commands.put(new LockCommand.RemoveDevice(OWNER.deviceId()), "DEVICE_SIGNATURE_REQUIRED");
        commands.put(new LockCommand.SyncUnlock("KW-0002"), "DEVICE_LINK_REQUIRED");
        return commands;
    }

    @Test
    @DisplayName("§3 the compromised cloud: every command that opens a path, cloud-signed only, is refused with its reason, logged, and changes nothing")
    void compromisedCloudIsRefused() throws Exception {
        try (TestLock t = TestLock.pairedWith(dir, CLOUD)) {
            t.set(Setting.REMOTE_UNLOCK, "true");
            TrustDevices lock = new TrustDevices(t, CLOUD);
            lock.bind(OWNER, "Alice's phone");
            String before = t.dataWithoutEvents();
            for (Map.Entry<LockCommand, String> e : pathsToTheDoor().entrySet()) {
                int events = t.events().size();
                assertThat(lock.cloudOnly(e.getKey())).as(e.getKey().toString()).isEqualTo(e.getValue());
                LockEvent logged = t.lastEvent();
                assertThat(t.events()).as("one event for " + e.getKey()).hasSize(events + 1);
                assertThat(logged.reason()).isEqualTo(e.getValue());
                assertThat(logged.kind()).isEqualTo(e.getKey() instanceof LockCommand.RemoteUnlock
                        || e.getKey() instanceof LockCommand.SyncUnlock ? LockEvent.UNLOCK : LockEvent.COMMAND_REFUSED);
                assertThat(t.unlocked()).isFalse();
            }
            // a device-signed command from a key that is no owner device, with or without a grant it signed itself
            DeviceSigner stranger = DeviceSigner.generate();
            assertThat(lock.signed(stranger, new LockCommand.RemoteUnlock("mallory@example.com"))).isEqualTo("UNKNOWN_SIGNER");
            assertThat(t.lastEvent().kind()).isEqualTo(LockEvent.UNLOCK);
            assertThat(t.lastEvent().reason()).isEqualTo("UNKNOWN_SIGNER");
            assertThat(lock.signed(stranger, new LockCommand.AddUser("Mallory", LockUserRole.ADMINISTRATOR, null),
                    lock.grant(stranger, stranger, KeyRole.OWNER))).isEqualTo("UNKNOWN_SIGNER");
            assertThat(t.lastEvent().kind()).isEqualTo(LockEvent.COMMAND_REFUSED);
            // the same holds on the panel's unsigned link (and Bluetooth's): the carrier is not trusted
            CommandReply panel = t.command(new LockCommand.AddUser("Mallory", LockUserRole.ADMINISTRATOR, null));
            assertThat(panel.reason()).isEqualTo("DEVICE_SIGNATURE_REQUIRED");
            assertThat(t.lastEvent().reason()).isEqualTo("DEVICE_SIGNATURE_REQUIRED");
            assertThat(t.unlocked()).isFalse();
            assertThat(t.dataWithoutEvents()).isEqualTo(before);
            // what only takes access away or opens nothing stays the cloud's (§3)
            assertThat(lock.cloudOnly(new LockCommand.ChangeSetting(Setting.RELOCK_SECONDS, "10"))).isEqualTo("OK");
            assertThat(lock.cloudOnly(new LockCommand.CancelEnrolment())).isEqualTo("NO_ENROLMENT");
        }
    }

    @Test
    @DisplayName("§2 the same commands signed by the owner device are obeyed as today; the log names the device")
    void ownerDeviceIsObeyed() throws Exception {
        try (TestLock t = TestLock.pairedWith(dir, CLOUD)) {
            t.set(Setting.REMOTE_UNLOCK, "true");
            TrustDevices lock = new TrustDevices(t, CLOUD);
            lock.bind(OWNER, "Alice's phone");
            assertThat(lock.signed(OWNER, new LockCommand.RemoteUnlock("alice@example.com"))).isEqualTo("OK");
            assertThat(t.unlocked()).isTrue();
            LockEvent unlock = t.lastEvent(LockEvent.UNLOCK);
            assertThat(unlock.method()).isEqualTo("REMOTE");
            assertThat(unlock.detail()).contains("alice@example.com").contains(OWNER.deviceId());
            t.settle();

            String addUser = lock.token(OWNER, new LockCommand.AddUser("Bob", LockUserRole.USER, null, "582941"), Duration.ofDays(7));
            assertThat(lock.envelope(addUser)).isEqualTo("OK");
            int bob = lock.reply(TrustDevices.idOf(addUser)).user();
            assertThat(t.lastEvent(LockEvent.USER_ADDED).detail()).contains("device " + OWNER.deviceId());
            assertThat(t.lock.reportedState().users()).anyMatch(u -> u.name().equals("Bob"));
            assertThat(lock.signed(OWNER, new LockCommand.ReplacePasscode(bob, "691357"))).isEqualTo("OK");
            assertThat(lock.signed(OWNER, new LockCommand.ChangeSetting(Setting.PRIVACY_MODE, "false"))).isEqualTo("OK");
            assertThat(lock.signed(OWNER, new LockCommand.LiftLockout())).isEqualTo("OK");
            assertThat(lock.signed(OWNER, new LockCommand.SetHomeMqtt(false, null, null, null, null, false))).isEqualTo("OK");
            assertThat(lock.signed(OWNER, new LockCommand.PairAccessory(LockCommand.AccessoryKind.REMOTE_CONTROLLER, "Fob"))).isEqualTo("OK");
            assertThat(lock.signed(OWNER, new LockCommand.ChangeSetting(Setting.REMOTE_UNLOCK, "false"))).isEqualTo("OK");
            assertThat(t.lock.reportedState().settings().get("REMOTE_UNLOCK")).isEqualTo("false");
            // synchronized unlock waits for signed links between locks, device-signed or not
            assertThat(lock.signed(OWNER, new LockCommand.SyncUnlock("KW-0002"))).isEqualTo("DEVICE_LINK_REQUIRED");
            // a device-signed command is obeyed over the panel's link too: the signature counts, not the carrier
            String overPanel = lock.token(OWNER, new LockCommand.AddUser("Carol", LockUserRole.USER, null), Duration.ofMinutes(5));
            assertThat(TrustDevices.words(t.command(new LockCommand.DeviceSigned(overPanel, java.util.List.of())))).isEqualTo("OK");
            assertThat(t.lock.reportedState().users()).anyMatch(u -> u.name().equals("Carol"));
        }
    }

    @Test
    @DisplayName("§2 grants: a member unlocks but cannot manage; manager → member works; a chain of 3 is refused")
    void grantChains() throws Exception {
        try (TrustDevices lock = trusted()) {
            DeviceSigner member = DeviceSigner.generate();
            DeviceSigner manager = DeviceSigner.generate();
            DeviceSigner third = DeviceSigner.generate();
            String memberGrant = lock.grant(OWNER, member, KeyRole.MEMBER);
            assertThat(lock.signed(member, new LockCommand.RemoteUnlock("m@example.com"), memberGrant)).isEqualTo("OK");
            assertThat(lock.t.unlocked()).isTrue();
            lock.t.settle();
            assertThat(lock.signed(member, new LockCommand.AddUser("Eve", LockUserRole.USER, null), memberGrant))
                    .isEqualTo("ROLE_NOT_ALLOWED");
            assertThat(lock.t.lastEvent().reason()).isEqualTo("ROLE_NOT_ALLOWED");
            assertThat(lock.t.lock.reportedState().users()).noneMatch(u -> u.name().equals("Eve"));

            String managerGrant = lock.grant(OWNER, manager, KeyRole.MANAGER);
            assertThat(lock.signed(manager, new LockCommand.AddUser("Dan", LockUserRole.USER, null), managerGrant)).isEqualTo("OK");
            String viaManager = lock.grant(manager, third, KeyRole.MEMBER);
            assertThat(lock.signed(third, new LockCommand.RemoteUnlock("t@example.com"), viaManager, managerGrant)).isEqualTo("OK");
            lock.t.settle();
            // the leaf must be the signer's own grant
            assertThat(lock.signed(third, new LockCommand.RemoteUnlock("t@example.com"), memberGrant)).isEqualTo("UNKNOWN_SIGNER");
            // owner → manager → member → another: three grants
            DeviceSigner fourth = DeviceSigner.generate();
            String deep = lock.grant(third, fourth, KeyRole.MEMBER);
            assertThat(lock.signed(fourth, new LockCommand.RemoteUnlock("f@example.com"), deep, viaManager, managerGrant))
                    .isEqualTo("CHAIN_TOO_LONG");
            assertThat(lock.t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("CHAIN_TOO_LONG");
            assertThat(lock.t.unlocked()).isFalse();
        }
    }

    @Test
    @DisplayName("§2 kwdr1: after REVOKE_GRANT the member is refused REVOKED; a revocation no owner device signed is refused")
    void revokedGrant() throws Exception {
        try (TrustDevices lock = trusted()) {
            DeviceSigner member = DeviceSigner.generate();
            var grant = OWNER.grantOf(TrustDevices.SERIAL, member.deviceKey(), "m@example.com", KeyRole.MEMBER,
                    lock.now().minusSeconds(60), lock.now().plus(Duration.ofDays(30)), lock.now());
            String token = OWNER.sign(grant);
            assertThat(lock.signed(member, new LockCommand.RemoteUnlock("m@example.com"), token)).isEqualTo("OK");
            lock.t.settle();

            DeviceSigner stranger = DeviceSigner.generate();
            String forged = stranger.revocation(TrustDevices.SERIAL, grant.grantId(), grant.validUntil(), lock.now());
            assertThat(lock.cloudOnly(new LockCommand.RevokeGrant(forged))).isEqualTo("UNKNOWN_SIGNER");
            assertThat(lock.t.lastEvent().reason()).isEqualTo("UNKNOWN_SIGNER");
            assertThat(lock.signed(member, new LockCommand.RemoteUnlock("m@example.com"), token)).isEqualTo("OK");
            lock.t.settle();

            String revocation = OWNER.revocation(TrustDevices.SERIAL, grant.grantId(), grant.validUntil(), lock.now());
            assertThat(lock.cloudOnly(new LockCommand.RevokeGrant(revocation))).isEqualTo("OK"); // carried by the cloud
            assertThat(lock.t.lock.canonicalData()).contains(grant.grantId());
            assertThat(lock.signed(member, new LockCommand.RemoteUnlock("m@example.com"), token)).isEqualTo("REVOKED");
            assertThat(lock.t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("REVOKED");
            assertThat(lock.t.unlocked()).isFalse();
            lock.restart(lock.now());
            assertThat(lock.signed(member, new LockCommand.RemoteUnlock("m@example.com"), token)).isEqualTo("REVOKED");
        }
    }

    @Test
    @DisplayName("§2 replay: a copy of an obeyed command gets the earlier answer; after a restart it is refused REPLAYED, not obeyed again")
    void replayAcrossRestart() throws Exception {
        try (TrustDevices lock = trusted()) {
            String addUser = lock.token(OWNER, new LockCommand.AddUser("Bob", LockUserRole.USER, null), Duration.ofDays(7));
            String id = TrustDevices.idOf(addUser);
            assertThat(lock.envelope(addUser)).isEqualTo("OK");
            int bob = lock.reply(id).user();
            int users = lock.t.lock.reportedState().users().size();
            lock.t.advance(5);
            int logged = lock.t.events().size();
            assertThat(lock.envelope(addUser)).isEqualTo("OK"); // the cloud resent it: same answer, same user
            assertThat(lock.t.events()).as("a copy is answered, not obeyed or logged").hasSize(logged);
            assertThat(lock.reply(id).user()).isEqualTo(bob);
            assertThat(lock.t.lock.reportedState().users()).hasSize(users);

            lock.restart(lock.now().plusSeconds(60));
            int events = lock.t.events().size();
            assertThat(lock.envelope(addUser)).isEqualTo("REPLAYED");
            assertThat(lock.t.events()).hasSize(events + 1);
            assertThat(lock.t.lastEvent().reason()).isEqualTo("REPLAYED");
            assertThat(lock.t.lock.reportedState().users()).hasSize(users);
            // remembered until the command would have expired, then forgotten (EXPIRED guards it from then on)
            lock.restart(lock.now().plus(Duration.ofDays(7)));
            assertThat(lock.envelope(addUser)).isEqualTo("EXPIRED");
            assertThat(lock.t.lock.canonicalData()).doesNotContain(id);
        }
    }

    @Test
    @DisplayName("§2 kwdc1 checks: expired, lifetime too long, issued in the future, wrong lock, id mismatch, forged, malformed")
    void badDeviceCommands() throws Exception {
        try (TrustDevices lock = trusted()) {
            String before = lock.t.dataWithoutEvents();
            LockCommand unlock = new LockCommand.RemoteUnlock("alice@example.com");
            String late = lock.token(OWNER, unlock, Duration.ofSeconds(10));
            lock.t.advance(11);
            assertThat(lock.envelope(late)).isEqualTo("EXPIRED");
            assertThat(lock.envelope(lock.token(OWNER, unlock, Duration.ofSeconds(31)))).isEqualTo("BAD_VALIDITY");
            assertThat(lock.envelope(lock.token(OWNER, new LockCommand.LiftLockout(), Duration.ofDays(7).plusSeconds(1))))
                    .isEqualTo("BAD_VALIDITY");
            Instant now = lock.now();
            String future = OWNER.sign(new DeviceCommand(TrustDevices.SERIAL, UUID.randomUUID().toString(), now.plusSeconds(6),
                    now.plusSeconds(20), OWNER.deviceId(), LockCommands.write(unlock)));
            assertThat(lock.envelope(future)).isEqualTo("BAD_VALIDITY");
            String otherLock = OWNER.command("KW-OTHER", LockCommands.write(unlock), now, Duration.ofSeconds(30));
            assertThat(lock.envelope(otherLock)).isEqualTo("WRONG_LOCK");
            String good = lock.token(OWNER, unlock, Duration.ofSeconds(30));
            assertThat(lock.send(lock.envelopeOf(good, UUID.randomUUID().toString()))).isEqualTo("MALFORMED");
            DeviceSigner stranger = DeviceSigner.generate();
            String forged = stranger.sign(new DeviceCommand(TrustDevices.SERIAL, UUID.randomUUID().toString(), now,
                    now.plusSeconds(30), OWNER.deviceId(), LockCommands.write(unlock)));
            assertThat(lock.envelope(forged)).isEqualTo("FORGED");
            String notACommand = OWNER.command(TrustDevices.SERIAL, "{\"type\":\"OPEN_SESAME\"}", now, Duration.ofSeconds(30));
            assertThat(lock.envelope(notACommand)).isEqualTo("MALFORMED");
            SignedCommand garbage = CommandSigning.sign(CLOUD.getPrivate(), TrustDevices.SERIAL,
                    LockCommands.write(new LockCommand.DeviceSigned("kwdc1.garbage.x", java.util.List.of())), now, 10);
            assertThat(lock.send(garbage)).isEqualTo("MALFORMED");
            for (LockEvent e : lock.t.events().subList(lock.t.events().size() - 9, lock.t.events().size())) {
                assertThat(e.result()).isEqualTo("REFUSED"); // each refusal logged (C9)
            }
            assertThat(lock.t.unlocked()).isFalse();
            assertThat(lock.t.dataWithoutEvents()).isEqualTo(before);
            // the good one still opens: nothing above used it up
            assertThat(lock.envelope(good)).isEqualTo("OK");
        }
    }

    @Test
    @DisplayName("§4 REMOVE_DEVICE: not by a member, not the last owner device; another owner device removed → its grants UNKNOWN_SIGNER")
    void removeDevice() throws Exception {
        try (TrustDevices lock = trusted()) {
            DeviceSigner member = DeviceSigner.generate();
            String memberGrant = lock.grant(OWNER, member, KeyRole.MEMBER);
            assertThat(lock.signed(member, new LockCommand.RemoveDevice(OWNER.deviceId()), memberGrant)).isEqualTo("ROLE_NOT_ALLOWED");
            DeviceSigner manager = DeviceSigner.generate();
            String managerGrant = lock.grant(OWNER, manager, KeyRole.MANAGER);
            assertThat(lock.signed(manager, new LockCommand.RemoveDevice(OWNER.deviceId()), managerGrant)).isEqualTo("ROLE_NOT_ALLOWED");
            assertThat(lock.signed(OWNER, new LockCommand.RemoveDevice(OWNER.deviceId()))).isEqualTo("LAST_OWNER_DEVICE");
            assertThat(lock.t.lastEvent().reason()).isEqualTo("LAST_OWNER_DEVICE");

            DeviceSigner second = DeviceSigner.generate();
            lock.bind(second, "Old phone");
            DeviceSigner child = DeviceSigner.generate();
            String childGrant = lock.grant(second, child, KeyRole.MEMBER);
            assertThat(lock.signed(child, new LockCommand.RemoteUnlock("c@example.com"), childGrant)).isEqualTo("OK");
            lock.t.settle();
            assertThat(lock.signed(OWNER, new LockCommand.RemoveDevice("AAAAAAAAAAAAAAAAAAAAAA"))).isEqualTo("UNKNOWN_DEVICE");
            assertThat(lock.signed(OWNER, new LockCommand.RemoveDevice(second.deviceId()))).isEqualTo("OK");
            LockEvent removed = lock.t.lastEvent(LockEvent.DEVICE_REMOVED);
            assertThat(removed.detail()).contains(second.deviceId()).contains("Old phone");
            assertThat(lock.t.lock.canonicalData()).doesNotContain(second.deviceKey());
            assertThat(lock.signed(child, new LockCommand.RemoteUnlock("c@example.com"), childGrant)).isEqualTo("UNKNOWN_SIGNER");
            assertThat(lock.signed(second, new LockCommand.RemoteUnlock("c@example.com"))).isEqualTo("UNKNOWN_SIGNER");
            assertThat(lock.t.unlocked()).isFalse();
            // the member granted by the remaining owner device still opens
            assertThat(lock.signed(member, new LockCommand.RemoteUnlock("m@example.com"), memberGrant)).isEqualTo("OK");
        }
    }

    @Test
    @DisplayName("§2: at most 1,024 obeyed device commands are held; the next is refused BUSY until some expire")
    void replayMemoryIsBounded() throws Exception {
        try (TrustDevices lock = trusted()) {
            for (int i = 0; i < 1024; i++) {
                String token = lock.token(OWNER, new LockCommand.ChangeSetting(Setting.RELOCK_SECONDS, String.valueOf(5 + i % 100)),
                        Duration.ofMinutes(10));
                assertThat(lock.envelope(token)).as("command %d", i).isEqualTo("OK");
            }
            String next = lock.token(OWNER, new LockCommand.LiftLockout(), Duration.ofMinutes(10));
            assertThat(lock.envelope(next)).isEqualTo("BUSY");
            assertThat(lock.t.lastEvent().reason()).isEqualTo("BUSY");
            lock.t.advance(600);
            assertThat(lock.envelope(lock.token(OWNER, new LockCommand.LiftLockout(), Duration.ofMinutes(10)))).isEqualTo("OK");
        }
    }

    @Test
    @DisplayName("upgrade path: a lock without owner devices obeys the cloud as before, and refuses device-signed commands (no owner device)")
    void withoutOwnerDevices() throws Exception {
        try (TestLock t = TestLock.pairedWith(dir, CLOUD)) {
            t.set(Setting.REMOTE_UNLOCK, "true");
            TrustDevices lock = new TrustDevices(t, CLOUD);
            assertThat(lock.signed(OWNER, new LockCommand.RemoteUnlock("alice@example.com"))).isEqualTo("UNKNOWN_SIGNER");
            assertThat(t.unlocked()).isFalse();
            assertThat(lock.cloudOnly(new LockCommand.RemoteUnlock("alice@example.com"))).isEqualTo("OK");
            assertThat(t.unlocked()).isTrue();
            assertThat(lock.cloudOnly(new LockCommand.AddUser("Bob", LockUserRole.USER, null, "582941"))).isEqualTo("OK");
            assertThat(TrustDevices.words(t.command(new LockCommand.ChangeSetting(Setting.PRIVACY_MODE, "false")))).isEqualTo("OK");
        }
    }

    @Test
    @DisplayName("§2: any one character changed in a member's signed unlock or in its grant is refused with a reason, never thrown, never opens")
    void tamperedTokensOpenNothing() throws Exception {
        try (TrustDevices lock = trusted()) {
            DeviceSigner member = DeviceSigner.generate();
            String grant = lock.grant(OWNER, member, KeyRole.MEMBER);
            String token = lock.token(member, new LockCommand.RemoteUnlock("m@example.com"), Duration.ofSeconds(30));
            java.util.Random random = new java.util.Random(15);
            String alphabet = "ABCXYZabcxyz0189-_.~";
            java.util.Set<String> reasons = new java.util.TreeSet<>();
            for (int i = 0; i < 200; i++) {
                boolean inGrant = i % 2 == 0;
                String original = inGrant ? grant : token;
                int at = random.nextInt(original.length());
                char other = alphabet.charAt(random.nextInt(alphabet.length()));
                if (other == original.charAt(at)) {
                    continue;
                }
                String changed = original.substring(0, at) + other + original.substring(at + 1);
                String answer = inGrant ? lock.send(lock.envelopeOf(token, TrustDevices.idOf(token), changed))
                        : lock.send(lock.envelopeOf(changed, UUID.randomUUID().toString(), grant));
                assertThat(answer).as("%s changed at %d", inGrant ? "grant" : "command", at).isNotEqualTo("OK");
                reasons.add(answer);
            }
            assertThat(lock.t.unlocked()).isFalse();
            assertThat(reasons).isSubsetOf("MALFORMED", "FORGED", "UNKNOWN_SIGNER", "WRONG_LOCK", "BAD_VALIDITY", "EXPIRED");
            assertThat(lock.envelope(token, grant)).isEqualTo("OK"); // the untouched pair still opens
        }
    }

    /** The trusted lock as a closeable whole. */
    private TrustDevices trusted() throws Exception {
        return trustedLock();
    }
}
