package io.keyward.lock.core;

import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.Refusal;
import io.keyward.protocol.trust.BluetoothGrants;

/**
 * Whether a Bluetooth session's key still admits its phone, asked before every request (SPEC C5,
 * E3; issue 15 design §2, §3): NOT_PAIRED without a cloud; a cloud-signed key as before, but
 * refused CLOUD_KEY_NOT_TRUSTED once the lock holds an owner device (bound mid-session too), and
 * ISSUED_BEFORE_PAIRING when the cloud signed it before it bound the lock as it is bound now (D7); a
 * device grant chain checked again against the current owner devices and the revoked set, so a
 * grant revoked, expired or cut off by its owner device's removal stops on its next request.
 */
final class BluetoothAdmission {

    private final Effects fx;
    private final String serial;

    BluetoothAdmission(Effects fx, String serial) {
        this.fx = fx;
        this.serial = serial;
    }

    /** The refusal's reason code, or null when the session's key admits the phone now. */
    String refusal(BluetoothKey key, String chain) {
        LockData data = fx.data();
        if (data.cloud() == null) {
            return Refusal.NOT_PAIRED.name();
        }
        if (chain == null) {
            if (data.trustMode()) {
                return Refusal.CLOUD_KEY_NOT_TRUSTED.name();
            }
            // D7: a key of an earlier binding (before a reset) is refused, though the same cloud key signed it
            Outcome<BluetoothKey> admitted = key.admits(serial, fx.now(), data.revokedBluetoothKeys(), data.cloud().boundAt());
            return admitted.isOk() ? null : admitted.reason().name();
        }
        Outcome<BluetoothKey> admitted = BluetoothGrants.admits(chain, serial, fx.now(), data::ownerDeviceKey,
                data.revokedBluetoothKeys());
        if (!admitted.isOk()) {
            return admitted.reason().code();
        }
        // the chain is the session's own and cannot change; its leaf is the session's key
        return admitted.value().keyId().equals(key.keyId()) ? null : Refusal.FORGED_TOKEN.code();
    }
}
