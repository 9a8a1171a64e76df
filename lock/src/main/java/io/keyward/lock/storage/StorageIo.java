package io.keyward.lock.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Every operation of the storage that changes the disk, in one place, so that a test can cut the
 * power before any single one of them ({@code CrashingStorageIo}, in the lock's test code).
 */
public class StorageIo {

    public static final StorageIo REAL = new StorageIo();

    /** Writes all bytes at the position. */
    public void write(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
    }

    /** Forces written data to the device. */
    public void force(FileChannel channel) throws IOException {
        channel.force(false);
    }

    public void truncate(FileChannel channel, long size) throws IOException {
        channel.truncate(size);
    }

    public void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    /** Forces a directory's entries (renames, deletions) to the device. */
    public void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
