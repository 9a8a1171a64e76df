package io.keyward.cloud.threats;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A long-lived response (an MJPEG live view, an alert stream) read on a thread of its own, as a browser
 * holds it: counts what arrives (bytes, MJPEG parts, SSE alert events) and notices when the server ends it.
 */
final class OpenStream implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final int status;
    private final InputStream body;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong parts = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile long endedAt;

    private OpenStream(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.body = response.body();
        Thread reader = new Thread(this::read, "threats-open-stream");
        reader.setDaemon(true);
        reader.start();
    }

    static OpenStream open(int port, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return new OpenStream(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    private void read() {
        StringBuilder line = new StringBuilder();
        try {
            for (int b = body.read(); b >= 0; b = body.read()) {
                bytes.incrementAndGet();
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                String text = line.toString();
                line.setLength(0);
                if (text.startsWith("--keyward-frame")) {
                    parts.incrementAndGet();
                } else if (text.startsWith("event:") && text.contains("alert")) {
                    alerts.incrementAndGet();
                }
            }
        } catch (IOException closed) {
            // the test closed it, or the server reset it: ended either way
        } finally {
            endedAt = System.nanoTime();
            ended.countDown();
        }
    }

    /** Waits until at least this many MJPEG parts arrived. */
    boolean awaitParts(long count, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (parts.get() < count && System.nanoTime() < end && ended.getCount() > 0) {
            Thread.sleep(20);
        }
        return parts.get() >= count;
    }

    /** Waits until at least this many bytes arrived (e.g. an SSE stream's "connected" comment). */
    boolean awaitBytes(long count, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (bytes.get() < count && System.nanoTime() < end && ended.getCount() > 0) {
            Thread.sleep(20);
        }
        return bytes.get() >= count;
    }

    /** How long after {@code since} (System.nanoTime) the server ended the stream, or null if it is still open after the wait. */
    Duration endedWithin(long since, Duration wait) throws InterruptedException {
        if (!ended.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            return null;
        }
        return Duration.ofNanos(Math.max(0, endedAt - since));
    }

    long parts() {
        return parts.get();
    }

    long alerts() {
        return alerts.get();
    }

    @Override
    public void close() throws IOException {
        body.close();
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
