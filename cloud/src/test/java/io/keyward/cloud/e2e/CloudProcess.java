package io.keyward.cloud.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.keyward.cloud.Api;

/**
 * The cloud as a separate JVM, started from the packaged jar and target/lib as {@code ./keyward cloud}
 * does, on a fixed port, so a test can kill it with SIGKILL ({@link Process#destroyForcibly()}) and
 * start it again on the same port, database and broker. For failsafe ITs (after package).
 */
final class CloudProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<String> command = new ArrayList<>();
    private final Path log;
    final int port;
    private Process process;

    private CloudProcess(Path dataDir, Map<String, String> properties) throws IOException {
        Files.createDirectories(dataDir);
        this.port = Cloud.freePort();
        this.log = dataDir.resolve("cloud.log");
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-cp");
        command.add(jar() + ":" + Path.of("target", "lib").toAbsolutePath() + "/*");
        command.add("io.keyward.cloud.KeywardCloud");
        command.add("--server.port=" + port);
        command.add("--management.server.port=0"); // metrics on a free port: never a running cloud's 9464
        command.add("--keyward.data-dir=" + dataDir);
        command.add("--keyward.pairing.wait=15s");
        command.add("--keyward.commands.sweep=1s");
        properties.forEach((name, value) -> command.add("--" + name + "=" + value));
    }

    static CloudProcess start(Path dataDir, Map<String, String> properties) throws Exception {
        CloudProcess cloud = new CloudProcess(dataDir, properties);
        cloud.startAgain();
        return cloud;
    }

    /** Starts the JVM (again) and waits until it answers its health check. */
    void startAgain() throws Exception {
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!healthy()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the cloud did not start: " + tail());
            }
            Thread.sleep(200);
        }
    }

    /** SIGKILL: no shutdown hook, no graceful stop, whatever was in flight is cut off. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    Api api(String clientAddress) {
        return new Api(port, clientAddress);
    }

    private boolean healthy() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(uri().resolve("/readyz"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static Path jar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target").toAbsolutePath(), "keyward-cloud-*.jar")) {
            for (Path jar : jars) {
                if (!jar.getFileName().toString().contains("-tests") && !jar.getFileName().toString().contains("-sources")) {
                    return jar;
                }
            }
        }
        throw new IllegalStateException("no cloud jar in target/: run the package phase first");
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
