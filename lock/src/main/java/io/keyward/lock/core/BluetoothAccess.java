package io.keyward.lock.core;

import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.Outcome;
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
 */
final class BluetoothAccess {

    static final UnlockMethod METHOD = UnlockMethod.BLUETOOTH;
    static final String CREDENTIAL_PREFIX = "bluetooth-key:";

    private final Effects fx;
    private final String serial;
    private final PowerAndBolt power;
    private final Unlocking unlocking;
    private final BluetoothRevocations revocations;
    private final CommandHandling commands;

    BluetoothAccess(Effects fx, String serial, PowerAndBolt power, Unlocking unlocking,
                    BluetoothRevocations revocations, CommandHandling commands) {
        this.fx = fx;
        this.serial = serial;
        this.power = power;
        this.unlocking = unlocking;
        this.revocations = revocations;
        this.commands = commands;
    }

    /** A handshake or record the radio refused: one UNLOCK REFUSED event (C9). */
    void refused(Input.BluetoothRefused r) {
        if (!power.powered()) {
            return;
        }
        fx.record(Event.unlock(METHOD).refused(clip(r.reason()))
                .by(null, r.keyId() == null ? null : CREDENTIAL_PREFIX + clip(r.keyId()))
                .detail(detail(r.account(), r.detail())));
    }

    /** One request under an established session's key. */
    RadioResponse request(BluetoothKey key, RadioRequest request) {
        if (!power.powered()) {
            return RadioResponse.refused("UNPOWERED", "the lock has no power");
        }
        revocations.prune();
        String refusal = keyRefusal(key);
        if (refusal != null) {
            refuseUnlock(key, refusal);
            return RadioResponse.refused(refusal, "the Bluetooth key no longer opens this lock: " + refusal);
        }
        if (request instanceof RadioRequest.Unlock) {
            return unlock(key);
        } else if (request instanceof RadioRequest.Revocations r) {
            return revocations(key, r);
        } else if (request instanceof RadioRequest.Command c) {
            return command(key, c.command());
        }
        if (!manages(key)) {
            return notAllowed(key, "STATE");
        }
        return RadioResponse.state(null); // the shell fills in the state it reports to the cloud
    }

    // ------------------------------------------------------------------ requests

    private String keyRefusal(BluetoothKey key) {
        if (fx.data().cloud() == null) {
            return "NOT_PAIRED";
        }
        Outcome<BluetoothKey> admitted = key.admits(serial, fx.now(), fx.data().revokedBluetoothKeys());
        return admitted.isOk() ? null : admitted.reason().name();
    }

    private RadioResponse unlock(BluetoothKey key) {
        String refusal = !fx.data().hasAdministrator() ? "NO_ADMINISTRATOR"
                : fx.data().flag(Setting.PRIVACY_MODE) && !manages(key) ? "PRIVACY_MODE" // D4
                : unlocking.lockedOut() && key.role() == KeyRole.VISITOR ? "LOCKED_OUT" // D1, E4
                : null;
        if (refusal != null) {
            refuseUnlock(key, refusal);
            return RadioResponse.refused(refusal, switch (refusal) {
                case "PRIVACY_MODE" -> "privacy mode is on: only the lock's owner and managers can open it";
                case "LOCKED_OUT" -> "the lock is locked out after wrong attempts: visitor keys wait until it ends";
                default -> "the lock has no administrator yet";
            });
        }
        power.unlock(Event.unlock(METHOD).ok(null, credential(key)).detail(who(key)));
        return RadioResponse.done();
    }

    /** E3: any app of the lock carries revocations; the cloud's signature, not the carrier, is trusted. */
    private RadioResponse revocations(BluetoothKey carrier, RadioRequest.Revocations r) {
        int applied = 0;
        for (String token : r.revocations()) {
            if (revocations.revoke(token, "Bluetooth key " + carrier.keyId()) == null) {
                applied++;
            }
        }
        return RadioResponse.revocations(applied, r.revocations().size() - applied);
    }

    /** B2 over Bluetooth, for an offline lock: owners and managers only. */
    private RadioResponse command(BluetoothKey key, LockCommand command) {
        if (!manages(key)) {
            return notAllowed(key, command.getClass().getSimpleName());
        }
        return RadioResponse.command(commands.unsigned(command));
    }

    private RadioResponse notAllowed(BluetoothKey key, String what) {
        fx.record(Event.refused(LockEvent.COMMAND_REFUSED, "NOT_ALLOWED").method(METHOD).by(null, credential(key))
                .detail(what + ": " + who(key) + " may not manage the lock"));
        return RadioResponse.refused("NOT_ALLOWED", "only the lock's owner and managers manage it");
    }

    // ------------------------------------------------------------------ helpers

    /** OWNER and MANAGER keys count as the lock's administrators (B2, D4). */
    static boolean manages(BluetoothKey key) {
        return key.role() == KeyRole.OWNER || key.role() == KeyRole.MANAGER;
    }

    private void refuseUnlock(BluetoothKey key, String reason) {
        fx.record(Event.unlock(METHOD).refused(reason).by(null, credential(key)).detail(who(key)));
    }

    private static String credential(BluetoothKey key) {
        return CREDENTIAL_PREFIX + key.keyId();
    }

    private static String who(BluetoothKey key) {
        return "account " + key.account() + " (" + key.role() + ")";
    }

    private static String detail(String account, String detail) {
        String text = (account == null ? "" : "account " + account + ": ") + (detail == null ? "" : detail);
        return text.isEmpty() ? null : clip(text);
    }

    static String clip(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200);
    }
}
