package io.keyward.cloud.bluetooth;

import io.keyward.cloud.management.TrustRefused;
import org.springframework.http.HttpStatus;

/**
 * Issue 15 (trust design §3): a lock in trust mode refuses the keys the cloud signs (CLOUD_KEY_NOT_TRUSTED),
 * so the cloud no longer makes them for it: its owner's devices grant Bluetooth access themselves. 409,
 * nothing issued.
 */
final class KeysInApp {

    private KeysInApp() {
    }

    static void refuseIf(boolean trustMode) {
        if (trustMode) {
            throw new TrustRefused(HttpStatus.CONFLICT, "BLUETOOTH_KEYS_IN_APP",
                    "this lock only takes Bluetooth access granted on an owner's device: grant it in the app on such a device");
        }
    }
}
