package io.keyward.protocol.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyward.protocol.json.StrictJson;
import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.Refusal;
import io.keyward.protocol.bluetooth.RevokedKeys;

import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A command signed by a device (design §2, kwdc1). Payload lines {@code keyward-device-command-v1,
 * serial, commandId, issuedAt-ms, expiresAt-ms, signerId}, then the command's JSON: everything after
 * the 6th "\n", no newline inside (the {@code LockCommand} JSON as {@code LockCommands} reads it).
 * The lock's checks after the cloud's envelope are {@link #check}; which role a command needs is the
 * lock's rule (design §3).
 */
public record DeviceCommand(String serial, String commandId, Instant issuedAt, Instant expiresAt, String signerId,
                            String commandJson) {

    public static final String PREFIX = "kwdc1";
    static final String HEADER = "keyward-device-command-v1";
    private static final int LINES = 7;
    public static final int MAX_TOKEN_LENGTH = 4096;
    public static final Duration MAX_UNLOCK_LIFETIME = Duration.ofSeconds(30);
    public static final Duration MAX_LIFETIME = Duration.ofDays(7);
    /** How far in the lock's future a command may say it was issued (clocks differ a little). */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
    /** The same strictness as LockCommands: a "type" given twice is no type (and no command). */
    private static final ObjectMapper JSON = StrictJson.builder().build();

    public DeviceCommand {
        TrustText.requireField(serial, "serial");
        TrustText.requireUuid(commandId, "commandId");
        issuedAt = TrustText.requireInstant(issuedAt, "issuedAt");
        expiresAt = TrustText.requireInstant(expiresAt, "expiresAt");
        if (!DeviceIds.isId(signerId)) {
            throw new IllegalArgumentException("signerId is not a deviceId");
        }
        if (!TrustText.isField(commandJson, MAX_TOKEN_LENGTH)) {
            throw new IllegalArgumentException("the command is empty, too long or has a newline or control character");
        }
    }

    /** What the lock found: the command and who signed it, in which role. */
    public record Checked(DeviceCommand command, Signer signer) {
    }

    public String sign(PrivateKey signerKey) {
        return TrustText.sign(PREFIX, List.of(HEADER, serial, commandId, TrustText.millis(issuedAt),
                TrustText.millis(expiresAt), signerId, commandJson), signerKey, MAX_TOKEN_LENGTH);
    }

    /** The command of a token without checking its signature (the cloud compares it with its own). */
    public static Outcome<DeviceCommand> decode(String token) {
        Outcome<TrustText.Opened> opened = open(token);
        return opened.isOk() ? read(opened.value().lines()) : opened.refusal();
    }

    /** The command of a token signed by key: MALFORMED or FORGED_TOKEN otherwise. */
    public static Outcome<DeviceCommand> verify(String token, ECPublicKey key) {
        Objects.requireNonNull(key, "key");
        Outcome<TrustText.Opened> opened = open(token);
        if (!opened.isOk()) {
            return opened.refusal();
        }
        Outcome<DeviceCommand> command = read(opened.value().lines());
        if (command.isOk() && !opened.value().signedBy(key)) {
            return Outcome.refused(Refusal.FORGED_TOKEN, "command " + command.value().commandId() + " not signed by its signer");
        }
        return command;
    }

    /**
     * The lock's whole check of a device command after the cloud's envelope (design §2), in order:
     * MALFORMED, (UNKNOWN_SIGNER when no key for the signer is at hand), FORGED, WRONG_LOCK, id
     * mismatch (MALFORMED), BAD_VALIDITY, EXPIRED, REPLAYED (alreadyObeyed), then the signer's chain.
     * The role the command needs is the caller's (design §3).
     */
    public static Outcome<Checked> check(String token, List<String> chain, String serial, String envelopeId,
                                         Instant now, Predicate<String> alreadyObeyed,
                                         Function<String, ECPublicKey> ownerDeviceKey, RevokedKeys revoked) {
        Outcome<DeviceCommand> decoded = decode(token);
        if (!decoded.isOk()) {
            return decoded.refusal();
        }
        Outcome<ECPublicKey> key = claimedKey(decoded.value().signerId(), chain, ownerDeviceKey);
        if (!key.isOk()) {
            return key.refusal();
        }
        Outcome<DeviceCommand> verified = verify(token, key.value());
        if (!verified.isOk()) {
            return verified.refusal();
        }
        DeviceCommand c = verified.value();
        Outcome<DeviceCommand> admitted = c.admits(serial, envelopeId, now);
        if (!admitted.isOk()) {
            return admitted.refusal();
        }
        if (alreadyObeyed != null && alreadyObeyed.test(c.commandId())) {
            return Outcome.refused(Refusal.REPLAYED, "command " + c.commandId() + " already obeyed");
        }
        Outcome<Signer> signer = GrantChain.signerOf(c.signerId(), chain, serial, now, ownerDeviceKey, revoked);
        return signer.isOk() ? Outcome.ok(new Checked(c, signer.value())) : signer.refusal();
    }

    /**
     * WRONG_LOCK, MALFORMED (envelopeId is not commandId; null skips it), BAD_VALIDITY (an empty or
     * too long lifetime for its type, or issued after now + 5 s), EXPIRED (now at or past expiresAt).
     */
    public Outcome<DeviceCommand> admits(String lockSerial, String envelopeId, Instant now) {
        if (!serial.equals(lockSerial)) {
            return Outcome.refused(Refusal.WRONG_LOCK, "command " + commandId + " is for another lock");
        }
        if (envelopeId != null && !envelopeId.equals(commandId)) {
            return Outcome.refused(Refusal.MALFORMED, "the cloud's envelope carries another id");
        }
        Duration lifetime = Duration.between(issuedAt, expiresAt);
        if (!expiresAt.isAfter(issuedAt) || lifetime.compareTo(maxLifetime()) > 0
                || issuedAt.isAfter(now.plus(CLOCK_SKEW))) {
            return Outcome.refused(Refusal.BAD_VALIDITY, "command " + commandId + " lives " + lifetime
                    + " from " + issuedAt);
        }
        if (!now.isBefore(expiresAt)) {
            return Outcome.refused(Refusal.EXPIRED, "command " + commandId + " expired at " + expiresAt);
        }
        return Outcome.ok(this);
    }

    /** The "type" of the command JSON, or null when it has none that reads. */
    public String commandType() {
        try {
            JsonNode type = JSON.readTree(commandJson).get("type");
            return type != null && type.isTextual() ? type.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** 30 s for REMOTE_UNLOCK, 7 days for anything else (it may wait in the cloud's queue). */
    public Duration maxLifetime() {
        return "REMOTE_UNLOCK".equals(commandType()) ? MAX_UNLOCK_LIFETIME : MAX_LIFETIME;
    }

    /** The key the signer claims to have: its own as an owner device, else its (not yet checked) leaf's holder key. */
    private static Outcome<ECPublicKey> claimedKey(String signerId, List<String> chain,
                                                   Function<String, ECPublicKey> ownerDeviceKey) {
        if (chain == null || chain.isEmpty()) {
            ECPublicKey own = ownerDeviceKey.apply(signerId);
            return own != null ? Outcome.ok(own)
                    : Outcome.refused(Refusal.UNKNOWN_SIGNER, "the signer is not an owner device and shows no grant");
        }
        Outcome<DeviceGrant> leaf = DeviceGrant.decode(chain.get(0));
        if (!leaf.isOk()) {
            return leaf.refusal();
        }
        if (!leaf.value().holderId().equals(signerId)) {
            return Outcome.refused(Refusal.UNKNOWN_SIGNER, "the grant shown is another device's");
        }
        return Outcome.ok(DeviceKeys.decode(leaf.value().holderKey()));
    }

    private static Outcome<TrustText.Opened> open(String token) {
        return TrustText.open(PREFIX, HEADER, LINES, token, MAX_TOKEN_LENGTH);
    }

    private static Outcome<DeviceCommand> read(String[] f) {
        Instant issued = TrustText.instant(f[3]);
        Instant expires = TrustText.instant(f[4]);
        if (issued == null || expires == null) {
            return Outcome.refused(Refusal.MALFORMED, "a field of the command does not read");
        }
        try {
            return Outcome.ok(new DeviceCommand(f[1], f[2], issued, expires, f[5], f[6]));
        } catch (IllegalArgumentException e) {
            return Outcome.refused(Refusal.MALFORMED, e.getMessage());
        }
    }
}
