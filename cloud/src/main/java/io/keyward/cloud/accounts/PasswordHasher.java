package io.keyward.cloud.accounts;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id (Spring Security's v5.8 defaults: 16 MiB, 2 passes, 1 lane). Memory-hard, so guessing on
 * GPUs costs far more than with BCrypt, and it has no 72-byte input limit. The hash string carries its
 * own parameters, so stronger settings can come later without breaking stored hashes.
 */
@Component
class PasswordHasher {

    private final Argon2PasswordEncoder argon2 = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();

    /** Each hash takes 16 MiB and a core: a burst of sign-ins waits here instead of exhausting memory. */
    private final Semaphore slots = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()), true);

    /** Checked against when the email is unknown, so that case costs a hash too and does not stand out. */
    private final String decoy = hash(Secrets.newSecret("decoy-"));

    String hash(String password) {
        return limited(() -> argon2.encode(password));
    }

    boolean matches(String password, String hash) {
        return limited(() -> argon2.matches(password, hash));
    }

    /** Spends the time of a real check and always fails. */
    boolean matchesNothing(String password) {
        matches(password, decoy);
        return false;
    }

    private <T> T limited(Supplier<T> work) {
        slots.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }
}
