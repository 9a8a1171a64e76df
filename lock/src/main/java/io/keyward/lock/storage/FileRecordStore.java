package io.keyward.lock.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * A {@link RecordStore} in a data directory: {@code journal.bin} holds the records appended since
 * the last snapshot, {@code snapshot.bin} the snapshot. Both use the same frame:
 * <pre>  magic 'K' (1) | length (4) | sequence number (8) | CRC32C of length, seq and payload (4) | payload</pre>
 * Records are numbered 1, 2, 3 ... for the life of the directory; the snapshot carries the number
 * of the last record it includes. So every crash point of a compaction loads the same data: a
 * snapshot renamed into place makes the journal's older records redundant, and they are skipped.
 */
public final class FileRecordStore implements RecordStore {

    public static final int MAX_RECORD = 1 << 20;
    private static final int MAX_SNAPSHOT = 64 << 20;
    private static final byte MAGIC = 'K';
    private static final int HEADER = 1 + 4 + 8 + 4;

    private final Path dir;
    private final Path journalFile;
    private final Path snapshotFile;
    private final StorageIo io;
    private final FileChannel journal;
    private long end;            // where the next record goes
    private long lastSeq;        // number of the last record written (or included in the snapshot)
    private int sinceSnapshot;
    private boolean broken;

    private FileRecordStore(Path dir, StorageIo io) throws IOException {
        this.dir = dir;
        this.io = io;
        this.journalFile = dir.resolve("journal.bin");
        this.snapshotFile = dir.resolve("snapshot.bin");
        OwnerOnly.folder(dir);
        OwnerOnly.file(journalFile);
        OwnerOnly.file(snapshotFile);
        this.journal = FileChannel.open(journalFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), OwnerOnly.newFile());
    }

    public static FileRecordStore open(Path dir) throws IOException {
        return open(dir, StorageIo.REAL);
    }

    /** Opens with a given I/O layer: tests pass a {@code CrashingStorageIo} (lock test code). */
    public static FileRecordStore open(Path dir, StorageIo io) throws IOException {
        return new FileRecordStore(dir, io);
    }

    @Override
    public synchronized Contents load() throws IOException {
        byte[] snapshot = null;
        long snapshotSeq = 0;
        if (Files.exists(snapshotFile)) {
            Frame frame = readSnapshot();
            snapshot = frame.payload();
            snapshotSeq = frame.seq();
        }
        List<byte[]> records = new ArrayList<>();
        long position = 0;
        long seq = snapshotSeq;
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(journalFile));
        for (Frame f = Frame.read(data, MAX_RECORD); f != null; f = Frame.read(data, MAX_RECORD)) {
            if (f.seq() > snapshotSeq) {
                if (f.seq() != seq + 1) {
                    break; // a gap means what follows was not written in order: treat as the torn tail
                }
                records.add(f.payload());
                seq = f.seq();
            }
            position = data.position();
        }
        if (position < journal.size()) {
            io.truncate(journal, position); // cut the torn tail so new records follow intact ones
            io.force(journal);
        }
        end = position;
        lastSeq = Math.max(seq, snapshotSeq);
        sinceSnapshot = records.size();
        return new Contents(snapshot, records);
    }

    private Frame readSnapshot() throws IOException {
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(snapshotFile));
        Frame frame = Frame.read(data, MAX_SNAPSHOT);
        if (frame == null || data.hasRemaining()) {
            throw new IOException("snapshot corrupt: " + snapshotFile); // written by rename, so never torn
        }
        return frame;
    }

    @Override
    public synchronized void append(byte[] record) throws IOException {
        if (record.length > MAX_RECORD) {
            throw new IllegalArgumentException("record of " + record.length + " bytes exceeds " + MAX_RECORD);
        }
        usable();
        broken = true; // until this append is durable, the store's view of the file is uncertain
        ByteBuffer frame = Frame.encode(lastSeq + 1, record);
        int size = frame.remaining();
        io.write(journal, frame, end);
        io.force(journal);
        end += size;
        lastSeq++;
        sinceSnapshot++;
        broken = false;
    }

    @Override
    public synchronized void compact(byte[] snapshot) throws IOException {
        usable();
        broken = true;
        Path temp = dir.resolve("snapshot.tmp");
        try (FileChannel out = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), OwnerOnly.newFile())) {
            io.write(out, Frame.encode(lastSeq, snapshot), 0);
            io.force(out);
        }
        io.rename(temp, snapshotFile);
        io.forceDirectory(dir);
        io.truncate(journal, 0);
        io.force(journal);
        end = 0;
        sinceSnapshot = 0;
        broken = false;
    }

    @Override
    public synchronized void wipe() throws IOException {
        usable();
        broken = true;
        io.delete(snapshotFile);
        io.forceDirectory(dir);
        io.truncate(journal, 0);
        io.force(journal);
        end = 0;
        lastSeq = 0;
        sinceSnapshot = 0;
        broken = false;
    }

    @Override
    public synchronized int recordsSinceSnapshot() {
        return sinceSnapshot;
    }

    private void usable() throws IOException {
        if (broken) {
            throw new IOException("storage failed earlier: reopen it to recover");
        }
    }

    @Override
    public synchronized void close() throws IOException {
        journal.close();
    }

    /** One framed entry. */
    private record Frame(long seq, byte[] payload) {

        static ByteBuffer encode(long seq, byte[] payload) {
            ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
            b.put(MAGIC).putInt(payload.length).putLong(seq).putInt(crc(payload.length, seq, payload)).put(payload);
            return b.flip();
        }

        /** The next intact frame, or null at the end or at the first torn or corrupt one. */
        static Frame read(ByteBuffer b, int maxPayload) {
            if (b.remaining() < HEADER) {
                return null;
            }
            int start = b.position();
            byte magic = b.get();
            int length = b.getInt();
            long seq = b.getLong();
            int crc = b.getInt();
            if (magic != MAGIC || length < 0 || length > maxPayload || length > b.remaining()) {
                b.position(start);
                return null;
            }
            byte[] payload = new byte[length];
            b.get(payload);
            if (crc(length, seq, payload) != crc) {
                b.position(start);
                return null;
            }
            return new Frame(seq, payload);
        }

        static int crc(int length, long seq, byte[] payload) {
            CRC32C crc = new CRC32C();
            crc.update(ByteBuffer.allocate(12).putInt(length).putLong(seq).flip());
            crc.update(payload);
            return (int) crc.getValue();
        }
    }
}
