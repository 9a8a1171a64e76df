package io.keyward.cloud.broker;

import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded HiveMQ CE with its extension, without the Spring context (BrokerSpringTest covers
 * the wiring): one broker for the class, on a free port, its files and an H2 database under target/.
 */
@DisplayName("embedded broker (HiveMQ CE): lock access rules")
class EmbeddedBrokerTest extends BrokerRulesTest {

    private static final Path HOME = Path.of("target", "test-data", "broker-" + UUID.randomUUID()).toAbsolutePath();
    private static JdbcClient jdbc;
    private static EmbeddedBroker broker;
    private static int port;

    @BeforeAll
    static void start() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + HOME.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        broker = newBroker(0);
        broker.start();
        port = Integer.parseInt(broker.endpoint(null).cloudUri().replaceAll(".*:", ""));
    }

    @AfterAll
    static void stop() {
        broker.stop();
    }

    private static EmbeddedBroker newBroker(int port) {
        return new EmbeddedBroker(HOME.resolve("broker"), "127.0.0.1", port, new CredentialStore(jdbc, Clock.systemUTC()));
    }

    @Override
    BrokerEndpoint endpoint() {
        return broker.endpoint(null);
    }

    @Override
    LockCredentials credentials() {
        return new EmbeddedLockCredentials(new CredentialStore(jdbc, Clock.systemUTC()), broker);
    }

    /** A new broker object on the same port and files, as after a restart of the cloud; only the database remembers. */
    @Override
    void restart() {
        broker.stop();
        broker = newBroker(port);
        broker.start();
    }

    @Test
    @DisplayName("the database keeps a SHA-256 of the password, never the password")
    void onlyHashStored() {
        String serial = newSerial();
        String password = credentials().issue(serial);
        String hash = jdbc.sql("select password_hash from broker_credentials where username = ?").param(serial)
                .query(String.class).single();
        assertThat(hash).hasSize(64).doesNotContain(password);
        credentials().revoke(serial);
        assertThat(jdbc.sql("select count(*) from broker_credentials where username = ?").param(serial)
                .query(Long.class).single()).isZero();
    }

    /** The cloud's password is random per start (kept in memory only); the old one no longer opens. */
    @Override
    void afterRestart(BrokerEndpoint before) {
        assertThat(before.cloudUsername()).isEqualTo("keyward-cloud");
        assertThat(before.cloudPassword()).matches("[A-Za-z0-9_-]{43}");
        assertThat(before.toString()).doesNotContain(before.cloudPassword());
        assertThat(endpoint().cloudPassword()).isNotEqualTo(before.cloudPassword());
        assertThat(MqttTestClient.refusal(endpoint().cloudUri(), "keyward-cloud", "c1", before.cloudPassword())).isIn(REFUSED);
    }
}
