package io.keyward.lock.core;

import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.Refusal;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.trust.DeviceCommand;

import java.time.Instant;

/**
 * Issue 15, docs/trust.md §2 kwdc1: the lock's checks of a device-signed command, after the cloud's
 * envelope (C6). In the design's order: MALFORMED, FORGED (the signer's claimed key: its own as an
 * owner device, else its leaf grant's holder key), WRONG_LOCK, id mismatch (MALFORMED), BAD_VALIDITY,
 * EXPIRED, REPLAYED / BUSY (stored memory of obeyed ids), the signer's chain (UNKNOWN_SIGNER,
 * CHAIN_TOO_LONG, NOT_YET_VALID, EXPIRED, REVOKED, ROLE_NOT_ALLOWED ...), then whether its role may
 * sign this command (ROLE_NOT_ALLOWED, {@link DeviceSignatureRule}).
 */
final class DeviceCommandCheck {

    /** A command that passed every check: what to obey, who asked in the app, and who signed it. */
    record Verified(LockCommand command, String askedBy, String commandId, Instant expiresAt, String signerId,
                    KeyRole role, boolean ownerDevice) {
    }

    /**
     * The outcome: verified, or a refusal with what could be read for the log (the inner command,
     * its id, the claimed signer; each may be null).
     */
    record Result(Verified verified, String refusal, LockCommand command, String commandId, String signerId) {

        static Result ok(Verified v) {
            return new Result(v, null, v.command(), v.commandId(), v.signerId());
        }
    }

    private final Effects fx;
    private final String serial;
    private final ObeyedDeviceCommands obeyed;

    DeviceCommandCheck(Effects fx, String serial, ObeyedDeviceCommands obeyed) {
        this.fx = fx;
        this.serial = serial;
        this.obeyed = obeyed;
    }

    /** envelopeId: the cloud envelope's id, which must equal the command's; null when none (panel, Bluetooth). */
    Result check(LockCommand.DeviceSigned d, String envelopeId) {
        obeyed.forgetExpired(); // whatever becomes of this one, the memory holds only what still matters
        Outcome<DeviceCommand> decoded = d.signed() == null ? null : DeviceCommand.decode(d.signed());
        if (decoded == null || !decoded.isOk()) {
            return new Result(null, "MALFORMED", null, null, null);
        }
        DeviceCommand claimed = decoded.value();
        LockCommands.Asked asked = inner(claimed.commandJson());
        LockCommand command = asked == null ? null : asked.command();
        String[] busy = new String[1];
        Outcome<DeviceCommand.Checked> checked = DeviceCommand.check(d.signed(), d.chain(), serial, envelopeId,
                fx.now(), id -> (busy[0] = obeyed.refusal(id)) != null, fx.data()::ownerDeviceKey,
                fx.data().revokedBluetoothKeys());
        String refusal = !checked.isOk() ? reason(checked.reason(), busy[0])
                : command == null ? "MALFORMED"
                : !allowed(command, checked.value()) ? "ROLE_NOT_ALLOWED"
                : null;
        if (refusal != null) {
            return new Result(null, refusal, command, claimed.commandId(), claimed.signerId());
        }
        DeviceCommand c = checked.value().command();
        return Result.ok(new Verified(command, asked.askedBy(), c.commandId(), c.expiresAt(), c.signerId(),
                checked.value().signer().role(), checked.value().signer().isOwnerDevice()));
    }

    /** The signed JSON as LockCommands reads it; null when it does not read or is itself an envelope. */
    private static LockCommands.Asked inner(String json) {
        try {
            LockCommands.Asked asked = LockCommands.parseAsked(json);
            return asked.command() instanceof LockCommand.DeviceSigned ? null : asked; // no envelope in an envelope
        } catch (LockCommands.MalformedCommand e) {
            return null;
        }
    }

    /** §2, §3: the leaf's role decides; REMOVE_DEVICE only from an owner device itself (chain empty). */
    private static boolean allowed(LockCommand command, DeviceCommand.Checked checked) {
        DeviceSignatureRule.Need need = DeviceSignatureRule.of(command);
        KeyRole role = checked.signer().role();
        if (need == DeviceSignatureRule.Need.OWNER_DEVICE) {
            return checked.signer().isOwnerDevice();
        }
        if (need == DeviceSignatureRule.Need.UNLOCKER || need == DeviceSignatureRule.Need.DEVICE_LINK) {
            return DeviceSignatureRule.Need.UNLOCKER.allows(role);
        }
        // anything else a device signs is management: OWNER and MANAGER (a MEMBER's signature adds nothing)
        return DeviceSignatureRule.Need.MANAGER.allows(role);
    }

    /** The design's reason codes ({@link Refusal#code()}: FORGED_TOKEN is FORGED); REPLAYED may be BUSY (memory full). */
    private static String reason(Refusal refusal, String replayed) {
        if (refusal == Refusal.REPLAYED && replayed != null) {
            return replayed;
        }
        return refusal.code();
    }

    /** Short words for a refusal's reply (the reason code is what apps translate). */
    static String message(String reason) {
        return switch (reason) {
            case "MALFORMED" -> "the device-signed command does not read";
            case "FORGED" -> "the device's signature does not verify";
            case "WRONG_LOCK" -> "the device signed this command for another lock";
            case "BAD_VALIDITY" -> "the command's lifetime is too long or it was issued in the future";
            case "EXPIRED" -> "the device-signed command or its grant has expired";
            case "NOT_YET_VALID" -> "the signer's grant is not valid yet";
            case "REPLAYED" -> "this device-signed command was obeyed already";
            case "BUSY" -> "the lock holds too many recent device commands: try again later";
            case "UNKNOWN_SIGNER" -> "the signer is not one of the owner's devices and holds no grant from one";
            case "CHAIN_TOO_LONG" -> "the signer's grant chain is too long";
            case "REVOKED" -> "the signer's grant has been revoked";
            case "ROLE_NOT_ALLOWED" -> "the signer's role may not do this";
            default -> "device-signed command refused: " + reason.toLowerCase().replace('_', ' ');
        };
    }
}
