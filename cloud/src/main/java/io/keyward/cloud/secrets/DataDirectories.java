package io.keyward.cloud.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The cloud's data folders (H2 files, broker files, the secrets key) are its owner's alone (issue 10
 * finding 11, item 5): folders 0700, files 0600. The launcher's umask 077 makes new files so; this
 * also tightens folders and files left readable by older versions. On a file system without POSIX
 * modes it does nothing.
 */
public final class DataDirectories {

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private DataDirectories() {
    }

    /** Makes the folder (and missing parents) if needed, and sets it and everything under it owner-only. */
    public static void secureDirectory(Path folder) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Files.createDirectories(folder);
            try (Stream<Path> all = Files.walk(folder)) {
                for (Path path : (Iterable<Path>) all::iterator) {
                    if (!Files.isSymbolicLink(path)) {
                        tighten(path);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot make " + folder + " private to its owner: " + e.getMessage(), e);
        }
    }

    private static void tighten(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, Files.isDirectory(path) ? FOLDER : FILE);
        } catch (NoSuchFileException gone) {
            // a temporary file the database or broker removed meanwhile
        }
    }
}
