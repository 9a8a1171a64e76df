package io.keyward.lock.core;

import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.RadioRequest;
import io.keyward.protocol.bluetooth.RadioResponse;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.event.UnlockMethod;

/**
 * What the lock does for a phone over Bluetooth (SPEC C5, E3, B2, D1, D4, E4, C9); the handshake's
 * cryptography runs in the radio, what the lock does runs here, deterministic like the rest of the
 * core. Every request re-checks the session's key (validity at the lock's clock, revocation), so a
 * key revoked or expired mid-session stops working on its next request.
 *
 * Roles: OWNER and MANAGER count as administrators (they open in privacy mode and may manage);
 * MEMBER and VISITOR only open. During a trial-and-error lockout (D1) Bluetooth keeps opening for
 * OWNER, MANAGER and MEMBER; VISITOR keys obey the lockout (E4).
 *
 * Issue 15: a session may run under a device grant chain instead of a cloud-signed key; its leaf
 * plays the key (keyId = grant id) and its role decides the same way. Such a session is checked
 * against the owner devices ({@link BluetoothAdmission}), logged with the credential
 * {@code grant:<grantId>}, manages through {@link CommandHandling#fromManagingDevice} (its proof of
 * the holder's key stands for the device signature), and may carry grant revocations (kwdr1).
 */
final class BluetoothAccess {

    static final UnlockMethod METHOD = UnlockMethod.BLUETOOTH;
    static final String CREDENTIAL_PREFIX = "bluetooth-key:";
    /** Issue 15: a device grant's credential in the log, as GrantRevocations names a revoked grant. */
    static final String GRANT_PREFIX = "grant:";

    private final Effects fx;
    private final String serial;
    private final PowerAndBolt power;
    private final Unlocking unlocking;
    private final BluetoothRevocations revocations;
    private final GrantRevocations grantRevocations;
    private final BluetoothAdmission admission;
    private final CommandHandling commands;

    BluetoothAccess(Effects fx, String serial, PowerAndBolt power, Unlocking unlocking,
                    BluetoothRevocations revocations, CommandHandling commands) {
        this.fx = fx;
        this.serial = serial;
        this.power = power;
        this.unlocking = unlocking;
        this.revocations = revocations;
        this.grantRevocations = new GrantRevocations(fx, serial);
        this.admission = new BluetoothAdmission(fx, serial);
        this.commands = commands;
    }

    /** Who a session runs under: the key, and the device grant chain it is the leaf of (null for a cloud key). */
    private record Holder(BluetoothKey key, String chain) {
        boolean grant() {
            return chain != null;
        }

        String credential() {
            return (grant() ? GRANT_PREFIX : CREDENTIAL_PREFIX) + key.keyId();
        }

        String who() {
            return "account " + key.account() + " (" + key.role() + (grant() ? ", device grant" : "") + ")";
        }
    }

    /** A handshake or record the radio refused: one UNLOCK REFUSED event (C9). */
    void refused(Input.BluetoothRefused r) {
        if (!power.powered()) {
            return;
        }
        fx.record(Event.unlock(METHOD).refused(clip(r.reason()))
                .by(null, r.keyId() == null ? null : (r.grant() ? GRANT_PREFIX : CREDENTIAL_PREFIX) + clip(r.keyId()))
                .detail(detail(r.account(), r.detail())));
    }

    /** One request under an established session's key (chain: its device grant chain, null for a cloud key). */
    RadioResponse request(BluetoothKey key, String chain, RadioRequest request) {
        if (!power.powered()) {
            return RadioResponse.refused("UNPOWERED", "the lock has no power");
        }
        revocations.prune();
        Holder holder = new Holder(key, chain);
        String refusal = admission.refusal(key, chain);
        if (refusal != null) {
            refuseUnlock(holder, refusal);
            return RadioResponse.refused(refusal, "the Bluetooth key no longer opens this lock: " + refusal);
        }
        if (request instanceof RadioRequest.Unlock) {
            return unlock(holder);
        } else if (request instanceof RadioRequest.Revocations r) {
            return revocations(holder, r);
        } else if (request instanceof RadioRequest.Command c) {
            return command(holder, c.command());
        }
        if (!manages(key)) {
            return notAllowed(holder, "STATE");
        }
        return RadioResponse.state(null); // the shell fills in the state it reports to the cloud
    }

