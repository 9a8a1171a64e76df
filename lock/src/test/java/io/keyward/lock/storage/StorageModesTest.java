package io.keyward.lock.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 finding 11 / item 5: the lock's storage (its users, passcodes, visitor secret, the cloud's
 * key) is its owner's alone: the folder 0700, journal and snapshot 0600, also when an older version
 * left them readable.
 */
class StorageModesTest {

    @TempDir
    Path tmp;

    @Test
    void finding11_storageFilesAreOwnerOnly() throws Exception {
        Path dir = tmp.resolve("KW-MODES");
        try (FileRecordStore store = FileRecordStore.open(dir)) {
            store.append("user 1: passcode 246813".getBytes(StandardCharsets.UTF_8));
            store.compact("snapshot with secrets".getBytes(StandardCharsets.UTF_8));
            store.append("visitor secret".getBytes(StandardCharsets.UTF_8));
        }
        assertOwnerOnly(dir);
        // as an older version left them: readable by all; opening tightens them
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        FileRecordStore.open(dir).close();
        assertOwnerOnly(dir);
    }

    private static void assertOwnerOnly(Path dir) throws Exception {
        List<String> open = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                String modes = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
                checked++;
                if (!modes.substring(3).equals("------")) {
                    open.add(path.getFileName() + " " + modes);
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(3);
        assertThat(open).as("lock storage readable by others").isEmpty();
    }
}
