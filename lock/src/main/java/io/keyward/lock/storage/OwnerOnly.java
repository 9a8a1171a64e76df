package io.keyward.lock.storage;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The lock's storage holds its users, passcodes, visitor secret and the cloud's key: its folder is
 * 0700 and its files 0600 (issue 10 item 5), made so and tightened when an older version left them
 * readable. Without POSIX modes (another file system) nothing changes.
 */
final class OwnerOnly {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /** Makes the folder (with missing parents) and sets it 0700. */
    static void folder(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, FOLDER);
        }
    }

    /** Sets an existing file 0600; a missing one is skipped. */
    static void file(Path path) throws IOException {
        if (POSIX && Files.exists(path)) {
            Files.setPosixFilePermissions(path, FILE);
        }
    }

    /** For FileChannel.open: a new file is made 0600 from the start. */
    static FileAttribute<?>[] newFile() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }
}
