package io.keyward.lock.core;

import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;

import java.util.Optional;

/**
 * REMOVE_DEVICE (issue 15, docs/trust.md §4): an owner device removes another, signed (kwdc1) by an
 * owner device itself, never by a grant holder (the caller has checked that). The last owner device
 * stays (a lock in trust mode would otherwise fall back to obeying the cloud alone); a factory reset
 * (D7) clears them all. Grants chained to a removed device stop working: their top signer is then no
 * current owner device (UNKNOWN_SIGNER).
 */
final class OwnerDevices {

    private final Effects fx;

    OwnerDevices(Effects fx) {
        this.fx = fx;
    }

    CommandReply remove(LockCommand.RemoveDevice command, String signerId, String askedBy) {
        Optional<OwnerDevice> device = fx.data().ownerDevice(command.deviceId());
        CommandReply refused = device.isEmpty()
                ? CommandReply.refused("UNKNOWN_DEVICE", "no owner device of this lock has that id")
                : fx.data().ownerDevices().size() <= 1
                ? CommandReply.refused("LAST_OWNER_DEVICE", "the last owner device cannot be removed: bind another first")
                : null;
        if (refused != null) {
            fx.record(Event.refused(LockEvent.COMMAND_REFUSED, refused.reason())
                    .detail("RemoveDevice " + clip(command.deviceId()) + " by device " + signerId).askedBy(askedBy));
            return refused;
        }
        OwnerDevice removed = device.get();
        fx.commit(new Change.DeviceRemoved(removed.deviceId()));
        fx.record(Event.ok(LockEvent.DEVICE_REMOVED)
                .detail(removed.deviceId() + " " + removed.name() + ", by device " + signerId).askedBy(askedBy));
        return CommandReply.ok();
    }

    private static String clip(String text) {
        return text == null ? "(none)" : text.length() <= 40 ? text : text.substring(0, 40);
    }
}
