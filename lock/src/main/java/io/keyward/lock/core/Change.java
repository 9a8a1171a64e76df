package io.keyward.lock.core;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.keyward.protocol.command.LockCommand.Validity;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.visitor.SeenCodes;

import java.util.List;

/**
 * A change to what the lock stores. The core applies each change to its {@link LockData} and
 * hands it to storage; replaying the stored changes rebuilds exactly the same data.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "c")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Change.SecretCreated.class, name = "secret"),
        @JsonSubTypes.Type(value = Change.UserAdded.class, name = "userAdded"),
        @JsonSubTypes.Type(value = Change.UserDeleted.class, name = "userDeleted"),
        @JsonSubTypes.Type(value = Change.ValiditySet.class, name = "validity"),
        @JsonSubTypes.Type(value = Change.CredentialAdded.class, name = "credAdded"),
        @JsonSubTypes.Type(value = Change.CredentialDeleted.class, name = "credDeleted"),
        @JsonSubTypes.Type(value = Change.SettingChanged.class, name = "setting"),
        @JsonSubTypes.Type(value = Change.EventRecorded.class, name = "event"),
        @JsonSubTypes.Type(value = Change.FactoryReset.class, name = "reset"),
        @JsonSubTypes.Type(value = Change.CloudLinked.class, name = "cloudLinked"),
        @JsonSubTypes.Type(value = Change.EventsAcknowledged.class, name = "acked"),
        @JsonSubTypes.Type(value = Change.VisitorSecretSet.class, name = "visitorSecret"),
        @JsonSubTypes.Type(value = Change.VisitorCodesSeen.class, name = "visitorSeen"),
        @JsonSubTypes.Type(value = Change.BluetoothKeyRevoked.class, name = "btRevoked"),
        @JsonSubTypes.Type(value = Change.BluetoothRevocationsPruned.class, name = "btPruned"),
        @JsonSubTypes.Type(value = Change.AccessoryPaired.class, name = "accessoryPaired"),
        @JsonSubTypes.Type(value = Change.AccessoryRemoved.class, name = "accessoryRemoved"),
        @JsonSubTypes.Type(value = Change.RemoteCounterAccepted.class, name = "remoteCounter"),
        @JsonSubTypes.Type(value = Change.HomeMqttSet.class, name = "homeMqtt"),
        @JsonSubTypes.Type(value = Change.DeviceBound.class, name = "deviceBound"),
        @JsonSubTypes.Type(value = Change.DeviceRemoved.class, name = "deviceRemoved"),
        @JsonSubTypes.Type(value = Change.DeviceCommandObeyed.class, name = "deviceCommandObeyed"),
        @JsonSubTypes.Type(value = Change.DeviceCommandsPruned.class, name = "deviceCommandsPruned"),
        @JsonSubTypes.Type(value = Change.LockLinked.class, name = "lockLinked"),
        @JsonSubTypes.Type(value = Change.LockUnlinked.class, name = "lockUnlinked"),
})
public sealed interface Change {

    /** The per-lock secret that keys passcode hashes (created on first start and on reset). */
    record SecretCreated(String secret) implements Change {
    }

    record UserAdded(LockUser user) implements Change {
    }

    /** Deletes the user and every credential of it (SPEC B6). */
    record UserDeleted(int user) implements Change {
    }

    record ValiditySet(int user, Validity validity) implements Change {
    }

    record CredentialAdded(Credential credential) implements Change {
    }

    record CredentialDeleted(String credential) implements Change {
    }

    record SettingChanged(Setting setting, String value) implements Change {
    }

    record EventRecorded(LockEvent event) implements Change {
    }

    /** Wipes users, credentials and settings and sets a new secret; only the event counter survives (SPEC D7). */
    record FactoryReset(String secret) implements Change {
    }

    /**
     * Paired with the cloud (A3): its signing key, the lock's own broker address and password, and when the
     * cloud bound it (D7: cloud-signed Bluetooth keys issued before are refused; null: not told).
     */
    record CloudLinked(String cloudPublicKey, String brokerUri, String brokerPassword, java.time.Instant boundAt)
            implements Change {
    }

    /** The cloud has stored every event up to this sequence number: they need not be sent again. */
    record EventsAcknowledged(long upTo) implements Change {
    }

    /**
     * The secret visitor passcodes are derived from (SPEC E1, E2; docs/visitor-passcodes.md), base64url,
     * shared with the cloud at pairing. A new secret forgets the table of seen visitor codes (the codes of
     * the old one are unknown now). A factory reset wipes it.
     */
    record VisitorSecretSet(String secret) implements Change {
    }

    /**
     * The lock's table of seen visitor codes (first uses and revocations) as of hour (visitor hours since
     * 2026-01-01T00:00Z); replaces the previous table. Bounded by {@link SeenCodes#DEFAULT_CAPACITY}.
     */
    record VisitorCodesSeen(long hour, List<SeenCodes.Entry> entries) implements Change {
    }

    /**
     * A Bluetooth key the lock refuses from now on (SPEC E3), from a revocation the cloud signed; kept
     * until keyUntil, the revoked key's own end of validity. A factory reset wipes it.
     */
    record BluetoothKeyRevoked(String keyId, java.time.Instant keyUntil) implements Change {
    }

    /** Forgets the revocations of keys expired by at (refused as EXPIRED anyway). */
    record BluetoothRevocationsPruned(java.time.Instant at) implements Change {
    }

    /** A Bluetooth accessory paired (G1, G2), with the key it shares with the lock; replaces one of the same id. */
    record AccessoryPaired(Accessory accessory) implements Change {
    }

    record AccessoryRemoved(String id) implements Change {
    }

    /** A remote controller's press with this rolling-code counter was accepted (G2): lower ones are replays now. */
    record RemoteCounterAccepted(String id, long counter) implements Change {
    }

    /** Home MQTT set up (with its password: it lives on the lock) or, with null, turned off. A reset wipes it. */
    record HomeMqttSet(HomeMqtt homeMqtt) implements Change {
    }

    /** An owner device bound at the door (issue 15, trust design §4); replaces one of the same id. A reset wipes it. */
    record DeviceBound(OwnerDevice device) implements Change {
    }

    /** An owner device removed (trust design §4); grants whose chain ends at it stop working. */
    record DeviceRemoved(String deviceId) implements Change {
    }

    /**
     * A device-signed command (issue 15, kwdc1) was obeyed: its id is refused as REPLAYED until expiresAt,
     * across restarts too (a management command lives up to 7 days). A reset wipes them.
     */
    record DeviceCommandObeyed(String commandId, java.time.Instant expiresAt) implements Change {
    }

    /** Forgets the obeyed device command ids that expired by at (refused as EXPIRED anyway). */
    record DeviceCommandsPruned(java.time.Instant at) implements Change {
    }

    /**
     * Issue 15, trust design §9: this lock follows the lock serial's signed sync statements, checked with its
     * Ed25519 identity key lockKey (SPKI b64u); replaces the key of a serial linked before. A reset wipes them,
     * and so does the first owner device's binding (links the cloud alone made are not a device's word).
     */
    record LockLinked(String serial, String lockKey) implements Change {
    }

    /** The linked lock serial forgotten (UNLINK_LOCK). */
    record LockUnlinked(String serial) implements Change {
    }
}
