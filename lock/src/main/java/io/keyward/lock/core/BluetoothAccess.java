package io.keyward.lock.core;

import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.KeyRevocation;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.RadioRequest;
import io.keyward.protocol.bluetooth.RadioResponse;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.event.Result;
import io.keyward.protocol.event.UnlockMethod;
import io.keyward.protocol.link.CommandSigning;

import java.security.PublicKey;
import java.time.Instant;

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

    static final String METHOD = UnlockMethod.BLUETOOTH.name();
    private static final String OK = Result.OK.name();
    private static final String REFUSED = Result.REFUSED.name();
    static final String CREDENTIAL_PREFIX = "bluetooth-key:";

    /** What Bluetooth needs of the lock core. */
    interface Host {
        LockData data();

        String serial();

        Instant now();

        boolean powered();

        boolean lockedOut();

        void commit(Change change);

        void event(String kind, String method, String result, String credential, String reason, String detail);

        /** Opens the bolt, logged as UNLOCK by BLUETOOTH with the credential and detail. */
        void unlock(String credential, String detail);

        /** A management command as the app's link delivers it (REMOTE_UNLOCK and SYNC_UNLOCK refused: NOT_SIGNED). */
        CommandReply command(LockCommand command);
    }

    private final Host host;

    BluetoothAccess(Host host) {
        this.host = host;
    }

    /** A handshake or record the radio refused: one UNLOCK REFUSED event (C9). */
    void refused(Input.BluetoothRefused r) {
        if (!host.powered()) {
            return;
        }
        host.event(LockEvent.UNLOCK, METHOD, REFUSED, r.keyId() == null ? null : CREDENTIAL_PREFIX + clip(r.keyId()),
                clip(r.reason()), detail(r.account(), r.detail()));
    }

    /** One request under an established session's key. */
    RadioResponse request(BluetoothKey key, RadioRequest request) {
        if (!host.powered()) {
            return RadioResponse.refused("UNPOWERED", "the lock has no power");
        }
        pruneRevocations();
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

    /** LockCommand REVOKE_BLUETOOTH_KEY from the cloud's link, the panel or an app over Bluetooth (E3). */
    CommandReply revokeCommand(String token) {
        String refusal = revoke(token, "the app's link");
        if (refusal != null) {
            return CommandReply.refused(refusal, "revocation refused: " + refusal.toLowerCase().replace('_', ' '));
        }
        return CommandReply.ok();
    }

    // ------------------------------------------------------------------ requests

    private String keyRefusal(BluetoothKey key) {
        if (host.data().cloud() == null) {
            return "NOT_PAIRED";
        }
        Outcome<BluetoothKey> admitted = key.admits(host.serial(), host.now(), host.data().revokedBluetoothKeys());
        return admitted.isOk() ? null : admitted.reason().name();
    }

    private RadioResponse unlock(BluetoothKey key) {
        String refusal = !host.data().hasAdministrator() ? "NO_ADMINISTRATOR"
                : host.data().flag(Setting.PRIVACY_MODE) && !manages(key) ? "PRIVACY_MODE" // D4
                : host.lockedOut() && key.role() == KeyRole.VISITOR ? "LOCKED_OUT" // D1, E4
                : null;
        if (refusal != null) {
            refuseUnlock(key, refusal);
            return RadioResponse.refused(refusal, switch (refusal) {
                case "PRIVACY_MODE" -> "privacy mode is on: only the lock's owner and managers can open it";
                case "LOCKED_OUT" -> "the lock is locked out after wrong attempts: visitor keys wait until it ends";
                default -> "the lock has no administrator yet";
            });
        }
        host.unlock(credential(key), who(key));
        return RadioResponse.done();
    }

    /** E3: any app of the lock carries revocations; the cloud's signature, not the carrier, is trusted. */
    private RadioResponse revocations(BluetoothKey carrier, RadioRequest.Revocations r) {
        int applied = 0;
        for (String token : r.revocations()) {
            if (revoke(token, "Bluetooth key " + carrier.keyId()) == null) {
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
        return RadioResponse.command(host.command(command));
    }

    private RadioResponse notAllowed(BluetoothKey key, String what) {
        host.event(LockEvent.COMMAND_REFUSED, METHOD, REFUSED, credential(key), "NOT_ALLOWED",
                what + ": " + who(key) + " may not manage the lock");
        return RadioResponse.refused("NOT_ALLOWED", "only the lock's owner and managers manage it");
    }

    // ------------------------------------------------------------------ revocations (E3)

    /** Verifies and keeps one revocation; null when it verified (new or already known), else why not. */
    private String revoke(String token, String carriedBy) {
        PublicKey cloudKey = cloudKey();
        if (cloudKey == null) {
            host.event(LockEvent.COMMAND_REFUSED, null, REFUSED, null, "NOT_PAIRED", "revocation carried by " + carriedBy);
            return "NOT_PAIRED";
        }
        Outcome<KeyRevocation> verified = KeyRevocation.verify(token, cloudKey, host.serial());
        if (!verified.isOk()) {
            host.event(LockEvent.COMMAND_REFUSED, null, REFUSED, null, verified.reason().name(),
                    "revocation carried by " + carriedBy);
            return verified.reason().name();
        }
        KeyRevocation revocation = verified.value();
        Instant known = host.data().bluetoothRevocations().get(revocation.keyId());
        boolean matters = host.now().isBefore(revocation.keyUntil()); // an expired key is refused anyway
        if (matters && (known == null || known.isBefore(revocation.keyUntil()))) {
            host.commit(new Change.BluetoothKeyRevoked(revocation.keyId(), revocation.keyUntil()));
            host.event(LockEvent.BLUETOOTH_KEY_REVOKED, null, OK, CREDENTIAL_PREFIX + revocation.keyId(), null,
                    "carried by " + carriedBy);
        }
        return null;
    }

    private void pruneRevocations() {
        Instant now = host.now();
        if (host.data().bluetoothRevocations().values().stream().anyMatch(until -> !now.isBefore(until))) {
            host.commit(new Change.BluetoothRevocationsPruned(now));
        }
    }

    private PublicKey cloudKey() {
        LockData.CloudLink cloud = host.data().cloud();
        if (cloud == null) {
            return null;
        }
        try {
            return CommandSigning.publicKey(cloud.cloudPublicKey());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ helpers

    /** OWNER and MANAGER keys count as the lock's administrators (B2, D4). */
    static boolean manages(BluetoothKey key) {
        return key.role() == KeyRole.OWNER || key.role() == KeyRole.MANAGER;
    }

    private void refuseUnlock(BluetoothKey key, String reason) {
        host.event(LockEvent.UNLOCK, METHOD, REFUSED, credential(key), reason, who(key));
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

    private static String clip(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200);
    }
}
