package io.keyward.lock.shell;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.keyward.lock.core.Change;
import io.keyward.lock.core.LockData;
import io.keyward.lock.storage.RecordStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A lock's data on its {@link RecordStore}: each step's changes become one record (so a step is
 * stored whole or not at all), and a snapshot of the whole data now and then keeps reopening fast.
 */
public final class LockStorage implements AutoCloseable {

    /** Records after which the journal is folded into a snapshot. */
    static final int COMPACT_AFTER = 1_000;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** One stored step. */
    record Batch(List<Change> changes) {
    }

    /** The whole data at one point: what rebuilds it, and the counters a reset must not lose. */
    record Snapshot(int version, LockData.Counters counters, List<Change> changes) {
    }

    private final RecordStore store;

    public LockStorage(RecordStore store) {
        this.store = store;
    }

    /** Rebuilds the data from the snapshot and every intact record after it. */
    public LockData load() throws IOException {
        RecordStore.Contents contents = store.load();
        LockData data = new LockData();
        if (contents.snapshot() != null) {
            Snapshot snapshot = JSON.readValue(contents.snapshot(), Snapshot.class);
            snapshot.changes().forEach(data::apply);
            data.restore(snapshot.counters());
        }
        for (byte[] record : contents.records()) {
            JSON.readValue(record, Batch.class).changes().forEach(data::apply);
        }
        return data;
    }

    /** Stores one step's changes durably; a factory reset is folded at once so the old data is gone from disk. */
    public void persist(List<Change> changes, LockData after) {
        try {
            store.append(JSON.writeValueAsBytes(new Batch(changes)));
            boolean reset = changes.stream().anyMatch(c -> c instanceof Change.FactoryReset);
            if (reset || store.recordsSinceSnapshot() >= COMPACT_AFTER) {
                store.compact(snapshot(after));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("storage failed: the change is not acknowledged", e);
        }
    }

    static byte[] snapshot(LockData data) throws IOException {
        return JSON.writeValueAsBytes(new Snapshot(1, data.counters(), data.asChanges()));
    }

    /** A canonical text of the data, for tests that compare states. */
    public static String canonical(LockData data) {
        try {
            return new String(snapshot(data), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
