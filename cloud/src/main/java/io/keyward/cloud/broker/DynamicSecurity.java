package io.keyward.cloud.broker;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.keyward.protocol.link.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lock credentials on an external Mosquitto 2.0 through its dynamic-security plugin: commands are
 * published to {@code $CONTROL/dynamic-security/v1} as the plugin's admin user, and the answer is
 * awaited on {@code .../response}, matched by correlation data (every admin connection of every cloud
 * node receives every answer).
 * <p>
 * A lock is one small client of the plugin, {@code <serial>} with that client id and the shared role
 * {@code keyward-lock} (deploy/mosquitto/keyward-roles.json: its subscriptions); which topics it reads
 * and writes comes from {@code %u} patterns in deploy/mosquitto/keyward-locks.acl, the same file for
 * every lock. The plugin's own ACLs cannot say "this lock's topics" with one role: Mosquitto 2.0 does
 * not substitute {@code %u} or {@code %c} in them (checked on 2.0.11). Until this change each lock had
 * a role of its own with its nine topics, and since the plugin rewrites its whole file after every
 * command (not once per message: five commands in one message wrote it five times on 2.0.11), a
 * pairing wrote ~2.5 KiB a lock twice; now it writes ~0.25 KiB a lock once (docs/scale.md).
 */
final class DynamicSecurity implements LockCredentials, AutoCloseable {

    static final String CONTROL = "$CONTROL/dynamic-security/v1";
    static final String RESPONSE = CONTROL + "/response";
    private static final Logger log = LoggerFactory.getLogger(DynamicSecurity.class);
    /** The role every lock has (deploy/mosquitto/keyward-roles.json). */
    static final String LOCK_ROLE = "keyward-lock";
    /** Errors that mean "already the way we want it" when clearing a lock out. */
    private static final Set<String> ABSENT = Set.of("Client not found", "Role not found");

    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, CompletableFuture<List<JsonNode>>> pending = new ConcurrentHashMap<>();
    private final Mqtt5AsyncClient client;
    private final String brokerUri;
    private final String adminUsername;
    private final String cloudUsername;
    private final Duration timeout;

    DynamicSecurity(String brokerUri, String adminUsername, String adminPassword, Duration timeout) {
        this(brokerUri, adminUsername, adminPassword, timeout, Topics.CLOUD_USER);
    }

    /** cloudUsername: the cloud's own user on this broker, which no lock may be issued (nor the admin's). */
    DynamicSecurity(String brokerUri, String adminUsername, String adminPassword, Duration timeout, String cloudUsername) {
        this.brokerUri = brokerUri;
        this.adminUsername = adminUsername;
        this.cloudUsername = cloudUsername;
        this.timeout = timeout;
        this.client = clientFor(URI.create(brokerUri))
                .identifier("keyward-admin-" + UUID.randomUUID())
                .simpleAuth().username(adminUsername).password(adminPassword.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .buildAsync();
    }

    @Override
    public String issue(String serial) {
        requireLockName(serial);
        String password = BrokerPasswords.newPassword();
        // delete first: a replaced password must also end the connection made with the old one. The role of
        // its own a lock had before keyward-locks.acl goes too (absent: an error, and the file is not written)
        run(List.of(command("deleteClient").put("username", serial),
                        command("deleteRole").put("rolename", legacyRole(serial)),
                        command("createClient").put("username", serial).put("password", password)
                                .put("clientid", serial).set("roles", json.createArrayNode()
                                        .add(json.createObjectNode().put("rolename", LOCK_ROLE)))),
                ABSENT);
        return password;
    }

    @Override
    public void revoke(String serial) {
        requireLockName(serial);
        // deleting the client makes Mosquitto close its connection
        run(List.of(command("deleteClient").put("username", serial), command("deleteRole").put("rolename", legacyRole(serial))), ABSENT);
    }

    /**
     * A lock serial, and neither this broker's admin user nor the cloud's (configured names need not
     * start with {@code keyward-}): deleting and recreating a "lock" of that name would replace them.
     */
    private void requireLockName(String serial) {
        CredentialStore.requireSerial(serial);
        if (serial.equalsIgnoreCase(adminUsername) || serial.equalsIgnoreCase(cloudUsername)) {
            throw new IllegalArgumentException("not a lock serial: a service user of the broker");
        }
    }

    /**
     * Sends commands in one message and waits for their answers; fails on any error not in
     * {@code tolerated}. Package-private for the tests and set-up tools that send the project's roles.
     */
    List<JsonNode> run(List<ObjectNode> commands, Set<String> tolerated) {
        String id = UUID.randomUUID().toString();
        ArrayNode array = json.createArrayNode();
        commands.forEach(c -> array.add(c.deepCopy().put("correlationData", id)));
        byte[] payload = json.writeValueAsBytes(json.createObjectNode().set("commands", array));
        CompletableFuture<List<JsonNode>> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            connect();
            client.publishWith().topic(CONTROL).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<JsonNode> responses = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            failOnErrors(responses, tolerated);
            return responses;
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from Mosquitto's dynamic-security plugin at " + brokerUri + " within "
                    + timeout + ": is the plugin loaded, and may '" + adminUsername + "' use " + CONTROL + "/#?", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot reach the broker at " + brokerUri + " as '" + adminUsername + "': "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the dynamic-security plugin", e);
        } finally {
            pending.remove(id);
        }
    }

    /** Connects and subscribes to the answers on first use, and again after the connection was lost. */
    private synchronized void connect() throws ExecutionException, InterruptedException, TimeoutException {
        if (client.getState().isConnected()) {
            return;
        }
        client.connectWith().cleanStart(true).send().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        client.subscribeWith().topicFilter(RESPONSE).qos(MqttQos.AT_LEAST_ONCE).callback(this::onResponse).send()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** An answer that does not read, or answers another node's request, is dropped. */
    private void onResponse(Mqtt5Publish publish) {
        try {
            JsonNode responses = json.readTree(publish.getPayloadAsBytes()).path("responses");
            List<JsonNode> list = new ArrayList<>();
            responses.forEach(list::add);
            String id = list.isEmpty() ? null : list.get(0).path("correlationData").asString(null);
            CompletableFuture<List<JsonNode>> answer = id == null ? null : pending.get(id);
            if (answer != null) {
                answer.complete(list);
            }
        } catch (JacksonException e) {
            log.warn("broker: dropped an unreadable dynamic-security response: {}", e.getOriginalMessage());
        }
    }

    private static void failOnErrors(List<JsonNode> responses, Set<String> tolerated) {
        for (JsonNode response : responses) {
            String error = response.path("error").asString(null);
            if (error != null && !tolerated.contains(error)) {
                throw new IllegalStateException("Mosquitto's dynamic-security plugin refused "
                        + response.path("command").asString("?") + ": " + error);
            }
        }
    }

    ObjectNode command(String name) {
        return json.createObjectNode().put("command", name);
    }

    /** The role of its own each lock had before keyward-locks.acl, removed when its login is issued again or revoked. */
    static String legacyRole(String serial) {
        return "lock-" + serial;
    }

    @Override
    public void close() {
        if (client.getState().isConnected()) {
            client.disconnect();
        }
    }

    private static Mqtt5ClientBuilder clientFor(URI uri) {
        if (uri.getHost() == null || uri.getPort() < 0 || !("tcp".equals(uri.getScheme()) || "ssl".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("keyward.broker.uri must be tcp://host:port or ssl://host:port, not " + uri);
        }
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5().serverHost(uri.getHost()).serverPort(uri.getPort());
        return "ssl".equals(uri.getScheme()) ? builder.sslWithDefaultConfig() : builder;
    }
}
