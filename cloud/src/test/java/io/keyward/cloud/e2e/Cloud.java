package io.keyward.cloud.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.keyward.cloud.Api;
import io.keyward.cloud.KeywardCloud;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole cloud (web server, database, broker or broker link) started in this JVM as
 * {@code ./keyward cloud} starts it, and restartable on the same data and broker port: what a test
 * of outages needs. Not a Spring test context: each instance is its own application.
 */
final class Cloud implements AutoCloseable {

    private static Cloud shared;

    private final Map<String, String> properties;
    private final Class<?>[] extraSources;
    private ConfigurableApplicationContext context;
    private boolean isShared;

    private Cloud(Map<String, String> properties, Class<?>... extraSources) {
        this.properties = properties;
        this.extraSources = extraSources;
        start();
    }

    /** H2 in dataDir and the embedded broker on a free port, plus any extra properties. */
    static Cloud start(Path dataDir, Map<String, String> extra) {
        return start(dataDir, extra, new Class<?>[0]);
    }

    /** The same with extra configuration classes (e.g. a test's clock as a @Primary bean). */
    static Cloud start(Path dataDir, Map<String, String> extra, Class<?>... sources) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("keyward.data-dir", dataDir.toString());
        properties.put("keyward.broker.port", String.valueOf(freePort()));
        properties.put("keyward.pairing.wait", "15s");
        properties.put("keyward.commands.sweep", "1s");
        properties.putAll(extra);
        return new Cloud(properties, sources);
    }

    /**
     * One cloud of the default settings (H2 file, embedded broker) for the whole test JVM, for classes
     * that need nothing of their own from it: each uses fresh accounts and locks, so the next class
     * does not pay for another start (Spring, Flyway, HiveMQ) and stop. A test cannot close, stop or
     * restart it (close does nothing; stop and restart refuse); Spring's shutdown hook stops it when the
     * JVM ends. Classes that count rows or events across the cloud, change its settings or restart it
     * start their own.
     */
    static synchronized Cloud shared() {
        if (Boolean.getBoolean("keyward.test.own-clouds")) {
            // -Dkeyward.test.own-clouds=true: every caller gets a cloud of its own again, to tell a failure
            // that comes from sharing from one that does not, and to measure what sharing saves
            return start(Path.of("target", "e2e", "own-" + java.util.UUID.randomUUID()).toAbsolutePath(), Map.of());
        }
        if (shared == null) {
            Path data = Path.of("target", "e2e", "shared-" + java.util.UUID.randomUUID()).toAbsolutePath();
            shared = start(data.resolve("cloud"), Map.of());
            shared.isShared = true;
        }
        return shared;
    }

    private void start() {
        List<String> args = new ArrayList<>();
        properties.putIfAbsent("server.port", "0");
        properties.forEach((name, value) -> args.add("--" + name + "=" + value));
        context = new SpringApplicationBuilder(KeywardCloud.class).sources(extraSources).run(args.toArray(String[]::new));
        properties.put("server.port", context.getEnvironment().getProperty("local.server.port"));
    }

    private String port() {
        return properties.getOrDefault("server.port", "0");
    }

    /** Stops and starts again on the same port, database and broker port. */
    void restart() {
        refuseIfShared();
        context.close();
        start();
    }

    void stop() {
        refuseIfShared();
        context.close();
    }

    /** Starts again after {@link #stop()}, on the same port, database and broker port. */
    void startAgain() {
        start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Prometheus's scrape URL on the management port (a free port in tests; docs/cloud.md "Metrics"). */
    URI metricsUri() {
        return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.management.port")
                + "/actuator/prometheus");
    }

    Api api(String clientAddress) {
        return new Api(Integer.parseInt(port()), clientAddress);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    private void refuseIfShared() {
        if (isShared) {
            throw new IllegalStateException("the shared cloud is not stopped by a test: start a cloud of your own");
        }
    }

    /** Stops this cloud; the {@link #shared()} one stays for the next class. */
    @Override
    public void close() {
        if (!isShared && context.isActive()) {
            context.close();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
