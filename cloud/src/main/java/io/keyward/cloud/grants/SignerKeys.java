package io.keyward.cloud.grants;

import java.security.interfaces.ECPublicKey;
import java.util.function.Function;

import io.keyward.protocol.bluetooth.DeviceKeys;

/**
 * deviceId → key of a current owner device of the lock, null for any other device: the function the
 * protocol's checks take (trust design §2). The cloud knows a device's key only when the device registered
 * itself (POST /api/devices) or holds a stored grant; an owner device it has no key for counts as unknown.
 */
final class SignerKeys implements Function<String, ECPublicKey> {

    private final LockDevices.LockFacts lock;
    private final LockDevices devices;

    SignerKeys(LockDevices.LockFacts lock, LockDevices devices) {
        this.lock = lock;
        this.devices = devices;
    }

    @Override
    public ECPublicKey apply(String deviceId) {
        if (deviceId == null || !lock.ownerDevices().contains(deviceId)) {
            return null;
        }
        return devices.keyOf(deviceId).map(DeviceKeys::decode).orElse(null);
    }

    /** Whether the device is an owner device of the lock whose key the cloud has never been told. */
    boolean ownerDeviceWithoutKey(String deviceId) {
        return lock.ownerDevices().contains(deviceId) && apply(deviceId) == null;
    }
}
