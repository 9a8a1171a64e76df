package io.keyward.lock.link;

import io.keyward.protocol.link.CommandSigning;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;

/**
 * The simulated lock's device identity key (protocol {@code DeviceIdentity}): made at the lock's
 * first start in its data folder, outside the core's storage, so that a factory reset (which clears
 * the storage, SPEC D7) keeps it, as a real lock keeps the key burned in at the factory. The file
 * holds the public key and the private key (base64 X.509, PKCS#8), one a line, readable by its owner only.
 */
public final class DeviceKeyFile {

    static final String NAME = "device-identity.key";

    private DeviceKeyFile() {
    }

    /** The key pair in dir, made (and written before use) when there is none yet. */
    public static KeyPair loadOrCreate(Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            try {
                return new KeyPair(CommandSigning.publicKey(lines.get(0).strip()), CommandSigning.privateKey(lines.get(1).strip()));
            } catch (RuntimeException e) {
                throw new IOException("unreadable device identity key in " + file, e);
            }
        }
        KeyPair pair = CommandSigning.newKeyPair();
        Path temporary = dir.resolve(NAME + ".new");
        Files.writeString(temporary, CommandSigning.encode(pair.getPublic()) + "\n" + CommandSigning.encode(pair.getPrivate()) + "\n",
                StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // best effort where the file system has no POSIX permissions
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE); // whole or not at all
        return pair;
    }
}
