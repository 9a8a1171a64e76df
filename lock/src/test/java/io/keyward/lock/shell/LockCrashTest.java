package io.keyward.lock.shell;

import io.keyward.lock.core.LockData;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.hardware.Pose;
import io.keyward.lock.panel.PanelPort;
import io.keyward.lock.sim.ManualClock;
import io.keyward.lock.storage.CrashingStorageIo;
import io.keyward.lock.storage.FileRecordStore;
import io.keyward.lock.storage.RecordStore;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommand.CredentialKind;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.pairing.PairingPayload;
import io.keyward.protocol.trust.DeviceSigner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storage crash test: a scripted session of the lock is replayed with the power cut
 * at every single storage write (and again with that write torn). After each reopen the stored
 * data must equal the data after every acknowledged change, plus at most the change in flight.
 */
class LockCrashTest {

    @TempDir
    Path tmp;

    /** A session touching every kind of stored change (an owner device bound, issue 15), a factory reset (and its compaction) included. */
    private static final List<Consumer<SimulatedLock>> SCRIPT = List.of(
            l -> l.touch(),
            l -> l.keys(List.of(Key.OK)),
            l -> l.keys(digitsThenOk("135792")),
            l -> l.keys(digitsThenOk("135792")),                       // administrator 1 created
            l -> l.command(new LockCommand.AddUser("Bob", LockUserRole.USER, null)),
            l -> l.command(new LockCommand.StartEnrolment(2, CredentialKind.PASSCODE, false)),
            l -> l.keys(digitsThenOk("246813")),
            l -> l.keys(digitsThenOk("246813")),                       // passcode-2
            l -> l.command(new LockCommand.StartEnrolment(2, CredentialKind.FACE, false)),
            l -> {
                for (Pose p : Pose.values()) {
                    l.face("bob", p, false);                           // face-1
                }
            },
            l -> l.command(new LockCommand.ChangeSetting(Setting.PRIVACY_MODE, "true")),
            l -> l.advanceClock(30),
            l -> l.keys(digitsThenOk("246813")),                       // refused: privacy mode
            l -> l.keys(digitsThenOk("9135792")),                      // opens: administrator
            l -> l.handle(PanelPort.HandleAction.PUSH),
            l -> l.tamper(),
            l -> l.command(new LockCommand.DeleteUser(2)),
            l -> l.holdSet(3, false),                                  // pairing QR with a bind secret (issue 15)
            l -> l.command(bindWithTheQr(l)),                          // an owner device, a new visitor secret
            l -> l.battery(null, false),
            l -> l.holdSet(5, true),
            l -> l.keys(List.of(Key.OK)),                              // factory reset
            l -> l.touch(),
            l -> l.keys(List.of(Key.OK)),
            l -> l.keys(digitsThenOk("802468")),
            l -> l.keys(digitsThenOk("802468")),                       // a new administrator
            l -> l.command(new LockCommand.ChangeSetting(Setting.LANGUAGE, "ZH")));

    /** One device for every run of the script: the changes it makes are the same each time. */
    private static final DeviceSigner PHONE = DeviceSigner.generate();

    private static LockCommand bindWithTheQr(SimulatedLock l) {
        String bind = PairingPayload.parse(l.state().screen().qr()).bind();
        return new LockCommand.BindDevice(PHONE.deviceKey(), PHONE.agreeKey(), "phone",
                PHONE.bindProof(bind, "KW-CRASH", "phone"));
    }

    private static List<Key> digitsThenOk(String digits) {
        List<Key> keys = new ArrayList<>();
        digits.chars().forEach(c -> keys.add(Key.fromPanelName(String.valueOf((char) c))));
        keys.add(Key.OK);
        return keys;
    }

    /** A store that remembers every operation that returned, and the one in flight when the power went. */
    private static final class WitnessStore implements RecordStore {
        record Op(boolean compact, byte[] bytes) {
        }

        final RecordStore real;
        final List<Op> acknowledged = new ArrayList<>();
        Op inFlight;

        WitnessStore(RecordStore real) {
            this.real = real;
        }

        @Override
        public Contents load() throws IOException {
            return real.load();
        }

