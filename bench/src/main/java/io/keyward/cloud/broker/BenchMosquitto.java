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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import io.keyward.protocol.link.Topics;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bench's own Mosquitto 2.0 (issue 11 item 6): started from the project's deploy/mosquitto files on
 * a free port in a folder of the bench's, set up as docs/brokers.md says (an admin user, the roles
 * file, the cloud's user), as the cloud's tests do with their MosquittoProcess. This class lives in the
 * cloud's broker package (in the bench's jar) only to use the cloud's own {@link DynamicSecurity}
 * client for the setup, which is package-private: the bench must set the broker up exactly as an
 * operator following the docs does, not with a copy of the commands.
 *
 * <p>Mosquitto is started through {@code sh -c "ulimit -n <hard>; exec mosquitto"}: each lock holds
 * one of its descriptors, and a default soft limit of 1,024 would refuse the fleet past that.
 */
public final class BenchMosquitto implements AutoCloseable {

    private static final String ADMIN = "keyward-admin";
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dir;
    private final Path deploy;
    private final int port;
    public final String uri;
    private static final String KEPT = "bench-mosquitto.properties";
    private final String adminPassword;
    private final String cloudPassword;
    private Process broker;

    private BenchMosquitto(Path dir, Path deploy, int port, String adminPassword, String cloudPassword) {
        this.dir = dir;
        this.deploy = deploy;
        this.port = port;
        this.uri = "tcp://127.0.0.1:" + port;
        this.adminPassword = adminPassword;
        this.cloudPassword = cloudPassword;
    }

    /**
     * Starts Mosquitto with its files in dir, from the project's deploy/mosquitto found above the
     * working directory. A dir a previous run left (the bench's --keep) is started again as it was: the
     * same port (the paired locks hold it), the same users, roles and persisted sessions.
     */
    public static BenchMosquitto start(Path dir) throws Exception {
        if (!Files.isExecutable(MOSQUITTO)) {
            throw new IllegalStateException(MOSQUITTO + " is missing (apt-get install mosquitto): the fleet bench runs on Mosquitto");
        }
        Files.createDirectories(dir);
        Path kept = dir.resolve(KEPT);
        if (Files.exists(kept)) {
            java.util.Properties p = new java.util.Properties();
            try (var in = Files.newBufferedReader(kept)) {
                p.load(in);
            }
            BenchMosquitto mosquitto = new BenchMosquitto(dir, deployFolder(), Integer.parseInt(p.getProperty("port")),
                    p.getProperty("admin-password"), p.getProperty("cloud-password"));
            mosquitto.launch();
            return mosquitto;
        }
        BenchMosquitto mosquitto = new BenchMosquitto(dir, deployFolder(), freePort(), BrokerPasswords.newPassword(),
                BrokerPasswords.newPassword());
        mosquitto.setUp();
        java.util.Properties p = new java.util.Properties();
        p.setProperty("port", String.valueOf(mosquitto.port));
        p.setProperty("admin-password", mosquitto.adminPassword);
        p.setProperty("cloud-password", mosquitto.cloudPassword);
        try (var out = Files.newBufferedWriter(kept)) {
            p.store(out, "the bench's Mosquitto, started again as it was by a run with --keep");
        }
        return mosquitto;
    }

    /** The cloud's settings for this broker (keyward.broker.mode=external, docs/brokers.md). */
    public Map<String, String> cloudSettings() {
        return Map.of("keyward.broker.mode", "external",
                "keyward.broker.uri", uri,
                "keyward.broker.cloud-password", cloudPassword,
                "keyward.broker.admin-password", adminPassword);
    }

    /** SIGTERM and start again on the same port and files (the plugin wrote every change to its file). */
    public void restart() throws Exception {
        stop();
        launch();
    }

    /** Mosquitto's resident memory in bytes (VmRSS of /proc/PID/status), -1 when unknown. */
    public long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(broker.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone or not Linux
        }
        return -1;
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    private void stop() throws InterruptedException {
        if (broker != null) {
            broker.destroy();
            if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private void setUp() throws Exception {
        Files.writeString(dir.resolve("keyward-dynsec.json"), initialDynsec());
        Files.writeString(dir.resolve("mosquitto.conf"), config());
        launch();
        DynamicSecurity dynsec = new DynamicSecurity(uri, ADMIN, adminPassword, Duration.ofSeconds(10));
        try {
            List<ObjectNode> roles = new ArrayList<>();
            JSON.readTree(Files.readString(deploy.resolve("keyward-roles.json"))).path("commands")
                    .forEach(c -> roles.add((ObjectNode) c));
            dynsec.run(roles, Set.of());
            dynsec.run(List.of(dynsec.command("createClient").put("username", Topics.CLOUD_USER).put("password", cloudPassword)
                    .set("roles", JSON.createArrayNode().add(JSON.createObjectNode().put("rolename", "keyward-cloud")))), Set.of());
        } finally {
            dynsec.close();
        }
    }

    private void launch() throws IOException, InterruptedException {
        if (broker == null) {
            // a bench stopped with Ctrl-C ends its broker too (the try-with-resources does not run then)
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (broker != null) {
                    broker.destroy();
                }
            }, "bench-mosquitto-stop"));
        }
        String command = "ulimit -n \"$(ulimit -Hn)\" 2>/dev/null; exec " + MOSQUITTO + " -c '" + dir.resolve("mosquitto.conf") + "'";
        broker = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.out").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // a big persistence file takes a while to load
        while (!listening()) {
            if (!broker.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("mosquitto did not start on port " + port + ": " + Files.readString(dir.resolve("mosquitto.out")));
            }
            Thread.sleep(20);
        }
    }

    /** The project's mosquitto.conf with this run's port, files and (when run as root) user. */
    private String config() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(deploy.resolve("mosquitto.conf"))) {
            String key = line.isBlank() || line.startsWith("#") ? "" : line.split("\\s+")[0];
            lines.add(switch (key) {
                case "listener" -> "listener " + port + " 127.0.0.1";
                case "plugin_opt_config_file" -> "plugin_opt_config_file " + dir.resolve("keyward-dynsec.json");
                case "persistence_location" -> "persistence_location " + dir + "/";
                case "acl_file" -> "acl_file " + deploy.resolve("keyward-locks.acl");
                case "log_dest" -> "log_dest stdout";
                default -> line;
            });
        }
        // as root, mosquitto would switch to the user "mosquitto", who cannot write the bench's files
        lines.add("user " + System.getProperty("user.name"));
        return String.join("\n", lines) + "\n";
    }

    /** What "mosquitto_ctrl dynsec init FILE keyward-admin" writes, done here so the bench needs no mosquitto_ctrl. */
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

    private static Path deployFolder() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("deploy/mosquitto"))) {
                return d.resolve("deploy/mosquitto");
            }
        }
        throw new IllegalStateException("no deploy/mosquitto above " + Path.of("").toAbsolutePath() + ": run the bench from the project");
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
