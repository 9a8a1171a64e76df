package io.keyward.cloud.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.keyward.protocol.link.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * HiveMQ CE running in the cloud's JVM, started and stopped with the Spring context: a TCP listener on
 * {@code keyward.broker.address:port} (127.0.0.1:18830 by default), its files under
 * {@code ${keyward.data-dir}/broker}, and {@link BrokerAccess} as its only extension. The cloud's own
 * password is random per start and known only in memory.
 */
final class EmbeddedBroker implements SmartLifecycle {

    /** Before beans of the default phase (a link client) and the web server; stops after them. */
    static final int PHASE = -100;
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final long START_TIMEOUT_SECONDS = 60;

    private final Path home;
    private final String address;
    private final int port;
    private final String cloudPassword = BrokerPasswords.newPassword();
    private final BrokerAccess access;
    private EmbeddedHiveMQ hivemq;

    EmbeddedBroker(Path home, String address, int port, CredentialStore credentials) {
        this.home = home.toAbsolutePath().normalize();
        this.address = address;
        this.port = port == 0 ? freePort(address) : port;
        this.access = new BrokerAccess(cloudPassword, credentials);
    }

    BrokerEndpoint endpoint(String lockUri) {
        String uri = "tcp://" + address + ":" + port;
        return new BrokerEndpoint(BrokerSettings.blank(lockUri) ? uri : lockUri, uri, Topics.CLOUD_USER, cloudPassword);
    }

    @Override
    public synchronized void start() {
        if (hivemq != null) {
            return;
        }
        long started = System.nanoTime();
        EmbeddedHiveMQ broker = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(writeConfig())
                .withDataFolder(folder("data"))
                // an empty folder of our own: no extension found lying around (say an allow-all one) is loaded
                .withExtensionsFolder(folder("extensions"))
                .withEmbeddedExtension(EmbeddedExtension.builder().withId("keyward-broker-access")
                        .withName("Keyward broker access").withVersion("1").withPriority(1000)
                        .withExtensionMain(access).build())
                // leave logging to Spring Boot: HiveMQ's own bootstrap would replace the cloud's logback set-up
                .withoutLoggingBootstrap()
                .build();
        await(broker, true);
        hivemq = broker;
        log.info("broker: embedded HiveMQ CE on tcp://{}:{} in {} ms", address, port, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public synchronized void stop() {
        if (hivemq == null) {
            return;
        }
        try {
            await(hivemq, false);
            hivemq.close();
        } catch (ExecutionException | RuntimeException e) {
            log.warn("broker: stopping the embedded broker failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hivemq = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return hivemq != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Closes the lock's connection, if it has one; its next CONNECT meets the current credentials. */
    void disconnect(String serial) {
        access.disconnect(serial);
    }

    private static void await(EmbeddedHiveMQ broker, boolean start) {
        try {
            (start ? broker.start() : broker.stop()).get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the embedded broker was starting or stopping", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the embedded MQTT broker did not " + (start ? "start" : "stop"), e);
        }
    }

    /**
     * HiveMQ reads its listener from config.xml; it is written anew at every start from the settings.
     * Anonymous usage statistics are off (a lock platform does not phone home), packets are capped
     * well above the link's 16 KiB messages, and an empty client id is refused. A client's queue holds
     * up to 100,000 messages (the default 1,000 dropped events of a lock's backlog under load; the
     * lock resends what was not acknowledged, but better not to drop in the first place). A client may
     * have 1,000 QoS 1 messages in flight to the broker, not HiveMQ's default 10: the cloud publishes an
     * ack for every event, and with 10 unconfirmed at a time its acks, not the database, capped ingest
     * at ~800 events/s (issue 11; a lock over its event budget is refused by the cloud, not here).
     * <p>
     * Sessions, queues and retained messages are kept in memory, not on disk: this broker lives and dies
     * with the cloud's JVM, so what its files kept could only matter across a restart of both, and the
     * locks send all of it again then (every unacknowledged event, their state on connecting; a
     * management command unanswered is sent again). On disk, HiveMQ wrote and synced every event into
     * the cloud's shared-subscription queue, the largest single cost of ingest (issue 11: 760 events/s
     * with it, 1,770/s without, in the same bench on the same busy machine).
     */
    private Path writeConfig() {
        String xml = """
                <?xml version="1.0"?>
                <!-- written by the Keyward cloud at every start (io.keyward.cloud.broker.EmbeddedBroker): edits are lost -->
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                        </tcp-listener>
                    </listeners>
                    <mqtt>
                        <packets><max-packet-size>65536</max-packet-size></packets>
                        <receive-maximum><server-receive-maximum>1000</server-receive-maximum></receive-maximum>
                        <queued-messages>
                            <max-queue-size>100000</max-queue-size>
                            <strategy>discard</strategy>
                        </queued-messages>
                    </mqtt>
                    <security>
                        <allow-empty-client-id><enabled>false</enabled></allow-empty-client-id>
                    </security>
                    <persistence><mode>in-memory</mode></persistence>
                    <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, address);
        Path conf = folder("conf");
        try {
            Files.writeString(conf.resolve("config.xml"), xml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the embedded broker's config.xml in " + conf, e);
        }
        return conf;
    }

    /** HiveMQ waits forever for a folder that does not exist, so every one is created first. */
    private Path folder(String name) {
        Path folder = home.resolve(name);
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded broker's folder " + folder, e);
        }
    }

    /** Port 0 asks for a free port: ask the system for one now, so the endpoint is known before start. */
    private static int freePort(String address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + address, e);
        }
    }
}
