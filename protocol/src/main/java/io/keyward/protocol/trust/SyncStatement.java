package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.B64;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.Refusal;
import io.keyward.protocol.event.UnlockMethod;
import io.keyward.protocol.link.CommandSigning;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A lock's own signed word that it was just opened from outside (issue 15, trust design §9, kwsu1): what a
 * linked lock in trust mode needs before it follows (SPEC F2), so that the cloud alone cannot open it.
 * Signed with the lock's Ed25519 identity key ({@code DeviceIdentity}), which the linked lock learned through
 * an owner device's LINK_LOCK. Payload lines {@code keyward-sync-unlock-v1, fromSerial, statementId (uuid),
 * at-ms, method} (an {@link UnlockMethod} that opens from outside); token
 * {@code kwsu1.b64u(payload).b64u(signature)}. Strict like the other tokens (design §2): one canonical text.
 */
public record SyncStatement(String fromSerial, String statementId, Instant at, String method) {

    public static final String PREFIX = "kwsu1";
    static final String HEADER = "keyward-sync-unlock-v1";
    private static final int LINES = 5;
    public static final int MAX_TOKEN_LENGTH = 512;
    /** A statement older than this opens nothing (the cloud's own limit for relaying an unlock, SyncLinks). */
    public static final Duration MAX_AGE = Duration.ofSeconds(30);
    /** How far in the linked lock's future a statement may be made (clocks differ a little). */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    public SyncStatement {
        TrustText.requireField(fromSerial, "fromSerial");
        TrustText.requireUuid(statementId, "statementId");
        at = TrustText.requireInstant(at, "at");
        if (!opensFromOutside(method)) {
            throw new IllegalArgumentException("method is not an unlock from outside");
        }
    }

    /** Signed by the lock's Ed25519 identity key. */
    public String sign(PrivateKey lockKey) {
        byte[] payload = String.join("\n", List.of(HEADER, fromSerial, statementId, TrustText.millis(at), method))
                .getBytes(StandardCharsets.UTF_8);
        return PREFIX + "." + B64.encode(payload) + "." + B64.encode(ed25519(lockKey, payload));
    }

    /** When the statement stops opening anything: at + {@link #MAX_AGE}. */
    public Instant expiresAt() {
        return at.plus(MAX_AGE);
    }

    /** The statement of a token without checking its signature: MALFORMED when it does not read. */
    public static Outcome<SyncStatement> decode(String token) {
        Outcome<TrustText.Opened> opened = TrustText.open(PREFIX, HEADER, LINES, token, MAX_TOKEN_LENGTH);
        return opened.isOk() ? read(opened.value().lines()) : opened.refusal();
    }

    /** The statement of a token signed by lockKey: MALFORMED, or FORGED_TOKEN for another key or any change. */
    public static Outcome<SyncStatement> verify(String token, PublicKey lockKey) {
        Objects.requireNonNull(lockKey, "lockKey");
        Outcome<TrustText.Opened> opened = TrustText.open(PREFIX, HEADER, LINES, token, MAX_TOKEN_LENGTH);
        if (!opened.isOk()) {
            return opened.refusal();
        }
        Outcome<SyncStatement> read = read(opened.value().lines());
        if (read.isOk() && !ed25519Verify(lockKey, opened.value().payload(), opened.value().signature())) {
            return Outcome.refused(Refusal.FORGED_TOKEN, "statement " + read.value().statementId()
                    + " not signed by " + read.value().fromSerial());
        }
        return read;
    }

    /**
     * EXPIRED when now is at or past {@link #expiresAt()}; BAD_VALIDITY when made more than
     * {@link #CLOCK_SKEW} after now (a statement "from the future" could otherwise be kept and used later).
     */
    public Outcome<SyncStatement> admits(Instant now) {
        if (!now.isBefore(expiresAt())) {
            return Outcome.refused(Refusal.EXPIRED, "statement " + statementId + " made at " + at);
        }
        if (at.isAfter(now.plus(CLOCK_SKEW))) {
            return Outcome.refused(Refusal.BAD_VALIDITY, "statement " + statementId + " made in the future, at " + at);
        }
        return Outcome.ok(this);
    }

    /** Whether method names an {@link UnlockMethod} that opens from outside (F2: only those are followed). */
    public static boolean opensFromOutside(String method) {
        Optional<UnlockMethod> m = UnlockMethod.of(method);
        return m.isPresent() && m.get().fromOutside();
    }

    private static Outcome<SyncStatement> read(String[] f) {
        Instant at = TrustText.instant(f[3]);
        if (at == null) {
            return Outcome.refused(Refusal.MALFORMED, "the statement's time does not read");
        }
        try {
            return Outcome.ok(new SyncStatement(f[1], f[2], at, f[4]));
        } catch (IllegalArgumentException e) {
            return Outcome.refused(Refusal.MALFORMED, e.getMessage());
        }
    }

    private static byte[] ed25519(PrivateKey key, byte[] payload) {
        return CommandSigning.signBytes(key, payload); // Bouncy Castle's, as the cloud's commands (~10x the JDK's)
    }

    private static boolean ed25519Verify(PublicKey key, byte[] payload, byte[] signature) {
        return CommandSigning.verifyBytes(key, payload, signature);
    }
}
