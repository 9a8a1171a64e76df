package io.keyward.lock.core;

import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.SignedCommand;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

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

    private final Set<String> nonces = new HashSet<>();
    /**
     * The same nonces by expiry, soonest first: forgetting the expired ones looks at those only, not at
     * every nonce held (a scan of all of them, thousands under load, was a fifth of the lock's CPU on a
     * remote unlock's path; issue 11 item 5).
     */
    private final PriorityQueue<Held> byExpiry = new PriorityQueue<>();

    private record Held(Instant expires, String nonce) implements Comparable<Held> {
        @Override
        public int compareTo(Held other) {
            return expires.compareTo(other.expires);
        }
    }
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
        if (nonces.contains(c.nonce()) || c.issued().isBefore(startedAt.minus(CLOCK_SKEW))) {
            return "REPLAYED";
        }
        if (nonces.size() >= MAX_NONCES) {
            return "BUSY";
        }
        nonces.add(c.nonce());
        byExpiry.add(new Held(c.expires(), c.nonce()));
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
        while (!byExpiry.isEmpty() && !byExpiry.peek().expires().isAfter(now)) {
            nonces.remove(byExpiry.poll().nonce());
        }
    }
}
