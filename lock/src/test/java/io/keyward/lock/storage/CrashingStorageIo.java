package io.keyward.lock.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Storage operations with a power cut after a set number of them: operation number cutAt never
 * happens (or, torn, only the first half of its bytes reach the disk), and every later one fails.
 *
 * Assumption: an operation that returned before the cut reached the disk whole, in order (what
 * the force calls guarantee on a real device for the data they cover). Unforced data lost in a
 * real cut is not simulated; the journal's checksums would catch it the same way as a torn write.
 */
public final class CrashingStorageIo extends StorageIo {

    private final int cutAt;
    private final boolean torn;
    private int operations;

    /** cutAt: the 1-based number of the operation the power cut hits; Integer.MAX_VALUE never cuts. */
    public CrashingStorageIo(int cutAt, boolean torn) {
        this.cutAt = cutAt;
        this.torn = torn;
    }

    /** How many operations were attempted so far. */
    public int operations() {
        return operations;
    }

    private void next() throws IOException {
        operations++;
        if (operations >= cutAt) {
            throw new IOException("power cut at storage operation " + cutAt);
        }
    }

    @Override
    public void write(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        if (torn && operations + 1 == cutAt && bytes.remaining() > 1) {
            ByteBuffer half = bytes.duplicate();
            half.limit(half.position() + bytes.remaining() / 2);
            super.write(channel, half, position);
        }
        next();
        super.write(channel, bytes, position);
    }

    @Override
    public void force(FileChannel channel) throws IOException {
        next();
        super.force(channel);
    }

    @Override
    public void truncate(FileChannel channel, long size) throws IOException {
        next();
        super.truncate(channel, size);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        next();
        super.rename(from, to);
    }

    @Override
    public void delete(Path file) throws IOException {
        next();
        super.delete(file);
    }

    @Override
    public void forceDirectory(Path dir) throws IOException {
        next();
        super.forceDirectory(dir);
    }
}
