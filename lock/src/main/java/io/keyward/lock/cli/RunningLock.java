package io.keyward.lock.cli;

import io.keyward.lock.hardware.LockClock;
import io.keyward.lock.link.CloudLink;
import io.keyward.lock.link.HomeLink;
import io.keyward.lock.link.DeviceKeyFile;
import io.keyward.lock.link.PairingClient;
import io.keyward.lock.panel.PanelServer;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.lock.sim.ManualClock;
import io.keyward.lock.sim.SystemLockClock;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.security.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One simulated lock with its panel server on 127.0.0.1, closed in the right order (panel first, then
 * storage). Public for the cloud's end-to-end tests and the benchmarks, which run locks in their JVM.
 */
public final class RunningLock implements AutoCloseable {

    /** The serials the pairing QR can carry (PairingPayload): letters, digits and '-'. */
    static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9-]{1,32}");

    /** Why a lock could not start, in words for the person at the terminal. */
    public static final class StartFailure extends Exception {
        StartFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String serial;
    private final SimulatedLock lock;
    private final PanelServer panel;
    private volatile CloudLink link; // null until the lock is paired with a cloud
    private final PairingClient pairing; // null without a cloud to pair with
    private final HomeLink home; // the home broker's link: waits while Home MQTT is off (docs/home-assistant.md)

    private RunningLock(String serial, SimulatedLock lock, PanelServer panel, URI cloud, KeyPair identity) {
        this.serial = serial;
        this.lock = lock;
        this.panel = panel;
        lock.radioUrl(panel.baseUrl()); // the radio answers on the panel's port (docs/bluetooth.md)
        this.link = CloudLink.start(lock);
        this.home = HomeLink.start(lock);
        this.pairing = cloud == null ? null : PairingClient.start(lock, cloud, identity, this::relink);
    }

    /** Paired (again): link with the cloud that granted the new login. */
    private synchronized void relink(SimulatedLock paired) {
        if (link != null) {
            link.close();
        }
        link = CloudLink.start(paired);
    }

    static RunningLock start(String serial, Path dataDir, int port, boolean manualClock) throws StartFailure {
        return start(serial, dataDir, port, manualClock, null);
    }

    /** port 0: any free port (see {@link #panelUrl()}); cloud: where to pair, or null for none. */
    public static RunningLock start(String serial, Path dataDir, int port, boolean manualClock, URI cloud) throws StartFailure {
        return start(serial, dataDir, port, manualClock ? new ManualClock() : SystemLockClock.INSTANCE, cloud);
    }

    /** The same on any clock: tests run a lock on a clock that follows their cloud's. */
    public static RunningLock start(String serial, Path dataDir, int port, LockClock clock, URI cloud) throws StartFailure {
        SimulatedLock lock = open(serial, dataDir, clock);
        try {
            KeyPair identity = cloud == null ? null : DeviceKeyFile.loadOrCreate(dataDir); // A3: who may re-pair
            lock.identity(identity); // issue 15, design §9: signs its sync statements, reports its key
            return new RunningLock(serial, lock, PanelServer.start(lock, port), cloud, identity);
        } catch (IOException e) {
            closeQuietly(serial, lock);
            String why = e instanceof BindException
                    ? "port " + port + " on 127.0.0.1 is already in use (another lock or program has it); choose another port"
                    : "cannot serve the panel on 127.0.0.1:" + port + ": " + e.getMessage();
            throw new StartFailure(serial + ": " + why, e);
        }
    }

    private static SimulatedLock open(String serial, Path dataDir, LockClock clock) throws StartFailure {
        try {
            Files.createDirectories(dataDir);
            return SimulatedLock.open(serial, dataDir, clock);
        } catch (IOException | RuntimeException e) {
            throw new StartFailure(serial + ": cannot open the lock's storage in " + dataDir.toAbsolutePath() + ": " + e, e);
        }
    }

    public String serial() {
        return serial;
    }

    public String panelUrl() {
        return panel.baseUrl();
    }

    /** Whether the lock holds a cloud binding (paired and not reset since). */
    public boolean paired() {
        return lock.cloud() != null;
    }

    /** Whether the lock's MQTT link to its cloud is up. */
    public boolean linked() {
        CloudLink current = link;
        return current != null && current.connected();
    }

    /** The lock's network goes away (the lock says goodbye first) and it goes on working offline. */
    public synchronized void dropLink() {
        if (link != null) {
            link.close();
            link = null;
        }
    }

    /** The network is back: the lock connects again with the login it holds. */
    public synchronized void restoreLink() {
        if (link == null) {
            link = CloudLink.start(lock);
        }
    }

    @Override
    public void close() {
        panel.close();
        if (pairing != null) {
            pairing.close();
        }
        if (link != null) {
            link.close();
        }
        home.close();
        closeQuietly(serial, lock);
    }

    private static void closeQuietly(String serial, SimulatedLock lock) {
        try {
            lock.close();
        } catch (IOException | RuntimeException e) {
            System.err.println("keyward: closing " + serial + " failed: " + e);
        }
    }
}
