package io.keyward.bench;

import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.RevokedKeys;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.SignedCommand;
import io.keyward.protocol.trust.DeviceCommand;
import io.keyward.protocol.trust.DeviceSigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What a device signature costs a remote unlock (issue 15, trust design §2 kwdc1; docs/scale.md
 * "Device-signed remote unlock"): the phone's sign of a REMOTE_UNLOCK (ECDSA P-256, the JDK's), the
 * lock's whole {@link DeviceCommand#check} of an owner device's command (no chain) and of a member's
 * with a one-grant chain (the grant's signature checked too), and beside them the cloud's Ed25519
 * envelope ({@link CommandSigning}, SPEC C6) that every command has carried before issue 15: signed by
 * the cloud, verified by the lock, around the DEVICE_SIGNED body.
 * <p>
 * The checks run at a fixed instant one second after the tokens were issued, so a token never expires
 * however long JMH runs; the lock's memory of obeyed ids answers "not seen" (its lookup is a map's),
 * and its revoked set holds 100 ids, as a lock with some history (as BluetoothSessionBenchmark's).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DeviceSigningBenchmark extends StandardRun {

    private static final String SERIAL = "KW-BENCH-TRUST";

    private DeviceSigner owner;
    private String unlockJson;
    private Instant now;
    private String ownerToken;
    private String ownerCommandId;
    private String memberToken;
    private String memberCommandId;
    private List<String> memberChain;
    private Map<String, ECPublicKey> ownerDevices;
    private RevokedKeys revoked;
    private KeyPair cloud;
    private String envelopeBody;
    private SignedCommand envelope;

    @Setup
    public void setUp() {
        owner = DeviceSigner.generate();
        DeviceSigner member = DeviceSigner.generate();
        Instant issued = Instant.now();
        now = issued.plusSeconds(1);
        unlockJson = LockCommands.write(new LockCommand.RemoteUnlock("owner@example.com"));
        ownerCommandId = UUID.randomUUID().toString();
        ownerToken = owner.sign(new DeviceCommand(SERIAL, ownerCommandId, issued, issued.plus(DeviceUnlock.LIFETIME),
                owner.deviceId(), unlockJson));
        memberChain = List.of(owner.grant(SERIAL, member.deviceKey(), "member@example.com", KeyRole.MEMBER,
                issued.minus(Duration.ofDays(1)), issued.plus(Duration.ofDays(30)), issued.minusSeconds(60)));
        memberCommandId = UUID.randomUUID().toString();
        memberToken = member.sign(new DeviceCommand(SERIAL, memberCommandId, issued, issued.plus(DeviceUnlock.LIFETIME),
                member.deviceId(), LockCommands.write(new LockCommand.RemoteUnlock("member@example.com"))));
        ownerDevices = Map.of(owner.deviceId(), owner.publicKey());
        revoked = new RevokedKeys();
        for (int i = 0; i < 100; i++) {
            revoked.revoke(UUID.randomUUID().toString(), issued.plus(Duration.ofDays(1)));
        }
        cloud = CommandSigning.newKeyPair();
        envelopeBody = LockCommands.write(new LockCommand.DeviceSigned(ownerToken, List.of()));
        envelope = cloudSignsEnvelope();
        // what is measured must be the success path: a refusal would stop early and look cheap
        expectOk(lockChecksOwnerCommand(), KeyRole.OWNER);
        expectOk(lockChecksMemberCommand(), KeyRole.MEMBER);
        if (!lockVerifiesEnvelope()) {
            throw new IllegalStateException("the envelope does not verify");
        }
    }

    private static void expectOk(Outcome<DeviceCommand.Checked> checked, KeyRole role) {
        if (!checked.isOk() || checked.value().signer().role() != role) {
            throw new IllegalStateException("the bench's " + role + " command is refused: " + checked);
        }
    }

    /** The phone: a kwdc1 REMOTE_UNLOCK with a fresh id, 30 s (what DeviceSigner does for the app's Java twin). */
    @Benchmark
    public String phoneSignsUnlock() {
        return owner.command(SERIAL, unlockJson, Instant.now(), DeviceUnlock.LIFETIME);
    }

    /** The lock: an owner device's command, no chain (one ECDSA verify, the text's checks). */
    @Benchmark
    public Outcome<DeviceCommand.Checked> lockChecksOwnerCommand() {
        return DeviceCommand.check(ownerToken, List.of(), SERIAL, ownerCommandId, now, id -> false, ownerDevices::get, revoked);
    }

    /** The lock: a member's command with its grant from the owner device (two ECDSA verifies). */
    @Benchmark
    public Outcome<DeviceCommand.Checked> lockChecksMemberCommand() {
        return DeviceCommand.check(memberToken, memberChain, SERIAL, memberCommandId, now, id -> false, ownerDevices::get,
                revoked);
    }

    /** The cloud: its Ed25519 envelope (C6) around the DEVICE_SIGNED body, as before issue 15 for every command. */
    @Benchmark
    public SignedCommand cloudSignsEnvelope() {
        return CommandSigning.sign(cloud.getPrivate(), SERIAL, ownerCommandId, envelopeBody, Instant.now(), 8);
    }

    /** The lock: the envelope's Ed25519 verify. */
    @Benchmark
    public boolean lockVerifiesEnvelope() {
        return CommandSigning.verify(cloud.getPublic(), envelope);
    }
}
