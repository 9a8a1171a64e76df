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

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The next line that starts with the prefix, or null when none comes in time. */
    String nextLine(String prefix, Duration within) throws InterruptedException {
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

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
