package io.keyward.lock.shell;

import io.keyward.lock.core.LockData;
import io.keyward.lock.core.LockEvent;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.sim.ManualClock;
import io.keyward.lock.storage.CrashingStorageIo;
import io.keyward.lock.storage.FileRecordStore;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommand.CredentialKind;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.visitor.VisitorCode;
import io.keyward.protocol.visitor.VisitorSecret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, fault injection 3: the lock's power cut at every storage operation (and again with that
 * write torn) of an enrolment, a pairing and a visitor code's first use. After each cut the lock
 * restarts from its storage and must hold the operation whole or not at all, and work on: the
 * enrolment fully there or absent, the lock paired or not (and then pairable again), a one-time
 * visitor code used at most once with its use logged at most once.
 */
@DisplayName("Faults: the lock's power cut at every storage write of enrolment, pairing and a visitor code's first use")
class PowerCutTest {

    private static final String SERIAL = "KW-CUT";
    private static final String ADMIN = "135792";
    private static final String PASSCODE = "246813";
    private static final String CLOUD_KEY = CommandSigning.encode(CommandSigning.newKeyPair().getPublic());
    private static final VisitorSecret SECRET = VisitorSecret.of(new byte[32]);
    private static final VisitorCode CODE = VisitorCode.oneTime(SECRET, VisitorCode.hourOf(ManualClock.START));
    private static int crashPoints;

    @TempDir
    Path tmp;

    @AfterAll
    static void counts() {
        System.out.println("power cuts: " + crashPoints + " crash points checked (enrolment, pairing, visitor code)");
    }

    // ------------------------------------------------------------------ the three operations

    private static final Consumer<SimulatedLock> ADMINISTRATOR = l -> {
        l.touch();
        l.keys(List.of(Key.OK));
        l.keys(digitsThenOk(ADMIN));
        l.keys(digitsThenOk(ADMIN));
    };

    private static final Consumer<SimulatedLock> PAIRED = l -> {
        ADMINISTRATOR.accept(l);
        pair(l);
        l.advanceClock(30);
    };

    private static void pair(SimulatedLock l) {
        l.holdSet(3, false);
        l.pairingCompleted(CLOUD_KEY, "tcp://127.0.0.1:0", "broker-password", SECRET.toBase64Url());
    }

    private static final Consumer<SimulatedLock> ENROLMENT = l -> {
        l.command(new LockCommand.AddUser("Bob", LockUserRole.USER, null));
        l.command(new LockCommand.StartEnrolment(2, CredentialKind.PASSCODE, false));
        l.keys(digitsThenOk(PASSCODE));
        l.keys(digitsThenOk(PASSCODE));
    };

    private static final Consumer<SimulatedLock> VISITOR_FIRST_USE = l -> l.keys(digitsThenOk(CODE.digits()));

    @Test
    @DisplayName("enrolment: user and passcode wholly there or absent after a cut at any write")
    void powerCutDuringEnrolment() throws Exception {
        int checked = cutEverywhere("enrol", ADMINISTRATOR, ENROLMENT, (data, lock) -> {
            boolean enrolled = data.credentials().stream().anyMatch(c -> c.user() == 2);
            assertThat(data.eventsAfter(0).stream().filter(e -> LockEvent.CREDENTIAL_ADDED.equals(e.kind())
                    && Integer.valueOf(2).equals(e.user())).count()).as("the enrolment logged iff stored").isEqualTo(enrolled ? 1 : 0);
            if (enrolled) {
                assertThat(data.users()).containsKey(2);
            }
            lock.keys(digitsThenOk(PASSCODE));
            assertThat(lock.boltLocked()).as("Bob's passcode opens iff enrolled").isEqualTo(!enrolled);
        });
        assertThat(checked).isGreaterThan(5);
    }

    @Test
    @DisplayName("pairing: paired (cloud key and visitor secret together, PAIRED logged) or not and pairable again")
    void powerCutDuringPairing() throws Exception {
        int checked = cutEverywhere("pair", ADMINISTRATOR, PowerCutTest::pair, (data, lock) -> {
            boolean paired = data.cloud() != null;
            assertThat(data.visitorSecret() != null).as("never half-paired: the visitor secret with the binding").isEqualTo(paired);
            assertThat(count(data, LockEvent.PAIRED)).as("PAIRED logged iff bound").isEqualTo(paired ? 1 : 0);
            if (!paired) {
                pair(lock);
                assertThat(lock.cloud()).as("pairable again").isNotNull();
            }
            assertThat(lock.cloud().cloudPublicKey()).isEqualTo(CLOUD_KEY);
        });
        assertThat(checked).isGreaterThan(2);
    }

