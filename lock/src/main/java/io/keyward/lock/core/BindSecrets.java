package io.keyward.lock.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The live bind secrets (issue 15, docs/trust.md §4): 16 random bytes the lock shows only in a QR on its
 * own screen, each valid until its expiry and good for one binding. RAM only: a restart or a power cut
 * forgets them (a person at the door can show a new one), and a factory reset too. At most one per way
 * of showing ({@link OwnerDevice#PAIRING_QR}, {@link OwnerDevice#DOOR}): a new QR replaces the old one.
 */
final class BindSecrets {

    static final Duration PAIRING_VALID = Duration.ofMinutes(10);       // trust design §4: the pairing QR's
    static final Duration DOOR_VALID = Duration.ofMinutes(5);           // trust design §4: the door's QR

    /** A bind secret, until when it binds, and how it was shown (stored with the device it binds). */
    record Live(String secret, Instant until, String how) {
        @Override
        public String toString() {
            return "Live[secret=(secret), until=" + until + ", how=" + how + "]"; // never in a log
        }
    }

    private final Entropy entropy;
    private final Map<String, Live> live = new LinkedHashMap<>();

    BindSecrets(Entropy entropy) {
        this.entropy = entropy;
    }

    /** A new secret shown now, replacing any earlier one shown the same way. */
    Live make(String how, Duration valid, Instant now) {
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(entropy.bytes(16));
        Live made = new Live(secret, now.plus(valid), how);
        live.put(how, made);
        return made;
    }

    /** The unexpired secret that passes the check (a proof made with it), or null. */
    Live find(Predicate<String> proves, Instant now) {
        forgetExpired(now);
        for (Live l : live.values()) {
            if (proves.test(l.secret())) {
                return l;
            }
        }
        return null;
    }

    /** One use: the secret binds nothing more. */
    void use(Live used) {
        live.remove(used.how(), used);
    }

    /** The unexpired secret shown this way, or null. */
    Live shown(String how, Instant now) {
        forgetExpired(now);
        return live.get(how);
    }

    void forgetExpired(Instant now) {
        live.values().removeIf(l -> !now.isBefore(l.until()));
    }

    /** A power cut or a factory reset: every secret is gone. */
    void clear() {
        live.clear();
    }
}
