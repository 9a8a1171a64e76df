package io.keyward.lock.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's (or script's) view of one lock's panel API over real HTTP: raw requests for tests of
 * refusals, and asserting shortcuts for walkthroughs. Used by the panel and black-box tests.
 */
public final class PanelClient {

    /** One answer: status, Content-Type and body. */
    public record Answer(int status, String contentType, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        /** The {"error": ...} reason of a refusal. */
        public String error() {
            JsonNode error = json().get("error");
            assertThat(error).as("error field of %s", body).isNotNull();
            return error.asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public PanelClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Answer send(String method, String path, String body) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, publisher)
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Answer post(String path, String body) {
        return send("POST", path, body);
    }

    public Answer get(String path) {
        return send("GET", path, null);
    }

    /** POSTs an action that must be accepted; returns the new state. */
    public JsonNode act(String path, String body) {
        Answer answer = post(path, body);
        assertThat(answer.status()).as("POST %s %s -> %s", path, body, answer.body()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/json");
        return answer.json();
    }

    public JsonNode state() {
        Answer answer = get("/state");
        assertThat(answer.status()).as("GET /state -> %s", answer.body()).isEqualTo(200);
        return answer.json();
    }

    public JsonNode events(long after) {
        Answer answer = get("/events?after=" + after);
        assertThat(answer.status()).as("GET /events -> %s", answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** POSTs a lock command that must be accepted; returns the CommandReply. */
    public JsonNode command(String json) {
        Answer answer = post("/command", json);
        assertThat(answer.status()).as("POST /command %s -> %s", json, answer.body()).isEqualTo(200);
        assertThat(answer.json().get("accepted").asBoolean()).isTrue();
        return answer.json();
    }

    /** The id of the newest prompt, or null when the lock has said nothing yet. */
    public static String lastPrompt(JsonNode state) {
        JsonNode prompts = state.get("prompts");
        return prompts.isEmpty() ? null : prompts.get(prompts.size() - 1).get("id").asText();
    }

    /** The newest prompt's object. */
    public static JsonNode lastPromptNode(JsonNode state) {
        JsonNode prompts = state.get("prompts");
        assertThat(prompts.isEmpty()).as("the lock has said something").isFalse();
        return prompts.get(prompts.size() - 1);
    }
}
