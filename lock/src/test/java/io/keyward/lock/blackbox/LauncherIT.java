package io.keyward.lock.blackbox;

import io.keyward.lock.panel.PanelClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher as a person uses it: {@code ./keyward up} starts both locks and prints their panels,
 * a taken port is reported and fails, bad options are a usage error (exit 2).
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
    void upStartsTwoLocksAndPrintsTheirPanels() throws Exception {
        int base = twoFreePorts();
        Process up = launch("up", "--data-dir", tmp.resolve("data").toString(), "--base-port", Integer.toString(base));
        BufferedReader out = up.inputReader();
        assertThat(out.readLine()).isEqualTo("KW-0001 panel: http://127.0.0.1:" + base);
        assertThat(out.readLine()).isEqualTo("KW-0002 panel: http://127.0.0.1:" + (base + 1));
        assertThat(new PanelClient("http://127.0.0.1:" + base).state().get("serial").asText()).isEqualTo("KW-0001");
        assertThat(new PanelClient("http://127.0.0.1:" + (base + 1)).state().get("serial").asText()).isEqualTo("KW-0002");
        assertThat(tmp.resolve("data/KW-0001")).isDirectory();
        assertThat(tmp.resolve("data/KW-0002")).isDirectory();
    }

    @Test
    void upSaysWhichPortIsTakenAndFails() throws Exception {
        int base = twoFreePorts();
        try (ServerSocket taken = new ServerSocket(base + 1, 0, InetAddress.getByName("127.0.0.1"))) {
            Process up = launch("up", "--data-dir", tmp.resolve("data").toString(), "--base-port", Integer.toString(base));
            assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("exits by itself").isTrue();
            assertThat(up.exitValue()).isNotZero();
            assertThat(stderr()).contains("port " + (base + 1)).contains("already in use");
            assertThat(taken.isBound()).isTrue();
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

    /** A port p with p + 1 free too (for the two locks of up). */
    private static int twoFreePorts() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket first = new ServerSocket(0, 0, loopback)) {
                int port = first.getLocalPort();
                if (port < 65535) {
                    try (ServerSocket second = new ServerSocket(port + 1, 0, loopback)) {
                        return port;
                    } catch (IOException taken) {
                        // try another pair
                    }
                }
            }
        }
        throw new IllegalStateException("no two consecutive free ports");
    }
}
