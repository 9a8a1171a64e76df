package io.keyward.protocol.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyward.protocol.json.StrictJson;

import java.time.Instant;
import java.util.Base64;

/**
 * The camera's messages on the link (SPEC H7 live view, D8 doorbell snapshot), read as strictly as
 * {@link LinkMessages}. Frames travel as bare JPEG bytes on {@code frames}; everything else is JSON.
 */
public final class CameraMessages {

    /**
     * The largest JPEG the cloud takes, frame or snapshot; a bigger one is dropped. Bounded by the
     * brokers' 64 KiB packet limit (docs/brokers.md): a snapshot carries it in base64 (4/3 of it).
     * The camera's 320x240 frames are 5 to 15 KB.
     */
    public static final int MAX_IMAGE_BYTES = 44 * 1024;
    /** A snapshot message: the JPEG in base64 and a few fields, within one 64 KiB MQTT packet. */
    public static final int MAX_SNAPSHOT_MESSAGE_BYTES = 62 * 1024;
    /** The longest a lock streams on one request; the cloud renews while someone watches. */
    public static final int MAX_LIVE_SECONDS = 60;

    /**
     * Cloud to lock (topic {@code live}): stream for {@code seconds} from now (1 to 60; asking again
     * extends), or stop at once (0). id: the request's id, repeated in the answer.
     */
    public record LiveRequest(int v, String id, int seconds) {
    }

    /**
     * Lock to cloud (topic {@code camera}): the answer to a request (id), or news (id null) that the
     * lock stopped by itself. streaming false with a reason: refused or stopped, e.g. LOW_BATTERY.
     */
    public record LiveStatus(int v, String id, boolean streaming, String reason, String message) {
    }

    /** Lock to cloud (topic {@code snapshots}): the doorbell event's sequence number and the picture. */
    public record Snapshot(int v, long seq, Instant at, String jpeg) {

        public static Snapshot of(long seq, Instant at, byte[] jpeg) {
            return new Snapshot(1, seq, at, Base64.getEncoder().encodeToString(jpeg));
        }
    }

    /** As strict as LinkMessages' reader, but for the bigger snapshot message. */
    private static final ObjectMapper JSON = StrictJson.builder()
            .addModule(WireInstants.module()) // after JavaTimeModule: its Instant reader wins
            .build();

    private CameraMessages() {
    }

    public static byte[] write(Object message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message, e);
        }
    }

    public static LiveRequest readRequest(byte[] bytes) throws LinkMessages.Malformed {
        LiveRequest request = LinkMessages.read(bytes, LiveRequest.class);
        if (request.v() != 1) {
            throw new LinkMessages.Malformed("unknown version " + request.v());
        }
        if (request.id() == null || request.id().isBlank() || request.id().length() > 64) {
            throw new LinkMessages.Malformed("id must be 1 to 64 characters");
        }
        if (request.seconds() < 0 || request.seconds() > MAX_LIVE_SECONDS) {
            throw new LinkMessages.Malformed("seconds must be 0 to " + MAX_LIVE_SECONDS);
        }
        return request;
    }

    public static LiveStatus readStatus(byte[] bytes) throws LinkMessages.Malformed {
        LiveStatus status = LinkMessages.read(bytes, LiveStatus.class);
        if (status.v() != 1) {
            throw new LinkMessages.Malformed("unknown version " + status.v());
        }
        return status;
    }

    /** A snapshot as read and checked: the doorbell event's sequence number, when, and the JPEG bytes. */
    public record Picture(long seq, Instant at, byte[] jpeg) {
    }

    /** Reads a snapshot message: a JPEG within the size limit, or Malformed. */
    public static Picture readSnapshot(byte[] bytes) throws LinkMessages.Malformed {
        if (bytes == null || bytes.length == 0) {
            throw new LinkMessages.Malformed("empty message");
        }
        if (bytes.length > MAX_SNAPSHOT_MESSAGE_BYTES) {
            throw new LinkMessages.Malformed("snapshot message larger than " + MAX_SNAPSHOT_MESSAGE_BYTES + " bytes");
        }
        Snapshot snapshot;
        try {
            snapshot = JSON.readValue(bytes, Snapshot.class);
        } catch (java.io.IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new LinkMessages.Malformed("malformed Snapshot: " + why);
        }
        if (snapshot == null || snapshot.v() != 1 || snapshot.seq() < 1 || snapshot.at() == null || snapshot.jpeg() == null) {
            throw new LinkMessages.Malformed("snapshot needs v 1, seq from 1, at and jpeg");
        }
        byte[] jpeg;
        try {
            jpeg = Base64.getDecoder().decode(snapshot.jpeg());
        } catch (IllegalArgumentException e) {
            throw new LinkMessages.Malformed("snapshot jpeg is not base64");
        }
        checkJpeg(jpeg);
        return new Picture(snapshot.seq(), snapshot.at(), jpeg);
    }

    /** A JPEG: starts with SOI (FF D8 FF), ends with EOI (FF D9), at most {@link #MAX_IMAGE_BYTES}. */
    public static void checkJpeg(byte[] jpeg) throws LinkMessages.Malformed {
        if (jpeg == null || jpeg.length < 4) {
            throw new LinkMessages.Malformed("not a JPEG: too short");
        }
        if (jpeg.length > MAX_IMAGE_BYTES) {
            throw new LinkMessages.Malformed("JPEG larger than " + MAX_IMAGE_BYTES + " bytes");
        }
        int n = jpeg.length;
        if ((jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8 || (jpeg[2] & 0xff) != 0xff
                || (jpeg[n - 2] & 0xff) != 0xff || (jpeg[n - 1] & 0xff) != 0xd9) {
            throw new LinkMessages.Malformed("not a JPEG: no start or end marker");
        }
    }
}
