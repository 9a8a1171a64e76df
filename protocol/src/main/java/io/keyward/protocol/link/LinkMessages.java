package io.keyward.protocol.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyward.protocol.json.StrictJson;

import java.time.Instant;

/**
 * The other messages of the link (v1), and their strict JSON form. A message that does not read
 * is refused with a reason; the receiver logs it and drops it, and the connection goes on.
 */
public final class LinkMessages {

    /** Messages larger than this are dropped unread. */
    public static final int MAX_BYTES = 16 * 1024;

    /** One event of the lock's log (topic {@code events}); the cloud stores each (serial, seq) once. */
    public record EventMessage(int v, long seq, Instant at, String kind, String method, String result, Integer user,
                               String credential, String reason, String alarm, String detail,
                               @com.fasterxml.jackson.annotation.JsonInclude(
                                       com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String statement) {

        /**
         * An event without a sync statement: statement is the lock's signed {@code kwsu1.} word that it was
         * opened from outside (issue 15, trust design §9), sent only with such an UNLOCK OK; the cloud relays
         * it to a linked lock in the SYNC_UNLOCK and never stores it.
         */
        public EventMessage(int v, long seq, Instant at, String kind, String method, String result, Integer user,
                            String credential, String reason, String alarm, String detail) {
            this(v, seq, at, kind, method, result, user, credential, reason, alarm, detail, null);
        }
    }

    /**
     * The cloud has stored the event with this sequence number (topic {@code acks}), and, when
     * {@code from} is given, every event from {@code from} to {@code seq}: a run of consecutive events
     * the cloud stored in one batch, so a busy lock gets one ack a batch rather than one an event
     * (issue 11). Never cumulative beyond what was stored: a message the broker dropped on the way is
     * not in any run, so no later ack covers it. The lock lets go of its events up to the highest
     * sequence number with no gap left before it.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Ack(int v, long seq, Long from) {

        /** One event. */
        public Ack(int v, long seq) {
            this(v, seq, null);
        }

        /** The first sequence number acknowledged: {@code from}, or {@code seq} for one event. */
        public long first() {
            return from == null ? seq : from;
        }
    }

