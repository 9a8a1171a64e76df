package io.keyward.cloud.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's first command as a person runs it: {@code ./keyward up} starts the cloud and two
 * simulated locks, the first set up as a demo lock paired with the demo account, and prints where
 * everything is; a taken port is reported and fails.
 */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UpIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.destroy(); // SIGTERM: the launcher stops the locks and the cloud with them
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    @DisplayName("./keyward up: the cloud and two locks, KW-0001 paired with the demo account and online")
    void upStartsEverything() throws Exception {
        int base = freePorts(2);
        int cloudPort = freePorts(1);
        Process up = launch("up", "--data-dir", tmp.resolve("data").toString(), "--base-port", Integer.toString(base),
                "--cloud-port", Integer.toString(cloudPort), "--broker-port", Integer.toString(freePorts(1)));
        BufferedReader out = up.inputReader();
        assertThat(out.readLine()).startsWith("cloud: http://127.0.0.1:" + cloudPort + " ");
        assertThat(out.readLine()).startsWith("demo account: demo@keyward.local / keyward-demo-password owns KW-0001");
        assertThat(out.readLine()).isEqualTo("KW-0001 panel: http://127.0.0.1:" + base);
        assertThat(out.readLine()).isEqualTo("KW-0002 panel: http://127.0.0.1:" + (base + 1));

        await().atMost(Duration.ofSeconds(30)).until(() -> get("http://127.0.0.1:" + base + "/state").get("online").asBoolean());
        JsonNode woken = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (base + 1) + "/touch"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(woken.at("/prompts/0/id").asString()).as("KW-0002 is factory-fresh").isEqualTo("CREATE_ADMIN");
        assertThat(tmp.resolve("data/cloud")).isDirectory();
        assertThat(tmp.resolve("data/KW-0001")).isDirectory();
    }

    @Test
    @DisplayName("./keyward up says which port is taken and fails, and leaves no cloud running")
    void upSaysWhichPortIsTakenAndFails() throws Exception {
        int base = freePorts(2);
        try (ServerSocket taken = new ServerSocket(base + 1, 0, InetAddress.getByName("127.0.0.1"))) {
            Process up = launch("up", "--data-dir", tmp.resolve("data").toString(), "--base-port", Integer.toString(base),
                    "--cloud-port", Integer.toString(freePorts(1)), "--broker-port", Integer.toString(freePorts(1)));
            assertThat(up.waitFor(180, TimeUnit.SECONDS)).as("exits by itself").isTrue();
            assertThat(up.exitValue()).isNotZero();
            assertThat(Files.readString(tmp.resolve("stderr"))).contains("port " + (base + 1)).contains("already in use");
            assertThat(taken.isBound()).isTrue();
        }
    }

    private Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("./keyward"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(repositoryRoot().toFile())
                .redirectError(tmp.resolve("stderr").toFile());
        builder.environment().put("KEYWARD_NO_BUILD", "1"); // never a nested Maven inside mvn verify
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("keyward"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no ./keyward above " + Path.of("").toAbsolutePath());
    }

    /** A port p with the next count - 1 free too. */
    private static int freePorts(int count) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket first = new ServerSocket(0, 0, loopback)) {
                int port = first.getLocalPort();
                if (count == 1) {
                    return port;
                }
                if (port < 65535) {
                    try (ServerSocket second = new ServerSocket(port + 1, 0, loopback)) {
                        return port;
                    } catch (IOException taken) {
                        // try another pair
                    }
                }
            }
        }
        throw new IllegalStateException("no free ports");
    }
}
