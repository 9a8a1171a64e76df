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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
    /** Every process seen under a launcher: a broken launcher's leftovers are killed after the test. */
    private final Set<ProcessHandle> seen = new HashSet<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : started) {
            List<ProcessHandle> children = p.descendants().toList();
            p.destroy(); // SIGTERM: the launcher stops the locks and the cloud with them
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            seen.addAll(children);
        }
        seen.forEach(ProcessHandle::destroyForcibly); // whatever a broken launcher left behind
    }

    @Test
    @DisplayName("./keyward up says which port is taken and fails, and leaves no cloud running; a second up then works")
    void finding06_aTakenLockPortFailsLeavesNothingRunningAndASecondUpWorks() throws Exception {
        int base = freePorts(2);
        int cloudPort = freePorts(1);
        int brokerPort = freePorts(1);
        String[] args = {"up", "--data-dir", tmp.resolve("data").toString(), "--base-port", Integer.toString(base),
                "--cloud-port", Integer.toString(cloudPort), "--broker-port", Integer.toString(brokerPort),
                "--metrics-port", Integer.toString(freePorts(1))};
        try (ServerSocket taken = new ServerSocket(base + 1, 0, InetAddress.getByName("127.0.0.1"))) {
            Process up = launch(args);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (up.isAlive() && System.nanoTime() < deadline) {
                up.descendants().forEach(seen::add); // the cloud's JVM among them, while it runs
                Thread.sleep(100);
            }
            assertThat(up.isAlive()).as("exits by itself").isFalse();
            assertThat(up.exitValue()).isNotZero();
            String stderr = Files.readString(tmp.resolve("stderr"));
            assertThat(stderr).contains("port " + (base + 1)).contains("already in use").doesNotContain("unbound variable");
            assertThat(taken.isBound()).isTrue();
        }
        assertThat(seen).as("the launcher started the cloud and the locks").hasSizeGreaterThanOrEqualTo(2);
        assertNothingLeft(seen, cloudPort, brokerPort, base);

        Process again = launch(args);
        BufferedReader out = again.inputReader();
        assertThat(out.readLine()).as("a second up on the same ports").startsWith("cloud: http://127.0.0.1:" + cloudPort + " ");
        assertThat(out.readLine()).startsWith("metrics: http://127.0.0.1:");
        assertThat(out.readLine()).startsWith("demo account: ");
        assertThat(out.readLine()).isEqualTo("KW-0001 panel: http://127.0.0.1:" + base + "/panel");
        assertThat(out.readLine()).isEqualTo("KW-0002 panel: http://127.0.0.1:" + (base + 1) + "/panel");
        stopAndExpectOrderly(again, cloudPort, brokerPort, base);
    }

    @Test
    @DisplayName("./keyward up: the cloud and two locks, KW-0001 paired with the demo account and online; "
            + "stopped (SIGTERM) the cloud first under the locks' traffic, then the launcher: no ERROR, no stack trace, every process ends")
    void finding06_upStartsEverythingAndStopsInOrderUnderTraffic() throws Exception {
        int base = freePorts(2);
        int cloudPort = freePorts(1);
        int brokerPort = freePorts(1);
        int metricsPort = freePorts(1);
        Process up = launch("up", "--data-dir", tmp.resolve("data").toString(), "--base-port", Integer.toString(base),
                "--cloud-port", Integer.toString(cloudPort), "--broker-port", Integer.toString(brokerPort),
                "--metrics-port", Integer.toString(metricsPort));
        BufferedReader out = up.inputReader();
        assertThat(out.readLine()).startsWith("cloud: http://127.0.0.1:" + cloudPort + " ");
        assertThat(out.readLine()).as("issue 12: the metrics' URL")
                .startsWith("metrics: http://127.0.0.1:" + metricsPort + "/actuator/prometheus ");
        assertThat(out.readLine()).startsWith("demo account: demo@keyward.local / amber-harbor-lantern-42 owns KW-0001");
        assertThat(out.readLine()).isEqualTo("KW-0001 panel: http://127.0.0.1:" + base + "/panel");
        assertThat(out.readLine()).isEqualTo("KW-0002 panel: http://127.0.0.1:" + (base + 1) + "/panel");

        await().atMost(Duration.ofSeconds(30)).until(() -> get("http://127.0.0.1:" + base + "/state").get("online").asBoolean());
        JsonNode woken = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (base + 1) + "/touch"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(woken.at("/prompts/0/id").asString()).as("KW-0002 is factory-fresh").isEqualTo("CREATE_ADMIN");
        assertThat(tmp.resolve("data/cloud")).isDirectory();
        assertThat(tmp.resolve("data/KW-0001")).isDirectory();

        // issue 10 finding 6: an orderly stop
        ProcessHandle cloud = up.descendants().filter(p -> p.info().commandLine().orElse("").contains("KeywardCloud"))
                .findFirst().orElseThrow(() -> new AssertionError("no cloud JVM under the launcher"));

        // the locks report a new battery level as fast as they can: state messages keep arriving
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger changes = new AtomicInteger();
        Thread traffic = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                for (int port : new int[] {base, base + 1}) {
                    try {
                        post("http://127.0.0.1:" + port + "/battery", "{\"percent\": " + (50 + i % 50) + "}");
                        changes.incrementAndGet();
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            }
        });
        traffic.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> changes.get() >= 40);
            cloud.destroy(); // SIGTERM to the cloud alone, while state reports pour in
            assertThat(cloud.onExit().get(60, TimeUnit.SECONDS).isAlive()).isFalse();
        } finally {
            stop.set(true);
            traffic.join(10_000);
        }
        System.out.println("orderly stop: " + changes.get() + " battery changes on 2 locks around the cloud's SIGTERM");
        assertCleanLog(tmp.resolve("data/cloud.log"));
        stopAndExpectOrderly(up, cloudPort, brokerPort, base);
    }

    /** SIGTERM to the launcher: it exits, everything it started is gone, and nobody logged an error. */
    private void stopAndExpectOrderly(Process up, int... ports) throws Exception {
        Set<ProcessHandle> children = new HashSet<>(up.descendants().toList());
        seen.addAll(children);
        long stopping = System.nanoTime();
        up.destroy();
        assertThat(up.waitFor(90, TimeUnit.SECONDS)).as("the launcher exits on SIGTERM").isTrue();
        System.out.println("orderly stop: the launcher and its " + children.size() + " processes ended "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping) + " ms after SIGTERM");
        assertNothingLeft(children, ports);
        assertCleanLog(tmp.resolve("data/cloud.log"));
        assertCleanLog(tmp.resolve("stderr"));
    }

    /** No process of the set alive, and every port free again (a cloud left behind would hold its two). */
    private static void assertNothingLeft(Set<ProcessHandle> processes, int... ports) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(processes.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().commandLine().orElse("")))
                        .as("processes left running").isEmpty());
        for (int port : ports) {
            try (ServerSocket free = new ServerSocket(port, 0, InetAddress.getByName("127.0.0.1"))) {
                assertThat(free.isBound()).isTrue();
            } catch (IOException e) {
                throw new AssertionError("port " + port + " still taken", e);
            }
        }
    }

    /** Neither an ERROR line nor a stack trace ("\tat ..." or "Caused by"). */
    private static void assertCleanLog(Path log) throws IOException {
        List<String> bad = Files.readAllLines(log).stream()
                .filter(l -> l.contains(" ERROR ") || l.startsWith("\tat ") || l.startsWith("Caused by") || l.contains("Exception:"))
                .toList();
        assertThat(bad).as(log + " has errors:\n" + String.join("\n", bad)).isEmpty();
    }

    private static void post(String url, String body) throws IOException, InterruptedException {
        HTTP.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding());
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
