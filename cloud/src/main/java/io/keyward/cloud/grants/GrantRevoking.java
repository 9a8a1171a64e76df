package io.keyward.cloud.grants;

import java.util.UUID;

import io.keyward.cloud.management.QueuedCommands;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.trust.GrantRevocation;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * Relays a device's revocation of a grant (issue 15, trust design §2 kwdr1): checked as the lock checks
 * it, stored, queued to the lock as REVOKE_GRANT (sent now when it is online, else when it is back) and
 * listed with the lock's Bluetooth revocations, so any app of the lock carries it there too — the cloud
 * may delay the command, but not every app.
 * <p>
 * Only a current owner device's signature is accepted, as the lock accepts only those in this step
 * (protocol GrantRevocation.verify); a manager's device asks an owner device to sign.
 */
@Service
class GrantRevoking {

    /** A stored revocation; command: the REVOKE_GRANT this request queued (null: the grant was revoked already). */
    record Revoked(GrantRow row, java.util.UUID command) {
        boolean queued() {
            return command != null;
        }
    }

    private final DeviceGrants grants;
    private final LockDevices devices;
    private final QueuedCommands commands;

    GrantRevoking(DeviceGrants grants, LockDevices devices, QueuedCommands commands) {
        this.grants = grants;
        this.devices = devices;
        this.commands = commands;
    }

    Revoked revoke(UUID lockId, String grantId, UUID caller, String token) {
        GrantRow grant = grants.find(lockId, grantId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such grant"));
        if (token == null || token.isEmpty() || token.length() > GrantIntake.MAX_TOKEN) {
            throw GrantRefused.bad("MALFORMED", "token: a kwdr1 revocation of at most " + GrantIntake.MAX_TOKEN + " characters");
        }
        LockDevices.LockFacts lock = devices.lock(lockId).orElseThrow();
        SignerKeys keys = new SignerKeys(lock, devices);
        GrantRevocation decoded = GrantIntake.refusedIfNot(GrantRevocation.decode(token));
        if (decoded.serial().equals(lock.serial()) && keys.ownerDeviceWithoutKey(decoded.signerId())) {
            throw GrantRefused.conflict("SIGNER_NOT_REGISTERED",
                    "the cloud does not know the signing owner device's key: open the app on it once so it registers");
        }
        GrantRevocation revocation = GrantIntake.refusedIfNot(GrantRevocation.verify(token, lock.serial(), keys));
        if (!revocation.grantId().equals(grantId)) {
            throw GrantRefused.bad("GRANT_MISMATCH", "the revocation is of another grant");
        }
        if (revocation.grantUntil().isBefore(grant.validUntil().toInstant())) {
            // the lock forgets a revocation after grantUntil: an earlier one would bring the grant back
            throw GrantRefused.bad("BAD_GRANT_UNTIL", "grantUntil is before the grant's end");
        }
        if (grant.revokedAt() != null) {
            return new Revoked(grant, null);
        }
        // queued after the insert has committed (no transaction here), as BluetoothKeys does
        UUID command = grants.revoke(lockId, revocation, token, caller)
                ? commands.ask(lockId, caller, new LockCommand.RevokeGrant(token)) : null;
        return new Revoked(grants.find(grantId).orElseThrow(), command);
    }
}
