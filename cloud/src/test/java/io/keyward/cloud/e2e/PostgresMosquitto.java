package io.keyward.cloud.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.broker.MosquittoProcess;
import org.junit.jupiter.api.Assumptions;

/**
 * The parts used at scale for an end-to-end test class: a schema of its own in PostgreSQL at
 * 127.0.0.1:5432 (db test, trust auth) and an external Mosquitto started from the project's
 * deploy/mosquitto config, with the cloud's settings for both. Under CI=true a missing PostgreSQL fails
 * the class instead of skipping it.
 */
final class PostgresMosquitto implements AutoCloseable {

    static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    private final String schema;
    private MosquittoProcess mosquitto;

    /** A schema named schemaPrefix plus 12 random hex digits, e.g. "kw_e2e_". */
    PostgresMosquitto(String schemaPrefix) {
        this.schema = schemaPrefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Creates the schema, starts Mosquitto, and returns the cloud's settings to use both. */
    Map<String, String> start() throws Exception {
        sql("create schema " + schema);
        mosquitto = MosquittoProcess.start();
        return Map.of(
                "spring.datasource.url", PG + "?currentSchema=" + schema,
                "spring.datasource.username", "postgres",
                "keyward.broker.mode", "external",
                "keyward.broker.uri", mosquitto.uri,
                "keyward.broker.cloud-password", mosquitto.cloudPassword,
                "keyward.broker.admin-password", mosquitto.adminPassword);
    }

    /** Stops Mosquitto (SIGTERM) and starts it again on the same port and files (fault tests). */
    void restartBroker() throws Exception {
        mosquitto.restart();
    }

    /** Stops Mosquitto (SIGTERM) until {@link #startBroker()}. */
    void stopBroker() throws Exception {
        mosquitto.stop();
    }

    /** Starts the stopped Mosquitto again on the same port and files. */
    void startBroker() throws Exception {
        mosquitto.startAgain();
    }

    /** Stops Mosquitto and drops the schema. */
    @Override
    public void close() throws Exception {
        if (mosquitto != null) {
            mosquitto.close();
        }
        sql("drop schema if exists " + schema + " cascade");
    }

    private static void sql(String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(PG, "postgres", "")) {
            connection.createStatement().execute(statement);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw e;
            }
            Assumptions.abort("PostgreSQL unreachable at " + PG + ": " + e.getMessage() + "; skipped outside CI");
        }
    }
}
