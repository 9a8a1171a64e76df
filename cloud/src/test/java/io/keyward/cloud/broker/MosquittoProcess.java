package io.keyward.cloud.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real Mosquitto 2.0 of a test's own: started from the project's deploy/mosquitto files on a free
 * port (never 1883) in a temporary folder, set up as docs/brokers.md says (an admin user, the roles
 * file, the cloud's user). Without /usr/sbin/mosquitto the calling test is skipped, except under
 * CI=true, where it fails.
 */
public final class MosquittoProcess implements AutoCloseable {

    public static final String ADMIN = "keyward-admin";
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dir;
    private final int port;
    public final String uri;
    public final String adminPassword = BrokerPasswords.newPassword();
    public final String cloudPassword = BrokerPasswords.newPassword();
    private Process broker;
    private DynamicSecurity dynsec;

    private MosquittoProcess() throws IOException {
        dir = Files.createTempDirectory("keyward-mosquitto-");
        port = freePort();
        uri = "tcp://127.0.0.1:" + port;
    }

    public static MosquittoProcess start() throws Exception {
        if (!Files.isExecutable(MOSQUITTO)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true and " + MOSQUITTO + " is missing: the external broker tests must run");
            }
            Assumptions.abort(MOSQUITTO + " is missing (apt-get install mosquitto); skipped outside CI");
        }
        MosquittoProcess mosquitto = new MosquittoProcess();
        mosquitto.setUp();
        return mosquitto;
    }

    private void setUp() throws Exception {
        Files.writeString(dir.resolve("keyward-dynsec.json"), initialDynsec());
        Files.writeString(dir.resolve("mosquitto.conf"), config());
        launch();
        dynsec = new DynamicSecurity(uri, ADMIN, adminPassword, Duration.ofSeconds(5));
        dynsec.run(projectRoles(), Set.of());
        dynsec.run(List.of(dynsec.command("createClient").put("username", "keyward-cloud").put("password", cloudPassword)
                .set("roles", JSON.createArrayNode().add(JSON.createObjectNode().put("rolename", "keyward-cloud")))), Set.of());
    }

    /** The plugin's own admin client, as the cloud's LockCredentials of the external mode. */
    public LockCredentials credentials() {
        return dynsec;
    }

    public BrokerEndpoint endpoint() {
        return new BrokerEndpoint(uri, uri, "keyward-cloud", cloudPassword);
    }

    /** SIGTERM and start again: the plugin wrote every change to its file, which is all that is needed. */
    public void restart() throws Exception {
        stop();
        startAgain();
    }

    /** SIGTERM: the broker is away (and its port closed) until {@link #startAgain()}. */
    public void stop() throws InterruptedException {
        broker.destroy();
        broker.waitFor(5, TimeUnit.SECONDS);
    }

    /** Starts the stopped broker again on the same port and files. */
    public void startAgain() throws IOException, InterruptedException {
        launch();
    }

    @Override
    public void close() throws Exception {
        if (dynsec != null) {
            dynsec.close();
        }
        if (broker != null) {
            broker.destroy();
            broker.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private void launch() throws IOException, InterruptedException {
        broker = new ProcessBuilder(MOSQUITTO.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.out").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!listening()) {
            if (!broker.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("mosquitto did not start on port " + port + ": "
                        + Files.readString(dir.resolve("mosquitto.out")));
            }
            Thread.sleep(20);
        }
    }

    /** The project's mosquitto.conf with this test's port, files and (when run as root) user. */
    private String config() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(deployFolder().resolve("mosquitto.conf"))) {
            String key = line.isBlank() || line.startsWith("#") ? "" : line.split("\\s+")[0];
            lines.add(switch (key) {
                case "listener" -> "listener " + port + " 127.0.0.1";
                case "plugin_opt_config_file" -> "plugin_opt_config_file " + dir.resolve("keyward-dynsec.json");
                case "persistence_location" -> "persistence_location " + dir + "/";
                case "acl_file" -> "acl_file " + deployFolder().resolve("keyward-locks.acl");
                case "log_dest" -> "log_dest stdout";
                default -> line;
            });
        }
        // as root, mosquitto would switch to the user "mosquitto", who cannot write this test's files
        lines.add("user " + System.getProperty("user.name"));
        return String.join("\n", lines) + "\n";
    }

    /** What "mosquitto_ctrl dynsec init FILE keyward-admin" writes, done here so the test needs no mosquitto_ctrl. */
    private String initialDynsec() throws Exception {
        byte[] salt = new byte[12];
        new SecureRandom().nextBytes(salt);
        int iterations = 101;
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                .generateSecret(new PBEKeySpec(adminPassword.toCharArray(), salt, iterations, 512)).getEncoded();
        ObjectNode admin = JSON.createObjectNode().put("username", ADMIN)
                .put("password", Base64.getEncoder().encodeToString(hash)).put("salt", Base64.getEncoder().encodeToString(salt))
                .put("iterations", iterations);
        admin.set("roles", JSON.createArrayNode().add(JSON.createObjectNode().put("rolename", "admin")));
        ArrayNode acls = JSON.createArrayNode();
        for (String type : new String[] {"publishClientSend", "publishClientReceive", "subscribePattern", "unsubscribePattern"}) {
            acls.add(JSON.createObjectNode().put("acltype", type).put("topic", "$CONTROL/dynamic-security/#").put("allow", true));
        }
        ObjectNode root = JSON.createObjectNode();
        root.set("clients", JSON.createArrayNode().add(admin));
        root.set("roles", JSON.createArrayNode().add(JSON.createObjectNode().put("rolename", "admin").set("acls", acls)));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    /** deploy/mosquitto/keyward-roles.json, the same commands an operator sends with mosquitto_pub. */
    private static List<ObjectNode> projectRoles() throws IOException {
        JsonNode file = JSON.readTree(Files.readString(deployFolder().resolve("keyward-roles.json")));
        List<ObjectNode> commands = new ArrayList<>();
        file.path("commands").forEach(c -> commands.add((ObjectNode) c));
        return commands;
    }

    static Path deployFolder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/mosquitto"))) {
                return dir.resolve("deploy/mosquitto");
            }
        }
        throw new IllegalStateException("no deploy/mosquitto above " + Path.of("").toAbsolutePath());
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