    /**
     * The lock's answer to the command with this id (topic {@code replies}); data: what an accepted
     * command hands back (BIND_DEVICE's deviceId, sealedVisitorSecret and mac, issue 15), else null and
     * left out.
     */
    public record Reply(int v, String id, boolean accepted, String reason, String message, Integer user,
                        @com.fasterxml.jackson.annotation.JsonInclude(
                                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                        java.util.Map<String, String> data) {

        /** A reply without data: every command's but BIND_DEVICE's. */
        public Reply(int v, String id, boolean accepted, String reason, String message, Integer user) {
            this(v, id, accepted, reason, message, user, null);
        }
    }

    /**
     * What the lock reports of itself (topic {@code state}, retained): sent on connecting and
     * whenever it changes. asOf: the lock's last event sequence number when it was taken, so the
     * cloud can tell newer from older reports. Never biometric data (SPEC B9): credentials by id only.
     * radio: the base URL of the lock's simulated Bluetooth radio (the app appends /radio/hello ...;
     * docs/bluetooth.md), null when unknown.
     */
    public record LockState(int v, boolean online, long asOf, int battery, boolean batteryLow, String bolt, String door,
                            boolean lockedFromInside, boolean lockout, java.util.Map<String, String> settings,
                            java.util.List<User> users, Enrolment enrolment, String radio,
                            java.util.List<Accessory> accessories, HomeMqtt homeMqtt,
                            @com.fasterxml.jackson.annotation.JsonInclude(
                                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                            java.util.List<OwnerDevice> ownerDevices,
                            @com.fasterxml.jackson.annotation.JsonInclude(
                                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                            String lockKey,
                            @com.fasterxml.jackson.annotation.JsonInclude(
                                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                            String lockKeyMac) {

        /**
         * A report without the lock's key (issue 15, trust design §9: lockKey is the lock's Ed25519 identity
         * key, SPKI b64u, lockKeyMac its MAC under the visitor secret; a lock without an identity sends none).
         */
        public LockState(int v, boolean online, long asOf, int battery, boolean batteryLow, String bolt, String door,
                         boolean lockedFromInside, boolean lockout, java.util.Map<String, String> settings,
                         java.util.List<User> users, Enrolment enrolment, String radio,
                         java.util.List<Accessory> accessories, HomeMqtt homeMqtt, java.util.List<OwnerDevice> ownerDevices) {
            this(v, online, asOf, battery, batteryLow, bolt, door, lockedFromInside, lockout, settings, users, enrolment,
                    radio, accessories, homeMqtt, ownerDevices, null, null);
        }

        /** A report without owner devices (a lock of an earlier version sends none; issue 15). */
        public LockState(int v, boolean online, long asOf, int battery, boolean batteryLow, String bolt, String door,
                         boolean lockedFromInside, boolean lockout, java.util.Map<String, String> settings,
                         java.util.List<User> users, Enrolment enrolment, String radio,
                         java.util.List<Accessory> accessories, HomeMqtt homeMqtt) {
            this(v, online, asOf, battery, batteryLow, bolt, door, lockedFromInside, lockout, settings, users, enrolment,
                    radio, accessories, homeMqtt, null, null, null);
        }

        /**
         * The same report as of another event: what a link compares to tell a change of the lock from a new event
         * alone, which the event itself tells the cloud (docs/link.md "Reported state").
         */
        public LockState asOf(long seq) {
            return new LockState(v, online, seq, battery, batteryLow, bolt, door, lockedFromInside, lockout, settings, users,
                    enrolment, radio, accessories, homeMqtt, ownerDevices, lockKey, lockKeyMac);
        }

        /** A report without Home MQTT (a lock of an earlier version sends none). */
        public LockState(int v, boolean online, long asOf, int battery, boolean batteryLow, String bolt, String door,
                         boolean lockedFromInside, boolean lockout, java.util.Map<String, String> settings,
                         java.util.List<User> users, Enrolment enrolment, String radio,
                         java.util.List<Accessory> accessories) {
            this(v, online, asOf, battery, batteryLow, bolt, door, lockedFromInside, lockout, settings, users, enrolment,
                    radio, accessories, null, null, null, null);
        }
    }

    /**
     * An owner device of the lock (issue 15, docs/trust.md §6): bound at the door, the root of trust; how:
     * PAIRING_QR or DOOR. Its keys stay on the lock and with the account's registered devices.
     */
    public record OwnerDevice(String deviceId, String name, Instant boundAt, String how) {
    }

    /**
     * Home MQTT as the lock has it (docs/home-assistant.md): the broker it was given, never the password,
     * only whether one is set; status: {@link #OFF}, {@link #CONNECTING}, {@link #CONNECTED} or
     * {@link #REFUSED} (the broker refused the login; the lock keeps trying with backoff).
     */
    public record HomeMqtt(boolean enabled, String host, int port, String username, boolean passwordSet,
                           boolean allowUnlock, String status) {
        public static final String OFF = "OFF";
        public static final String CONNECTING = "CONNECTING";
        public static final String CONNECTED = "CONNECTED";
        public static final String REFUSED = "REFUSED";
    }

    /** A paired Bluetooth accessory (SPEC G1, G2): never its key. kind: DOOR_SENSOR or REMOTE_CONTROLLER. */
    public record Accessory(String id, String kind, String name) {
    }

    /** A guided enrolment under way on the lock (null when none): step of steps, for the app's progress. */
    public record Enrolment(Integer user, String kind, boolean duress, int step, int steps) {
    }

    /**
     * What the lock's will (and its goodbye) says on the state topic: {"v":1,"online":false}. A goodbye
     * may say why (reason, absent in the will): {@link #WIFI_OFF} (its Wi-Fi was switched off, SPEC H6)
     * or {@link #RESET} (it was factory-reset at the door, SPEC D7: it forgot this cloud and its login).
     */
    public record Presence(int v, boolean online, String reason) {
        public static final String WIFI_OFF = "WIFI_OFF";
        public static final String RESET = "RESET";

        public Presence(int v, boolean online) {
            this(v, online, null);
        }
    }

    public record User(int id, String name, String role, Instant validFrom, Instant validUntil,
                       java.util.List<Credential> credentials) {
    }

    public record Credential(String id, String kind, boolean duress) {
    }

    private static final ObjectMapper JSON = StrictJson.builder()
            .addModule(WireInstants.module()) // after JavaTimeModule: its Instant reader wins
            // "v":"1" is no message of the lock's (fuzz finding 4): one type per field, no coercion
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private LinkMessages() {
    }

    /** Thrown for a message that cannot be read; the message says why. */
    public static final class Malformed extends Exception {
        public Malformed(String reason) {
            super(reason);
        }
    }

    public static <T> T read(byte[] bytes, Class<T> type) throws Malformed {
        if (bytes == null || bytes.length == 0) {
            throw new Malformed("empty message");
        }
        if (bytes.length > MAX_BYTES) {
            throw new Malformed("message larger than " + MAX_BYTES + " bytes");
        }
        try {
            T value = JSON.readValue(bytes, type);
            if (value == null) {
                throw new Malformed("empty message");
            }
            return value;
        } catch (java.io.IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new Malformed("malformed " + type.getSimpleName() + ": " + why);
        }
    }

    public static byte[] write(Object message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message, e);
        }
    }
}