    // ------------------------------------------------------------------ requests

    private RadioResponse unlock(Holder holder) {
        BluetoothKey key = holder.key();
        String refusal = !fx.data().hasAdministrator() ? "NO_ADMINISTRATOR"
                : fx.data().flag(Setting.PRIVACY_MODE) && !manages(key) ? "PRIVACY_MODE" // D4
                : unlocking.lockedOut() && key.role() == KeyRole.VISITOR ? "LOCKED_OUT" // D1, E4
                : null;
        if (refusal != null) {
            refuseUnlock(holder, refusal);
            return RadioResponse.refused(refusal, switch (refusal) {
                case "PRIVACY_MODE" -> "privacy mode is on: only the lock's owner and managers can open it";
                case "LOCKED_OUT" -> "the lock is locked out after wrong attempts: visitor keys wait until it ends";
                default -> "the lock has no administrator yet";
            });
        }
        power.unlock(Event.unlock(METHOD).ok(null, holder.credential()).detail(holder.who()));
        return RadioResponse.done();
    }

    /**
     * E3: any app of the lock carries revocations; the signature, not the carrier, is trusted: the
     * cloud's (kwrv1, a Bluetooth key) or, issue 15, a current owner device's (kwdr1, a device grant), or
     * a manager's with its grant and chain beside it ({@code kwdr1~grant~chain}, design §8, T7).
     */
    private RadioResponse revocations(Holder carrier, RadioRequest.Revocations r) {
        int applied = 0;
        String carriedBy = (carrier.grant() ? "device grant " : "Bluetooth key ") + carrier.key().keyId();
        for (String token : r.revocations()) {
            String refusal = token.startsWith(io.keyward.protocol.trust.GrantRevocation.PREFIX + ".")
                    ? grantRevocations.revokeCarried(token, carriedBy) : revocations.revoke(token, carriedBy);
            if (refusal == null) {
                applied++;
            }
        }
        return RadioResponse.revocations(applied, r.revocations().size() - applied);
    }

    /**
     * B2 over Bluetooth, for an offline lock: owners and managers only. Issue 15: under a device
     * grant (an OWNER or MANAGER leaf) the command goes the managing device's way (the session's
     * proof of the holder's key stands for its signature); under a cloud key as before.
     */
    private RadioResponse command(Holder holder, LockCommand command) {
        if (!manages(holder.key())) {
            return notAllowed(holder, command.getClass().getSimpleName());
        }
        return RadioResponse.command(holder.grant() ? commands.fromManagingDevice(command) : commands.unsigned(command));
    }

    private RadioResponse notAllowed(Holder holder, String what) {
        fx.record(Event.refused(LockEvent.COMMAND_REFUSED, "NOT_ALLOWED").method(METHOD).by(null, holder.credential())
                .detail(what + ": " + holder.who() + " may not manage the lock"));
        return RadioResponse.refused("NOT_ALLOWED", "only the lock's owner and managers manage it");
    }

    // ------------------------------------------------------------------ helpers

    /** OWNER and MANAGER keys count as the lock's administrators (B2, D4). */
    static boolean manages(BluetoothKey key) {
        return key.role() == KeyRole.OWNER || key.role() == KeyRole.MANAGER;
    }

    private void refuseUnlock(Holder holder, String reason) {
        fx.record(Event.unlock(METHOD).refused(reason).by(null, holder.credential()).detail(holder.who()));
    }

    private static String detail(String account, String detail) {
        String text = (account == null ? "" : "account " + account + ": ") + (detail == null ? "" : detail);
        return text.isEmpty() ? null : clip(text);
    }

    static String clip(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200);
    }
}
