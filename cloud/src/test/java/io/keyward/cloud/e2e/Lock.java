package io.keyward.cloud.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.keyward.lock.cli.RunningLock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A simulated lock run in this JVM, driven only through its panel API as a person at the door would. */
final class Lock implements AutoCloseable {

    static final String ADMIN_PASSCODE = "246813";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final String serial;
    private final RunningLock running;

    private Lock(String serial, RunningLock running) {
        this.serial = serial;
        this.running = running;
    }

    static Lock start(Path dataDir, URI cloud) throws RunningLock.StartFailure {
        return start("KW-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(), dataDir, cloud);
    }

    static Lock start(String serial, Path dataDir, URI cloud) throws RunningLock.StartFailure {
        return new Lock(serial, RunningLock.start(serial, dataDir.resolve(serial), 0, false, cloud));
    }

    /** A lock on a clock of the test's (a manual clock, moved by POST /clock/advance). */
    static Lock start(Path dataDir, URI cloud, io.keyward.lock.hardware.LockClock clock) throws RunningLock.StartFailure {
        String serial = "KW-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        return new Lock(serial, RunningLock.start(serial, dataDir.resolve(serial), 0, clock, cloud));
    }

    RunningLock running() {
        return running;
    }

    /** Create a New Administrator (A1) with {@link #ADMIN_PASSCODE}. */
    Lock withAdministrator() {
        post("/touch", "{}");
        keys("OK");
        type(ADMIN_PASSCODE);
        type(ADMIN_PASSCODE);
        expectPrompt("OPERATION_SUCCESSFUL");
        return this;
    }

    /** Holds SET for 3 s (A3) and reads the pairing QR's text off the screen. */
    String pairingCode() {
        JsonNode state = post("/hold", "{\"button\":\"SET\",\"seconds\":3}");
        JsonNode qr = state.at("/screen/qr");
        if (!qr.isString()) {
            throw new AssertionError("no pairing QR on the screen: " + state);
        }
        return qr.asString();
    }

    /** Types digits then OK, waking the keypad first. */
    JsonNode type(String digits) {
        post("/touch", "{}");
        List<String> keys = new ArrayList<>();
        for (char c : digits.toCharArray()) {
            keys.add(String.valueOf(c));
        }
        keys.add("OK");
        return keys(keys.toArray(String[]::new));
    }

    JsonNode keys(String... keys) {
        return post("/keys", "{\"keys\":[\"" + String.join("\",\"", keys) + "\"]}");
    }

    JsonNode state() {
        return send(HttpRequest.newBuilder(URI.create(running.panelUrl() + "/state")).GET());
    }

    JsonNode events() {
        return send(HttpRequest.newBuilder(URI.create(running.panelUrl() + "/events?after=0")).GET());
    }

    String lastPrompt() {
        JsonNode prompts = state().get("prompts");
        return prompts.get(prompts.size() - 1).get("id").asString();
    }

    void expectPrompt(String id) {
        if (!id.equals(lastPrompt())) {
            throw new AssertionError("expected prompt " + id + " but the lock said " + state().get("prompts"));
        }
    }

    JsonNode post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(running.panelUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("panel answered " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running.close();
    }
}
