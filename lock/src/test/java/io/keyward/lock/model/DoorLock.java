package io.keyward.lock.model;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.lock.sim.ManualClock;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.SignedCommand;
import io.keyward.protocol.visitor.VisitorCode;
import io.keyward.protocol.visitor.VisitorSecret;

import java.io.IOException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A real simulated lock (core, simulated reader and camera, storage in memory) on the manual clock,
 * set up as after the manual's first steps: administrator no. 1 created on the keypad, then paired
 * with a cloud that signs remote commands and shares the visitor passcode secret (A1, A3, E1, E2).
 * Deterministic: its entropy is a seeded random.
 */
public final class DoorLock implements AutoCloseable {

    public static final String SERIAL = "KW-MODEL";
    public static final String ADMIN_PASSCODE = "135792";
    public static final VisitorSecret VISITOR_SECRET = VisitorSecret.of(new byte[32]);
    /** The hour of the manual clock's start (2026-01-05T08:00Z), as visitor codes count hours. */
    public static final long START_HOUR = VisitorCode.hourOf(ManualClock.START);
    private static final KeyPair CLOUD = CommandSigning.newKeyPair();

    public final SimulatedLock lock;

    private DoorLock(long seed) throws IOException {
        Random random = new Random(seed);
        lock = SimulatedLock.open(SERIAL, new MemoryRecordStore(), new ManualClock(), n -> {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        });
    }

    /** Administrator 135792 on the keypad, paired (pairing mode, then the cloud's handshake), keypad asleep. */
    public static DoorLock paired(long seed) throws IOException {
        DoorLock d = new DoorLock(seed);
        d.lock.touch();
        d.lock.keys(List.of(Key.OK));
        d.type(ADMIN_PASSCODE);
        d.type(ADMIN_PASSCODE);
        d.lock.holdSet(3, false);
        d.lock.pairingCompleted(CommandSigning.encode(CLOUD.getPublic()), "tcp://127.0.0.1:0", "broker-password",
                VISITOR_SECRET.toBase64Url());
        if (!LockEvent.PAIRED.equals(d.lastEvent().kind())) {
            throw new IllegalStateException("the lock did not pair: " + d.lastEvent());
        }
        d.lock.advanceClock(25); // the keypad sleeps
        return d;
    }

    /** Types digits then ✓, as a person at the keypad. */
    public void type(String digits) {
        List<Key> keys = new ArrayList<>();
        for (char c : digits.toCharArray()) {
            keys.add(Key.fromPanelName(String.valueOf(c)));
        }
        keys.add(Key.OK);
        lock.keys(keys);
    }

    /** A remote command as the cloud signs it now (valid 10 s), for this lock. */
    public SignedCommand signed(String body) {
        return CommandSigning.sign(CLOUD.getPrivate(), SERIAL, body, lock.now(), 10);
    }

    public List<LockEvent> events() {
        return lock.events(0);
    }

    public LockEvent lastEvent() {
        List<LockEvent> all = events();
        return all.get(all.size() - 1);
    }

    /** The newest event of this kind, or null. */
    public LockEvent lastEvent(String kind) {
        List<LockEvent> all = events();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).kind().equals(kind)) {
                return all.get(i);
            }
        }
        return null;
    }

    public boolean lockedOut() {
        return lock.state().lockout().active();
    }

    public boolean unlocked() {
        return !lock.boltLocked();
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }
}