    @Test
    @DisplayName("visitor code: a one-time code opens at most once and its use is logged at most once")
    void powerCutAtAVisitorCodesFirstUse() throws Exception {
        int checked = cutEverywhere("visit", PAIRED, VISITOR_FIRST_USE, (data, lock) -> {
            long uses = visitorUses(data.eventsAfter(0));
            assertThat(uses).as("the use logged at most once").isLessThanOrEqualTo(1);
            lock.advanceClock(30);
            lock.keys(digitsThenOk(CODE.digits()));
            assertThat(lock.boltLocked()).as("typed again: opens only if its use was not stored").isEqualTo(uses == 1);
            assertThat(visitorUses(lock.events(0))).as("used exactly once in all").isEqualTo(1);
        });
        assertThat(checked).isGreaterThan(2);
    }

    // ------------------------------------------------------------------ the harness

    interface Check {
        void after(LockData stored, SimulatedLock restarted) throws Exception;
    }

    /** Runs setup then operation with the power cut at each storage operation of the operation; checks each restart. */
    private int cutEverywhere(String name, Consumer<SimulatedLock> setup, Consumer<SimulatedLock> operation, Check check)
            throws Exception {
        int before = writes(tmp.resolve(name + "-count-setup"), setup, l -> { });
        int after = writes(tmp.resolve(name + "-count-all"), setup, operation);
        assertThat(after).as("the operation writes").isGreaterThan(before);
        int checked = 0;
        for (int cut = before + 1; cut <= after + 1; cut++) { // +1: the cut just after the last write
            for (boolean torn : new boolean[] {false, true}) {
                Path dir = tmp.resolve(name + "-cut-" + cut + (torn ? "-torn" : ""));
                run(dir, new CrashingStorageIo(cut, torn), setup, operation);
                LockData stored;
                try (LockStorage storage = new LockStorage(FileRecordStore.open(dir))) {
                    stored = storage.load();
                }
                try (SimulatedLock lock = open(dir, new Random(cut))) {
                    check.after(stored, lock);
                } catch (AssertionError e) {
                    throw new AssertionError(name + ": power cut at storage operation " + cut + (torn ? " (torn)" : "")
                            + ": " + e.getMessage(), e);
                }
                checked++;
                crashPoints++;
            }
        }
        return checked;
    }

    private static int writes(Path dir, Consumer<SimulatedLock> setup, Consumer<SimulatedLock> operation) throws IOException {
        CrashingStorageIo counter = new CrashingStorageIo(Integer.MAX_VALUE, false);
        run(dir, counter, setup, operation);
        return counter.operations();
    }

    private static void run(Path dir, CrashingStorageIo io, Consumer<SimulatedLock> setup, Consumer<SimulatedLock> operation)
            throws IOException {
        Random random = new Random(7);
        try (SimulatedLock lock = SimulatedLock.open(SERIAL, FileRecordStore.open(dir, io), new ManualClock(),
                n -> bytes(random, n))) {
            setup.accept(lock);
            operation.accept(lock);
        } catch (RuntimeException | IOException powerCut) {
            // the power went: the lock restarts from what its storage holds
        }
    }

    private static SimulatedLock open(Path dir, Random random) throws IOException {
        return SimulatedLock.open(SERIAL, FileRecordStore.open(dir), new ManualClock(), n -> bytes(random, n));
    }

    private static long count(LockData data, String kind) {
        return data.eventsAfter(0).stream().filter(e -> kind.equals(e.kind())).count();
    }

    private static long visitorUses(List<LockEvent> events) {
        return events.stream().filter(e -> LockEvent.UNLOCK.equals(e.kind()) && "OK".equals(e.result())
                && "VISITOR_PASSCODE".equals(e.method())).count();
    }

    private static List<Key> digitsThenOk(String digits) {
        List<Key> keys = new ArrayList<>();
        digits.chars().forEach(c -> keys.add(Key.fromPanelName(String.valueOf((char) c))));
        keys.add(Key.OK);
        return keys;
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
