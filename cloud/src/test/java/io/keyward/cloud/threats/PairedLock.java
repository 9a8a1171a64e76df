package io.keyward.cloud.threats;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import io.keyward.lock.cli.RunningLock;
import io.keyward.lock.hardware.LockClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real simulated lock (its panel, camera and MQTT link) run in this JVM and paired with an account of
 * the test's cloud through its QR, as a person with the app does: what the threat tests need to watch
 * a live view end.
 */
final class PairedLock implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final RunningLock running;
    final String id;

    private PairedLock(RunningLock running, String id) {
        this.running = running;
        this.id = id;
    }

    /**
     * Starts a lock, creates its administrator on the panel, and pairs it with the account (its auth
     * headers). The lock's clock follows the cloud's (the tests' shared clock only moves forward, by
     * days where a test lets sessions expire): a lock 14 days behind its cloud could not pair.
     */
    static PairedLock start(int cloudPort, Clock cloudClock, Api owner, String[] ownerAuth) throws Exception {
        String serial = "KW-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Path dir = Path.of("target", "threats", serial).toAbsolutePath();
        LockClock clock = new LockClock() {
            @Override
            public Instant now() {
                return cloudClock.instant();
            }

            @Override
            public boolean manual() {
                return false;
            }
        };
        RunningLock running = RunningLock.start(serial, dir, 0, clock, URI.create("http://127.0.0.1:" + cloudPort));
        try {
            panel(running, "/touch", "{}");
            panel(running, "/keys", "{\"keys\":[\"OK\"]}");
            for (int i = 0; i < 2; i++) {
                panel(running, "/touch", "{}");
                panel(running, "/keys", "{\"keys\":[\"2\",\"4\",\"6\",\"8\",\"1\",\"3\",\"OK\"]}");
            }
            String code = panel(running, "/hold", "{\"button\":\"SET\",\"seconds\":3}").at("/screen/qr").asString();
            Api.Response added = owner.postJson("/api/locks", Api.json(Map.of("pairingCode", code, "name", "Front door")), ownerAuth);
            assertThat(added.status()).as(added.toString()).isEqualTo(201);
            String id = added.json().get("id").asString();
            await().atMost(Duration.ofSeconds(20)).until(() -> running.linked()
                    && owner.get("/api/locks/" + id, ownerAuth).json().get("online").asBoolean());
            return new PairedLock(running, id);
        } catch (Exception | AssertionError e) {
            running.close();
            throw e;
        }
    }

    /** Types the administrator's passcode (the one {@link #start} created) on the keypad; returns the state. */
    JsonNode typeAdministratorPasscode() throws Exception {
        panel(running, "/touch", "{}");
        return panel(running, "/keys", "{\"keys\":[\"2\",\"4\",\"6\",\"8\",\"1\",\"3\",\"OK\"]}");
    }

    /** Lifts the rear handle: the lock locks from inside. */
    JsonNode liftHandle() throws Exception {
        return panel(running, "/handle", "{\"action\":\"LIFT\"}");
    }

    String bolt() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(running.panelUrl() + "/state"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).get("bolt").asString();
    }

    private static JsonNode panel(RunningLock lock, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(lock.panelUrl() + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        running.close();
    }
}
