package io.keyward.protocol.link;

import java.util.regex.Pattern;

/**
 * MQTT topic names of the lock-cloud link, version 1. Every topic of a lock lives under
 * {@code keyward/v1/locks/{serial}/}; the broker lets a lock (MQTT username = its serial) publish
 * and subscribe only there, and the cloud (username {@value #CLOUD_USER}) everywhere below
 * {@code keyward/v1/}. QoS 1 throughout.
 *
 * <pre>
 *   .../commands   cloud -> lock   management and remote unlock commands (signed envelope)
 *   .../replies    lock -> cloud   the lock's answer to each command, by command id
 *   .../events     lock -> cloud   event log entries, each with its per-lock sequence number
 *   .../acks       cloud -> lock   the highest sequence number the cloud has stored
 *   .../state      lock -> cloud   reported state (retained): battery, door, modes, settings, users
 *   .../live       cloud -> lock   start, extend or stop the live view (H7)
 *   .../camera     lock -> cloud   the lock's answer: streaming, or refused with the reason
 *   .../frames     lock -> cloud   the live view's JPEG frames, QoS 0
 *   .../snapshots  lock -> cloud   the doorbell's snapshot (D8)
 * </pre>
 */
public final class Topics {

    public static final String VERSION = "v1";
    public static final String ROOT = "keyward/" + VERSION + "/locks/";
    /** The cloud's own MQTT username; no lock serial may take it. */
    public static final String CLOUD_USER = "keyward-cloud";
    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9-]{1,32}");

    /**
     * LIVE (cloud -> lock: start, extend or stop the live view), CAMERA (lock -> cloud: the answer),
     * FRAMES (lock -> cloud: JPEG frames, QoS 0) and SNAPSHOTS (lock -> cloud: a doorbell snapshot):
     * the camera's topics (SPEC H7, D8), see {@code CameraMessages}.
     */
    public enum Kind { COMMANDS, REPLIES, EVENTS, ACKS, STATE, LIVE, CAMERA, FRAMES, SNAPSHOTS }

    private Topics() {
    }

    /**
     * Names the service's own MQTT clients take: the cloud's user and its nodes' client ids
     * ({@code keyward-cloud-1}, {@code keyward-cloud-1-camera-…}), the dynamic-security admin
     * ({@code keyward-admin}, {@code keyward-admin-…}). A serial is a lock's username and client id,
     * and the cloud issues a login for the serial a pairing names, so no serial may start with this
     * (in any case): else a "lock" could take over a cloud node's session or the broker's admin user.
     */
    public static final String RESERVED_PREFIX = "keyward-";

    public static boolean validSerial(String serial) {
        return serial != null && SERIAL.matcher(serial).matches() && !CLOUD_USER.equals(serial)
                && !serial.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length());
    }

    public static String of(String serial, Kind kind) {
        if (!validSerial(serial)) {
            throw new IllegalArgumentException("not a lock serial: " + serial);
        }
        return ROOT + serial + "/" + kind.name().toLowerCase();
    }

    /** Every lock's topics of one kind, for the cloud's (shared) subscription. */
    public static String all(Kind kind) {
        return ROOT + "+/" + kind.name().toLowerCase();
    }

    /** The filter a lock may use: its own subtree only. */
    public static String ownTree(String serial) {
        return ROOT + serial + "/#";
    }

    /** The serial of a lock topic, or null when the topic is not one. */
    public static String serialOf(String topic) {
        if (topic == null || !topic.startsWith(ROOT)) {
            return null;
        }
        String rest = topic.substring(ROOT.length());
        int slash = rest.indexOf('/');
        String serial = slash < 0 ? null : rest.substring(0, slash);
        return validSerial(serial) ? serial : null;
    }

    /** The kind of a lock topic, or null when the topic is not one. */
    public static Kind kindOf(String topic) {
        String serial = serialOf(topic);
        if (serial == null) {
            return null;
        }
        String tail = topic.substring(ROOT.length() + serial.length() + 1);
        for (Kind k : Kind.values()) {
            if (k.name().toLowerCase().equals(tail)) {
                return k;
            }
        }
        return null;
    }
}
