package io.keyward.lock.threats;

import io.keyward.lock.hardware.Key;
import io.keyward.lock.link.DeviceKeyFile;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.link.CommandSigning;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threat suite, secrets from public data, the lock's side (docs/security.md): the pairing secret of
 * the QR, the remote controllers' keys and the device identity key, made by locks whose serials
 * follow each other, on the same manual clock instant (2026-01-05T08:00Z), with the lock's real
 * entropy (SecureRandom), and by the same serial twice. A secret computed from the serial or the time
 * would repeat.
 */
@DisplayName("threats: no secret of the lock is derivable from its serial or the time")
class LockSecretsThreatTest {

    @TempDir
    Path dir;

    private static final String PASSCODE_KEYS = "135792";

    @Test
    @DisplayName("threat: pairing secrets, remote keys and device identities of KW-0001, KW-0002 and KW-0001 again (fresh) are unrelated and full-size")
    void threat54_lockSecretsUnrelatedToSerialAndTime() throws Exception {
        List<String> pairingSecrets = new ArrayList<>();
        List<String> remoteCodes = new ArrayList<>();
        List<String> identities = new ArrayList<>();
        String[] serials = {"KW-0001", "KW-0002", "KW-0001"};
        for (int i = 0; i < serials.length; i++) {
            Path data = Files.createDirectories(dir.resolve("lock-" + i));
            SimulatedLock lock = SimulatedLock.open(serials[i], data, true);
            try {
                administrator(lock);
                CommandReply paired = lock.command(new LockCommand.PairAccessory(LockCommand.AccessoryKind.REMOTE_CONTROLLER, "Car"));
                assertThat(paired.accepted()).isTrue();
                remoteCodes.add(lock.remoteTransmits("remote-1").code()); // same id, same counter 1: only the key differs
                lock.holdSet(3, false);
                pairingSecrets.add(lock.pairingSecret());
            } finally {
                lock.close();
            }
            KeyPair identity = DeviceKeyFile.loadOrCreate(data);
            identities.add(CommandSigning.encode(identity.getPublic()));
            assertThat(CommandSigning.encode(DeviceKeyFile.loadOrCreate(data).getPublic())).as("kept for life").isEqualTo(identities.get(i));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("device-identity.key"))))
                    .isEqualTo("rw-------");
        }
        unrelated("pairing secret", pairingSecrets, 16);
        unrelated("remote code", remoteCodes, 8);
        assertThat(new HashSet<>(identities)).as("device identities").hasSize(3);
        System.out.println("threats: lock secrets checked " + (pairingSecrets.size() + remoteCodes.size() + identities.size()));
    }

    private static void administrator(SimulatedLock lock) {
        lock.touch();
        lock.keys(List.of(Key.OK));
        for (int i = 0; i < 2; i++) {
            List<Key> keys = new ArrayList<>();
            for (char c : PASSCODE_KEYS.toCharArray()) {
                keys.add(Key.valueOf("D" + c));
            }
            keys.add(Key.OK);
            lock.keys(keys);
        }
        assertThat(lock.hasAdministrator()).isTrue();
    }

    private static void unrelated(String what, List<String> secrets, int bytes) {
        assertThat(new HashSet<>(secrets)).as(what + ": all different").hasSize(secrets.size());
        for (String s : secrets) {
            int length = s.matches("[0-9a-f]+") ? s.length() / 2 : Base64.getUrlDecoder().decode(s).length;
            assertThat(length).as(what + " bytes").isGreaterThanOrEqualTo(bytes);
            assertThat(s.toLowerCase(Locale.ROOT)).doesNotContain("kw-000").doesNotContain("0001").doesNotContain("2026");
        }
    }
}
