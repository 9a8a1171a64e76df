package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.KeyRole;

import java.security.interfaces.ECPublicKey;
import java.util.Objects;

/**
 * Who signed a device command, as the lock found it (design §2): the device, the role it acts in,
 * its key, and the verified leaf grant it holds (null for an owner device acting on its own).
 */
public record Signer(String deviceId, KeyRole role, ECPublicKey key, DeviceGrant grant) {

    public Signer {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(key, "key");
    }

    /** Whether the signer is an owner device itself (no grant on the link). */
    public boolean isOwnerDevice() {
        return grant == null;
    }

    /** OWNER and MANAGER manage the lock (design §2: "unlock and manage"). */
    public boolean mayManage() {
        return role == KeyRole.OWNER || role == KeyRole.MANAGER;
    }

    /** OWNER, MANAGER and MEMBER unlock remotely; a VISITOR only over Bluetooth. */
    public boolean mayUnlockRemotely() {
        return role != KeyRole.VISITOR;
    }
}
