package io.keyward.cloud.broker;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission.MqttActivity;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission.SharedSubscription;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import io.keyward.protocol.link.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker's in-process extension: who may connect, and to which topics (docs/link.md).
 * Everything is decided at CONNECT: the authenticator hands HiveMQ the client's topic permissions,
 * with "deny" for everything else, and HiveMQ applies them to every PUBLISH, SUBSCRIBE and the will.
 * A lock (username = client id = serial) may publish its own replies, events and state (and its
 * camera's answers, frames and snapshots), and subscribe to its own commands and acks (and live requests); the cloud may publish and subscribe, shared or not, anywhere below
 * {@code keyward/v1/}; nobody else gets in.
 */
final class BrokerAccess implements ExtensionMain, SimpleAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(BrokerAccess.class);
    private static final String CLOUD_TREE = "keyward/" + Topics.VERSION + "/#";

    private final String cloudPassword;
    private final CredentialStore locks;
    /** This broker's client service, kept at start: {@code Services} is static, shared by every HiveMQ in the JVM. */
    private volatile ClientService clients;

    BrokerAccess(String cloudPassword, CredentialStore locks) {
        this.cloudPassword = cloudPassword;
        this.locks = locks;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        // one stateless authenticator serves every connection
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> this);
        clients = Services.clientService();
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        clients = null;
    }

    /** Closes the client's connection, if it has one; its next CONNECT meets the current credentials. */
    void disconnect(String clientId) {
        ClientService service = clients;
        if (service != null) {
            service.disconnectClient(clientId, false, DisconnectReasonCode.NOT_AUTHORIZED, "credentials changed")
                    .exceptionally(e -> {
                        log.warn("broker: could not disconnect client '{}'", clientId, e);
                        return false;
                    });
        }
    }

    /**
     * Runs on HiveMQ's extension threads, not its network threads, so the lock's check (one read by
     * primary key) may block briefly. Any failure refuses the client rather than letting it in.
     */
    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectPacket connect = input.getConnectPacket();
        String clientId = connect.getClientId();
        try {
            decide(connect, output);
        } catch (RuntimeException e) {
            log.error("broker: refused client '{}', the credential check failed", clientId, e);
            output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "credential check failed");
        }
    }

    private void decide(ConnectPacket connect, SimpleAuthOutput output) {
        String clientId = connect.getClientId();
        String username = connect.getUserName().orElse(null);
        String password = password(connect.getPassword()).orElse(null);
        if (username == null || password == null) {
            refuse(output, clientId, username, ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "no username or password");
        } else if (Topics.CLOUD_USER.equals(username)) {
            if (BrokerPasswords.samePassword(cloudPassword, password)) {
                allow(output, cloudPermissions());
            } else {
                refuse(output, clientId, username, ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "wrong password");
            }
        } else if (!Topics.validSerial(username)) {
            refuse(output, clientId, username, ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "not a lock serial");
        } else if (!username.equals(clientId)) {
            refuse(output, clientId, username, ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "client id is not the username");
        } else if (locks.matches(username, password)) {
            allow(output, lockPermissions(username));
        } else {
            refuse(output, clientId, username, ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "unknown lock or wrong password");
        }
    }

    private static void allow(SimpleAuthOutput output, List<TopicPermission> permissions) {
        ModifiableDefaultPermissions defaults = output.getDefaultPermissions();
        defaults.addAll(permissions);
        defaults.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        output.authenticateSuccessfully();
    }

    private static void refuse(SimpleAuthOutput output, String clientId, String username, ConnackReasonCode code, String why) {
        // a client id or username is the client's own text: quote it, cut it short
        log.info("broker: refused client '{}' (username '{}'): {}", shorten(clientId), shorten(username), why);
        output.failAuthentication(code, "not authorized");
    }

    static List<TopicPermission> lockPermissions(String serial) {
        return List.of(
                permission(Topics.of(serial, Topics.Kind.REPLIES), MqttActivity.PUBLISH),
                permission(Topics.of(serial, Topics.Kind.EVENTS), MqttActivity.PUBLISH),
                permission(Topics.of(serial, Topics.Kind.STATE), MqttActivity.PUBLISH),
                permission(Topics.of(serial, Topics.Kind.COMMANDS), MqttActivity.SUBSCRIBE),
                permission(Topics.of(serial, Topics.Kind.ACKS), MqttActivity.SUBSCRIBE),
                // the camera (H7, D8): its answers, frames and snapshots out, the live requests in
                permission(Topics.of(serial, Topics.Kind.CAMERA), MqttActivity.PUBLISH),
                permission(Topics.of(serial, Topics.Kind.FRAMES), MqttActivity.PUBLISH),
                permission(Topics.of(serial, Topics.Kind.SNAPSHOTS), MqttActivity.PUBLISH),
                permission(Topics.of(serial, Topics.Kind.LIVE), MqttActivity.SUBSCRIBE));
    }

    static List<TopicPermission> cloudPermissions() {
        return List.of(Builders.topicPermission().topicFilter(CLOUD_TREE).activity(MqttActivity.ALL)
                .sharedSubscription(SharedSubscription.ALL).type(TopicPermission.PermissionType.ALLOW).build());
    }

    /** A lock topic is an exact name (a serial has no wildcards), and a lock never shares subscriptions. */
    private static TopicPermission permission(String topic, MqttActivity activity) {
        return Builders.topicPermission().topicFilter(topic).activity(activity)
                .sharedSubscription(SharedSubscription.NOT_SHARED).type(TopicPermission.PermissionType.ALLOW).build();
    }

    /** The password as UTF-8 text; bytes that are not UTF-8 cannot be one of ours. */
    private static Optional<String> password(Optional<ByteBuffer> bytes) {
        return bytes.flatMap(buffer -> {
            try {
                return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(buffer.asReadOnlyBuffer()).toString());
            } catch (CharacterCodingException e) {
                return Optional.empty();
            }
        });
    }

    private static String shorten(String text) {
        return text == null || text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
