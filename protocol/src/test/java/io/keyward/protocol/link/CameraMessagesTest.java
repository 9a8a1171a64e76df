package io.keyward.protocol.link;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The camera's link messages (SPEC H7, D8) are read strictly: anything off is Malformed, with the reason. */
class CameraMessagesTest {

    /** The smallest thing with a JPEG's start and end markers. */
    static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0, (byte) 0xff, (byte) 0xd9};

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("H7 live requests and answers round-trip; a request is v 1, an id of 1 to 64 characters, 0 to 60 seconds")
    void liveRequests() throws Exception {
        var request = new CameraMessages.LiveRequest(1, "abc", 60);
        assertThat(CameraMessages.readRequest(CameraMessages.write(request))).isEqualTo(request);
        var status = new CameraMessages.LiveStatus(1, null, false, "LOW_BATTERY", "below 20 %");
        assertThat(CameraMessages.readStatus(CameraMessages.write(status))).isEqualTo(status);
        for (String bad : List.of("", "{", "[]", "null", "{\"v\":1,\"id\":\"a\",\"seconds\":61}",
                "{\"v\":1,\"id\":\"a\",\"seconds\":-1}", "{\"v\":2,\"id\":\"a\",\"seconds\":1}",
                "{\"v\":1,\"id\":\"" + "x".repeat(65) + "\",\"seconds\":1}", "{\"v\":1,\"seconds\":1}",
                "{\"v\":1,\"id\":\"a\",\"seconds\":1,\"x\":1}", "{\"v\":1,\"id\":\"a\",\"seconds\":\"1\"} x")) {
            assertThatThrownBy(() -> CameraMessages.readRequest(utf8(bad))).as(bad).isInstanceOf(LinkMessages.Malformed.class);
        }
        assertThatThrownBy(() -> CameraMessages.readStatus(utf8("{\"v\":1,\"streaming\":true,\"extra\":1}")))
                .isInstanceOf(LinkMessages.Malformed.class);
    }

    @Test
    @DisplayName("D8 a snapshot reads back to its JPEG; not base64, not a JPEG, over 256 KiB or missing fields is Malformed")
    void snapshots() throws Exception {
        Instant at = Instant.parse("2026-11-27T10:00:00Z");
        CameraMessages.Picture picture = CameraMessages.readSnapshot(CameraMessages.write(CameraMessages.Snapshot.of(7, at, JPEG)));
        assertThat(picture.seq()).isEqualTo(7);
        assertThat(picture.at()).isEqualTo(at);
        assertThat(picture.jpeg()).isEqualTo(JPEG);

        byte[] big = new byte[CameraMessages.MAX_IMAGE_BYTES + 1];
        System.arraycopy(JPEG, 0, big, 0, 4);
        big[big.length - 2] = (byte) 0xff;
        big[big.length - 1] = (byte) 0xd9;
        List<byte[]> bad = List.of(
                utf8("{\"v\":1,\"seq\":7,\"at\":\"2026-11-27T10:00:00Z\",\"jpeg\":\"not base64!\"}"),
                CameraMessages.write(CameraMessages.Snapshot.of(7, at, utf8("GIF89a not a jpeg"))),
                CameraMessages.write(CameraMessages.Snapshot.of(7, at, big)),
                CameraMessages.write(CameraMessages.Snapshot.of(0, at, JPEG)),
                utf8("{\"v\":1,\"seq\":7,\"jpeg\":\"" + Base64.getEncoder().encodeToString(JPEG) + "\"}"),
                utf8("{\"v\":1,\"seq\":7,\"at\":\"2026-11-27T10:00:00Z\",\"jpeg\":\"\",\"more\":true}"),
                new byte[CameraMessages.MAX_SNAPSHOT_MESSAGE_BYTES + 1],
                new byte[0]);
        for (byte[] message : bad) {
            assertThatThrownBy(() -> CameraMessages.readSnapshot(message)).isInstanceOf(LinkMessages.Malformed.class);
        }
    }

    @Test
    @DisplayName("H7 a frame must be a JPEG of at most 256 KiB")
    void frames() throws Exception {
        CameraMessages.checkJpeg(JPEG);
        assertThatThrownBy(() -> CameraMessages.checkJpeg(utf8("hello, not a picture"))).isInstanceOf(LinkMessages.Malformed.class);
        assertThatThrownBy(() -> CameraMessages.checkJpeg(new byte[3])).isInstanceOf(LinkMessages.Malformed.class);
        assertThatThrownBy(() -> CameraMessages.checkJpeg(null)).isInstanceOf(LinkMessages.Malformed.class);
    }
}
