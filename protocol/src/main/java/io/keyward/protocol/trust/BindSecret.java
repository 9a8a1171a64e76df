package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.B64;

import java.security.SecureRandom;

/**
 * The one-time secret a lock shows only in a QR on its own screen to bind an owner device (design §4):
 * 16 random bytes, b64u (22 characters). The app keeps it and never sends it to the cloud.
 */
public final class BindSecret {

    public static final int BYTES = 16;
    public static final int LENGTH = 22;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BindSecret() {
    }

    public static String generate() {
        byte[] b = new byte[BYTES];
        RANDOM.nextBytes(b);
        return B64.encode(b);
    }

    /** Whether text is a bind secret's canonical form (22 base64url characters of 16 bytes). */
    public static boolean isValid(String text) {
        if (text == null || text.length() != LENGTH) {
            return false;
        }
        byte[] b = B64.decode(text);
        return b != null && b.length == BYTES;
    }
}
