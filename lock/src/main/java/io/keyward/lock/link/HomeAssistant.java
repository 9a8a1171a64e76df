package io.keyward.lock.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyward.lock.core.LockEvent;
import io.keyward.lock.core.LockView;
import io.keyward.protocol.event.AlarmKind;
import io.keyward.protocol.event.UnlockMethod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the lock says on the home broker, in Home Assistant's MQTT words (docs/home-assistant.md): the
 * retained discovery documents under {@code homeassistant/}, one device per lock, and the state and
 * event messages under {@code keyward/<serial>/}. Pure functions of the lock's view and events, so the
 * documents can be checked field by field without a broker.
 */
public final class HomeAssistant {

    public static final String DISCOVERY_PREFIX = "homeassistant";
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";
    public static final String LOCK = "LOCK";
    public static final String UNLOCK = "UNLOCK";
    public static final String LOCKED = "LOCKED";
    public static final String UNLOCKED = "UNLOCKED";
    public static final String JAMMED = "JAMMED";
    public static final String ON = "ON";
    public static final String OFF = "OFF";
    /** The event_type of a refused unlock attempt, besides one per method of a successful unlock. */
    public static final String REFUSED = "refused";
    static final String MANUFACTURER = "Keyward";
    static final String MODEL = "Keyward smart lock (simulated)";
    /** The firmware version: the jar's, or the build's version when run from classes. */
    static final String FIRMWARE = firmware();
    /** Alarms that stay off the home broker: a duress opening is silent at the door (SPEC B8), and a wall tablet is at the door. */
    static final List<AlarmKind> HOME_ALARMS = Arrays.stream(AlarmKind.values()).filter(a -> a != AlarmKind.DURESS).toList();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The entities of one lock; the door's only where the lock knows its door (A4, G1). */
    public enum Entity {
        LOCK_ENTITY("lock", "lock"),
        BATTERY("sensor", "battery"),
        DOOR("binary_sensor", "door"),
        ALARM("binary_sensor", "alarm"),
        UNLOCK_EVENT("event", "unlock"),
        ALARM_EVENT("event", "alarm_event");

        final String component;
        final String object;

        Entity(String component, String object) {
            this.component = component;
            this.object = object;
        }
    }

    private final String serial;
    private final String base;

    public HomeAssistant(String serial) {
        this.serial = serial;
        this.base = "keyward/" + serial;
    }

    // ------------------------------------------------------------------ topics

    public String availabilityTopic() {
        return base + "/availability";
    }

    public String commandTopic() {
        return base + "/lock/set";
    }

    public String stateTopic(String what) {
        return base + "/" + what + "/state";
    }

    public String eventTopic(String what) {
        return base + "/event/" + what;
    }

    /** {@code homeassistant/<component>/<serial>/<object>/config}. */
    public String discoveryTopic(Entity entity) {
        return DISCOVERY_PREFIX + "/" + entity.component + "/" + serial + "/" + entity.object + "/config";
    }

    /** Every discovery topic the lock may have published (what turning Home MQTT off empties). */
    public List<String> allDiscoveryTopics() {
        return Arrays.stream(Entity.values()).map(this::discoveryTopic).toList();
    }

    /** Every retained state topic (emptied with the discovery documents). */
    public List<String> allStateTopics() {
        return List.of(stateTopic("lock"), stateTopic("battery"), stateTopic("door"), stateTopic("alarm"));
    }

    // ------------------------------------------------------------------ state

    /**
     * The lock entity's state: the ONE place that maps the bolt to Home Assistant's words
     * (locked / unlocked; jammed once the lock can tell a jammed bolt).
     */
    public static String lockState(LockView v) {
        if (v.boltJammed()) {
            return JAMMED; // D9: the motor stalled twice; the bolt is where it stuck, and says so
        }
        return v.boltLocked() ? LOCKED : UNLOCKED;
    }

    /** Whether the lock knows its door, so that a door entity exists. */
    static boolean knowsDoor(LockView v) {
        return !"UNKNOWN".equals(v.door());
    }

    /** The alarm entity is on during a lockout (D1) or while an alarm sounds (D2 ...). */
    static boolean alarmOn(LockView v) {
        return v.lockoutActive() || v.alarms().stream().anyMatch(LockView.AlarmView::active);
    }

