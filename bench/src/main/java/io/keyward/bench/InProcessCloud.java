package io.keyward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyward.cloud.KeywardCloud;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The whole cloud (web server, database, embedded MQTT broker, lock link) started in the benchmark's
 * JVM, as the cloud's end-to-end tests start it, with a REST client for it. Logging is turned down
 * to warnings so that the figures stay readable.
 */
final class InProcessCloud implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final ConfigurableApplicationContext context;
    final URI uri;

    private InProcessCloud(ConfigurableApplicationContext context) {
        this.context = context;
        this.uri = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    /** Starts on a free HTTP port and a free broker port; dataDir holds H2 unless the properties name a database. */
    static InProcessCloud start(Path dataDir, Map<String, String> properties) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--management.server.port=0",
                "--keyward.data-dir=" + dataDir,
                "--keyward.broker.port=" + properties.getOrDefault("keyward.broker.port", String.valueOf(freePort())),
                "--logging.level.root=WARN",
                // HiveMQ CE logs its start-up banner and every extension at INFO through its own loggers
                "--logging.level.com.hivemq=WARN"));
        properties.forEach((name, value) -> {
            if (!name.equals("keyward.broker.port")) {
                args.add("--" + name + "=" + value);
            }
        });
        return new InProcessCloud(new SpringApplicationBuilder(KeywardCloud.class).run(args.toArray(String[]::new)));
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Signs up a fresh account, signs in and creates a bearer token (as the web app and an API client do). */
    Account signUp(String label) {
        String email = label + "-" + UUID.randomUUID() + "@example.org";
        String password = "correct horse battery"; // the xkcd phrase itself is in the strength dictionaries (issue 10 finding 10c)
        expect(post("/api/accounts", Map.of("email", email, "password", password, "displayName", label)), 201);
        HttpResponse<String> session = expect(post("/api/session", Map.of("email", email, "password", password)), 200);
        String cookie = session.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("KW_SESSION=")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no KW_SESSION cookie in " + session.headers()));
        String value = cookie.substring("KW_SESSION=".length(), cookie.contains(";") ? cookie.indexOf(';') : cookie.length());
        HttpResponse<String> token = expect(post("/api/tokens", Map.of("name", "bench"),
                "Cookie", "KW_SESSION=" + value, "X-Keyward", "1"), 201);
        return new Account(email, json(token).get("token").asText());
    }

    /** An account holding a bearer token. */
    final class Account {
        final String email;
        private final String token;

        Account(String email, String token) {
            this.email = email;
            this.token = token;
        }

        HttpResponse<String> get(String path) {
            return send("GET", path, null, "Authorization", "Bearer " + token);
        }

        HttpResponse<String> post(String path, Object body) {
            return InProcessCloud.this.post(path, body, "Authorization", "Bearer " + token);
        }

        /** A POST on a kept-alive connection of its own (KeepAliveHttp), for timing one request after another. */
        KeepAliveHttp.Answer post(KeepAliveHttp http, String path, String json, String... headers) {
            return http.post(path, json, withToken(headers));
        }

        /** A PUT with more headers (name, value, ...), such as a device's signature (issue 15). */
        HttpResponse<String> put(String path, Object body, String... headers) {
            return send("PUT", path, body, withToken(headers));
        }

        private String[] withToken(String... headers) {
            String[] all = new String[headers.length + 2];
            all[0] = "Authorization";
            all[1] = "Bearer " + token;
            System.arraycopy(headers, 0, all, 2, headers.length);
            return all;
        }
    }

    HttpResponse<String> post(String path, Object body, String... headers) {
        return send("POST", path, body, headers);
    }

    private HttpResponse<String> send(String method, String path, Object body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : write(body)));
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.uri().getPath() + ": expected "
                    + status + " but got " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + response.body(), e);
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (context.isActive()) {
            context.close();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }
}
