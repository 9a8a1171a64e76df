package io.keyward.cloud.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code ./keyward help} as a person runs it (issue 12): it names every subcommand the launcher's
 * script dispatches (read from the script itself, so a new subcommand without help fails here) with
 * up's options, and {@code ./keyward help lock} still gives the lock CLI's own help.
 */
class HelpIT {

    /** A top-level branch of the launcher's case ("  up)") and a bench branch ("      heap)"). */
    private static final Pattern TOP = Pattern.compile("(?m)^  ([a-z]+)\\)$");
    private static final Pattern BENCH = Pattern.compile("(?m)^      ([a-z]+)\\)$");

    @Test
    @DisplayName("./keyward help names every subcommand of the launcher, the bench's sub-benches, up's port options and bench unlock's --device (issue 15) and --normal (issue 11 item 5)")
    void helpNamesEverySubcommand() throws Exception {
        String help = run("help");
        List<String> commands = new ArrayList<>(List.of("up", "cloud", "lock", "test", "fuzz", "bench",
                "bench heap", "bench unlock", "bench ingest", "fleet", "bench fleet", "help"));
        String script = Files.readString(UpIT.repositoryRoot().resolve("keyward"));
        commands.addAll(labels(TOP, script, ""));
        commands.addAll(labels(BENCH, script, "bench "));
        assertThat(commands).as("read from the script").contains("bench heap", "cloud");
        for (String command : commands) {
            assertThat(help).as("help names " + command).containsPattern("(?m)^  " + Pattern.quote(command) + "( |$)");
        }
        assertThat(help).contains("--cloud-port C", "--broker-port B", "--data-dir DIR", "--base-port P",
                "--target NAME", "--seconds N");
        assertThat(help).as("issue 15: bench unlock's device-signed comparison is documented")
                .containsPattern("(?m)^  bench unlock .*\\[--device\\]$").contains("--device: also a second lock in trust mode");
        assertThat(help).as("issue 11 item 5: bench unlock's comparison with the fast path off is documented")
                .containsPattern("(?m)^  bench unlock .*\\[--normal\\]").contains("--normal: also each unlock with the cloud's fast path off");
        assertThat(run("--help")).isEqualTo(help);
    }

    @Test
    @DisplayName("./keyward help lock still gives the lock CLI's options")
    void helpLockKeepsWorking() throws Exception {
        String help = run("help", "lock");
        assertThat(help).contains("Usage: keyward lock", "--serial=SERIAL", "--port=PORT", "--manual-clock");
    }

    private static List<String> labels(Pattern pattern, String script, String prefix) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(script);
        while (m.find()) {
            found.add(prefix + m.group(1));
        }
        return found;
    }

    private static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("./keyward"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(UpIT.repositoryRoot().toFile()).redirectErrorStream(true);
        builder.environment().put("KEYWARD_NO_BUILD", "1"); // never a nested Maven inside mvn verify
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
