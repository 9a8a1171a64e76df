package io.keyward.lock.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyward.lock.fleet.AppClient;

/**
 * What {@code keyward up} does once on a fresh data directory so the cloud has a live lock to show:
 * signs up a demo account, creates the first lock's administrator on its panel, and pairs it by
 * reading the QR off the panel and submitting it to the cloud's REST API, exactly as a person with
 * the app would. Only over HTTP, so it exercises the same paths a person does.
 */
public final class DemoSetup {

    public static final String EMAIL = "demo@keyward.local";
    public static final String PASSWORD = "amber-harbor-lantern-42";
    static final String ADMIN_PASSCODE = "246813";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI cloud;

    DemoSetup(URI cloud) {
        this.cloud = cloud;
    }

    /** Pairs the lock behind the panel with the demo account. */
    void pair(String panel) throws IOException, InterruptedException {
        AppClient app = AppClient.signUpAndIn(cloud, EMAIL, PASSWORD, "Demo");
        createAdministrator(panel);
        JsonNode state = post(panel + "/hold", Map.of("button", "SET", "seconds", 3));
        String qr = state.at("/screen/qr").asText(null);
        if (qr == null) {
            throw new IOException("the lock shows no pairing QR");
        }
        try {
            AppClient.expect("POST /api/locks", app.addLock(qr, "Front door").get(), 200, 201);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("POST /api/locks failed: " + e.getCause(), e.getCause());
        }
    }

    /** A1 on the panel: wake, ✓, the passcode twice; skipped when the lock has an administrator. */
    private void createAdministrator(String panel) throws IOException, InterruptedException {
        JsonNode woken = post(panel + "/touch", Map.of());
        JsonNode prompts = woken.path("prompts");
        if (prompts.isEmpty() || !"CREATE_ADMIN".equals(prompts.get(prompts.size() - 1).path("id").asText())) {
            return;
        }
        post(panel + "/keys", Map.of("keys", new String[] {"OK"}));
        for (int i = 0; i < 2; i++) {
            String[] keys = (String.join(",", ADMIN_PASSCODE.split("")) + ",OK").split(",");
            post(panel + "/keys", Map.of("keys", keys));
        }
    }

    /** A press on the lock's panel (no session: the panel is the lock's own HTTP API). */
    private JsonNode post(String url, Object body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(AppClient.expect("POST " + url, response, 200, 201).body());
    }
}
