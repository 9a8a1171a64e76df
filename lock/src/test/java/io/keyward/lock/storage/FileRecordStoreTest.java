package io.keyward.lock.storage;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("storage: acknowledged records survive power cuts; torn writes never corrupt what came before")
class FileRecordStoreTest {

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(List<byte[]> records) {
        List<String> out = new ArrayList<>();
        records.forEach(r -> out.add(new String(r, StandardCharsets.UTF_8)));
        return out;
    }

    private static List<String> reload(Path dir) throws IOException {
        try (FileRecordStore store = FileRecordStore.open(dir)) {
            return strings(store.load().records());
        }
    }

    @Test
    @DisplayName("appended records come back in order after a reopen")
    void roundTrip() throws Exception {
        try (FileRecordStore store = FileRecordStore.open(dir)) {
            assertThat(store.load().snapshot()).isNull();
            for (int i = 0; i < 100; i++) {
                store.append(b("r" + i));
            }
        }
        List<String> back = reload(dir);
        assertThat(back).hasSize(100).startsWith("r0", "r1").endsWith("r99");
    }

    @Test
    @DisplayName("a torn last write is dropped, the records before it are intact, and new appends follow them")
    void tornTail() throws Exception {
        try (FileRecordStore store = FileRecordStore.open(dir)) {
            store.load();
            store.append(b("one"));
            store.append(b("two"));
            store.append(b("three-that-tears"));
        }
        Path journal = dir.resolve("journal.bin");
        long size = Files.size(journal);
        try (RandomAccessFile f = new RandomAccessFile(journal.toFile(), "rw")) {
            f.setLength(size - 5);
        }
        try (FileRecordStore store = FileRecordStore.open(dir)) {
            assertThat(strings(store.load().records())).containsExactly("one", "two");
            store.append(b("four"));
        }
        assertThat(reload(dir)).containsExactly("one", "two", "four");
    }

    @Test
    @DisplayName("a flipped byte stops the load at that record: earlier records are kept, none after it is trusted")
    void flippedByte() throws Exception {
        try (FileRecordStore store = FileRecordStore.open(dir)) {
            store.load();
            store.append(b("aaaa"));
            store.append(b("bbbb"));
            store.append(b("cccc"));
        }
        Path journal = dir.resolve("journal.bin");
        byte[] bytes = Files.readAllBytes(journal);
        int second = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("bbbb");
        bytes[second + 1] ^= 0x20;
        Files.write(journal, bytes);
        assertThat(reload(dir)).containsExactly("aaaa");
    }

    @Test
    @DisplayName("compaction replaces the records with the snapshot; later records follow it")
    void compaction() throws Exception {
        try (FileRecordStore store = FileRecordStore.open(dir)) {
            store.load();
            store.append(b("a"));
            store.append(b("b"));
            store.compact(b("snap:a,b"));
            assertThat(store.recordsSinceSnapshot()).isZero();
            store.append(b("c"));
        }
        try (FileRecordStore store = FileRecordStore.open(dir)) {
            RecordStore.Contents c = store.load();
            assertThat(new String(c.snapshot(), StandardCharsets.UTF_8)).isEqualTo("snap:a,b");
            assertThat(strings(c.records())).containsExactly("c");
        }
    }

    @Test
    @DisplayName("a power cut at every operation of a compaction loads either the old or the new form, never a mix")
    void compactionCrashPoints() throws Exception {
        for (int cut = 1; cut <= 8; cut++) {
            Path d = dir.resolve("cut" + cut);
            try (FileRecordStore store = FileRecordStore.open(d)) {
                store.load();
                store.append(b("a"));
                store.append(b("b"));
            }
            try (FileRecordStore store = FileRecordStore.open(d, new CrashingStorageIo(cut, cut % 2 == 0))) {
                store.load();
                store.compact(b("snap:a,b"));
                store.append(b("c"));
            } catch (IOException powerCut) {
                // expected for the early cuts
            }
            try (FileRecordStore store = FileRecordStore.open(d)) {
                RecordStore.Contents c = store.load();
                String snap = c.snapshot() == null ? null : new String(c.snapshot(), StandardCharsets.UTF_8);
                List<String> records = strings(c.records());
                if (snap == null) {
                    assertThat(records).as("cut %d", cut).containsExactly("a", "b");
                } else {
                    assertThat(snap).isEqualTo("snap:a,b");
                    assertThat(records).as("cut %d", cut).isIn(List.of(), List.of("c"));
                }
            }
        }
    }

    @Test
    @DisplayName("after a failed write the store refuses more until it is reopened")
    void brokenUntilReopened() throws Exception {
        try (FileRecordStore store = FileRecordStore.open(dir, new CrashingStorageIo(2, false))) {
            store.load();
            assertThatThrownBy(() -> store.append(b("x"))).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> store.append(b("y"))).hasMessageContaining("reopen");
        }
    }

    @Test
    @DisplayName("an oversized record is refused and nothing changes")
    void oversized() throws Exception {
        try (FileRecordStore store = FileRecordStore.open(dir)) {
            store.load();
            store.append(b("kept"));
            assertThatThrownBy(() -> store.append(new byte[FileRecordStore.MAX_RECORD + 1]))
                    .isInstanceOf(IllegalArgumentException.class);
            store.append(b("after"));
        }
        assertThat(reload(dir)).containsExactly("kept", "after");
    }

    @Test
    @DisplayName("a corrupt snapshot is an error, never silently wrong data")
    void corruptSnapshot() throws Exception {
        try (FileRecordStore store = FileRecordStore.open(dir)) {
            store.load();
            store.compact(b("snapshot"));
        }
        byte[] bytes = Files.readAllBytes(dir.resolve("snapshot.bin"));
        bytes[bytes.length - 1] ^= 1;
        Files.write(dir.resolve("snapshot.bin"), bytes);
        try (FileRecordStore store = FileRecordStore.open(dir)) {
            assertThatThrownBy(store::load).hasMessageContaining("snapshot corrupt");
        }
    }

    @Test
    @DisplayName("wipe leaves nothing")
    void wipe() throws Exception {
        try (FileRecordStore store = FileRecordStore.open(dir)) {
            store.load();
            store.append(b("a"));
            store.compact(b("s"));
            store.append(b("b"));
            store.wipe();
        }
        try (FileRecordStore store = FileRecordStore.open(dir)) {
            RecordStore.Contents c = store.load();
            assertThat(c.snapshot()).isNull();
            assertThat(c.records()).isEmpty();
        }
    }
}
