package io.keyward.lock.model;

import io.keyward.lock.storage.RecordStore;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RecordStore} in memory, for tests that run thousands of lock steps: the lock's rules are
 * what they check, and the file store's durability has its own tests (FileRecordStoreTest,
 * LockCrashTest). Keeps records as the file store does, so a reopened lock replays them.
 */
public final class MemoryRecordStore implements RecordStore {

    private byte[] snapshot;
    private final List<byte[]> records = new ArrayList<>();

    @Override
    public Contents load() {
        return new Contents(snapshot, List.copyOf(records));
    }

    @Override
    public void append(byte[] record) {
        records.add(record.clone());
    }

    @Override
    public void compact(byte[] snapshot) {
        this.snapshot = snapshot.clone();
        records.clear();
    }

    @Override
    public void wipe() {
        snapshot = null;
        records.clear();
    }

    @Override
    public int recordsSinceSnapshot() {
        return records.size();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
