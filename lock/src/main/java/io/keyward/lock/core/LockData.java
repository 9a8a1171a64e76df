package io.keyward.lock.core;

import io.keyward.protocol.command.LockCommand.CredentialKind;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.visitor.SeenCodes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the lock keeps across power cuts. It changes only through {@link #apply(Change)},
 * both live and when storage replays, so the two can never disagree.
 */
public final class LockData {

    /** The lock keeps at least this many newest events (the floor). */
    public static final int EVENTS_KEPT = 10_000;

    private String secret;
    private long nextSeq = 1;
    private final TreeMap<Integer, LockUser> users = new TreeMap<>();
    private final List<Credential> credentials = new ArrayList<>();
    private final EnumMap<Setting, String> settings = new EnumMap<>(Setting.class);
    private final ArrayDeque<LockEvent> events = new ArrayDeque<>();
    private final EnumMap<CredentialKind, Integer> lastCredentialNo = new EnumMap<>(CredentialKind.class);
    private int lastUserId; // user numbers are never reused until a reset, so old events keep their meaning
    private CloudLink cloud;
    private long acknowledgedSeq;
    private String visitorSecret;
    private SeenCodes seenCodes = SeenCodes.empty();
    private long visitorHour;
    private final TreeMap<String, java.time.Instant> revokedBluetoothKeys = new TreeMap<>(); // E3: key id -> keyUntil
    private final java.util.LinkedHashMap<String, Accessory> accessories = new java.util.LinkedHashMap<>(); // G1, G2
    private HomeMqtt homeMqtt; // null: Home MQTT off
    private final java.util.LinkedHashMap<String, OwnerDevice> ownerDevices = new java.util.LinkedHashMap<>(); // issue 15
    // decoded public keys of owner devices: decoding is costly and every device command needs one
    private final java.util.HashMap<String, java.security.interfaces.ECPublicKey> ownerKeys = new java.util.HashMap<>();
    // issue 15: ids of obeyed device-signed commands -> their expiry, so none is obeyed twice, even after a restart
    private final TreeMap<String, java.time.Instant> obeyedDeviceCommands = new TreeMap<>();
    // issue 15, design §9: linked locks' serials -> their Ed25519 identity keys (SPKI b64u), in linking order
    private final java.util.LinkedHashMap<String, String> linkedLocks = new java.util.LinkedHashMap<>();

    /**
     * The lock's binding to the cloud (A3): the key that signs commands, the lock's broker login, and when the
     * cloud bound it (D7; null when the cloud did not say, or the binding was stored before it did).
     */
    public record CloudLink(String cloudPublicKey, String brokerUri, String brokerPassword, java.time.Instant boundAt) {
    }

    public void apply(Change change) {
        // Java 17 has no pattern switch: one instanceof per kind of change.
        if (change instanceof Change.SecretCreated c) {
            secret = c.secret();
        } else if (change instanceof Change.UserAdded c) {
            users.put(c.user().id(), c.user());
            lastUserId = Math.max(lastUserId, c.user().id());
        } else if (change instanceof Change.UserDeleted c) {
            users.remove(c.user());
            credentials.removeIf(cr -> cr.user() == c.user());
        } else if (change instanceof Change.ValiditySet c) {
            users.computeIfPresent(c.user(), (id, u) -> new LockUser(id, u.name(), u.role(), c.validity()));
        } else if (change instanceof Change.CredentialAdded c) {
            credentials.add(c.credential());
            lastCredentialNo.merge(c.credential().kind(), c.credential().number(), Math::max);
        } else if (change instanceof Change.CredentialDeleted c) {
            credentials.removeIf(cr -> cr.id().equals(c.credential()));
        } else if (change instanceof Change.SettingChanged c) {
            settings.put(c.setting(), c.value());
        } else if (change instanceof Change.EventRecorded c) {
            record(c.event());
        } else if (change instanceof Change.FactoryReset c) {
            reset(c.secret());
        } else if (change instanceof Change.CloudLinked c) {
            cloud = new CloudLink(c.cloudPublicKey(), c.brokerUri(), c.brokerPassword(), c.boundAt());
        } else if (change instanceof Change.EventsAcknowledged c) {
            acknowledgedSeq = Math.max(acknowledgedSeq, c.upTo());
        } else if (change instanceof Change.VisitorSecretSet c) {
            visitorSecret = c.secret();
            seenCodes = SeenCodes.empty();
            visitorHour = 0;
        } else if (change instanceof Change.VisitorCodesSeen c) {
            seenCodes = SeenCodes.of(c.entries(), SeenCodes.DEFAULT_CAPACITY);
            visitorHour = Math.max(visitorHour, c.hour());
        } else if (change instanceof Change.BluetoothKeyRevoked c) {
            revokedBluetoothKeys.merge(c.keyId(), c.keyUntil(), (a, b) -> a.isAfter(b) ? a : b);
        } else if (change instanceof Change.BluetoothRevocationsPruned c) {
            revokedBluetoothKeys.values().removeIf(until -> !c.at().isBefore(until));
        } else if (change instanceof Change.AccessoryPaired c) {
            accessories.put(c.accessory().id(), c.accessory());
        } else if (change instanceof Change.AccessoryRemoved c) {
            accessories.remove(c.id());
        } else if (change instanceof Change.RemoteCounterAccepted c) {
            accessories.computeIfPresent(c.id(), (id, a) -> a.withCounter(Math.max(a.counter(), c.counter())));
        } else if (change instanceof Change.HomeMqttSet c) {
            homeMqtt = c.homeMqtt();
        } else if (change instanceof Change.DeviceBound c) {
            if (ownerDevices.isEmpty()) {
                linkedLocks.clear(); // entering trust mode (design §9): only links an owner's device signed count
            }
            ownerDevices.put(c.device().deviceId(), c.device());
            ownerKeys.remove(c.device().deviceId());
        } else if (change instanceof Change.DeviceRemoved c) {
            ownerDevices.remove(c.deviceId());
            ownerKeys.remove(c.deviceId());
        } else if (change instanceof Change.DeviceCommandObeyed c) {
            obeyedDeviceCommands.merge(c.commandId(), c.expiresAt(), (a, b) -> a.isAfter(b) ? a : b);
        } else if (change instanceof Change.DeviceCommandsPruned c) {
            obeyedDeviceCommands.values().removeIf(until -> !c.at().isBefore(until));
        } else if (change instanceof Change.LockLinked c) {
            linkedLocks.put(c.serial(), c.lockKey());
        } else if (change instanceof Change.LockUnlinked c) {
            linkedLocks.remove(c.serial());
        } else {
            throw new IllegalArgumentException("unknown change " + change);
        }
    }

    private void record(LockEvent event) {
        events.addLast(event);
        nextSeq = Math.max(nextSeq, event.seq() + 1);
        while (events.size() > EVENTS_KEPT) {
            events.removeFirst();
        }
    }

    private void reset(String newSecret) {
        secret = newSecret;
        users.clear();
        credentials.clear();
        settings.clear();
        events.clear();
        lastCredentialNo.clear();
        lastUserId = 0;
        cloud = null; // D7: the binding is cleared too
        visitorSecret = null; // and the visitor secret with what the lock remembers of visitor codes
        seenCodes = SeenCodes.empty();
        visitorHour = 0;
        revokedBluetoothKeys.clear(); // keys of the old binding mean nothing to the next one
        accessories.clear(); // D7: paired accessories and their keys too
        homeMqtt = null; // D7: every link, the home broker's too
        ownerDevices.clear(); // D7: the owner devices too (issue 15): the next owner binds afresh
        ownerKeys.clear();
        obeyedDeviceCommands.clear(); // the devices that signed them are gone too
        linkedLocks.clear(); // D7: every link, the other locks' too (design §9)
    }

    /** The revoked Bluetooth key ids and until when each is kept (E3), ordered by id. */
    public Map<String, java.time.Instant> bluetoothRevocations() {
        return java.util.Collections.unmodifiableMap(revokedBluetoothKeys);
    }

    /** The revoked Bluetooth keys as the protocol's set (a fresh copy, for a handshake or a check). */
    public io.keyward.protocol.bluetooth.RevokedKeys revokedBluetoothKeys() {
        io.keyward.protocol.bluetooth.RevokedKeys set = new io.keyward.protocol.bluetooth.RevokedKeys();
        revokedBluetoothKeys.forEach(set::revoke);
        return set;
    }

    /** Ids of obeyed device-signed commands and until when each is kept (issue 15, replay memory), by id. */
    public Map<String, java.time.Instant> obeyedDeviceCommands() {
        return java.util.Collections.unmodifiableMap(obeyedDeviceCommands);
    }

    /** The linked locks (issue 15, design §9): serial -> Ed25519 identity key (SPKI b64u), in linking order. */
    public Map<String, String> linkedLocks() {
        return java.util.Collections.unmodifiableMap(linkedLocks);
    }

    /** The owner devices (issue 15, trust design §4), in binding order. */
    public List<OwnerDevice> ownerDevices() {
        return List.copyOf(ownerDevices.values());
    }

    public Optional<OwnerDevice> ownerDevice(String deviceId) {
        return Optional.ofNullable(deviceId == null ? null : ownerDevices.get(deviceId));
    }

    /** Trust mode: the lock holds at least one owner device, and access needs a device's signature. */
    public boolean trustMode() {
        return !ownerDevices.isEmpty();
    }

    /** The ECDSA public key of a current owner device, decoded once; null when deviceId is not one. */
    public java.security.interfaces.ECPublicKey ownerDeviceKey(String deviceId) {
        OwnerDevice device = deviceId == null ? null : ownerDevices.get(deviceId);
        if (device == null) {
            return null;
        }
        return ownerKeys.computeIfAbsent(deviceId,
                id -> io.keyward.protocol.bluetooth.DeviceKeys.decode(device.deviceKey()));
    }

    /** The home broker the lock connects to (docs/home-assistant.md), or null while Home MQTT is off. */
    public HomeMqtt homeMqtt() {
        return homeMqtt;
    }

    /** Paired Bluetooth accessories (G1, G2), in pairing order. */
    public List<Accessory> accessories() {
        return List.copyOf(accessories.values());
    }

    public Optional<Accessory> accessory(String id) {
        return Optional.ofNullable(accessories.get(id));
    }

    /** G1: a paired door sensor tells the lock whether the door is open. */
    public boolean hasDoorSensor() {
        return accessories.values().stream().anyMatch(Accessory::isDoorSensor);
    }

    public CloudLink cloud() {
        return cloud;
    }

    /** The visitor passcode secret shared at pairing (base64url), or null (E1, E2). */
    public String visitorSecret() {
        return visitorSecret;
    }

    /** The visitor codes the lock has seen (first uses, revocations) that still matter. */
    public SeenCodes seenCodes() {
        return seenCodes;
    }

    /** The latest visitor hour at which the table was stored: the lock's clock must not be behind it. */
    public long visitorHour() {
        return visitorHour;
    }

    /** Events the cloud has not acknowledged yet, oldest first: what the link sends when it can. */
    public List<LockEvent> unacknowledgedEvents() {
        return eventsAfter(acknowledgedSeq);
    }

    /** The sequence number of the oldest event kept (the next one when none is kept). */
    public long oldestKeptSeq() {
        return events.isEmpty() ? nextSeq : events.peekFirst().seq();
    }

    public long acknowledgedSeq() {
        return acknowledgedSeq;
    }

    public String secret() {
        return secret;
    }

    public long nextSeq() {
        return nextSeq;
    }

    public Map<Integer, LockUser> users() {
        return java.util.Collections.unmodifiableMap(users);
    }

    public Optional<LockUser> user(int id) {
        return Optional.ofNullable(users.get(id));
    }

    public boolean hasAdministrator() {
        return users.values().stream().anyMatch(LockUser::isAdministrator);
    }

    public int nextUserId() {
        return lastUserId + 1;
    }

    public List<Credential> credentials() {
        return java.util.Collections.unmodifiableList(credentials);
    }

    public Optional<Credential> credential(String id) {
        return credentials.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public int nextCredentialNo(CredentialKind kind) {
        return lastCredentialNo.getOrDefault(kind, 0) + 1;
    }

    public String setting(Setting setting) {
        return settings.getOrDefault(setting, Settings.defaultOf(setting));
    }

    public boolean flag(Setting setting) {
        return Boolean.parseBoolean(setting(setting));
    }

    public int seconds(Setting setting) {
        return Integer.parseInt(setting(setting));
    }

    /** Events with seq greater than after, oldest first. */
    public List<LockEvent> eventsAfter(long after) {
        List<LockEvent> out = new ArrayList<>();
        Iterator<LockEvent> it = events.descendingIterator();
        while (it.hasNext()) {
            LockEvent e = it.next();
            if (e.seq() <= after) {
                break;
            }
            out.add(e);
        }
        java.util.Collections.reverse(out);
        return out;
    }

    // --- snapshot form, read by the storage codec ---

    /** The whole data as changes that rebuild it: the snapshot written on compaction. */
    public List<Change> asChanges() {
        List<Change> out = new ArrayList<>();
        if (secret != null) {
            out.add(new Change.SecretCreated(secret));
        }
        users.values().forEach(u -> out.add(new Change.UserAdded(u)));
        credentials.forEach(c -> out.add(new Change.CredentialAdded(c)));
        settings.forEach((k, v) -> out.add(new Change.SettingChanged(k, v)));
        events.forEach(e -> out.add(new Change.EventRecorded(e)));
        if (cloud != null) {
            out.add(new Change.CloudLinked(cloud.cloudPublicKey(), cloud.brokerUri(), cloud.brokerPassword(), cloud.boundAt()));
        }
        if (acknowledgedSeq > 0) {
            out.add(new Change.EventsAcknowledged(acknowledgedSeq));
        }
        if (visitorSecret != null) {
            out.add(new Change.VisitorSecretSet(visitorSecret));
        }
        if (seenCodes.size() > 0 || visitorHour > 0) {
            out.add(new Change.VisitorCodesSeen(visitorHour, seenCodes.entries()));
        }
        revokedBluetoothKeys.forEach((id, until) -> out.add(new Change.BluetoothKeyRevoked(id, until)));
        accessories.values().forEach(a -> out.add(new Change.AccessoryPaired(a)));
        if (homeMqtt != null) {
            out.add(new Change.HomeMqttSet(homeMqtt));
        }
        ownerDevices.values().forEach(d -> out.add(new Change.DeviceBound(d)));
        obeyedDeviceCommands.forEach((id, until) -> out.add(new Change.DeviceCommandObeyed(id, until)));
        linkedLocks.forEach((serial, key) -> out.add(new Change.LockLinked(serial, key))); // after the devices: see DeviceBound
        return out;
    }

    /** Counters that the change list alone cannot carry (events may all have been wiped by a reset). */
    public record Counters(long nextSeq, int lastUserId, Map<CredentialKind, Integer> lastCredentialNo) {
    }

    public Counters counters() {
        return new Counters(nextSeq, lastUserId, new EnumMap<>(lastCredentialNo));
    }

    public void restore(Counters counters) {
        nextSeq = Math.max(nextSeq, counters.nextSeq());
        lastUserId = Math.max(lastUserId, counters.lastUserId());
        counters.lastCredentialNo().forEach((k, v) -> lastCredentialNo.merge(k, v, Math::max));
    }
}
