package io.keyward.lock.link;

import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Mosquitto on 127.0.0.1:1883 that the lock's link tests use as a bare transport (the test plays the cloud). */
public final class LocalMosquitto {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 1883;

    private LocalMosquitto() {
    }

    /** In CI the broker must be there (a missing server fails the run); elsewhere the test is skipped. */
    public static void require() {
        boolean up;
        try (Socket s = new Socket(HOST, PORT)) {
            up = true;
        } catch (Exception e) {
            up = false;
        }
        if ("true".equals(System.getenv("CI"))) {
            assertThat(up).as("Mosquitto on 127.0.0.1:1883 (CI needs it)").isTrue();
        }
        assumeTrue(up, "no MQTT broker on 127.0.0.1:1883");
    }
}
