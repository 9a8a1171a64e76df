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
        String cookie = signIn();
        createAdministrator(panel);
        JsonNode state = post(panel + "/hold", Map.of("button", "SET", "seconds", 3), null);
        String qr = state.at("/screen/qr").asText(null);
        if (qr == null) {
            throw new IOException("the lock shows no pairing QR");
        }
        post(cloud.resolve("/api/locks").toString(), Map.of("pairingCode", qr, "name", "Front door"), cookie);
    }

    private String signIn() throws IOException, InterruptedException {
        send(cloud.resolve("/api/accounts").toString(),
                Map.of("email", EMAIL, "password", PASSWORD, "displayName", "Demo"), null, 201, 409);
        HttpResponse<String> session = send(cloud.resolve("/api/session").toString(),
                Map.of("email", EMAIL, "password", PASSWORD), null, 200);
        String setCookie = session.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("KW_SESSION=")).findFirst()
                .orElseThrow(() -> new IOException("the cloud set no session cookie"));
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** A1 on the panel: wake, ✓, the passcode twice; skipped when the lock has an administrator. */
    private void createAdministrator(String panel) throws IOException, InterruptedException {
        JsonNode woken = post(panel + "/touch", Map.of(), null);
        JsonNode prompts = woken.path("prompts");
        if (prompts.isEmpty() || !"CREATE_ADMIN".equals(prompts.get(prompts.size() - 1).path("id").asText())) {
            return;
        }
        post(panel + "/keys", Map.of("keys", new String[] {"OK"}), null);
        for (int i = 0; i < 2; i++) {
            String[] keys = (String.join(",", ADMIN_PASSCODE.split("")) + ",OK").split(",");
            post(panel + "/keys", Map.of("keys", keys), null);
        }
    }

    private JsonNode post(String url, Object body, String cookie) throws IOException, InterruptedException {
        return JSON.readTree(send(url, body, cookie, 200, 201).body());
    }

    private HttpResponse<String> send(String url, Object body, String cookie, int... ok)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (cookie != null) {
            request.header("Cookie", cookie).header("X-Keyward", "1");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (int status : ok) {
            if (response.statusCode() == status) {
                return response;
            }
        }
        throw new IOException("POST " + url + " answered " + response.statusCode() + " " + response.body());
    }
}
