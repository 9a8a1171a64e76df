package io.keyward.lock.shell;

import io.keyward.lock.core.Change;
import io.keyward.lock.core.LockData;
import io.keyward.lock.core.LockEvent;
import io.keyward.lock.storage.FileRecordStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("SPEC C9: the event log keeps at least the newest 10,000 events across restarts")
class EventLogTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("C9: 12,000 events stored in 1,200 steps: the newest 10,000 come back after a reopen, in order")
    void newestTenThousandKept() throws Exception {
        LockData data = new LockData();
        Instant t = Instant.parse("2026-01-05T08:00:00Z");
        try (LockStorage storage = new LockStorage(FileRecordStore.open(dir))) {
            storage.load();
            for (int step = 0; step < 1_200; step++) {
                List<Change> changes = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    LockEvent e = new LockEvent(data.nextSeq(), t.plusSeconds(data.nextSeq()), LockEvent.DOORBELL,
                            null, null, null, null, null, null, null);
                    Change c = new Change.EventRecorded(e);
                    data.apply(c);
                    changes.add(c);
                }
                storage.persist(changes, data);
            }
        }
        try (LockStorage storage = new LockStorage(FileRecordStore.open(dir))) {
            LockData back = storage.load();
            List<LockEvent> events = back.eventsAfter(0);
            assertThat(events).hasSize(LockData.EVENTS_KEPT);
            assertThat(events.get(0).seq()).isEqualTo(2_001);
            assertThat(events.get(events.size() - 1).seq()).isEqualTo(12_000);
            assertThat(back.nextSeq()).isEqualTo(12_001);
            assertThat(back.eventsAfter(11_990)).hasSize(10);
            assertThat(LockStorage.canonical(back)).isEqualTo(LockStorage.canonical(data));
        }
    }
}
