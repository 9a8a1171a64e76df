package io.keyward.lock.core;

import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommand.AccessoryKind;

/**
 * Pairing and removing Bluetooth accessories from the app (SPEC G1, G2), and checking a remote
 * controller's press. At most {@link #MAX_DOOR_SENSORS} door sensor and {@link #MAX_REMOTES} remote
 * controllers per lock; ids are "door-sensor-N" and "remote-N" with the lowest free N.
 */
final class Accessories {

    static final int MAX_DOOR_SENSORS = 1;
    static final int MAX_REMOTES = 4;
    private static final String ACCESSORY_PAIRED = LockEvent.ACCESSORY_PAIRED;
    private static final String ACCESSORY_REMOVED = LockEvent.ACCESSORY_REMOVED;

    private Accessories() {
    }

    /** askedBy: the account that asked in the app, named in the event (null: none). */
    static CommandReply pair(LockCommand.PairAccessory c, Effects fx, String askedBy) {
        if (c.kind() == null) {
            return CommandReply.refused("BAD_KIND", "kind must be DOOR_SENSOR or REMOTE_CONTROLLER");
        }
        String name = c.name() == null ? "" : c.name().strip();
        if (name.isEmpty() || name.length() > Commands.MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            return CommandReply.refused("BAD_NAME", "a name needs 1 to " + Commands.MAX_NAME + " printable characters");
        }
        LockData data = fx.data();
        int max = c.kind() == AccessoryKind.DOOR_SENSOR ? MAX_DOOR_SENSORS : MAX_REMOTES;
        if (data.accessories().stream().filter(a -> a.kind() == c.kind()).count() >= max) {
            return CommandReply.refused("TOO_MANY_ACCESSORIES", c.kind() == AccessoryKind.DOOR_SENSOR
                    ? "the lock already has a door sensor" : "the lock already has " + MAX_REMOTES + " remote controllers");
        }
        String prefix = c.kind() == AccessoryKind.DOOR_SENSOR ? "door-sensor-" : "remote-";
        int n = 1;
        while (data.accessory(prefix + n).isPresent()) {
            n++;
        }
        Accessory accessory = new Accessory(prefix + n, c.kind(), name, fx.newSecret(), 0);
        fx.commit(new Change.AccessoryPaired(accessory));
        fx.record(Event.ok(ACCESSORY_PAIRED).by(null, accessory.id()).detail(c.kind() + " " + name).askedBy(askedBy));
        return CommandReply.ok();
    }

    static CommandReply remove(LockCommand.RemoveAccessory c, Effects fx, String askedBy) {
        Accessory accessory = c.id() == null ? null : fx.data().accessory(c.id()).orElse(null);
        if (accessory == null) {
            return CommandReply.refused("UNKNOWN_ACCESSORY", "no paired accessory " + c.id());
        }
        fx.commit(new Change.AccessoryRemoved(accessory.id()));
        fx.record(Event.ok(ACCESSORY_REMOVED).by(null, accessory.id()).detail(accessory.kind() + " " + accessory.name()).askedBy(askedBy));
        return CommandReply.ok();
    }

    /**
     * Why a remote controller's press must not open, or null when it is genuine and new: an unknown
     * remote, a wrong code (not made with the remote's key), or a counter not above the last accepted
     * one (a recorded press played again).
     */
    static String refusal(Accessory remote, Input.RemoteButton press) {
        if (remote == null || !remote.isRemote()) {
            return "UNKNOWN_ACCESSORY";
        }
        if (!RemoteCode.matches(remote.secret(), remote.id(), press.counter(), press.code())) {
            return "WRONG_CREDENTIAL";
        }
        return press.counter() <= remote.counter() ? "REPLAYED" : null;
    }
}
