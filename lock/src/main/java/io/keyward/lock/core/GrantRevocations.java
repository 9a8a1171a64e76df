package io.keyward.lock.core;

import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.Refusal;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.trust.GrantRevocation;

import java.time.Instant;

/**
 * REVOKE_GRANT (issue 15, docs/trust.md §2 kwdr1): a grant revoked by a current owner device's
 * signature, whoever carries it (the cloud's link, the panel, an app over Bluetooth). Kept in the
 * revoked set Bluetooth keys use (grant ids are uuids, as key ids are) until the grant would have
 * expired anyway, so every chain naming it is refused REVOKED.
 */
final class GrantRevocations {

    private final Effects fx;
    private final String serial;

    GrantRevocations(Effects fx, String serial) {
        this.fx = fx;
        this.serial = serial;
    }

    CommandReply command(String token) {
        String refusal = revoke(token, "the app's link");
        return refusal == null ? CommandReply.ok()
                : CommandReply.refused(refusal, "grant revocation refused: " + refusal.toLowerCase().replace('_', ' '));
    }

    /** Verifies and keeps one revocation; null when it verified (new or known already), else why not (logged). */
    String revoke(String token, String carriedBy) {
        Outcome<GrantRevocation> verified = token == null
                ? Outcome.refused(Refusal.MALFORMED, "no revocation")
                : GrantRevocation.verify(token, serial, fx.data()::ownerDeviceKey);
        if (!verified.isOk()) {
            String reason = verified.reason() == Refusal.FORGED_TOKEN ? "FORGED" : verified.reason().name();
            fx.record(Event.refused(LockEvent.COMMAND_REFUSED, reason).detail("grant revocation carried by " + carriedBy));
            return reason;
        }
        GrantRevocation r = verified.value();
        Instant known = fx.data().bluetoothRevocations().get(r.grantId());
        if (fx.now().isBefore(r.grantUntil()) && (known == null || known.isBefore(r.grantUntil()))) {
            fx.commit(new Change.BluetoothKeyRevoked(r.grantId(), r.grantUntil()));
            fx.record(Event.ok(LockEvent.BLUETOOTH_KEY_REVOKED).by(null, "grant:" + r.grantId())
                    .detail("grant revoked by device " + r.signerId() + ", carried by " + carriedBy));
        }
        return null;
    }
}
