package io.keyward.protocol.visitor;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The 256-bit secret a lock shares with the cloud/app from pairing on, from which every visitor passcode
 * of that lock is derived (SPEC E1, E2). Its text form is base64url without padding (43 characters).
 * Two keys are derived from it (HMAC-SHA256 with fixed labels), one for the keyed permutation of the
 * code space and one for the tag, so the secret itself is never used directly.
 */
public final class VisitorSecret {

    public static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;
    private final byte[] permutationKey;
    private final byte[] tagKey;

    private VisitorSecret(byte[] secret) {
        if (secret.length != BYTES) {
            throw new IllegalArgumentException("a visitor secret has exactly 256 bits");
        }
        this.secret = secret.clone();
        this.permutationKey = derive(this.secret, "keyward-visitor-v1|permutation");
        this.tagKey = derive(this.secret, "keyward-visitor-v1|tag");
    }

    /** A fresh random secret (made at pairing). */
    public static VisitorSecret generate() {
        byte[] b = new byte[BYTES];
        RANDOM.nextBytes(b);
        return new VisitorSecret(b);
    }

    public static VisitorSecret of(byte[] secret) {
        return new VisitorSecret(secret);
    }

    /** Reads the base64url text form; throws IllegalArgumentException if it is not 256 bits. */
    public static VisitorSecret fromBase64Url(String text) {
        byte[] b;
        try {
            b = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not a base64url visitor secret");
        }
        return new VisitorSecret(b);
    }

    public String toBase64Url() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    Mac permutationMac() {
        return mac(permutationKey);
    }

    Mac tagMac() {
        return mac(tagKey);
    }

    private static byte[] derive(byte[] key, String label) {
        return mac(key).doFinal(label.getBytes(StandardCharsets.US_ASCII));
    }

    static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VisitorSecret other && MessageDigest.isEqual(secret, other.secret);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tagKey);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "VisitorSecret[redacted]";
    }
}
