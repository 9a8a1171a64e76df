package io.keyward.lock.core;

import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.SignedCommand;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lock's checks of a command from the cloud (SPEC C6): for this lock, signed by the cloud it
 * is paired with, short-lived, not late, and never seen before. Nonces are remembered until their
 * command expires, so the memory stays small. It lives in RAM, so a command issued before the lock
 * (re)started may have been obeyed already: it is refused as REPLAYED. The cloud signs afresh what it
 * sends after the lock comes back, but its clock may run behind the lock's: commands issued up to
 * {@link #CLOCK_SKEW} before the start are let through (the remaining gap, docs/security.md).
 */
final class SignedCommandCheck {

    /** How far ahead of the lock's clock a command may be issued (clocks drift). */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
    static final int MAX_NONCES = 10_000;

    private final LinkedHashMap<String, Instant> nonces = new LinkedHashMap<>();
    /** When this memory began (the lock's start): nothing issued before can be told from a replay. */
    private final Instant startedAt;
    // the cloud's key as last decoded, and its text: decoded again only when a new pairing changes it
    private String keyText;
    private PublicKey key;

    SignedCommandCheck(Instant startedAt) {
        this.startedAt = startedAt;
    }

    /** Why the command must be refused, or null when it may be obeyed (its nonce is then used up). */
    String refusal(SignedCommand c, String serial, String cloudPublicKey, Instant now) {
        if (cloudPublicKey == null) {
            return "NOT_PAIRED";
        }
        if (c.v() != SignedCommand.VERSION || c.id() == null || c.issued() == null || c.expires() == null
                || c.nonce() == null || c.nonce().length() > 64 || c.body() == null) {
            return "MALFORMED_COMMAND";
        }
        if (!serial.equals(c.serial())) {
            return "WRONG_LOCK";
        }
        if (!CommandSigning.verify(cloudKey(cloudPublicKey), c)) {
            return "FORGED";
        }
        if (!c.expires().isAfter(c.issued())
                || Duration.between(c.issued(), c.expires()).getSeconds() > SignedCommand.MAX_LIFETIME_SECONDS
                || c.issued().isAfter(now.plus(CLOCK_SKEW))) {
            return "BAD_VALIDITY";
        }
        if (!now.isBefore(c.expires())) {
            return "EXPIRED";
        }
        forgetExpired(now);
        if (nonces.containsKey(c.nonce()) || c.issued().isBefore(startedAt.minus(CLOCK_SKEW))) {
            return "REPLAYED";
        }
        if (nonces.size() >= MAX_NONCES) {
            return "BUSY";
        }
        nonces.put(c.nonce(), c.expires());
        return null;
    }

    private PublicKey cloudKey(String text) {
        if (!text.equals(keyText)) {
            key = CommandSigning.publicKey(text);
            keyText = text;
        }
        return key;
    }

    private void forgetExpired(Instant now) {
        Iterator<Map.Entry<String, Instant>> it = nonces.entrySet().iterator();
        while (it.hasNext()) {
            if (!it.next().getValue().isAfter(now)) {
                it.remove();
            }
        }
    }
}
