package io.keyward.lock.cli;

import io.keyward.lock.fleet.Fleet;
import io.keyward.lock.fleet.FleetDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code keyward fleet}: N simulated locks in this JVM, paired with a cloud and kept busy (issue 11, docs/scale.md). */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = {"Runs N simulated locks in one JVM, each with its own storage, broker login and MQTT 5 link,",
                "pairs them with the cloud through its REST API as an app would, and drives a mix of activity.",
                "Prints a live count while pairing and connecting, and a summary at the end (or on Ctrl-C)."})
final class RunFleet implements Callable<Integer> {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smh]?)");

    @Spec
    CommandSpec spec;

    @Option(names = "--cloud", required = true, paramLabel = "URL", description = "the cloud, e.g. http://127.0.0.1:8080")
    URI cloud;

    @Option(names = "--locks", defaultValue = "100", paramLabel = "N", description = "how many locks (default: ${DEFAULT-VALUE})")
    int locks;

    @Option(names = "--rate", defaultValue = "10", paramLabel = "PER_SECOND",
            description = "actions a second over the whole fleet, 0 for none (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", defaultValue = "0", paramLabel = "TIME",
            description = "how long to drive the activity: 90, 90s, 15m, 2h; 0 = until Ctrl-C (default: ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--data-dir", defaultValue = "data/fleet", paramLabel = "DIR",
            description = "the fleet's storage, one folder per lock; reused (no new pairing) on a restart (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--accounts", defaultValue = "1", paramLabel = "A",
            description = "accounts the locks are shared out over, lock i to account i mod A (default: ${DEFAULT-VALUE})")
    int accounts;

    @Option(names = "--pairing-at-once", defaultValue = "16", paramLabel = "P",
            description = "pairings in flight at once (default: ${DEFAULT-VALUE})")
    int pairingAtOnce;

    @Option(names = "--source-addresses", defaultValue = "1", paramLabel = "K",
            description = "spread the links over local addresses 127.0.0.1..127.0.0.K (a loopback broker: about 28,000 "
                    + "connections per address; default: ${DEFAULT-VALUE})")
    int sourceAddresses;

    @Option(names = "--fingerprints", defaultValue = "100", paramLabel = "F",
            description = "how many locks (the first F) get the administrator's thumb for fingerprint unlocks; a real "
                    + "fingerprint template costs a few hundred ms of CPU per press (default: ${DEFAULT-VALUE})")
    int fingerprints;

    @Option(names = "--seed", defaultValue = "11", paramLabel = "S", description = "the activity's random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        Duration drive = checkOptions();
        Fleet fleet;
        try {
            fleet = Fleet.open(new Fleet.Options(cloud, dataDir, locks, accounts, pairingAtOnce, sourceAddresses,
                    Math.min(fingerprints, locks)));
        } catch (FleetDirectory.Busy e) {
            System.err.println("keyward fleet: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("keyward fleet: cannot open the fleet in " + dataDir.toAbsolutePath() + ": " + e.getMessage());
            return 1;
        }
        // held.txt is opened now: once connected, a fleet at the process's descriptor limit (a journal
        // and a socket per lock) could not open it at the end, and the fleet bench needs it
        java.io.Writer held = java.nio.file.Files.newBufferedWriter(dataDir.resolve("held.txt"));
        AtomicBoolean ended = new AtomicBoolean();
        Thread hook = new Thread(() -> end(fleet, ended, held), "fleet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("fleet: " + locks + " locks in " + dataDir.toAbsolutePath() + ", cloud " + cloud);
        fleet.pairAndConnect(System.out);
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (fleet.connected() < fleet.paired() && System.nanoTime() < until) {
            Thread.sleep(1000);
            System.out.println(fleet.progressLine());
        }
        System.out.println(fleet.memoryLine());
        System.out.println("fleet: driving " + rate + " actions/s" + (drive.isZero() ? " until stopped" : " for " + drive));
        System.out.flush();
        fleet.drive(rate, seed);
        long stop = drive.isZero() ? Long.MAX_VALUE : System.nanoTime() + drive.toNanos();
        while (System.nanoTime() < stop) {
            Thread.sleep(Math.min(5000, Math.max(1, (stop - System.nanoTime()) / 1_000_000)));
            System.out.println(fleet.progressLine() + ", " + fleet.eventsMade() + " events made, "
                    + fleet.unacknowledged() + " waiting for an ack");
        }
        fleet.stopDriving();
        drain(fleet);
        Runtime.getRuntime().removeShutdownHook(hook);
        end(fleet, ended, held);
        return fleet.counts().errors() == 0 ? 0 : 1;
    }

    /**
     * Gives the cloud up to {@link Fleet#DRAIN} to acknowledge what the actions made and every paired lock to be
     * connected again (after a broker restart, say), so the summary is settled. A line a second: the
     * fleet bench reads from them when the whole fleet was back and drained after its storm.
     */
    private static void drain(Fleet fleet) throws InterruptedException {
        long until = System.nanoTime() + Fleet.DRAIN.toNanos();
        while ((fleet.unacknowledged() > 0 || fleet.connected() < fleet.paired()) && System.nanoTime() < until) {
            Thread.sleep(1000);
            System.out.println(fleet.progressLine() + ", " + fleet.eventsMade() + " events made, "
                    + fleet.unacknowledged() + " waiting for an ack (draining)");
        }
        System.out.println(fleet.progressLine() + ", " + fleet.eventsMade() + " events made, "
                + fleet.unacknowledged() + " waiting for an ack (drained)");
    }

    private static void end(Fleet fleet, AtomicBoolean ended, java.io.Writer held) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        fleet.summary().forEach(System.out::println);
        System.out.flush();
        try (held) {
            for (String line : fleet.heldLines()) {
                held.write(line + "\n");
            }
        } catch (IOException e) {
            System.err.println("keyward fleet: writing held.txt: " + e.getMessage());
        }
        try {
            fleet.close();
        } catch (IOException e) {
            System.err.println("keyward fleet: closing: " + e.getMessage());
        }
    }

    private Duration checkOptions() {
        positive("--locks", locks, 1_000_000);
        positive("--accounts", accounts, locks);
        positive("--pairing-at-once", pairingAtOnce, 1024);
        positive("--source-addresses", sourceAddresses, 254);
        if (fingerprints < 0) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--fingerprints': " + fingerprints
                    + " (0 or more)");
        }
        if (!(rate >= 0 && rate <= 100_000)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--rate': " + rate + " (0 to 100000)");
        }
        if (!"http".equals(cloud.getScheme()) && !"https".equals(cloud.getScheme()) || cloud.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--cloud': '" + cloud
                    + "' (an http:// or https:// URL, e.g. http://127.0.0.1:8080)");
        }
        Matcher m = DURATION.matcher(duration);
        if (!m.matches()) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--duration': '" + duration
                    + "' (whole seconds, or a number ending in s, m or h)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private void positive(String option, int value, int most) {
        if (value < 1 || value > most) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '" + option + "': " + value + " (1 to " + most + ")");
        }
    }
}