    /** The retained state messages now, topic to payload; the door's only where the door is known. */
    public Map<String, String> states(LockView v) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(stateTopic("lock"), lockState(v));
        out.put(stateTopic("battery"), Integer.toString(v.batteryPercent()));
        if (knowsDoor(v)) {
            out.put(stateTopic("door"), "OPEN".equals(v.door()) ? ON : OFF);
        }
        out.put(stateTopic("alarm"), alarmOn(v) ? ON : OFF);
        return out;
    }

    // ------------------------------------------------------------------ events

    /** The event message of a stored event (topic to JSON), or null for events that are not shown at home. */
    public Map.Entry<String, String> event(LockEvent e) {
        if (LockEvent.UNLOCK.equals(e.kind()) && e.method() != null) {
            String type = "OK".equals(e.result()) ? e.method().toLowerCase(Locale.ROOT) : REFUSED;
            Map<String, Object> body = eventBody(type, e);
            body.put("method", e.method());
            body.put("result", e.result());
            body.put("reason", e.reason());
            body.put("user", e.user());
            body.put("credential", e.credential());
            return Map.entry(eventTopic("unlock"), json(body));
        }
        if (LockEvent.ALARM.equals(e.kind()) && e.alarm() != null && !AlarmKind.DURESS.name().equals(e.alarm())) {
            Map<String, Object> body = eventBody(e.alarm().toLowerCase(Locale.ROOT), e);
            body.put("alarm", e.alarm());
            return Map.entry(eventTopic("alarm"), json(body));
        }
        return null;
    }

    private static Map<String, Object> eventBody(String type, LockEvent e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event_type", type);
        body.put("seq", e.seq());
        body.put("at", e.at().toString());
        if (e.detail() != null) {
            body.put("detail", e.detail());
        }
        return body;
    }

    /** The unlock event entity's event_types: one per method of an unlock, and {@link #REFUSED}. */
    static List<String> unlockEventTypes() {
        List<String> types = new ArrayList<>();
        for (UnlockMethod m : UnlockMethod.values()) {
            types.add(m.name().toLowerCase(Locale.ROOT));
        }
        types.add(REFUSED);
        return types;
    }

    // ------------------------------------------------------------------ discovery

    /** The discovery documents for this view, topic to JSON; the door's only where the door is known. */
    public Map<String, String> discovery(LockView v) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Object> lock = entity(Entity.LOCK_ENTITY, "Lock");
        lock.put("state_topic", stateTopic("lock"));
        lock.put("command_topic", commandTopic());
        lock.put("payload_lock", LOCK);
        lock.put("payload_unlock", UNLOCK);
        lock.put("state_locked", LOCKED);
        lock.put("state_unlocked", UNLOCKED);
        lock.put("state_jammed", JAMMED);
        lock.put("optimistic", false);
        lock.put("qos", 1);
        out.put(discoveryTopic(Entity.LOCK_ENTITY), json(lock));

        Map<String, Object> battery = entity(Entity.BATTERY, "Battery");
        battery.put("state_topic", stateTopic("battery"));
        battery.put("device_class", "battery");
        battery.put("unit_of_measurement", "%");
        battery.put("state_class", "measurement");
        out.put(discoveryTopic(Entity.BATTERY), json(battery));

        if (knowsDoor(v)) {
            Map<String, Object> door = entity(Entity.DOOR, "Door");
            door.put("state_topic", stateTopic("door"));
            door.put("device_class", "door");
            door.put("payload_on", ON);
            door.put("payload_off", OFF);
            out.put(discoveryTopic(Entity.DOOR), json(door));
        }

        Map<String, Object> alarm = entity(Entity.ALARM, "Lockout or alarm");
        alarm.put("state_topic", stateTopic("alarm"));
        alarm.put("device_class", "safety");
        alarm.put("payload_on", ON);
        alarm.put("payload_off", OFF);
        out.put(discoveryTopic(Entity.ALARM), json(alarm));

        Map<String, Object> unlocks = entity(Entity.UNLOCK_EVENT, "Unlock");
        unlocks.put("state_topic", eventTopic("unlock"));
        unlocks.put("event_types", unlockEventTypes());
        out.put(discoveryTopic(Entity.UNLOCK_EVENT), json(unlocks));

        Map<String, Object> alarms = entity(Entity.ALARM_EVENT, "Alarm");
        alarms.put("state_topic", eventTopic("alarm"));
        alarms.put("event_types", HOME_ALARMS.stream().map(a -> a.name().toLowerCase(Locale.ROOT)).toList());
        out.put(discoveryTopic(Entity.ALARM_EVENT), json(alarms));
        return out;
    }

    /** The fields every entity of the lock shares: name, unique_id, the device, availability, origin. */
    private Map<String, Object> entity(Entity entity, String name) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", name);
        doc.put("unique_id", "keyward_" + serial + "_" + entity.object);
        doc.put("availability_topic", availabilityTopic());
        doc.put("payload_available", ONLINE);
        doc.put("payload_not_available", OFFLINE);
        doc.put("device", device());
        doc.put("origin", Map.of("name", "Keyward", "sw_version", FIRMWARE));
        return doc;
    }

    private Map<String, Object> device() {
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("identifiers", List.of("keyward_" + serial));
        device.put("name", "Keyward lock " + serial);
        device.put("manufacturer", MANUFACTURER);
        device.put("model", MODEL);
        device.put("serial_number", serial);
        device.put("sw_version", FIRMWARE);
        return device;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value, e);
        }
    }

    private static String firmware() {
        String version = HomeAssistant.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }
}
