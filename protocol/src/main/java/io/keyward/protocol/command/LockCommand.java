package io.keyward.protocol.command;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.List;

/**
 * The lock's command interface (SPEC B2, D1, H6): what the app sends to manage a lock, over the
 * cloud or over Bluetooth. On the wire each command is a JSON object whose "type" names it.
 * Validation of values that need the lock's state (limits, existing users) happens on the lock.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LockCommand.AddUser.class, name = "ADD_USER"),
        @JsonSubTypes.Type(value = LockCommand.DeleteUser.class, name = "DELETE_USER"),
        @JsonSubTypes.Type(value = LockCommand.SetValidity.class, name = "SET_VALIDITY"),
        @JsonSubTypes.Type(value = LockCommand.ReplacePasscode.class, name = "REPLACE_PASSCODE"),
        @JsonSubTypes.Type(value = LockCommand.StartEnrolment.class, name = "START_ENROLMENT"),
        @JsonSubTypes.Type(value = LockCommand.CancelEnrolment.class, name = "CANCEL_ENROLMENT"),
        @JsonSubTypes.Type(value = LockCommand.DeleteCredential.class, name = "DELETE_CREDENTIAL"),
        @JsonSubTypes.Type(value = LockCommand.ChangeSetting.class, name = "CHANGE_SETTING"),
        @JsonSubTypes.Type(value = LockCommand.LiftLockout.class, name = "LIFT_LOCKOUT"),
        @JsonSubTypes.Type(value = LockCommand.RemoteUnlock.class, name = "REMOTE_UNLOCK"),
        @JsonSubTypes.Type(value = LockCommand.SyncUnlock.class, name = "SYNC_UNLOCK"),
        @JsonSubTypes.Type(value = LockCommand.RevokeBluetoothKey.class, name = "REVOKE_BLUETOOTH_KEY"),
        @JsonSubTypes.Type(value = LockCommand.RevokeVisitorCode.class, name = "REVOKE_VISITOR_CODE"),
        @JsonSubTypes.Type(value = LockCommand.PairAccessory.class, name = "PAIR_ACCESSORY"),
        @JsonSubTypes.Type(value = LockCommand.RemoveAccessory.class, name = "REMOVE_ACCESSORY"),
        @JsonSubTypes.Type(value = LockCommand.SetHomeMqtt.class, name = "SET_HOME_MQTT"),
        @JsonSubTypes.Type(value = LockCommand.BindDevice.class, name = "BIND_DEVICE"),
        @JsonSubTypes.Type(value = LockCommand.DeviceSigned.class, name = "DEVICE_SIGNED"),
        @JsonSubTypes.Type(value = LockCommand.RemoveDevice.class, name = "REMOVE_DEVICE"),
        @JsonSubTypes.Type(value = LockCommand.RevokeGrant.class, name = "REVOKE_GRANT"),
        @JsonSubTypes.Type(value = LockCommand.LinkLock.class, name = "LINK_LOCK"),
        @JsonSubTypes.Type(value = LockCommand.UnlinkLock.class, name = "UNLINK_LOCK"),
})
public sealed interface LockCommand {

    enum CredentialKind { FACE, FINGERPRINT, PASSCODE }

    /** A weekly time window (SPEC B1, beyond the manual): days of week 1=Monday..7=Sunday, minutes of day [from, until). */
    record WeeklyWindow(List<Integer> days, int fromMinute, int untilMinute) {
    }

    /** Optional validity of a lock user; any part may be null (unbounded). */
    record Validity(Instant from, Instant until, List<WeeklyWindow> weekly) {
        public static final Validity ALWAYS = new Validity(null, null, null);
    }

    /**
     * A command that carries a secret (a passcode, a password): the cloud seals it at rest in its queue, opens
     * it only for the signed message, and hides it when it shows the command back. Told by this type, not by
     * the command's text.
     */
    interface WithSecret {
        /** The secret the command gives, or null: none (nothing to seal or hide). */
        String secret();

        /** Its JSON field ("passcode", "password"): part of the sealed copy's identity. */
        String secretField();

        /** The same command carrying another text in the secret's place: sealed, opened, or hidden. */
        LockCommand withSecret(String other);
    }

    /**
     * Adds a lock user; passcode (optional, digits) is set as their passcode in the same step, all or
     * nothing (a person across locks, docs/people.md): refused as PASSCODE_ + the A2 rule it breaks,
     * PASSCODE_ALREADY_ON_LOCK / PASSCODE_OVERLAPS_EXISTING, or LOCK_FULL. Rests sealed in the cloud's
     * queue, and is never shown back ({@link LockCommands#shown}).
     */
    record AddUser(String name, LockUserRole role, Validity validity,
                   @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                   String passcode) implements LockCommand, WithSecret {

        public AddUser(String name, LockUserRole role, Validity validity) {
            this(name, role, validity, null);
        }

        @Override
        public String secret() {
            return passcode;
        }

        @Override
        public String secretField() {
            return "passcode";
        }

        @Override
        public AddUser withSecret(String other) {
            return withPasscode(other);
        }

        /** The same command carrying another passcode text: sealed at rest, opened to send. */
        public AddUser withPasscode(String other) {
            return new AddUser(name, role, validity, other);
        }

        @Override
        public String toString() {
            return "AddUser[name=" + name + ", role=" + role + ", validity=" + validity + ", passcode=" + (passcode == null ? "none" : "***") + "]";
        }
    }

    record DeleteUser(int user) implements LockCommand {
    }

    record SetValidity(int user, Validity validity) implements LockCommand {
    }

    /**
     * Replaces the lock user's passcode (not a duress one) with another, all or nothing: a person's code
     * changed in place (docs/people.md). The lock checks it as ADD_USER's (PASSCODE_ + the A2 rule, or
     * PASSCODE_ALREADY_ON_LOCK / PASSCODE_OVERLAPS_EXISTING against every other code on it), else
     * UNKNOWN_USER. Sealed at rest in the cloud's queue and never shown back, as ADD_USER's passcode.
     */
    record ReplacePasscode(int user, String passcode) implements LockCommand, WithSecret {

        @Override
        public String secret() {
            return passcode;
        }

        @Override
        public String secretField() {
            return "passcode";
        }

        @Override
        public ReplacePasscode withSecret(String other) {
            return new ReplacePasscode(user, other);
        }

        @Override
        public String toString() {
            return "ReplacePasscode[user=" + user + ", passcode=" + (passcode == null ? "none" : "***") + "]";
        }
    }

    /** Starts guided enrolment on the lock; the person then faces the panel (SPEC B3-B5). */
    record StartEnrolment(int user, CredentialKind kind, boolean duress) implements LockCommand {
    }

    record CancelEnrolment() implements LockCommand {
    }

    /** credential: the id the lock reported, such as "fingerprint-2". */
    record DeleteCredential(int user, String credential) implements LockCommand {
    }

    /** setting: a name from {@link Setting}; value: its JSON-friendly text form. */
    record ChangeSetting(Setting setting, String value) implements LockCommand {
    }

    record LiftLockout() implements LockCommand {
    }

    /**
     * Opens the door from the app through the cloud (SPEC C6). Only obeyed inside a
     * {@code SignedCommand}, and only while "Remote unlock" is on; account: who asked, for the log.
     */
    record RemoteUnlock(String account) implements LockCommand {
    }

    /**
     * Synchronized unlock (SPEC F2): the linked lock {@code fromSerial} was just opened from outside,
     * so this lock opens too and relocks after its synchronization duration. Like remote unlock, only
     * obeyed inside a {@code SignedCommand}, and only while "Synchronized unlock" is on. statement: the
     * linked lock's own signed word that it was opened from outside ({@code kwsu1.}, issue 15, trust design
     * §9), relayed by the cloud; a lock in trust mode follows only with one from a lock it was linked to by an
     * owner's device (LINK_LOCK); a lock not in trust mode ignores it. Absent from the JSON when null.
     */
    record SyncUnlock(String fromSerial,
                      @com.fasterxml.jackson.annotation.JsonInclude(
                              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String statement)
            implements LockCommand {

        /** Without a statement (a lock not in trust mode needs none). */
        public SyncUnlock(String fromSerial) {
            this(fromSerial, null);
        }
    }

    /**
     * Revokes a Bluetooth key (SPEC E3): revocation is a {@code kwrv1.} token signed by the cloud
     * ({@code io.keyward.protocol.bluetooth.KeyRevocation}), so the lock trusts its signature, not
     * whoever carried it (the cloud's link, or any app of the lock over Bluetooth).
     */
    record RevokeBluetoothKey(String revocation) implements LockCommand {
    }

    /**
     * Revokes a visitor passcode before its first use, by sync (SPEC E1, E2; docs/visitor-passcodes.md):
     * code names it as the lock's events do, {@code KIND/startHour/variant} (ONE_TIME or PERIODIC).
     */
    record RevokeVisitorCode(String code) implements LockCommand {
    }

    /** The Bluetooth accessories a lock pairs (SPEC G1, G2). */
    enum AccessoryKind { DOOR_SENSOR, REMOTE_CONTROLLER }

    /**
     * Pairs a Bluetooth accessory near the lock (SPEC G1, G2): the lock makes a secret key that the
     * accessory keeps (docs/lock.md, "Accessories"); name: for the app and the event log.
     */
    record PairAccessory(AccessoryKind kind, String name) implements LockCommand {
    }

    /** Unpairs the accessory with this id (as the lock reported it, such as "remote-1"); its key is forgotten. */
    record RemoveAccessory(String id) implements LockCommand {
    }

    /**
     * Home MQTT (docs/home-assistant.md): the lock connects to the home's own MQTT broker, besides the
     * cloud, and publishes Home Assistant discovery documents there. enabled false turns it off (the
     * other fields are then ignored and the stored ones forgotten). password null keeps the stored
     * one (the app never sees it again), "" means none. allowUnlock: the home broker's UNLOCK command
     * opens the door (SPEC C12), off by default.
     */
    record SetHomeMqtt(boolean enabled, String host, Integer port, String username, String password,
                       boolean allowUnlock) implements LockCommand, WithSecret {

        public static final int MAX_HOST = 253;
        public static final int MAX_USERNAME = 64;
        public static final int MAX_PASSWORD = 128;
        public static final int DEFAULT_PORT = 1883;

        /** The port asked for, or MQTT's usual 1883 when none was given. */
        public int portOrDefault() {
            return port == null ? DEFAULT_PORT : port;
        }

        /**
         * Null when the lock can use these values, else what is wrong: checked by the lock, and by the
         * cloud before anything is sent (the same rule in one place).
         */
        public String problem() {
            if (!enabled) {
                return null;
            }
            if (host == null || host.isBlank() || host.length() > MAX_HOST || !host.matches("[A-Za-z0-9.:\\[\\]_-]+")) {
                return "host must be a broker's name or IP address (1 to " + MAX_HOST + " letters, digits, '.', '-', ':')";
            }
            if (port != null && (port < 1 || port > 65535)) {
                return "port must be 1 to 65535";
            }
            if (username != null && (username.length() > MAX_USERNAME || username.chars().anyMatch(Character::isISOControl))) {
                return "username must be at most " + MAX_USERNAME + " printable characters";
            }
            if (password != null && (password.length() > MAX_PASSWORD || password.chars().anyMatch(Character::isISOControl))) {
                return "password must be at most " + MAX_PASSWORD + " printable characters";
            }
            return null;
        }

        /** What an API shows of a password given: never the password itself. */
        public static final String HIDDEN = "(hidden)";

        @Override
        public String secret() {
            return givesPassword() ? password : null;
        }

        @Override
        public String secretField() {
            return "password";
        }

        @Override
        public SetHomeMqtt withSecret(String other) {
            return withPassword(other);
        }

        /** Whether the command gives a password (not "keep the lock's", not "none"). */
        public boolean givesPassword() {
            return password != null && !password.isEmpty();
        }

        /** The same command with another password: sealed at rest, opened to send, hidden to show. */
        public SetHomeMqtt withPassword(String other) {
            return new SetHomeMqtt(enabled, host, port, username, other, allowUnlock);
        }

        /** What may be shown or logged of this command: the password replaced by whether one is given. */
        @Override
        public String toString() {
            return "SetHomeMqtt[enabled=" + enabled + ", host=" + host + ", port=" + port + ", username=" + username
                    + ", password=" + (password == null ? "unchanged" : password.isEmpty() ? "none" : "***")
                    + ", allowUnlock=" + allowUnlock + "]";
        }
    }

    /**
     * Binds the sender's device as an owner device of the lock (issue 15, docs/trust.md §4): deviceKey its
     * ECDSA P-256 key and agreeKey its ECDH P-256 key (SPKI, base64url), name 1..40 characters. proof is the
     * HMAC of those by the bind secret the lock showed in a QR on its own screen, so whoever carries the
     * command (the cloud, the panel) cannot make one: the proof is what the lock checks, not the link. The
     * reply's data carries deviceId, sealedVisitorSecret and mac.
     */
    record BindDevice(String deviceKey, String agreeKey, String name, String proof) implements LockCommand {

        /** The proof is as good as the bind secret for one try: never in a log. */
        @Override
        public String toString() {
            return "BindDevice[deviceKey=" + deviceKey + ", agreeKey=" + agreeKey + ", name=" + name + ", proof=***]";
        }
    }

    /**
     * A command signed by one of the owner's devices (issue 15, docs/trust.md §2 kwdc1): signed is the
     * {@code kwdc1.} token whose last line is the command's JSON; chain the signer's grants, leaf first
     * ({@code kwdg1.} tokens; empty for an owner device). The cloud relays it inside its own signed
     * envelope (SPEC C6) but cannot make one: in trust mode the lock obeys only these for what opens a door.
     */
    record DeviceSigned(String signed, List<String> chain) implements LockCommand {
        public DeviceSigned {
            chain = chain == null ? List.of() : List.copyOf(chain);
        }
    }

    /** Removes an owner device of the lock (issue 15); only obeyed device-signed by another owner device. */
    record RemoveDevice(String deviceId) implements LockCommand {
    }

    /**
     * Revokes a device grant (issue 15): revocation is a {@code kwdr1.} token signed by an owner device,
     * so, as with {@link RevokeBluetoothKey}, the signature is trusted, not the carrier. Signed by a
     * manager's device (design §8, T7), it carries the signer's chain ({@code kwdg1.} tokens, leaf first)
     * and the revoked grant's {@code kwdg1.} token; both are left out of the JSON when absent, so an
     * owner device's revocation reads and writes as before.
     */
    record RevokeGrant(String revocation,
                       @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                       List<String> chain,
                       @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                       String grant) implements LockCommand {
        public RevokeGrant {
            chain = chain == null ? List.of() : List.copyOf(chain);
        }

        /** An owner device's revocation: nothing beside it. */
        public RevokeGrant(String revocation) {
            this(revocation, List.of(), null);
        }
    }

    /**
     * Issue 15, trust design §9: this lock is to follow the lock {@code serial} (SPEC F2) on that lock's own
     * signed statements, checked with lockKey (its Ed25519 identity key, SPKI DER b64u). In trust mode only
     * obeyed device-signed by an OWNER or MANAGER (the device checked the key's MAC first); it also switches
     * this lock's synchronized unlock on. At most a few links (TOO_MANY_LINKS).
     */
    record LinkLock(String serial, String lockKey) implements LockCommand {
    }

    /** Issue 15: forget the linked lock {@code serial}; cloud-signed (it takes access away). */
    record UnlinkLock(String serial) implements LockCommand {
    }
}
