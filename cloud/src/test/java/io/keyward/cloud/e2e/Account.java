package io.keyward.cloud.e2e;

import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import tools.jackson.databind.JsonNode;

/** An account of the cloud as an API client sees it: signed up, holding a bearer token. */
final class Account {

    static final String PASSWORD = "correct horse battery";

    private final Api api;
    final String email;
    private final String token;

    private Account(Api api, String email, String token) {
        this.api = api;
        this.email = email;
        this.token = token;
    }

    /** The same account, its requests sent to another node of the cloud. */
    Account on(Cloud node) {
        return new Account(node.api(api.clientAddress()), email, token);
    }

    static Account signUp(Cloud cloud) {
        return signUp(cloud.api("10.9." + (int) (Math.random() * 250) + "." + (1 + (int) (Math.random() * 250))));
    }

    /** Signs up through this client (e.g. of a cloud run as a separate process). */
    static Account signUp(Api api) {
        String email = "e2e-" + UUID.randomUUID() + "@example.org";
        expect(api.postJson("/api/accounts", Api.json(Map.of("email", email, "password", PASSWORD, "displayName", "E2E"))), 201);
        Api.Response session = expect(api.postJson("/api/session", Api.json(Map.of("email", email, "password", PASSWORD))), 200);
        String cookie = session.cookies().stream().filter(c -> c.startsWith("KW_SESSION=")).findFirst().orElseThrow();
        String value = cookie.substring("KW_SESSION=".length(), cookie.indexOf(';'));
        Api.Response token = expect(api.postJson("/api/tokens", Api.json(Map.of("name", "e2e")),
                "Cookie", "KW_SESSION=" + value, "X-Keyward", "1"), 201);
        return new Account(api, email, token.json().get("token").asString());
    }

    Api.Response get(String path) {
        return api.get(path, auth());
    }

    Api.Response post(String path, Object body) {
        return api.postJson(path, body instanceof String s ? s : Api.json(body), auth());
    }

    Api.Response put(String path, Object body) {
        return api.send("PUT", path, Api.fixed(body instanceof String s ? s : Api.json(body)),
                "Content-Type", Api.JSON, "Authorization", "Bearer " + token);
    }

    Api.Response delete(String path) {
        return api.delete(path, auth());
    }

    /** A request with headers of its own beside the token (issue 15: a device's signature); body null: none. */
    Api.Response send(String method, String path, Object body, String... headers) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(auth()), java.util.Arrays.stream(headers))
                .toArray(String[]::new);
        if (body == null) {
            return api.send(method, path, java.net.http.HttpRequest.BodyPublishers.noBody(), all);
        }
        String[] withType = java.util.stream.Stream.concat(java.util.Arrays.stream(all), java.util.stream.Stream.of("Content-Type", Api.JSON))
                .toArray(String[]::new);
        return api.send(method, path, Api.fixed(body instanceof String s ? s : Api.json(body)), withType);
    }

    String token() {
        return token;
    }

    JsonNode lock(String lockId) {
        return expect(get("/api/locks/" + lockId), 200).json();
    }

    private String[] auth() {
        return new String[] {"Authorization", "Bearer " + token};
    }

    static Api.Response expect(Api.Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + " but got " + response);
        }
        return response;
    }
}
