package io.keyward.lock.storage;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Crash-safe storage of one lock: a snapshot plus the records appended after it. A record is
 * acknowledged when append returns; from then on it survives a power cut at any instant. A torn
 * or corrupt tail is detected by checksum on load and dropped, never corrupting what came before.
 */
public interface RecordStore extends Closeable {

    /** What survived: the newest snapshot (null if none) and every intact record after it, in order. */
    record Contents(byte[] snapshot, List<byte[]> records) {
    }

    Contents load() throws IOException;

    /** Appends one record durably (written and forced to the device) before returning. */
    void append(byte[] record) throws IOException;

    /** Replaces the snapshot and every record so far with this snapshot, atomically. */
    void compact(byte[] snapshot) throws IOException;

    /** Erases everything (factory reset). */
    void wipe() throws IOException;

    /** Records appended since the last snapshot: the shell compacts when this grows large. */
    int recordsSinceSnapshot();
}
