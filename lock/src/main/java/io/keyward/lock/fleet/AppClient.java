package io.keyward.lock.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the app does over the cloud's REST API (docs/cloud.md), signed in as one account: sign up or
 * in, add a lock by its QR payload, list its locks, change a setting, unlock remotely. Only real HTTP,
 * so a fleet exercises the same paths a person with the app does.
 */
public final class AppClient {

    /** A call the cloud answered with a status the caller did not expect. */
    public static final class Refused extends IOException {
        public final int status;

        Refused(String call, int status, String body) {
            super(call + " answered " + status + " " + body);
            this.status = status;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI cloud;
    private final String cookie;

    private AppClient(URI cloud, String cookie) {
        this.cloud = cloud;
        this.cookie = cookie;
    }

    /** Signs the account up (an existing one is fine) and in: a session as the web app holds it. */
    public static AppClient signUpAndIn(URI cloud, String email, String password, String displayName)
            throws IOException, InterruptedException {
        send(cloud, "POST", "/api/accounts", Map.of("email", email, "password", password, "displayName", displayName),
                null, 201, 409);
        HttpResponse<String> session = send(cloud, "POST", "/api/session", Map.of("email", email, "password", password),
                null, 200);
        String setCookie = session.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("KW_SESSION=")).findFirst()
                .orElseThrow(() -> new IOException("the cloud set no session cookie"));
        return new AppClient(cloud, setCookie.substring(0, setCookie.indexOf(';')));
    }

    /**
     * POST /api/locks with the QR payload, sent without waiting: the cloud holds the answer until
     * the lock completes the handshake, which the caller drives meanwhile.
     */
    public CompletableFuture<HttpResponse<String>> addLock(String qr, String name) {
        return HTTP.sendAsync(request("POST", "/api/locks", Map.of("pairingCode", qr, "name", name)),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The account's locks, by serial: what a restarted fleet needs to find its locks again. */
    public Map<String, String> lockIdsBySerial() throws IOException, InterruptedException {
        JsonNode locks = JSON.readTree(call("GET", "/api/locks", null, 200).body());
        Map<String, String> ids = new java.util.HashMap<>();
        locks.forEach(lock -> ids.put(lock.path("serial").asText(), lock.path("id").asText()));
        return ids;
    }

    /** H6: 200 once the lock applied it, 202 while it waits for the lock (it is sent when the lock is back). */
    public void setting(String lockId, String setting, String value) throws IOException, InterruptedException {
        call("PUT", "/api/locks/" + lockId + "/settings/" + setting, Map.of("value", value), 200, 202);
    }

    /** Remote unlock (SPEC C6): the status the cloud answered (200 opened; 4xx/5xx with a reason). */
    public HttpResponse<String> unlock(String lockId) throws IOException, InterruptedException {
        return HTTP.send(request("POST", "/api/locks/" + lockId + "/unlock", Map.of()), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(String method, String path, Object body, int... ok) throws IOException, InterruptedException {
        return expect(method + " " + path, HTTP.send(request(method, path, body), HttpResponse.BodyHandlers.ofString()), ok);
    }

    private HttpRequest request(String method, String path, Object body) {
        return build(cloud, method, path, body).header("Cookie", cookie).header("X-Keyward", "1").build();
    }

    private static HttpResponse<String> send(URI cloud, String method, String path, Object body, String cookie, int... ok)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = build(cloud, method, path, body);
        if (cookie != null) {
            request.header("Cookie", cookie).header("X-Keyward", "1");
        }
        return expect(method + " " + path, HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()), ok);
    }

    private static HttpRequest.Builder build(URI cloud, String method, String path, Object body) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        // a list (GET /api/locks of a fleet of 10,000 reused with its data dir) takes longer than a change
        return HttpRequest.newBuilder(cloud.resolve(path)).timeout(Duration.ofSeconds("GET".equals(method) ? 180 : 30))
                .header("Content-Type", "application/json").method(method, publisher);
    }

    /** The response when its status is one of ok, else {@link Refused} naming the call, status and body. */
    public static HttpResponse<String> expect(String call, HttpResponse<String> response, int... ok) throws Refused {
        for (int status : ok) {
            if (response.statusCode() == status) {
                return response;
            }
        }
        throw new Refused(call, response.statusCode(), response.body());
    }

    /** The lock's id in the cloud from POST /api/locks's 201 body. */
    static String idOf(HttpResponse<String> created) throws IOException {
        return JSON.readTree(created.body()).path("id").asText();
    }
}
