package io.keyward.lock.core;

import io.keyward.protocol.command.LockCommand.AccessoryKind;

/**
 * A paired Bluetooth accessory (SPEC G1, G2; docs/lock.md "Accessories"). secret: the key the lock
 * made at pairing and gave to the accessory (base64, 32 random bytes), never reported to the cloud;
 * counter: for a remote controller, the highest rolling-code counter the lock has accepted.
 */
public record Accessory(String id, AccessoryKind kind, String name, String secret, long counter) {

    public boolean isRemote() {
        return kind == AccessoryKind.REMOTE_CONTROLLER;
    }

    public boolean isDoorSensor() {
        return kind == AccessoryKind.DOOR_SENSOR;
    }

    Accessory withCounter(long accepted) {
        return new Accessory(id, kind, name, secret, accepted);
    }
}
