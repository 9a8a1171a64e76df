package io.keyward.cloud;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for the cloud on its random port. Every request carries
 * {@code X-Forwarded-For: <clientAddress>}: the cloud trusts it from 127.0.0.1 as from a load
 * balancer, which lets each test be a client of its own for the per-address sign-in limit.
 */
public final class Api {

    public static final String JSON = "application/json";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final String base;
    private final String clientAddress;

    public Api(int port, String clientAddress) {
        this.base = "http://127.0.0.1:" + port;
        this.clientAddress = clientAddress;
    }

    public String clientAddress() {
        return clientAddress;
    }

    /** The same server, seen from another client address. */
    public Api from(String otherAddress) {
        return new Api(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), otherAddress);
    }

    public Response get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public Response postJson(String path, String json, String... headers) {
        return send("POST", path, BodyPublishers.ofString(json), withJson(headers));
    }

    public Response delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    /** Without a Content-Length: the body goes chunked. */
    public static BodyPublisher chunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
    }

    public static BodyPublisher fixed(String body) {
        return BodyPublishers.ofString(body);
    }

    public Response send(String method, String path, BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", clientAddress)
                .method(method, body == null ? BodyPublishers.noBody() : body);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    private static String[] withJson(String[] headers) {
        List<String> all = new ArrayList<>(List.of("Content-Type", JSON));
        all.addAll(List.of(headers));
        return all.toArray(String[]::new);
    }

    public static String json(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public record Response(int status, java.net.http.HttpHeaders headers, String body) {

        public JsonNode json() {
            return MAPPER.readTree(body);
        }

        /** The reason of an {@code {"error": ...}} body, or null when the body is not one. */
        public String error() {
            try {
                JsonNode error = json().get("error");
                return error != null && error.isString() ? error.asString() : null;
            } catch (RuntimeException notJson) {
                return null;
            }
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public List<String> cookies() {
            return headers.allValues("Set-Cookie");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
