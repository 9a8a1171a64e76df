package io.keyward.lock.link;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A home's own Mosquitto for the Home MQTT tests: started by the test on a free port (never 1883),
 * with a password file (mosquitto_passwd) and no anonymous login, as a home broker set up for Home
 * Assistant is. It can be stopped and started again on the same port (a broker that goes down).
 * Without /usr/sbin/mosquitto the test is skipped, except under CI=true, where it fails.
 */
public final class HomeBroker implements AutoCloseable {

    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");

    public static final String LOCK_USER = "front-door-lock";
    public static final String HA_USER = "homeassistant";
    public final String lockPassword = "lock-" + UUID.randomUUID();
    public final String haPassword = "ha-" + UUID.randomUUID();
    public final int port;
    private final Path dir;
    private Process process;

    private HomeBroker() throws IOException {
        dir = Files.createTempDirectory("keyward-home-broker-");
        port = freePort();
    }

    /** A configured broker, not yet running (a home broker that is down when the lock starts). */
    public static HomeBroker configured() throws Exception {
        if (!Files.isExecutable(MOSQUITTO) || !Files.isExecutable(PASSWD)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true and " + MOSQUITTO + " or " + PASSWD + " is missing: the Home MQTT tests must run");
            }
            Assumptions.abort(MOSQUITTO + " is missing (apt-get install mosquitto); skipped outside CI");
        }
        HomeBroker broker = new HomeBroker();
        broker.writeConfig();
        return broker;
    }

    public static HomeBroker running() throws Exception {
        HomeBroker broker = configured();
        broker.start();
        return broker;
    }

    private void writeConfig() throws Exception {
        Path passwords = dir.resolve("passwd");
        run(PASSWD.toString(), "-c", "-b", passwords.toString(), LOCK_USER, lockPassword);
        run(PASSWD.toString(), "-b", passwords.toString(), HA_USER, haPassword);
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous false",
                "password_file " + passwords,
                "persistence false",
                "log_dest stdout",
                // as root, mosquitto would switch to the user "mosquitto", who cannot read this test's files
                "user " + System.getProperty("user.name"),
                ""));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(out));
        }
    }

    public synchronized void start() throws Exception {
        process = new ProcessBuilder(MOSQUITTO.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port);
    }

    /** Kills the broker at once (every connection drops, nothing retained survives: persistence is off). */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
