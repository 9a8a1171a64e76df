package io.keyward.lock.fleet;

import io.keyward.lock.cli.Keyward;
import io.keyward.lock.fleet.Activity.Kind;
import io.keyward.lock.fleet.FleetCounts.Outcome;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fleet without a cloud (issue 11 item 1): its data directory is held by one fleet at a time, its
 * locks come back as they were, each lock is set up as a person sets one up, the activity's actions
 * do what they say at the lock, and bad options are a usage error. Pairing, links and storms are the
 * cloud's end-to-end tests (FleetStormTest).
 */
@DisplayName("issue 11: the fleet simulator's data directory, locks, actions and options")
class FleetTest {

    private static final URI NO_CLOUD = URI.create("http://127.0.0.1:9");

    @TempDir
    Path dir;

    private Fleet.Options options(int locks) {
        return new Fleet.Options(NO_CLOUD, dir, locks, 1, 4, 1, 1);
    }

    @Test
    @DisplayName("a second fleet on the same data directory in this JVM refuses at once, naming the directory and the holder")
    void secondFleetInThisJvmRefuses() throws Exception {
        try (Fleet first = Fleet.open(options(1))) {
            assertThatThrownBy(() -> Fleet.open(options(1)))
                    .isInstanceOf(FleetDirectory.Busy.class)
                    .hasMessageContaining("another fleet is running on " + dir.toAbsolutePath())
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("choose another --data-dir");
            assertThat(first.size()).isEqualTo(1);
        }
        try (Fleet again = Fleet.open(options(1))) {
            assertThat(again.size()).as("released on close: the directory can be taken again").isEqualTo(1);
        }
    }

    @Test
    @DisplayName("./keyward fleet started twice on one data directory: the second process refuses at once, exit 1, with a clear message")
    void secondFleetProcessRefuses() throws Exception {
        try (Fleet running = Fleet.open(options(1))) {
            Process second = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Keyward.class.getName(), "fleet",
                    "--cloud", NO_CLOUD.toString(), "--data-dir", dir.toString(), "--locks", "1")
                    .redirectErrorStream(true).start();
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).as("refuses at once, does not wait for the lock").isTrue();
            String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.exitValue()).as(output).isEqualTo(1);
            assertThat(output).contains("keyward fleet: another fleet is running on " + dir.toAbsolutePath())
                    .contains("pid " + ProcessHandle.current().pid());
            assertThat(running.size()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("restarted on its data directory, a fleet reopens the same locks (same serials, administrator kept, events go on)")
    void restartReusesTheLocks() throws Exception {
        List<String> serials = new ArrayList<>();
        long lastSeq;
        try (Fleet fleet = Fleet.open(options(3))) {
            fleet.locks().forEach(l -> serials.add(l.serial));
            assertThat(fleet.locks()).allMatch(l -> l.lock.hasAdministrator());
            lastSeq = fleet.locks().get(0).lastSeq();
            assertThat(fleet.paired()).isZero();
        }
        String properties = Files.readString(dir.resolve("fleet.properties"));
        try (Fleet fleet = Fleet.open(options(3))) {
            assertThat(fleet.locks()).extracting(l -> l.serial).containsExactlyElementsOf(serials);
            assertThat(fleet.locks().get(0).lastSeq()).as("no second set-up on a lock that has one").isEqualTo(lastSeq);
            assertThat(fleet.eventsMade()).isZero();
        }
        assertThat(Files.readString(dir.resolve("fleet.properties"))).as("same name and accounts' password").isEqualTo(properties);
        assertThat(serials).allMatch(s -> s.matches("FL-[0-9a-f]{8}-0000[1-3]"));
    }

    @Test
    @DisplayName("the activity's lock actions do what they say: passcode and thumb open, a wrong passcode is refused, tamper raises an alarm")
    void lockActionsDoWhatTheySay() throws Exception {
        try (Fleet fleet = Fleet.open(options(1))) {
            FleetLock lock = fleet.locks().get(0);
            Activity activity = new Activity(fleet.locks(), List.of(), fleet.counts(), 0, 1, 1);
            assertThat(activity.run(Kind.KEYPAD, lock)).isEqualTo(Outcome.OK);
            assertThat(activity.run(Kind.FINGERPRINT, lock)).isEqualTo(Outcome.OK);
            assertThat(activity.run(Kind.WRONG_PASSCODE, lock)).as("a refused unlock, as intended").isEqualTo(Outcome.OK);
            assertThat(activity.run(Kind.TAMPER, lock)).isEqualTo(Outcome.OK);
            assertThat(lock.lock.sirenSounding()).isTrue();
            assertThat(fleet.eventsMade()).isGreaterThanOrEqualTo(4);
            activity.close();
        }
    }

    @Test
    @DisplayName("the mix covers every kind by its weight (100 in all)")
    void mixCoversEveryKind() {
        int[] seen = new int[Kind.values().length];
        for (int p = 0; p < 100; p++) {
            seen[Activity.pick(p).ordinal()]++;
        }
        for (Kind kind : Kind.values()) {
            assertThat(seen[kind.ordinal()]).as(kind.name()).isEqualTo(kind.weight);
        }
    }

    @Test
    @DisplayName("invalid options: usage and exit 2, as the lock's CLI")
    void invalidOptionsExit2() {
        for (String[] args : List.of(
                new String[] {"fleet"},
                new String[] {"fleet", "--cloud", "ftp://x", "--data-dir", dir.toString()},
                new String[] {"fleet", "--cloud", "http://127.0.0.1:1", "--locks", "0"},
                new String[] {"fleet", "--cloud", "http://127.0.0.1:1", "--locks", "2", "--accounts", "3"},
                new String[] {"fleet", "--cloud", "http://127.0.0.1:1", "--rate", "-1"},
                new String[] {"fleet", "--cloud", "http://127.0.0.1:1", "--duration", "5x"},
                new String[] {"fleet", "--cloud", "http://127.0.0.1:1", "--duration", "99999999999"},
                new String[] {"fleet", "--cloud", "http://127.0.0.1:1", "--source-addresses", "300"},
                new String[] {"fleet", "--cloud", "http://127.0.0.1:1", "--fingerprints", "-1"},
                new String[] {"fleet", "--cloud", "http://127.0.0.1:1", "--locks", "many"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CommandLine cli = new CommandLine(new Keyward()).setErr(new PrintWriter(err, true));
            assertThat(cli.execute(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(String.join(" ", args)).contains("Usage: keyward fleet");
        }
        assertThat(dir.resolve("fleet.lock")).as("nothing opened on a usage error").doesNotExist();
    }
}
