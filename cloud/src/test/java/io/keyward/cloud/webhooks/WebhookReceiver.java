package io.keyward.cloud.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook receiver as an integrator writes one: a real HTTP server (the JDK's) on a free loopback
 * port that checks every delivery's Standard Webhooks signature with the endpoint's secret, and drops
 * a delivery whose webhook-id it has already taken. What it answers is up to the test.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as it arrived. */
    public record Request(String id, long timestamp, String signature, String body, boolean verified, int answered) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile String secret;
    private volatile Function<Request, Integer> answer = request -> 204;

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** The endpoint's secret, as its creation answered it. */
    public WebhookReceiver secret(String secret) {
        this.secret = secret;
        return this;
    }

    /** What to answer (an HTTP status) to each request, given the request. */
    public WebhookReceiver answering(Function<Request, Integer> answer) {
        this.answer = answer;
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** What a receiver keeps: each webhook-id once (the first request it answered 2xx), in arrival order. */
    public List<Request> taken() {
        Map<String, Request> once = new LinkedHashMap<>();
        for (Request request : requests) {
            if (request.answered() >= 200 && request.answered() < 300) {
                once.putIfAbsent(request.id(), request);
            }
        }
        return new ArrayList<>(once.values());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            long ts = timestamp == null ? -1 : Long.parseLong(timestamp);
            boolean verified = secret != null && id != null && signature != null
                    && WebhookSignature.verify(secret, id, ts, body, signature);
            Request unanswered = new Request(id, ts, signature, body, verified, 0);
            int status = answer.apply(unanswered);
            requests.add(new Request(id, ts, signature, body, verified, status));
            if (status >= 300 && status < 400) {
                exchange.getResponseHeaders().add("Location", url() + "/elsewhere");
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
