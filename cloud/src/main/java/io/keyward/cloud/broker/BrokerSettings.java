package io.keyward.cloud.broker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code keyward.broker.*}, see docs/brokers.md.
 *
 * @param mode            {@code embedded} (HiveMQ CE in this JVM) or {@code external} (Mosquitto with dynamic security)
 * @param address         embedded: the address the broker binds to
 * @param port            embedded: its port; 0 picks a free one at start-up
 * @param uri             external: where the cloud connects, {@code tcp://host:port} or {@code ssl://host:port}
 * @param lockUri         what locks are told at pairing; defaults to the cloud's own URI
 * @param cloudUsername   external: the cloud's MQTT user (embedded: always {@code keyward-cloud})
 * @param cloudPassword   external: its password (embedded: random per start)
 * @param adminUsername   external: the dynamic-security admin that manages lock clients
 * @param adminPassword   external: its password
 * @param requestTimeout  external: how long to wait for the dynamic-security plugin's answer
 */
@ConfigurationProperties("keyward.broker")
record BrokerSettings(
        @DefaultValue("embedded") Mode mode,
        @DefaultValue("127.0.0.1") String address,
        @DefaultValue("18830") int port,
        String uri,
        String lockUri,
        @DefaultValue("keyward-cloud") String cloudUsername,
        String cloudPassword,
        @DefaultValue("keyward-admin") String adminUsername,
        String adminPassword,
        @DefaultValue("5s") Duration requestTimeout) {

    enum Mode { EMBEDDED, EXTERNAL }

    BrokerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("keyward.broker.port must be 0..65535, not " + port);
        }
    }

    /** The external mode's required settings, or an error that names the missing ones. */
    void requireExternal() {
        StringBuilder missing = new StringBuilder();
        if (blank(uri)) {
            missing.append(" keyward.broker.uri");
        }
        if (blank(cloudPassword)) {
            missing.append(" keyward.broker.cloud-password");
        }
        if (blank(adminPassword)) {
            missing.append(" keyward.broker.admin-password");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("keyward.broker.mode=external needs" + missing + " (see docs/brokers.md)");
        }
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