        @Override
        public void append(byte[] record) throws IOException {
            inFlight = new Op(false, record);
            real.append(record);
            acknowledged.add(inFlight);
            inFlight = null;
        }

        @Override
        public void compact(byte[] snapshot) throws IOException {
            inFlight = new Op(true, snapshot);
            real.compact(snapshot);
            acknowledged.add(inFlight);
            inFlight = null;
        }

        @Override
        public void wipe() throws IOException {
            real.wipe();
        }

        @Override
        public int recordsSinceSnapshot() {
            return real.recordsSinceSnapshot();
        }

        @Override
        public void close() throws IOException {
            real.close();
        }
    }

    @Test
    @DisplayName("storage: a power cut at every write keeps every acknowledged change and nothing half-made")
    void powerCutAtEveryWrite() throws Exception {
        int writes = countWrites();
        assertThat(writes).as("appends, forces and a compaction").isGreaterThan(25);
        for (int cut = 1; cut <= writes; cut++) {
            crashAndCheck(cut, false);
            crashAndCheck(cut, true);
        }
    }

    private int countWrites() throws IOException {
        CrashingStorageIo counter = new CrashingStorageIo(Integer.MAX_VALUE, false);
        WitnessStore all = runScript(tmp.resolve("count"), counter);
        String written = all.acknowledged.stream().map(op -> new String(op.bytes(), java.nio.charset.StandardCharsets.UTF_8))
                .reduce("", String::concat);
        assertThat(written).as("the whole script ran, an owner device bound (issue 15) and the reset included")
                .contains("\"c\":\"deviceBound\"").contains("\"c\":\"reset\"").contains("\"LANGUAGE\"");
        return counter.operations();
    }

    private void crashAndCheck(int cut, boolean torn) throws IOException {
        Path dir = tmp.resolve("cut-" + cut + (torn ? "-torn" : ""));
        WitnessStore witness = runScript(dir, new CrashingStorageIo(cut, torn));

        String reopened = LockStorage.canonical(new LockStorage(FileRecordStore.open(dir)).load());
        String acknowledged = replay(witness.acknowledged, tmp.resolve("ack-" + cut + torn));
        List<WitnessStore.Op> withFlight = new ArrayList<>(witness.acknowledged);
        if (witness.inFlight != null) {
            withFlight.add(witness.inFlight);
        }
        String inFlight = replay(withFlight, tmp.resolve("flight-" + cut + torn));
        assertThat(reopened).as("cut at write %d%s", cut, torn ? " (torn)" : "").isIn(acknowledged, inFlight);

        Random random = new Random(cut);
        try (SimulatedLock lock = SimulatedLock.open("KW-CRASH", FileRecordStore.open(dir), new ManualClock(), n -> bytes(random, n))) {
            lock.touch(); // the lock works on, and stores on, after the reboot
        }
        try (LockStorage again = new LockStorage(FileRecordStore.open(dir))) {
            assertThat(again.load().secret()).isNotNull();
        }
    }

    private WitnessStore runScript(Path dir, CrashingStorageIo io) throws IOException {
        WitnessStore witness = new WitnessStore(FileRecordStore.open(dir, io));
        Random random = new Random(7);
        try (SimulatedLock lock = SimulatedLock.open("KW-CRASH", witness, new ManualClock(), n -> bytes(random, n))) {
            SCRIPT.forEach(step -> step.accept(lock));
        } catch (RuntimeException | IOException powerCut) {
            // the power went: whatever the store acknowledged is all that may be relied on
        }
        return witness;
    }

    /** The data a fresh store holds after these operations: the state the lock must come back to. */
    private static String replay(List<WitnessStore.Op> ops, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (FileRecordStore store = FileRecordStore.open(dir)) {
            for (WitnessStore.Op op : ops) {
                if (op.compact()) {
                    store.compact(op.bytes());
                } else {
                    store.append(op.bytes());
                }
            }
        }
        try (LockStorage storage = new LockStorage(FileRecordStore.open(dir))) {
            LockData data = storage.load();
            return LockStorage.canonical(data);
        }
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
