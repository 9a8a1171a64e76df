package io.keyward.cloud.grants;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.keyward.cloud.management.QueuedCommands;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.trust.GrantChain;
import io.keyward.protocol.trust.GrantRevocation;
import io.keyward.protocol.trust.ManagerRevocation;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * Relays a device's revocation of a grant (issue 15, trust design §2 kwdr1): checked as the lock checks
 * it, stored, queued to the lock as REVOKE_GRANT (sent now when it is online, else when it is back) and
 * listed with the lock's Bluetooth revocations, so any app of the lock carries it there too — the cloud
 * may delay the command, but not every app.
 * <p>
 * A current owner device's revocation is checked by {@link GrantRevocation#verify}; a manager's (rule T7,
 * design §8) comes with the manager's chain, and is checked by {@link ManagerRevocation#verify} with the
 * stored grant it revokes, then queued with both beside it, as the lock needs them.
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
    private final Clock clock;

    GrantRevoking(DeviceGrants grants, LockDevices devices, QueuedCommands commands, Clock clock) {
        this.grants = grants;
        this.devices = devices;
        this.commands = commands;
        this.clock = clock;
    }

    /** chain: the signer's grants, leaf first, when it is not an owner device (empty or null otherwise). */
    Revoked revoke(UUID lockId, String grantId, UUID caller, String token, List<String> chain) {
        GrantRow grant = grants.find(lockId, grantId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such grant"));
        if (token == null || token.isEmpty() || token.length() > GrantIntake.MAX_TOKEN) {
            throw GrantRefused.bad("MALFORMED", "token: a kwdr1 revocation of at most " + GrantIntake.MAX_TOKEN + " characters");
        }
        List<String> signerChain = chain == null ? List.of() : chain;
        if (signerChain.size() > GrantChain.MAX_GRANTS
                || signerChain.stream().anyMatch(g -> g == null || g.isEmpty() || g.length() > GrantIntake.MAX_TOKEN)) {
            throw GrantRefused.bad("MALFORMED", "chain: at most " + GrantChain.MAX_GRANTS + " kwdg1 grants of at most "
                    + GrantIntake.MAX_TOKEN + " characters, leaf first");
        }
        LockDevices.LockFacts lock = devices.lock(lockId).orElseThrow();
        SignerKeys keys = new SignerKeys(lock, devices);
        GrantRevocation decoded = GrantIntake.refusedIfNot(GrantRevocation.decode(token));
        if (decoded.serial().equals(lock.serial()) && keys.ownerDeviceWithoutKey(decoded.signerId())) {
            throw GrantRefused.conflict("SIGNER_NOT_REGISTERED",
                    "the cloud does not know the signing owner device's key: open the app on it once so it registers");
        }
        boolean byManager = !signerChain.isEmpty() && !lock.ownerDevices().contains(decoded.signerId());
        GrantRevocation revocation;
        if (byManager) {
            requireFits(decoded, grant); // the cloud's own words before the lock's MALFORMED or BAD_VALIDITY
            revocation = managers(token, grant, signerChain, lock, keys);
        } else {
            revocation = GrantIntake.refusedIfNot(GrantRevocation.verify(token, lock.serial(), keys));
            requireFits(revocation, grant);
        }
        if (grant.revokedAt() != null) {
            return new Revoked(grant, null);
        }
        LockCommand command = byManager ? new LockCommand.RevokeGrant(token, signerChain, grant.token())
                : new LockCommand.RevokeGrant(token);
        // queued after the insert has committed (no transaction here), as BluetoothKeys does
        UUID queued = grants.revoke(lockId, revocation, token, caller) ? commands.ask(lockId, caller, command) : null;
        return new Revoked(grants.find(grantId).orElseThrow(), queued);
    }

    /** T7: the lock's check of a manager's revocation, with the stored grant it revokes, at now. */
    private GrantRevocation managers(String token, GrantRow grant, List<String> chain, LockDevices.LockFacts lock,
                                     SignerKeys keys) {
        return GrantIntake.refusedIfNot(ManagerRevocation.verify(token, new ManagerRevocation.Proof(chain, grant.token()),
                lock.serial(), clock.instant(), keys, GrantIntake.revokedOf(grants, lock.id()))).revocation();
    }

    /** GRANT_MISMATCH, BAD_GRANT_UNTIL. */
    private static void requireFits(GrantRevocation revocation, GrantRow grant) {
        if (!revocation.grantId().equals(grant.grantId())) {
            throw GrantRefused.bad("GRANT_MISMATCH", "the revocation is of another grant");
        }
        if (revocation.grantUntil().isBefore(grant.validUntil().toInstant())) {
            // the lock forgets a revocation after grantUntil: an earlier one would bring the grant back
            throw GrantRefused.bad("BAD_GRANT_UNTIL", "grantUntil is before the grant's end");
        }
    }
}
