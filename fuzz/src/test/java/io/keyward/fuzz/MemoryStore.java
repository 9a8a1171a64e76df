package io.keyward.fuzz;

import io.keyward.lock.storage.RecordStore;

import java.util.ArrayList;
import java.util.List;

/**
 * A lock's storage in memory: the fuzz targets create a fresh lock per input, and fsync per record
 * would cut their throughput a hundredfold. Crash safety is the storage tests' subject, not theirs.
 */
final class MemoryStore implements RecordStore {

    private byte[] snapshot;
    private final List<byte[]> records = new ArrayList<>();

    @Override
    public synchronized Contents load() {
        return new Contents(snapshot, List.copyOf(records));
    }

    @Override
    public synchronized void append(byte[] record) {
        records.add(record.clone());
    }

    @Override
    public synchronized void compact(byte[] snapshot) {
        this.snapshot = snapshot.clone();
        records.clear();
    }

    @Override
    public synchronized void wipe() {
        snapshot = null;
        records.clear();
    }

    @Override
    public synchronized int recordsSinceSnapshot() {
        return records.size();
    }

    @Override
    public void close() {
    }
}
