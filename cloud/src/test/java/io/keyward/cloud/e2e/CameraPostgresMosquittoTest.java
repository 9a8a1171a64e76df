package io.keyward.cloud.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.broker.MosquittoProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;

/**
 * The camera's end-to-end tests on the parts used at scale: PostgreSQL at 127.0.0.1:5432 (a schema of
 * this class's own) and an external Mosquitto started from the project's deploy/mosquitto config.
 * Under CI=true a missing server fails the class instead of skipping it.
 */
@DisplayName("Camera end to end: PostgreSQL storage, external Mosquitto broker")
class CameraPostgresMosquittoTest extends CameraEndToEndTest {

    static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    private final String schema = "kw_cam_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private MosquittoProcess mosquitto;

    @Override
    Map<String, String> settings() throws Exception {
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

    @AfterAll
    void dropServers() throws Exception {
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
