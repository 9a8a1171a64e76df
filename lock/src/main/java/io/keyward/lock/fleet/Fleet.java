package io.keyward.lock.fleet;

import io.keyward.lock.link.PairingClient;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N simulated locks in one JVM (issue 11), each with its own storage, device identity, broker login
 * and MQTT 5 connection, all on shared threads: the links share one Netty event loop group
 * ({@code CloudLink}), the locks' timers one scheduler ({@code SimulatedLock}). It pairs its locks
 * through the cloud's REST API as an app would and drives an {@link Activity} on them. Used by
 * {@code ./keyward fleet}, the storm tests and {@code ./keyward bench fleet}.
 * <p>
 * Its data directory is held by one fleet at a time ({@link FleetDirectory}); started again on it, a
 * fleet reuses its paired locks and accounts (no new pairing).
 */
public final class Fleet implements AutoCloseable {

    /**
     * How long a fleet run waits at its end for every paired lock to be connected and nothing to wait for an ack
     * ({@code keyward fleet}'s drain; the fleet bench's storm is read from it). Five minutes: 5,000 locks of a
     * 10,000-lock fleet reconnecting with backoff after a broker restart were not all back within the 2 minutes
     * it was (issue 11, docs/scale.md); a drained fleet ends at once.
     */
    public static final Duration DRAIN = Duration.ofMinutes(5);

    /**
     * What a fleet is: how many locks, where its cloud is, how many accounts share the locks (lock i
     * belongs to account i mod accounts), how many pairings run at once, over how many local
     * addresses (127.0.0.1 ... 127.0.0.k) its links spread when the broker is on loopback, and how many
     * locks (the first ones) get the administrator's thumb enrolled: a fingerprint is a real
     * SourceAFIS template, a few hundred ms of CPU per press, too dear for every lock of 10,000.
     */
    public record Options(URI cloud, Path dataDir, int locks, int accounts, int pairingAtOnce, int sourceAddresses,
                          int fingerprints) {
    }

    private static final Duration PAIRING_WAIT = Duration.ofSeconds(30);
    private static final Duration LINK_WAIT = Duration.ofSeconds(10);

    private final Options options;
    private final FleetDirectory directory;
    private final List<FleetLock> locks;
    private final FleetCounts counts = new FleetCounts();
    private final List<AppClient> apps = new ArrayList<>();
    private final AtomicInteger pairingFailed = new AtomicInteger();
    private Activity activity;

    private Fleet(Options options, FleetDirectory directory, List<FleetLock> locks) {
        this.options = options;
        this.directory = directory;
        this.locks = locks;
    }

    /**
     * Takes the data directory (refusing at once if another fleet holds it) and opens the locks,
     * reusing those made before; fresh ones get an administrator and his thumb. No network yet.
     */
    public static Fleet open(Options options) throws IOException {
        FleetDirectory directory = FleetDirectory.take(options.dataDir());
        List<FleetLock> locks = new ArrayList<>(Collections.nCopies(options.locks(), null));
        // in parallel: a fresh lock's set-up is a dozen fsyncs, which overlap on the disk
        ExecutorService opening = Executors.newFixedThreadPool(options.pairingAtOnce());
        try {
            List<Future<?>> opened = new ArrayList<>();
            for (int i = 0; i < options.locks(); i++) {
                int n = i;
                opened.add(opening.submit(() -> {
                    String serial = String.format("FL-%s-%05d", directory.name(), n + 1);
                    locks.set(n, FleetLock.open(serial, directory.lockDir(serial), n % options.accounts(), source(options, n),
                            n < options.fingerprints()));
                    return null;
                }));
            }
            for (Future<?> f : opened) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException | InterruptedException | RuntimeException e) {
            opening.shutdown();
            locks.stream().filter(java.util.Objects::nonNull).forEach(FleetLock::close);
            directory.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            throw cause instanceof IOException io ? io : new IOException("cannot open the fleet's locks: " + cause, cause);
        } finally {
            opening.shutdown();
        }
        return new Fleet(options, directory, Collections.unmodifiableList(locks));
    }

