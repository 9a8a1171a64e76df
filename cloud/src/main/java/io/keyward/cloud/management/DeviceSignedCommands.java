package io.keyward.cloud.management;

import java.util.List;
import java.util.UUID;

import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.trust.DeviceCommand;
import io.keyward.protocol.trust.DeviceGrant;
import io.keyward.protocol.trust.GrantChain;

/**
 * Issue 15 (trust design §2 "HTTP", §3): what the cloud does with a command a device signed. It cannot
 * check the signature against anything it could not also forge, so it checks only what keeps a request
 * honest (the token reads, is for this lock, and says exactly what the endpoint was asked), then relays it
 * in the {@code DEVICE_SIGNED} envelope; the lock verifies the signature and the signer's grants. Without a
 * signature, a lock in trust mode gets nothing it would refuse: 428 {@code DEVICE_SIGNATURE_REQUIRED}.
 */
final class DeviceSignedCommands {

    /** The request headers of the design's §2 "HTTP". */
    static final String COMMAND_HEADER = "Keyward-Device-Command";
    static final String CHAIN_HEADER = "Keyward-Device-Chain";
    /** As the design bounds them: a command token, and a grant of the chain. */
    static final int MAX_COMMAND = 4096;
    static final int MAX_GRANT = 2048;

    /** What goes to the lock: the command, and the id it must travel under (the kwdc1's commandId; null: the cloud's own). */
    record Outgoing(LockCommand command, UUID id) {

        boolean deviceSigned() {
            return id != null;
        }
    }

    private DeviceSignedCommands() {
    }

    /**
     * The command to send for a request that built {@code built} for the lock {@code serial}: the device-signed
     * envelope when the request carries one (checked here: 400 with the reason), else the command itself, unless
     * the lock is in trust mode and the command needs a device (428).
     */
    static Outgoing outgoing(String serial, boolean trustMode, LockCommand built, String signedHeader, String chainHeader) {
        if (signedHeader == null || signedHeader.isBlank()) {
            if (chainHeader != null && !chainHeader.isBlank()) {
                throw TrustRefused.badCommand(CHAIN_HEADER + " without " + COMMAND_HEADER);
            }
            if (trustMode && NeedsDeviceSignature.in(built)) {
                throw TrustRefused.signatureRequired();
            }
            return new Outgoing(built, null);
        }
        return envelope(serial, built, signedHeader.strip(), chain(chainHeader));
    }

    private static Outgoing envelope(String serial, LockCommand built, String token, List<String> chain) {
        if (token.length() > MAX_COMMAND) {
            throw TrustRefused.badCommand("longer than " + MAX_COMMAND + " characters");
        }
        Outcome<DeviceCommand> decoded = DeviceCommand.decode(token);
        if (!decoded.isOk()) {
            throw TrustRefused.badCommand(refusal(decoded));
        }
        DeviceCommand command = decoded.value();
        if (!serial.equals(command.serial())) {
            throw TrustRefused.mismatch("it was signed for the lock " + command.serial() + ", not this one");
        }
        LockCommand signed;
        try {
            signed = LockCommands.parseAsked(command.commandJson()).command(); // who asked is the device's to say
        } catch (LockCommands.MalformedCommand e) {
            throw TrustRefused.badCommand(e.getMessage());
        }
        java.time.Duration lifetime = java.time.Duration.between(command.issuedAt(), command.expiresAt());
        java.time.Duration most = command.maxLifetime(); // the lock's own rule: 30 s for a remote unlock, 7 days else
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(most) > 0) {
            // the lock refuses it BAD_VALIDITY for good; queued, it would wait for ever
            throw TrustRefused.badCommand("BAD_VALIDITY: it must expire after it was issued, within " + most);
        }
        if (!signed.equals(built)) {
            throw TrustRefused.mismatch("it says " + shown(signed) + ", the request " + shown(built));
        }
        UUID id;
        try {
            id = UUID.fromString(String.valueOf(command.commandId()));
        } catch (IllegalArgumentException e) {
            throw TrustRefused.badCommand("its commandId is not a uuid");
        }
        if (!id.toString().equals(command.commandId())) {
            // the lock compares the envelope's id with the token's text: only the canonical form survives the queue
            throw TrustRefused.badCommand("its commandId must be a uuid in lower case");
        }
        return new Outgoing(new LockCommand.DeviceSigned(token, chain), id);
    }

    /** When a device-signed command's token expires; null for a token that does not read. */
    static java.time.Instant expiresAt(String token) {
        if (token == null) {
            return null;
        }
        Outcome<DeviceCommand> decoded = DeviceCommand.decode(token);
        return decoded.isOk() ? decoded.value().expiresAt() : null;
    }

    /** The chain header: grants joined by "~", leaf first; each must read as a grant (the lock checks the rest). */
    private static List<String> chain(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        if (header.length() > GrantChain.MAX_GRANTS * (MAX_GRANT + 1)) {
            throw TrustRefused.badCommand(CHAIN_HEADER + " is too long");
        }
        List<String> grants = GrantChain.split(header.strip()); // the lock's own reading: an empty part stays a (malformed) grant
        if (grants.size() > GrantChain.MAX_GRANTS) {
            throw TrustRefused.badCommand("CHAIN_TOO_LONG: at most " + GrantChain.MAX_GRANTS + " grants");
        }
        for (String grant : grants) {
            if (grant.length() > MAX_GRANT) {
                throw TrustRefused.badCommand("a grant is longer than " + MAX_GRANT + " characters");
            }
            Outcome<DeviceGrant> read = DeviceGrant.decode(grant);
            if (!read.isOk()) {
                throw TrustRefused.badCommand("a grant of the chain: " + refusal(read));
            }
        }
        return grants;
    }

    private static String refusal(Outcome<?> refused) {
        String detail = refused instanceof Outcome.Refused<?> r && r.detail() != null ? ": " + r.detail() : "";
        return refused.reason() + detail;
    }

    /** A command's type as the lock names it, for the mismatch's words (never a secret it carries). */
    private static String shown(LockCommand command) {
        String json = LockCommands.shown(LockCommands.write(command));
        return json.length() > 200 ? json.substring(0, 200) + "…" : json;
    }
}
