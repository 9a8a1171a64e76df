package io.keyward.lock.blackbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher as a person uses it: bad options are a usage error (exit 2). ({@code ./keyward up},
 * which starts the cloud too, is tested in the cloud module: io.keyward.cloud.blackbox.UpIT.)
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hung launcher fails, not hangs, the build
class LauncherIT {

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void badOptionsAreAUsageError() throws Exception {
        Process lock = launch("lock", "--serial", "not a serial", "--data-dir", tmp.toString(), "--port", "0");
        assertThat(lock.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lock.exitValue()).isEqualTo(2);
        assertThat(stderr()).contains("--serial").contains("Usage: keyward lock");

        Process missing = launch("lock", "--serial", "KW-0001");
        assertThat(missing.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(missing.exitValue()).isEqualTo(2);
    }

    private Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("./keyward"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(ManualWalkthroughIT.repositoryRoot().toFile())
                .redirectError(tmp.resolve("stderr").toFile());
        builder.environment().put("KEYWARD_NO_BUILD", "1"); // never a nested Maven inside mvn verify
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private String stderr() throws IOException {
        return Files.readString(tmp.resolve("stderr"));
    }
}
