package io.keyward.cloud.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.trust.DeviceCommand;
import io.keyward.protocol.trust.DeviceSigner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * Issue 15, trust design §2 "HTTP" and §3: what the cloud does with a request's device signature before
 * anything is queued or sent, with real JDK ECDSA tokens made by a {@link DeviceSigner}. Each refusal is a
 * 4xx with a stable reason, never a 500.
 */
class DeviceSignedCommandsTest {

    private static final String SERIAL = "KW-TRUST1";
    private static final LockCommand UNLOCK = new LockCommand.RemoteUnlock("alice@example.org");
    private final DeviceSigner owner = DeviceSigner.generate();
    private final Instant now = Instant.now();

    @Test
    @DisplayName("§3: without a signature, a lock not in trust mode gets the plain command as before (the upgrade path)")
    void plainOutsideTrustMode() {
        var out = DeviceSignedCommands.outgoing(SERIAL, false, UNLOCK, null, null);
        assertThat(out.command()).isEqualTo(UNLOCK);
        assertThat(out.deviceSigned()).isFalse();
        assertThat(out.id()).isNull();
    }

    @Test
    @DisplayName("§3: in trust mode every command of the table without a signature is 428 DEVICE_SIGNATURE_REQUIRED; "
            + "what only takes access away, and harmless settings, still go plain")
    void trustModeNeedsSignatureForTheTable() {
        List<LockCommand> table = List.of(UNLOCK, new LockCommand.AddUser("Bob", io.keyward.protocol.command.LockUserRole.USER,
                        LockCommand.Validity.ALWAYS), new LockCommand.ReplacePasscode(2, "813579"),
                new LockCommand.SetValidity(2, LockCommand.Validity.ALWAYS),
                new LockCommand.StartEnrolment(2, LockCommand.CredentialKind.PASSCODE, false), new LockCommand.LiftLockout(),
                new LockCommand.PairAccessory(LockCommand.AccessoryKind.DOOR_SENSOR, "Front"),
                new LockCommand.SetHomeMqtt(false, null, null, null, null, false), new LockCommand.RemoveDevice("x"),
                new LockCommand.ChangeSetting(Setting.REMOTE_UNLOCK, "true"),
                new LockCommand.ChangeSetting(Setting.SYNCHRONIZED_UNLOCK, "true"),
                new LockCommand.ChangeSetting(Setting.PRIVACY_MODE, "false"),
                new LockCommand.ChangeSetting(Setting.TRIAL_AND_ERROR_LOCK, "false"));
        for (LockCommand command : table) {
            assertRefused(() -> DeviceSignedCommands.outgoing(SERIAL, true, command, null, " "),
                    HttpStatus.PRECONDITION_REQUIRED, "DEVICE_SIGNATURE_REQUIRED");
        }
        List<LockCommand> plain = List.of(new LockCommand.DeleteUser(2), new LockCommand.CancelEnrolment(),
                new LockCommand.DeleteCredential(2, "passcode-1"), new LockCommand.RemoveAccessory("remote-1"),
                new LockCommand.ChangeSetting(Setting.RELOCK_SECONDS, "30"));
        for (LockCommand command : plain) {
            assertThat(DeviceSignedCommands.outgoing(SERIAL, true, command, null, null).command()).isEqualTo(command);
        }
    }

    @Test
    @DisplayName("§2 HTTP: a valid kwdc1 becomes the DEVICE_SIGNED envelope, verbatim, with its chain and its commandId as the id")
    void signedBecomesEnvelope() {
        String token = owner.command(SERIAL, LockCommands.write(UNLOCK, "alice@example.org"), now, Duration.ofSeconds(30));
        String member = DeviceSigner.generate().deviceKey();
        String grant = owner.grant(SERIAL, member, "bob@example.org", KeyRole.MEMBER, now, now.plus(Duration.ofDays(1)), now);
        for (boolean trust : new boolean[] {true, false}) {
            var out = DeviceSignedCommands.outgoing(SERIAL, trust, UNLOCK, " " + token + " ", grant);
            assertThat(out.deviceSigned()).isTrue();
            assertThat(out.command()).isEqualTo(new LockCommand.DeviceSigned(token, List.of(grant)));
            assertThat(out.id().toString()).isEqualTo(DeviceCommand.decode(token).value().commandId());
        }
        var ownerDevice = DeviceSignedCommands.outgoing(SERIAL, true, UNLOCK, token, "");
        assertThat(((LockCommand.DeviceSigned) ownerDevice.command()).chain()).as("an owner device sends no chain").isEmpty();
    }

