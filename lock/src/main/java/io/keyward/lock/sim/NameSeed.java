package io.keyward.lock.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A stable random seed from a simulated thing's name: the same name, the same finger or face, in every JVM. */
public final class NameSeed {

    private NameSeed() {
    }

    /** The first 8 bytes of SHA-256 of the name (String.hashCode would collide far too easily). */
    public static long of(String name) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long s = 0;
            for (int i = 0; i < 8; i++) {
                s = (s << 8) | (h[i] & 0xff);
            }
            return s;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
