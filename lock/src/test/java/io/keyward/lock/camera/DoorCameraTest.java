package io.keyward.lock.camera;

import io.keyward.lock.core.LiveViewRule;
import io.keyward.lock.panel.PanelApi;
import io.keyward.lock.shell.SimulatedLock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulated outdoor camera (SPEC H7, D8) and the live view's rule (D3) and stream on the lock. */
class DoorCameraTest {

    static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path tmp;

    static BufferedImage decode(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(image).as("decodes as an image").isNotNull();
        return image;
    }

    /** How many pixels differ (by more than JPEG noise) between two frames. */
    static int differingPixels(BufferedImage a, BufferedImage b) {
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                int d = Math.abs((p >> 16 & 0xff) - (q >> 16 & 0xff)) + Math.abs((p >> 8 & 0xff) - (q >> 8 & 0xff))
                        + Math.abs((p & 0xff) - (q & 0xff));
                if (d > 24) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    @DisplayName("H7 frames are small 320x240 JPEGs that ImageIO decodes, headless")
    void framesAreJpegs() throws Exception {
        byte[] jpeg = new DoorCamera("KW-CAM").frame(T);
        assertThat(jpeg.length).isBetween(1000, 30_000);
        assertThat(jpeg[0] & 0xff).isEqualTo(0xff);
        assertThat(jpeg[1] & 0xff).isEqualTo(0xd8);
        BufferedImage image = decode(jpeg);
        assertThat(image.getWidth()).isEqualTo(320);
        assertThat(image.getHeight()).isEqualTo(240);
        assertThat(System.getProperty("java.awt.headless")).isEqualTo("true");
    }

    @Test
    @DisplayName("H7 frames move with the lock's time: a fifth of a second apart they differ; the same instant gives the same picture")
    void framesDifferWithTime() throws Exception {
        DoorCamera camera = new DoorCamera("KW-CAM");
        BufferedImage first = decode(camera.frame(T));
        BufferedImage next = decode(camera.frame(T.plusMillis(200)));
        BufferedImage again = decode(camera.frame(T));
        assertThat(differingPixels(first, next)).as("pixels changed in 200 ms").isGreaterThan(100);
        assertThat(differingPixels(first, again)).isZero();
    }

    @Test
    @DisplayName("H7 the time stamp is on the frame: only the stamp's band differs a whole minute apart at the same phase of the scene")
    void frameCarriesTheTime() throws Exception {
        DoorCamera camera = new DoorCamera("KW-CAM");
        // 60 s apart: the sky's minute-long breath and the 20 s walk are at the same point; only the stamp changed
        BufferedImage a = decode(camera.frame(T));
        BufferedImage b = decode(camera.frame(T.plusSeconds(60)));
        int stampBand = differingPixels(a.getSubimage(0, 218, 320, 22), b.getSubimage(0, 218, 320, 22));
        int scene = differingPixels(a.getSubimage(0, 0, 320, 210), b.getSubimage(0, 0, 320, 210));
        assertThat(stampBand).as("the stamp's digits changed").isGreaterThan(5);
        assertThat(scene).as("the scene is the same").isZero();
    }

    @Test
    @DisplayName("D3 H7 the rule: live view refused at 19 % battery with the reason, allowed at 20 %")
    void ruleRefusesBelowTwentyPercent() throws Exception {
        try (SimulatedLock lock = SimulatedLock.open("KW-CAM1", tmp, true)) {
            lock.battery(19, null);
            LiveViewRule.Refusal refusal = lock.liveViewRefusal();
            assertThat(refusal).isNotNull();
            assertThat(refusal.reason()).isEqualTo("LOW_BATTERY");
            assertThat(refusal.message()).contains("live view is unavailable below 20 % battery");
            lock.battery(20, null);
            assertThat(lock.liveViewRefusal()).isNull();
            lock.battery(null, false); // battery out, no power bank: no power at all
            assertThat(lock.liveViewRefusal().reason()).isEqualTo("NO_POWER");
        }
    }

    @Test
    @DisplayName("H7 the stream sends distinct frames at about 5 per second, and stops by itself when the battery drops to 19 % (D3)")
    void streamStopsWhenTheBatteryDrops() throws Exception {
        try (SimulatedLock lock = SimulatedLock.open("KW-CAM2", tmp, false)) {
            List<byte[]> frames = new CopyOnWriteArrayList<>();
            List<String> stops = new CopyOnWriteArrayList<>();
            try (LiveStream stream = new LiveStream(lock.camera(), lock::now, lock::liveViewRefusal, sink(frames, stops))) {
                assertThat(stream.request(10)).isNull();
                await().atMost(5, TimeUnit.SECONDS).until(() -> frames.size() >= 3);
                List<BufferedImage> images = new ArrayList<>();
                for (byte[] f : frames.subList(0, 3)) {
                    images.add(decode(f));
                }
                assertThat(differingPixels(images.get(0), images.get(1))).isPositive();
                assertThat(differingPixels(images.get(1), images.get(2))).isPositive();

                lock.battery(19, null);
                await().atMost(2, TimeUnit.SECONDS).until(() -> !stream.streaming());
                assertThat(stops).containsExactly("LOW_BATTERY");
                assertThat(stream.request(10)).extracting(LiveViewRule.Refusal::reason).isEqualTo("LOW_BATTERY");
                assertThat(stream.streaming()).isFalse();
            }
        }
    }

    @Test
    @DisplayName("H7 the stream is bounded: it ends when its time runs out, and a request of 0 stops it at once")
    void streamIsBounded() throws Exception {
        try (SimulatedLock lock = SimulatedLock.open("KW-CAM3", tmp, false)) {
            List<byte[]> frames = new CopyOnWriteArrayList<>();
            List<String> stops = new CopyOnWriteArrayList<>();
            try (LiveStream stream = new LiveStream(lock.camera(), lock::now, lock::liveViewRefusal, sink(frames, stops))) {
                stream.request(1);
                await().atMost(3, TimeUnit.SECONDS).until(() -> !stream.streaming());
                assertThat(stops).containsExactly("ENDED");
                assertThat(frames.size()).isBetween(3, 8);

                stream.request(30);
                assertThat(stream.streaming()).isTrue();
                stream.request(0);
                assertThat(stream.streaming()).isFalse();
            }
        }
    }

    @Test
    @DisplayName("H7 panel addition: GET /camera/snapshot.jpg answers the camera's picture now")
    void panelSnapshot() throws Exception {
        try (SimulatedLock lock = SimulatedLock.open("KW-CAM4", tmp, true)) {
            PanelApi.Response response = new PanelApi(lock).handle("GET", "/camera/snapshot.jpg", null, null);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.contentType()).isEqualTo("image/jpeg");
            assertThat(decode(response.body()).getWidth()).isEqualTo(320);
            assertThat(new PanelApi(lock).handle("POST", "/camera/snapshot.jpg", null, null).status()).isEqualTo(405);
            assertThat(new PanelApi(lock).handle("GET", "/camera/snapshot.jpg", "x=1", null).status()).isEqualTo(400);
        }
    }

    private static LiveStream.Sink sink(List<byte[]> frames, List<String> stops) {
        return new LiveStream.Sink() {
            @Override
            public void frame(byte[] jpeg) {
                frames.add(jpeg);
            }

            @Override
            public void stopped(String reason, String message) {
                stops.add(reason);
            }
        };
    }
}
