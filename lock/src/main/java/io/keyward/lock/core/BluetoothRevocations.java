package io.keyward.lock.core;

import io.keyward.protocol.bluetooth.KeyRevocation;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.link.CommandSigning;

import java.security.PublicKey;
import java.time.Instant;

/**
 * Revoked Bluetooth keys (E3): a revocation is signed by the cloud for this lock, so any carrier may
 * bring it (the cloud's link, the panel, any app over Bluetooth); the signature, not the carrier, is
 * trusted. Kept until the revoked key would have expired anyway.
 */
final class BluetoothRevocations {

    private final Effects fx;
    private final String serial;

    BluetoothRevocations(Effects fx, String serial) {
        this.fx = fx;
        this.serial = serial;
    }

    /** LockCommand REVOKE_BLUETOOTH_KEY from the cloud's link, the panel or an app over Bluetooth (E3). */
    CommandReply command(String token) {
        String refusal = revoke(token, "the app's link");
        if (refusal != null) {
            return CommandReply.refused(refusal, "revocation refused: " + refusal.toLowerCase().replace('_', ' '));
        }
        return CommandReply.ok();
    }

    /** Verifies and keeps one revocation; null when it verified (new or already known), else why not. */
    String revoke(String token, String carriedBy) {
        PublicKey cloudKey = cloudKey();
        if (cloudKey == null) {
            fx.record(Event.refused(LockEvent.COMMAND_REFUSED, "NOT_PAIRED").detail("revocation carried by " + carriedBy));
            return "NOT_PAIRED";
        }
        Outcome<KeyRevocation> verified = KeyRevocation.verify(token, cloudKey, serial);
        if (!verified.isOk()) {
            fx.record(Event.refused(LockEvent.COMMAND_REFUSED, verified.reason().name())
                    .detail("revocation carried by " + carriedBy));
            return verified.reason().name();
        }
        KeyRevocation revocation = verified.value();
        Instant known = fx.data().bluetoothRevocations().get(revocation.keyId());
        boolean matters = fx.now().isBefore(revocation.keyUntil()); // an expired key is refused anyway
        if (matters && (known == null || known.isBefore(revocation.keyUntil()))) {
            fx.commit(new Change.BluetoothKeyRevoked(revocation.keyId(), revocation.keyUntil()));
            fx.record(Event.ok(LockEvent.BLUETOOTH_KEY_REVOKED)
                    .by(null, BluetoothAccess.CREDENTIAL_PREFIX + revocation.keyId())
                    .detail("carried by " + carriedBy));
        }
        return null;
    }

    /** Forgets revocations of keys that have expired meanwhile. */
    void prune() {
        Instant now = fx.now();
        if (fx.data().bluetoothRevocations().values().stream().anyMatch(until -> !now.isBefore(until))) {
            fx.commit(new Change.BluetoothRevocationsPruned(now));
        }
    }

    private PublicKey cloudKey() {
        LockData.CloudLink cloud = fx.data().cloud();
        if (cloud == null) {
            return null;
        }
        try {
            return CommandSigning.publicKey(cloud.cloudPublicKey());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