    @Test
    @DisplayName("§2 HTTP: a signed command that is not the one the endpoint built (another command, another value, another "
            + "lock) is 400 DEVICE_COMMAND_MISMATCH")
    void mismatchIs400() {
        String unlock = owner.command(SERIAL, LockCommands.write(UNLOCK), now, Duration.ofSeconds(30));
        assertRefused(() -> DeviceSignedCommands.outgoing(SERIAL, true, new LockCommand.ChangeSetting(Setting.REMOTE_UNLOCK, "true"),
                unlock, null), HttpStatus.BAD_REQUEST, "DEVICE_COMMAND_MISMATCH");
        assertRefused(() -> DeviceSignedCommands.outgoing(SERIAL, true, new LockCommand.RemoteUnlock("mallory@example.org"),
                unlock, null), HttpStatus.BAD_REQUEST, "DEVICE_COMMAND_MISMATCH");
        assertRefused(() -> DeviceSignedCommands.outgoing("KW-OTHER", true, UNLOCK, unlock, null),
                HttpStatus.BAD_REQUEST, "DEVICE_COMMAND_MISMATCH");
        String on = owner.command(SERIAL, LockCommands.write(new LockCommand.ChangeSetting(Setting.REMOTE_UNLOCK, "true")), now,
                Duration.ofMinutes(5));
        assertRefused(() -> DeviceSignedCommands.outgoing(SERIAL, true, new LockCommand.ChangeSetting(Setting.REMOTE_UNLOCK, "false"),
                on, null), HttpStatus.BAD_REQUEST, "DEVICE_COMMAND_MISMATCH");
    }

    @Test
    @DisplayName("§2: malformed headers are 400 BAD_DEVICE_COMMAND with the reason: not a token, a changed character, too long, "
            + "a lifetime over the design's (30 s for a remote unlock), a chain without a command, a chain of 3, a chain that is no grant")
    void malformedIs400() {
        String token = owner.command(SERIAL, LockCommands.write(UNLOCK), now, Duration.ofSeconds(30));
        String grant = owner.grant(SERIAL, DeviceSigner.generate().deviceKey(), "bob@example.org", KeyRole.MEMBER, now,
                now.plus(Duration.ofDays(1)), now);
        for (String bad : List.of("kwdc1", "not a token", "kwdc1.!!!.???", token.replace('.', ','), "x".repeat(5000))) {
            assertRefused(() -> DeviceSignedCommands.outgoing(SERIAL, true, UNLOCK, bad, null), HttpStatus.BAD_REQUEST,
                    "BAD_DEVICE_COMMAND");
        }
        String tooLong = owner.command(SERIAL, LockCommands.write(UNLOCK), now, Duration.ofSeconds(31));
        assertRefused(() -> DeviceSignedCommands.outgoing(SERIAL, true, UNLOCK, tooLong, null), HttpStatus.BAD_REQUEST,
                "BAD_DEVICE_COMMAND");
        assertRefused(() -> DeviceSignedCommands.outgoing(SERIAL, true, UNLOCK, null, grant), HttpStatus.BAD_REQUEST,
                "BAD_DEVICE_COMMAND");
        assertRefused(() -> DeviceSignedCommands.outgoing(SERIAL, true, UNLOCK, token, grant + "~" + grant + "~" + grant),
                HttpStatus.BAD_REQUEST, "BAD_DEVICE_COMMAND");
        assertRefused(() -> DeviceSignedCommands.outgoing(SERIAL, true, UNLOCK, token, "kwdg1.nope.nope"),
                HttpStatus.BAD_REQUEST, "BAD_DEVICE_COMMAND");
        assertRefused(() -> DeviceSignedCommands.outgoing(SERIAL, true, UNLOCK, token, grant + "~"),
                HttpStatus.BAD_REQUEST, "BAD_DEVICE_COMMAND");
    }

    @Test
    @DisplayName("§2: the queue learns a queued device command's expiry from its token (null for anything else)")
    void expiry() {
        String token = owner.command(SERIAL, LockCommands.write(new LockCommand.LiftLockout()), now, Duration.ofDays(7));
        assertThat(DeviceSignedCommands.expiresAt(token)).isEqualTo(DeviceCommand.decode(token).value().expiresAt());
        assertThat(DeviceSignedCommands.expiresAt("junk")).isNull();
        assertThat(DeviceSignedCommands.expiresAt(null)).isNull();
        assertThat(UUID.fromString(DeviceCommand.decode(token).value().commandId())).isNotNull();
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, HttpStatus status, String reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(TrustRefused.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.body().reason()).isEqualTo(reason);
            assertThat(e.body().error()).isNotBlank();
        });
    }
}
