package io.keyward.cloud.e2e;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

/**
 * The camera's end-to-end tests on the parts used at scale: PostgreSQL at 127.0.0.1:5432 (a schema of
 * this class's own) and an external Mosquitto started from the project's deploy/mosquitto config.
 * Under CI=true a missing server fails the class instead of skipping it.
 */
@DisplayName("Camera end to end: PostgreSQL storage, external Mosquitto broker")
class CameraPostgresMosquittoTest extends CameraEndToEndTest {

    private final PostgresMosquitto servers = new PostgresMosquitto("kw_cam_");

    @Override
    Map<String, String> settings() throws Exception {
        return servers.start();
    }

    @AfterAll
    void dropServers() throws Exception {
        servers.close();
    }
}
