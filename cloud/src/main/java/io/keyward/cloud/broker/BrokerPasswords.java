package io.keyward.cloud.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Broker passwords: 256 random bits, and the hash under which a password is stored. */
final class BrokerPasswords {

    private static final SecureRandom RANDOM = new SecureRandom();

    private BrokerPasswords() {
    }

    /** 256 random bits as URL-safe base64 without padding (43 characters). */
    static String newPassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * A plain SHA-256 is enough for a password of 256 random bits (nothing to guess, unlike a
     * person's password), and it keeps the broker's CONNECT check cheap.
     */
    static byte[] sha256(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Constant time in the contents, so the comparison does not tell how much of a guess was right. */
    static boolean sameHash(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    static boolean samePassword(String expected, String given) {
        return sameHash(sha256(expected), sha256(given));
    }
}
