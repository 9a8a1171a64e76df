package io.keyward.lock.core;

import io.keyward.lock.prompts.Prompt;
import io.keyward.protocol.pairing.PairingPayload;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Pairing with the cloud (A3): holding SET shows a QR with a one-time secret for 5 minutes, only on a
 * lock with an administrator; only the handshake the lock itself started may bind it to a cloud.
 */
final class Pairing {

    static final Duration VALID = Duration.ofMinutes(5);                 // A3

    private final Effects fx;
    private final String serial;
    private final Entropy entropy;
    private final Keypad keypad;
    private String code;
    private Instant until;
    private String secret;
    private final BindSecrets bindSecrets;

    Pairing(Effects fx, String serial, Entropy entropy, Keypad keypad, BindSecrets bindSecrets) {
        this.bindSecrets = bindSecrets;
        this.fx = fx;
        this.serial = serial;
        this.entropy = entropy;
        this.keypad = keypad;
    }

    void enter() {
        keypad.keepAwake();
        if (!fx.data().hasAdministrator()) {
            fx.speak(Prompt.CREATE_ADMIN); // A3: pairing needs an administrator on the lock
            keypad.mode(Keypad.Mode.OFFER_ADMIN);
            return;
        }
        secret = Base64.getUrlEncoder().withoutPadding().encodeToString(entropy.bytes(16));
        until = fx.now().plus(VALID);
        // issue 15: the first phone binds with the bind secret of the same QR (valid 10 minutes, one use)
        String bind = bindSecrets.make(OwnerDevice.PAIRING_QR, BindSecrets.PAIRING_VALID, fx.now()).secret();
        code = new PairingPayload(serial, secret, until, bind).encode();
        fx.record(Event.ok(LockEvent.PAIRING_MODE));
        fx.speak(Prompt.PAIRING_MODE);
    }

    void completed(Input.PairingCompleted p) {
        if (until == null || p.cloudPublicKey() == null || p.brokerUri() == null || p.brokerPassword() == null) {
            return; // only the pairing handshake the lock itself started may bind it
        }
        LockData data = fx.data();
        fx.commit(new Change.CloudLinked(p.cloudPublicKey(), p.brokerUri(), p.brokerPassword(), p.boundAt()));
        if (VisitorAccess.validSecret(p.visitorSecret()) && !p.visitorSecret().equals(data.visitorSecret())
                && !data.trustMode()) { // issue 15: an owner device's lock keeps a secret the cloud never knew
            fx.commit(new Change.VisitorSecretSet(p.visitorSecret())); // E1, E2: shared with the cloud from now on
        }
        fx.record(Event.ok(LockEvent.PAIRED));
        end();
        fx.speak(Prompt.OPERATION_SUCCESSFUL);
    }

    /** The QR leaves the screen and its one-time secret is forgotten. */
    void end() {
        until = null;
        code = null;
        secret = null;
    }

    void fireTimers() {
        if (until != null && !fx.now().isBefore(until)) {
            end();
        }
    }

    Instant deadline() {
        return until;
    }

    /** The QR's text while in pairing mode, else null. */
    String code() {
        return code;
    }

    String secret() {
        return until == null ? null : secret;
    }
}
