package io.keyward.cloud.alerts;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A client of GET /api/alerts/stream, reading the server-sent events line by line on a thread of its own. */
public final class AlertStream implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;

    public AlertStream(int port, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/alerts/stream"))
                .header("Accept", "text/event-stream");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        reader = new Thread(() -> {
            Iterator<String> body = response.body().iterator();
            try {
                while (body.hasNext()) {
                    lines.add(body.next());
                }
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        }, "alert-stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** A stream of the bearer token's account, open (its first comment read) on the cloud at that port. */
    public static AlertStream open(int port, String token) throws Exception {
        AlertStream stream = new AlertStream(port, "Authorization", "Bearer " + token);
        if (stream.status() != 200 || stream.nextLine(":", Duration.ofSeconds(5)) == null) {
            stream.close();
            throw new AssertionError("the alert stream did not open: " + stream.status());
        }
        return stream;
    }

    public int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The next line that starts with the prefix, or null when none comes in time. */
    public String nextLine(String prefix, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (long left = within.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }

    /** The data of the next "alert" event, or null when none comes in time. */
    public JsonNode nextAlert(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        String event = nextLine("event:", within);
        if (event == null || !event.substring(6).strip().equals("alert")) {
            return null;
        }
        String data = nextLine("data:", Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        return data == null ? null : JSON.readTree(data.substring(5).strip());
    }

    /** The data of the next event of that name (e.g. "person") that matches, or null when none comes in time. */
    public JsonNode nextEvent(String name, java.util.function.Predicate<JsonNode> matching, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (long left = within.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            String event = nextLine("event:", Duration.ofNanos(left));
            if (event == null) {
                return null;
            }
            if (!event.substring(6).strip().equals(name)) {
                continue;
            }
            String data = nextLine("data:", Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            JsonNode json = data == null ? null : JSON.readTree(data.substring(5).strip());
            if (json != null && matching.test(json)) {
                return json;
            }
        }
        return null;
    }

    /** Whether the server ended the stream within this time (its body reached its end). */
    public boolean ended(Duration within) throws InterruptedException {
        reader.join(Math.max(1, within.toMillis()));
        return !reader.isAlive();
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
