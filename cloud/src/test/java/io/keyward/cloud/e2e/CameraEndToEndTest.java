package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.keyward.cloud.Api;
import io.keyward.cloud.broker.BrokerEndpoint;
import io.keyward.lock.camera.DoorCamera;
import io.keyward.protocol.link.CameraMessages;
import io.keyward.protocol.link.Topics;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The camera end to end (SPEC H7 live view, D3 its battery rule, D8 the doorbell snapshot, H3/H4 its
 * alert reaching a shared account): the cloud application, simulated locks in this JVM driven through
 * their panel, accounts through the REST API. Subclasses choose the storage and the broker, as
 * {@link EndToEndTest}'s do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CameraEndToEndTest extends CloudWithLocks {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    @DisplayName("H7 live view through the cloud: 3 distinct JPEG frames from the MJPEG stream; two viewers share one stream; it stops when nobody watches")
    void liveViewThroughTheCloud() throws Exception {
        Account owner = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);

        JsonNode answer = expect(owner.post("/api/locks/" + id + "/live", "{}"), 200).json();
        assertThat(answer.get("streaming").asBoolean()).isTrue();
        assertThat(answer.get("stream").asString()).isEqualTo("/api/locks/" + id + "/live.mjpeg");

        try (FrameCounter onTheBroker = new FrameCounter(lock.serial);
             MjpegReader first = MjpegReader.open(cloud, owner, id);
             MjpegReader second = MjpegReader.open(cloud, owner, id)) {
            assertThat(first.contentType()).startsWith("multipart/x-mixed-replace; boundary=");
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                frames.add(first.next());
            }
            List<BufferedImage> images = new ArrayList<>();
            for (byte[] frame : frames) {
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(frame));
                assertThat(image).as("a frame decodes as a JPEG").isNotNull();
                assertThat(image.getWidth()).isEqualTo(320);
                images.add(image);
            }
            assertThat(Arrays.equals(frames.get(0), frames.get(1))).as("frames 1 and 2 differ").isFalse();
            assertThat(Arrays.equals(frames.get(1), frames.get(2))).as("frames 2 and 3 differ").isFalse();
            assertThat(second.next()).as("the second viewer sees frames too").isNotEmpty();

            // one stream for both viewers: the lock sends about 5 frames a second, not 10
            int before = onTheBroker.count.get();
            Thread.sleep(2000);
            int sent = onTheBroker.count.get() - before;
            assertThat(sent).as("frames the lock sent in 2 s with two viewers").isBetween(5, 13);

            first.close();
            second.close();
            // nobody watches: the cloud tells the lock to stop, and the frames stop
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                int seen = onTheBroker.count.get();
                Thread.sleep(1000);
                return onTheBroker.count.get() == seen;
            });
        }
    }

    @Test
    @DisplayName("D3 H7 live view refused at 19 % battery with the reason, allowed again at 20 %; refused at once while the lock is offline")
    void liveViewRefusedOnLowBattery() throws Exception {
        Account owner = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);

        lock.post("/battery", "{\"percent\":19}");
        Api.Response refused = owner.post("/api/locks/" + id + "/live", "{}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.error()).contains("live view is unavailable below 20 % battery").contains("LOW_BATTERY");
        HttpResponse<String> stream = HTTP.send(HttpRequest.newBuilder(cloud.uri().resolve("/api/locks/" + id + "/live.mjpeg"))
                .header("Authorization", "Bearer " + owner.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stream.statusCode()).isEqualTo(409);
        assertThat(stream.body()).contains("below 20 % battery");

        lock.post("/battery", "{\"percent\":20}");
        expect(owner.post("/api/locks/" + id + "/live", "{}"), 200);
        try (MjpegReader reader = MjpegReader.open(cloud, owner, id)) {
            assertThat(ImageIO.read(new ByteArrayInputStream(reader.next()))).isNotNull();
            // the battery drops while watching: the lock stops and the stream ends
            lock.post("/battery", "{\"percent\":19}");
            assertThat(reader.endsWithin(Duration.ofSeconds(10))).as("the stream ends at 19 %").isTrue();
        }

        lock.running().dropLink();
        await().atMost(SOON).until(() -> !owner.lock(id).get("online").asBoolean());
        long start = System.nanoTime();
        Api.Response offline = owner.post("/api/locks/" + id + "/live", "{}");
        assertThat(offline.status()).isEqualTo(409);
        assertThat(offline.error()).isEqualTo("lock offline");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("fails fast").isLessThan(Duration.ofSeconds(2));
    }

    @Test
    @DisplayName("D8 H3 H4 the doorbell alert with its image reaching a shared account; a stranger gets 404 for the image")
    void doorbellSnapshotReachesSharedAccount() throws Exception {
        Account owner = Account.signUp(cloud);
        Account family = Account.signUp(cloud);
        Account stranger = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);
        expect(owner.post("/api/locks/" + id + "/shares", Map.of("email", family.email, "role", "MEMBER")), 201);

        BlockingQueue<String> pushed = new LinkedBlockingQueue<>();
        HttpResponse<java.util.stream.Stream<String>> stream = HTTP.send(HttpRequest.newBuilder(
                        cloud.uri().resolve("/api/alerts/stream")).header("Authorization", "Bearer " + family.token()).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> {
            try {
                stream.body().forEach(pushed::add);
            } catch (java.io.UncheckedIOException closed) {
                // the test closed the stream
            }
        }, "e2e-alert-stream");
        reader.setDaemon(true);
        reader.start();

        lock.post("/touch", "{}");
        lock.keys("BELL");
        lock.expectPrompt("DOORBELL");

        String push = null;
        for (long end = System.nanoTime() + SOON.toNanos(); push == null && System.nanoTime() < end; ) {
            String line = pushed.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith("data:") && line.contains("DOORBELL")) {
                push = line;
            }
        }
        assertThat(push).as("the DOORBELL alert pushed to the family member's stream").isNotNull()
                .contains("\"snapshot\":\"/api/alerts/");
        stream.body().close();

        for (Account account : List.of(family, owner)) {
            JsonNode alert = await().atMost(SOON).until(() -> doorbellAlert(account), a -> a != null);
            String link = alert.get("snapshot").asString();
            assertThat(link).isEqualTo("/api/alerts/" + alert.get("id").asString() + "/snapshot");
            HttpResponse<byte[]> image = await().atMost(SOON).until(() -> bytes(account, link), r -> r.statusCode() == 200);
            assertThat(image.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(image.body()));
            assertThat(picture).as("the snapshot is a JPEG").isNotNull();
            assertThat(picture.getWidth()).isEqualTo(320);
            if (account == family) {
                HttpResponse<byte[]> strangers = bytes(stranger, link);
                assertThat(strangers.statusCode()).as("a stranger asks for the family's snapshot").isEqualTo(404);
                assertThat(new String(strangers.body(), StandardCharsets.UTF_8)).contains("no snapshot");
            }
        }
        // every other alert carries no snapshot link
        assertThat(expect(family.get("/api/alerts"), 200).json().get("alerts")).allSatisfy(a ->
                assertThat(a.get("snapshot").isNull()).isEqualTo(!"DOORBELL".equals(a.get("kind").asString())));
    }

    @Test
    @DisplayName("H7 D8 malformed camera messages are logged and dropped (no snapshot stored); a valid one afterwards is stored")
    void malformedCameraMessagesDropped() throws Exception {
        Account owner = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);
        byte[] notAPicture = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 1, 2, 3, (byte) 0xff, (byte) 0xd9};
        java.time.Instant at = java.time.Instant.now();
        List<byte[]> bad = List.of(
                "{".getBytes(StandardCharsets.UTF_8),
                "{\"v\":1,\"seq\":5,\"at\":\"2026-11-27T10:00:00Z\",\"jpeg\":\"%%%\"}".getBytes(StandardCharsets.UTF_8),
                CameraMessages.write(CameraMessages.Snapshot.of(6, at, "GIF89a".getBytes(StandardCharsets.UTF_8))),
                CameraMessages.write(CameraMessages.Snapshot.of(7, at, notAPicture)),
                CameraMessages.write(CameraMessages.Snapshot.of(8, at, oversized())));
        try (FrameCounter asCloud = new FrameCounter(lock.serial)) {
            for (byte[] message : bad) {
                asCloud.publish(Topics.of(lock.serial, Topics.Kind.SNAPSHOTS), message);
            }
            asCloud.publish(Topics.of(lock.serial, Topics.Kind.CAMERA), "{\"v\":1,\"nonsense\":true}".getBytes(StandardCharsets.UTF_8));
            asCloud.publish(Topics.of(lock.serial, Topics.Kind.FRAMES), "not a frame".getBytes(StandardCharsets.UTF_8));
            byte[] real = new DoorCamera(lock.serial).frame(at);
            asCloud.publish(Topics.of(lock.serial, Topics.Kind.SNAPSHOTS), CameraMessages.write(CameraMessages.Snapshot.of(999, at, real)));
        }
        JdbcClient jdbc = cloud.bean(JdbcClient.class);
        await().atMost(SOON).until(() -> jdbc.sql("select seq from doorbell_snapshots where lock_id = :lock")
                .param("lock", java.util.UUID.fromString(id)).query(Long.class).list(), seqs -> seqs.equals(List.of(999L)));
        // and the link still serves the lock: a live view starts
        expect(owner.post("/api/locks/" + id + "/live", "{}"), 200);
    }

    /** A JPEG's markers around 45 KiB: over the cloud's 44 KiB, within the broker's 64 KiB packet in base64. */
    private static byte[] oversized() {
        byte[] big = new byte[45 * 1024];
        big[0] = (byte) 0xff;
        big[1] = (byte) 0xd8;
        big[2] = (byte) 0xff;
        big[big.length - 2] = (byte) 0xff;
        big[big.length - 1] = (byte) 0xd9;
        return big;
    }

    private static JsonNode doorbellAlert(Account account) {
        for (JsonNode a : expect(account.get("/api/alerts"), 200).json().get("alerts")) {
            if ("DOORBELL".equals(a.get("kind").asString())) {
                return a;
            }
        }
        return null;
    }

    private HttpResponse<byte[]> bytes(Account account, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(cloud.uri().resolve(path)).header("Authorization", "Bearer " + account.token())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Counts the frames a lock publishes, as a cloud-side subscriber of the broker sees them. */
    final class FrameCounter implements AutoCloseable {
        final AtomicInteger count = new AtomicInteger();
        private final Mqtt5AsyncClient client;

        FrameCounter(String serial) throws Exception {
            BrokerEndpoint broker = cloud.bean(BrokerEndpoint.class);
            URI uri = URI.create(broker.cloudUri());
            client = MqttClient.builder().useMqttVersion5().identifier("e2e-frames-" + serial)
                    .serverHost(uri.getHost()).serverPort(uri.getPort())
                    .simpleAuth().username(broker.cloudUsername())
                    .password(broker.cloudPassword().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().buildAsync();
            client.connect().get(5, TimeUnit.SECONDS);
            client.subscribeWith().topicFilter(Topics.of(serial, Topics.Kind.FRAMES)).qos(MqttQos.AT_MOST_ONCE)
                    .callback(p -> count.incrementAndGet()).send().get(5, TimeUnit.SECONDS);
        }

        void publish(String topic, byte[] payload) throws Exception {
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send().get(5, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            client.disconnect();
        }
    }

    /** Reads the parts of a multipart/x-mixed-replace stream of JPEGs, as a browser's img does. */
    static final class MjpegReader implements AutoCloseable {
        private final HttpResponse<InputStream> response;
        private final InputStream in;

        private MjpegReader(HttpResponse<InputStream> response) {
            this.response = response;
            this.in = response.body();
        }

        static MjpegReader open(Cloud cloud, Account account, String lockId) throws Exception {
            HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(
                            cloud.uri().resolve("/api/locks/" + lockId + "/live.mjpeg"))
                    .header("Authorization", "Bearer " + account.token()).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            return new MjpegReader(response);
        }

        String contentType() {
            return response.headers().firstValue("Content-Type").orElse("");
        }

        /** The next part's body, by its Content-Length. */
        byte[] next() throws IOException {
            int length = -1;
            for (String line = line(); ; line = line()) {
                if (line == null) {
                    throw new AssertionError("the stream ended");
                }
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                } else if (line.isEmpty() && length >= 0) {
                    break;
                }
            }
            byte[] body = in.readNBytes(length);
            assertThat(body).hasSize(length);
            return body;
        }

        /** Whether the stream ends (the cloud closes it) within the time. */
        boolean endsWithin(Duration time) throws Exception {
            long end = System.nanoTime() + time.toNanos();
            try {
                while (System.nanoTime() < end) {
                    next();
                }
                return false;
            } catch (AssertionError ended) {
                return true;
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return null;
                }
                bytes.write(b);
            }
            String line = bytes.toString(StandardCharsets.US_ASCII);
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
