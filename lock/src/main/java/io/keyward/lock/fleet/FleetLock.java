package io.keyward.lock.fleet;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.link.CloudLink;
import io.keyward.lock.link.DeviceKeyFile;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.lock.sim.SystemLockClock;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

/**
 * One lock of a fleet: the same {@link SimulatedLock} and crash-safe storage as {@code ./keyward lock},
 * without a panel (the fleet presses its keys directly), linked to the cloud by its own {@link CloudLink}.
 */
final class FleetLock {

    /** The administrator's passcode and thumb every fleet lock is set up with (A1, B3). */
    static final String PASSCODE = "246813";
    static final String WRONG_PASSCODE = "9081726354";
    static final int ADMINISTRATOR = 1;

    final String serial;
    final SimulatedLock lock;
    final KeyPair identity;
    final int account;
    private final InetAddress source;
    private final long firstSeqOfRun; // events after this one were made while the fleet ran
    private volatile CloudLink link;
    volatile String cloudId;

    private FleetLock(String serial, SimulatedLock lock, KeyPair identity, int account, InetAddress source) {
        this.serial = serial;
        this.lock = lock;
        this.identity = identity;
        this.account = account;
        this.source = source;
        this.firstSeqOfRun = lastSeq();
    }

    /** Opens the lock's storage; a fresh lock gets its administrator, and the thumb when withThumb. */
    static FleetLock open(String serial, Path dir, int account, InetAddress source, boolean withThumb) throws IOException {
        Files.createDirectories(dir);
        SimulatedLock lock = SimulatedLock.open(serial, dir, SystemLockClock.INSTANCE);
        FleetLock fleetLock = new FleetLock(serial, lock, DeviceKeyFile.loadOrCreate(dir), account, source);
        if (!lock.hasAdministrator()) {
            fleetLock.createAdministrator();
            if (withThumb) {
                fleetLock.enrolThumb();
            }
        }
        return fleetLock;
    }

    /** A1 at the keypad: wake, ✓, the passcode twice. */
    private void createAdministrator() {
        lock.touch();
        lock.keys(List.of(Key.OK));
        type(PASSCODE);
        type(PASSCODE);
    }

    /** B3: the administrator's thumb, pressed until the guided enrolment completes. */
    private void enrolThumb() throws IOException {
        CommandReply enrol = lock.command(new LockCommand.StartEnrolment(ADMINISTRATOR, LockCommand.CredentialKind.FINGERPRINT, false));
        if (!enrol.accepted()) {
            throw new IOException(serial + ": could not enrol the administrator's finger: " + enrol.message());
        }
        for (int i = 0; i < 10 && lock.view().enrolment() != null; i++) {
            lock.finger(thumb(), 0.95);
        }
        if (lock.view().enrolment() != null) {
            throw new IOException(serial + ": the administrator's finger was not enrolled in 10 presses");
        }
    }

    String thumb() {
        return "thumb-" + serial;
    }

    void type(String digits) {
        List<Key> keys = new ArrayList<>();
        for (char c : digits.toCharArray()) {
            keys.add(Key.fromPanelName(String.valueOf(c)));
        }
        keys.add(Key.OK);
        lock.keys(keys);
    }

    boolean paired() {
        return lock.cloud() != null;
    }

    boolean connected() {
        CloudLink current = link;
        return current != null && current.connected();
    }

    synchronized void startLink() {
        if (link == null && paired()) {
            link = CloudLink.start(lock, source);
        }
    }

    /** The lock's newest event's sequence number (0 before any). */
    long lastSeq() {
        List<LockEvent> events = lock.events(0);
        return events.isEmpty() ? 0 : events.get(events.size() - 1).seq();
    }

    long eventsThisRun() {
        return lastSeq() - firstSeqOfRun;
    }

    int unacknowledged() {
        return lock.unacknowledgedEvents().size();
    }

    /** Whether an event after seq says what the action was for (an unlock that opened, an alarm). */
    boolean recordedSince(long seq, String kind, String result) {
        return lock.events(seq).stream().anyMatch(e -> kind.equals(e.kind()) && (result == null || result.equals(e.result())));
    }

    synchronized void closeLink() {
        if (link != null) {
            link.close();
            link = null;
        }
    }

    synchronized void close() {
        closeLink();
        try {
            lock.close();
        } catch (IOException | RuntimeException e) {
            System.err.println("fleet: closing " + serial + " failed: " + e);
        }
    }
}