    private static InetAddress source(Options options, int i) throws IOException {
        if (options.sourceAddresses() <= 1) {
            return null;
        }
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + i % options.sourceAddresses())});
    }

    /**
     * Signs the accounts up and in, links the locks paired before, and pairs the others (at most
     * pairingAtOnce at a time), printing a live count every second to progress (null: quiet).
     * Returns once every lock is paired or has failed to.
     */
    public void pairAndConnect(PrintStream progress) throws IOException, InterruptedException {
        for (int a = 0; a < options.accounts(); a++) {
            String email = "fleet-" + directory.name() + "-" + (a + 1) + "@fleet.keyward.test";
            apps.add(AppClient.signUpAndIn(options.cloud(), email, directory.password(), "Fleet " + (a + 1)));
        }
        locks.stream().filter(FleetLock::paired).forEach(FleetLock::startLink);
        findCloudIds();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        if (progress != null) {
            ticker.scheduleAtFixedRate(() -> progress.println(progressLine()), 1, 1, TimeUnit.SECONDS);
        }
        ExecutorService pairing = Executors.newFixedThreadPool(options.pairingAtOnce());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (FleetLock lock : locks) {
                if (!lock.paired()) {
                    done.add(pairing.submit(() -> pair(lock)));
                }
            }
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    counts.error("pairing: " + e.getCause());
                }
            }
        } finally {
            pairing.shutdownNow();
            ticker.shutdownNow();
        }
        if (progress != null) {
            progress.println(progressLine());
        }
    }

    /** The locks paired before this run: their ids in the cloud, from each account's list. */
    private void findCloudIds() throws IOException, InterruptedException {
        for (int a = 0; a < apps.size(); a++) {
            Map<String, String> ids = apps.get(a).lockIdsBySerial();
            for (FleetLock lock : locks) {
                if (lock.account == a && ids.containsKey(lock.serial)) {
                    lock.cloudId = ids.get(lock.serial);
                }
            }
        }
    }

    /** A3 as a person does it: SET held 3 s, the QR to the app, the lock completing the handshake. */
    private void pair(FleetLock lock) {
        try {
            lock.lock.holdSet(3, false);
            String qr = lock.lock.state().screen().qr();
            if (qr == null) {
                throw new IOException("the lock shows no pairing QR");
            }
            AppClient app = apps.get(lock.account);
            var added = app.addLock(qr, lock.serial);
            long deadline = System.nanoTime() + PAIRING_WAIT.toNanos();
            while (!PairingClient.attempt(lock.lock, options.cloud(), lock.identity) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            HttpResponse<String> answer = added.get(PAIRING_WAIT.toSeconds() + 5, TimeUnit.SECONDS);
            AppClient.expect("POST /api/locks", answer, 201);
            lock.cloudId = AppClient.idOf(answer);
            lock.startLink();
            // C6: remote unlock is off by default; asked once the link is up, the lock answers at once
            long linked = System.nanoTime() + LINK_WAIT.toNanos();
            while (!lock.connected() && System.nanoTime() < linked) {
                Thread.sleep(50);
            }
            app.setting(lock.cloudId, "REMOTE_UNLOCK", "true");
            counts.add("paired");
        } catch (Exception e) {
            pairingFailed.incrementAndGet();
            counts.error(lock.serial + ": pairing failed: " + e.getMessage());
        }
    }

    public String progressLine() {
        return "fleet: " + paired() + "/" + locks.size() + " paired, " + connected() + " connected"
                + (pairingFailed.get() > 0 ? ", " + pairingFailed.get() + " pairings failed" : "");
    }

    /** Starts the activity: perSecond actions a second over the connected locks (0: none). */
    public synchronized void drive(double perSecond, long seed) {
        if (activity == null) {
            activity = new Activity(locks, apps, counts, perSecond, seed, options.fingerprints());
        }
    }

    /** Stops the activity, letting actions under way finish. */
    public synchronized void stopDriving() throws InterruptedException {
        if (activity != null) {
            activity.close();
            activity = null;
        }
    }

    List<FleetLock> locks() {
        return locks;
    }

    public int size() {
        return locks.size();
    }

    public int paired() {
        return (int) locks.stream().filter(FleetLock::paired).count();
    }

    public int connected() {
        return (int) locks.stream().filter(FleetLock::connected).count();
    }

    /** Events the locks made while this fleet ran. */
    public long eventsMade() {
        return locks.stream().mapToLong(FleetLock::eventsThisRun).sum();
    }

    /**
     * Every event the paired locks hold, since each lock's first (their seqs run 1, 2, 3 ... with no
     * gap): what the cloud must hold once they are drained. An unpaired lock sends nothing.
     */
    public long eventsHeld() {
        return locks.stream().filter(FleetLock::paired).mapToLong(FleetLock::lastSeq).sum();
    }

    /** Events the paired locks hold that the cloud has not acknowledged yet. */
    public long unacknowledged() {
        return locks.stream().filter(FleetLock::paired).mapToLong(FleetLock::unacknowledged).sum();
    }

    /** Every event each lock made, by serial: what the cloud must hold, each once (SPEC H5). */
    public Map<String, List<Long>> eventSeqs() {
        Map<String, List<Long>> seqs = new LinkedHashMap<>();
        locks.forEach(l -> seqs.put(l.serial, l.lock.events(0).stream().map(e -> e.seq()).toList()));
        return seqs;
    }

    /** Types a wrong passcode on every lock (a refused unlock, an event each): load for storm tests. */
    public void wrongPasscodeEverywhere() {
        locks.forEach(l -> {
            l.lock.touch();
            l.type(FleetLock.WRONG_PASSCODE);
        });
    }

    /**
     * Writes DIR/held.txt: a line per paired lock, "serial last-seq" and the seqs still waiting for an
     * ack. Every other seq from 1 to last was acknowledged, so must be in the cloud's events table: what
     * {@code ./keyward bench fleet} checks for lost and doubled events after the fleet ended.
     */
    public void writeHeld() throws IOException {
        java.nio.file.Files.write(options.dataDir().resolve("held.txt"), heldLines());
    }

    /**
     * held.txt's lines: a paired lock's serial, its last seq and the seqs still waiting for an ack.
     * For a caller that opened the file before the locks took every descriptor the process may have.
     */
    public List<String> heldLines() {
        List<String> lines = new ArrayList<>();
        for (FleetLock lock : locks) {
            if (lock.paired()) {
                StringBuilder line = new StringBuilder(lock.serial).append(' ').append(lock.lastSeq());
                lock.lock.unacknowledgedEvents().forEach(e -> line.append(' ').append(e.seq()));
                lines.add(line.toString());
            }
        }
        return lines;
    }

    public FleetCounts counts() {
        return counts;
    }

    /** The closing summary: locks, actions by kind and outcome, events, errors. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        lines.add("fleet summary: " + locks.size() + " locks, " + paired() + " paired, " + connected() + " connected, "
                + apps.size() + " accounts");
        lines.add("events: " + eventsHeld() + " held by the paired locks (seq 1 to last on each), " + eventsMade() + " made this run, " + (eventsMade() - unacknowledged())
                + " acknowledged by the cloud, " + unacknowledged() + " waiting for an ack");
        lines.add(memoryLine());
        lines.add("actions:");
        lines.addAll(counts.lines());
        return lines;
    }

    /**
     * This JVM's heap in use after a full collection, and its resident memory (Linux), each also
     * per lock: what a lock costs when thousands share one JVM (docs/scale.md).
     */
    public String memoryLine() {
        System.gc();
        Runtime jvm = Runtime.getRuntime();
        long heap = jvm.totalMemory() - jvm.freeMemory();
        long rss = residentBytes();
        return String.format("memory: heap %.1f MiB (%.1f KiB per lock), resident %s", heap / 1048576.0,
                heap / 1024.0 / locks.size(), rss < 0 ? "unknown" : String.format("%.1f MiB (%.1f KiB per lock)",
                        rss / 1048576.0, rss / 1024.0 / locks.size()));
    }

    /** VmRSS of this process from /proc/self/status, or -1 where there is none. */
    static long residentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        try {
            stopDriving();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        locks.forEach(FleetLock::closeLink);
        try {
            Thread.sleep(1000); // messages already handed to the links' inbox reach open locks
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        locks.forEach(FleetLock::close);
        directory.close();
    }
}
