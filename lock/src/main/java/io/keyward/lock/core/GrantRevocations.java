package io.keyward.lock.core;

import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.Refusal;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.trust.ManagerRevocation;

import java.time.Instant;

/**
 * REVOKE_GRANT (issue 15, docs/trust-design.md §2 kwdr1, §8): a grant revoked by a current owner device's
 * signature, or by a manager's (rule T7) with its chain and the revoked grant beside it, whoever carries it
 * (the cloud's link, the panel, an app over Bluetooth). Kept in the revoked set Bluetooth keys use (grant
 * ids are uuids, as key ids are; a manager's revocation of a grant it signed under the grant id and its
 * signer, {@link ManagerRevocation#scopedId}) until the grant would have expired anyway, so every chain
 * naming it is refused REVOKED.
 */
final class GrantRevocations {

    private final Effects fx;
    private final String serial;

    GrantRevocations(Effects fx, String serial) {
        this.fx = fx;
        this.serial = serial;
    }

    CommandReply command(String token, ManagerRevocation.Proof proof) {
        String refusal = revoke(token, proof, "the app's link");
        return refusal == null ? CommandReply.ok()
                : CommandReply.refused(refusal, "grant revocation refused: " + refusal.toLowerCase().replace('_', ' '));
    }

    /** A revocation in its carried form ({@code kwdr1} alone, or {@code kwdr1~grant~chain}), from an app over Bluetooth. */
    String revokeCarried(String carried, String carriedBy) {
        ManagerRevocation.Carried parts = ManagerRevocation.split(carried);
        return revoke(parts.token(), parts.proof(), carriedBy);
    }

    /** Verifies and keeps one revocation; null when it verified (new or known already), else why not (logged). */
    String revoke(String token, ManagerRevocation.Proof proof, String carriedBy) {
        Outcome<ManagerRevocation.Accepted> verified = token == null
                ? Outcome.refused(Refusal.MALFORMED, "no revocation")
                : ManagerRevocation.verify(token, proof, serial, fx.now(), fx.data()::ownerDeviceKey,
                        fx.data().revokedBluetoothKeys());
        if (!verified.isOk()) {
            String reason = verified.reason().code();
            fx.record(Event.refused(LockEvent.COMMAND_REFUSED, reason).detail("grant revocation carried by " + carriedBy));
            return reason;
        }
        ManagerRevocation.Accepted a = verified.value();
        Instant until = a.revocation().grantUntil();
        Instant known = fx.data().bluetoothRevocations().get(a.revokedId());
        if (fx.now().isBefore(until) && (known == null || known.isBefore(until))) {
            fx.commit(new Change.BluetoothKeyRevoked(a.revokedId(), until));
            fx.record(Event.ok(LockEvent.BLUETOOTH_KEY_REVOKED).by(null, "grant:" + a.revocation().grantId())
                    .detail("grant revoked by device " + a.revocation().signerId() + ", carried by " + carriedBy));
        }
        return null;
    }
}
