package io.keyward.lock.core;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The remote controller's rolling code (SPEC G2, docs/lock.md "Accessories"): each button press sends
 * its accessory id, a counter one above the last press, and HMAC-SHA256(secret, id || 0 || counter)
 * cut to 8 bytes (16 hex digits). The lock accepts a press only with a counter above the last one it
 * accepted, so a recorded press played again opens nothing.
 */
public final class RemoteCode {

    static final int CODE_BYTES = 8;

    private RemoteCode() {
    }

    /** The code a remote holding secret (base64) sends with this counter. */
    public static String of(String secret, String accessoryId, long counter) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
            mac.update(accessoryId.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
            byte[] full = mac.doFinal();
            return HexFormat.of().formatHex(full, 0, CODE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether code is the right one, compared in constant time. */
    static boolean matches(String secret, String accessoryId, long counter, String code) {
        if (code == null || code.length() != CODE_BYTES * 2) {
            return false;
        }
        return MessageDigest.isEqual(of(secret, accessoryId, counter).getBytes(StandardCharsets.US_ASCII),
                code.getBytes(StandardCharsets.US_ASCII));
    }
}
