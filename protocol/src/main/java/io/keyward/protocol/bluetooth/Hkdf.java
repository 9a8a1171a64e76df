package io.keyward.protocol.bluetooth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;

/** HKDF-SHA256 (RFC 5869) on HMAC-SHA256, the same as WebCrypto's "HKDF" with hash "SHA-256". */
public final class Hkdf {

    private static final int HASH_LENGTH = 32;

    private Hkdf() {
    }

    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        if (length <= 0 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF length out of range");
        }
        byte[] prk = hmac(salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt, ikm);
        ByteArrayOutputStream okm = new ByteArrayOutputStream(length + HASH_LENGTH);
        byte[] previous = new byte[0];
        for (int i = 1; okm.size() < length; i++) {
            byte[] input = new byte[previous.length + info.length + 1];
            System.arraycopy(previous, 0, input, 0, previous.length);
            System.arraycopy(info, 0, input, previous.length, info.length);
            input[input.length - 1] = (byte) i;
            previous = hmac(prk, input);
            okm.writeBytes(previous);
        }
        byte[] all = okm.toByteArray();
        byte[] out = new byte[length];
        System.arraycopy(all, 0, out, 0, length);
        return out;
    }

    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
