package io.keyward.lock.rules;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.hardware.Pose;
import io.keyward.lock.panel.PanelState;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.lock.sim.ManualClock;
import io.keyward.lock.storage.FileRecordStore;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommand.CredentialKind;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.Setting;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real simulated lock (core, simulated sensors, file storage) on a manual clock, with the
 * gestures a person makes at the door, so rule tests read like the manual.
 */
final class TestLock implements AutoCloseable {

    static final String ADMIN_PASSCODE = "135792";

    final Path dir;
    SimulatedLock lock;
    private final Random seeded = new Random(42);

    TestLock(Path dir) throws IOException {
        this(dir, new ManualClock());
    }

    /** A lock on any manual clock (e.g. one that jumps, for the fault tests). */
    TestLock(Path dir, io.keyward.lock.hardware.LockClock clock) throws IOException {
        this.dir = dir;
        this.lock = SimulatedLock.open("KW-TEST", FileRecordStore.open(dir), clock, this::bytes);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        seeded.nextBytes(b);
        return b;
    }

    /** A lock with administrator no. 1 (passcode 135792), as after "Create a New Administrator". */
    static TestLock withAdministrator(Path dir) throws IOException {
        return withAdministrator(dir, new ManualClock());
    }

    static TestLock withAdministrator(Path dir, io.keyward.lock.hardware.LockClock clock) throws IOException {
        TestLock t = new TestLock(dir, clock);
        t.createAdministrator(ADMIN_PASSCODE);
        assertThat(t.lastPrompt()).isEqualTo("OPERATION_SUCCESSFUL");
        return t;
    }

    /** A lock with an administrator, paired with a cloud that signs with cloud (A3: the lock keeps its public key). */
    static TestLock pairedWith(Path dir, java.security.KeyPair cloud) throws IOException {
        return pairedWith(dir, cloud, new ManualClock());
    }

    static TestLock pairedWith(Path dir, java.security.KeyPair cloud, io.keyward.lock.hardware.LockClock clock)
            throws IOException {
        TestLock t = withAdministrator(dir, clock);
        t.lock.holdSet(3, false);
        t.lock.pairingCompleted(io.keyward.protocol.link.CommandSigning.encode(cloud.getPublic()), "tcp://127.0.0.1:0",
                "broker-password");
        assertThat(t.lastEvent().kind()).isEqualTo(LockEvent.PAIRED);
        t.settle();
        return t;
    }

    void createAdministrator(String passcode) {
        lock.touch();
        press("OK");
        type(passcode);
        type(passcode);
    }

    /** Presses keys given as panel names separated by spaces, or digit strings. */
    PanelState press(String keys) {
        List<Key> list = new ArrayList<>();
        for (String k : keys.split(" ")) {
            list.add(Key.fromPanelName(k));
        }
        return lock.keys(list);
    }

    /** Types digits and ✓. */
    PanelState type(String digits) {
        List<Key> list = new ArrayList<>();
        for (char c : digits.toCharArray()) {
            list.add(Key.fromPanelName(String.valueOf(c)));
        }
        list.add(Key.OK);
        return lock.keys(list);
    }

    int addUser(String name, LockUserRole role) {
        CommandReply r = command(new LockCommand.AddUser(name, role, null));
        assertThat(r.accepted()).as(r.message()).isTrue();
        return r.user();
    }

    CommandReply command(LockCommand c) {
        return lock.command(c);
    }

    CommandReply startEnrolment(int user, CredentialKind kind, boolean duress) {
        return command(new LockCommand.StartEnrolment(user, kind, duress));
    }

    void enrolPasscode(int user, String passcode, boolean duress) {
        CommandReply r = startEnrolment(user, CredentialKind.PASSCODE, duress);
        assertThat(r.accepted()).as(r.message()).isTrue();
        type(passcode);
        type(passcode);
        assertThat(lastPrompt()).isEqualTo("OPERATION_SUCCESSFUL");
    }

    void enrolFingerprint(int user, String finger, boolean duress) {
        CommandReply r = startEnrolment(user, CredentialKind.FINGERPRINT, duress);
        assertThat(r.accepted()).as(r.message()).isTrue();
        for (int i = 0; i < 10 && !"OPERATION_SUCCESSFUL".equals(lastPrompt()); i++) {
            lock.finger(finger, 0.9);
        }
        assertThat(lastPrompt()).isEqualTo("OPERATION_SUCCESSFUL");
    }

    void enrolFace(int user, String face) {
        CommandReply r = startEnrolment(user, CredentialKind.FACE, false);
        assertThat(r.accepted()).as(r.message()).isTrue();
        for (Pose pose : Pose.values()) {
            lock.face(face, pose, false);
        }
        assertThat(lastPrompt()).isEqualTo("OPERATION_SUCCESSFUL");
    }

    void set(Setting setting, String value) {
        CommandReply r = command(new LockCommand.ChangeSetting(setting, value));
        assertThat(r.accepted()).as(r.message()).isTrue();
    }

    /** What the lock stores, less its event log: refusals are logged, but must change nothing else. */
    String dataWithoutEvents() {
        return lock.canonicalData().replaceAll("\\{\"c\":\"event\",\"event\":\\{[^}]*\\}\\},?", "")
                .replaceAll("\"nextSeq\":\\d+", "");
    }

    PanelState advance(long seconds) {
        return lock.advanceClock(seconds);
    }

    PanelState state() {
        return lock.state();
    }

    String lastPrompt() {
        List<PanelState.Prompt> prompts = lock.state().prompts();
        return prompts.isEmpty() ? null : prompts.get(prompts.size() - 1).id();
    }

    List<String> promptIds() {
        return lock.state().prompts().stream().map(PanelState.Prompt::id).toList();
    }

    List<LockEvent> events() {
        return lock.events(0);
    }

    LockEvent lastEvent() {
        List<LockEvent> all = events();
        return all.get(all.size() - 1);
    }

    LockEvent lastEvent(String kind) {
        List<LockEvent> all = events();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).kind().equals(kind)) {
                return all.get(i);
            }
        }
        return null;
    }

    boolean unlocked() {
        return "UNLOCKED".equals(lock.state().bolt());
    }

    /** Lets the bolt relock and the keypad sleep, so the next attempt starts fresh. */
    void settle() {
        advance(25);
    }

    /** Power cut and back: reopens the lock from what its storage holds. */
    void reboot() throws IOException {
        reboot(new ManualClock());
    }

    /** Power cut and back on the given clock (one that may read earlier than before the cut). */
    void reboot(io.keyward.lock.hardware.LockClock clock) throws IOException {
        lock.close();
        lock = SimulatedLock.open("KW-TEST", FileRecordStore.open(dir), clock, this::bytes);
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }
}
