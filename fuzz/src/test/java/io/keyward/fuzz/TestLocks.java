package io.keyward.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.sim.ManualClock;
import io.keyward.protocol.link.CommandSigning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Real simulated locks (core, file storage, manual clock) for the fuzz targets, and digests of their state. */
public final class TestLocks {

    public static final String PASSCODE = "135792";
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private TestLocks() {
    }

    /** A factory-fresh lock on a manual clock (time stands still), its storage in memory, its entropy seeded. */
    public static SimulatedLock fresh(String serial) {
        try {
            Random seeded = new Random(7);
            return SimulatedLock.open(serial, new MemoryStore(), new ManualClock(), n -> {
                byte[] b = new byte[n];
                seeded.nextBytes(b);
                return b;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A lock with administrator no. 1 (passcode 135792), as after "Create a New Administrator". */
    public static SimulatedLock withAdministrator(String serial) {
        SimulatedLock lock = fresh(serial);
        lock.touch();
        lock.keys(List.of(Key.fromPanelName("OK")));
        type(lock, PASSCODE);
        type(lock, PASSCODE);
        if (!lock.hasAdministrator()) {
            throw new IllegalStateException("the test lock has no administrator");
        }
        return lock;
    }

    /** A lock with administrator no. 1 (passcode 135792), paired with a cloud signing with cloud. */
    public static SimulatedLock paired(String serial, KeyPair cloud) {
        SimulatedLock lock = withAdministrator(serial);
        lock.holdSet(3, false);
        lock.pairingCompleted(CommandSigning.encode(cloud.getPublic()), "tcp://127.0.0.1:0", "broker-password");
        if (lock.cloud() == null) {
            throw new IllegalStateException("the test lock did not pair");
        }
        return lock;
    }

    private static void type(SimulatedLock lock, String digits) {
        List<Key> keys = new ArrayList<>();
        for (char c : digits.toCharArray()) {
            keys.add(Key.fromPanelName(String.valueOf(c)));
        }
        keys.add(Key.fromPanelName("OK"));
        lock.keys(keys);
    }

    /**
     * What a refused input must not change: users, credentials, settings, modes, bolt, the lock's data
     * as it reports it to the cloud (its sequence number aside: a refusal may be logged) and the screen.
     */
    public static String digest(SimulatedLock lock) {
        try {
            var reported = lock.reportedState();
            var withoutSeq = new io.keyward.protocol.link.LinkMessages.LockState(reported.v(), reported.online(), 0,
                    reported.battery(), reported.batteryLow(), reported.bolt(), reported.door(), reported.lockedFromInside(),
                    reported.lockout(), reported.settings(), reported.users(), reported.enrolment(), reported.radio(),
                    reported.accessories());
            var state = lock.state();
            return JSON.writeValueAsString(withoutSeq) + "|" + state.bolt() + "|" + JSON.writeValueAsString(state.screen())
                    + "|" + JSON.writeValueAsString(state.modes()) + "|" + JSON.writeValueAsString(state.lockout());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The events logged after seq that are not refusals (a refusal: COMMAND_REFUSED, or any event with
     * result REFUSED, such as a refused remote or Bluetooth unlock): bad input may be logged, never obeyed.
     */
    public static List<String> notRefusalsAfter(SimulatedLock lock, long seq) {
        return lock.eventsAfter(seq).stream()
                .filter(e -> !"COMMAND_REFUSED".equals(e.kind()) && !"REFUSED".equals(e.result()))
                .map(e -> e.kind() + " " + e.result() + " " + e.reason())
                .toList();
    }

    public static long lastSeq(SimulatedLock lock) {
        var events = lock.eventsAfter(0);
        return events.isEmpty() ? 0 : events.get(events.size() - 1).seq();
    }
}
