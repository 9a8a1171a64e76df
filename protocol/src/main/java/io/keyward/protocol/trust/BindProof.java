package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.B64;
import io.keyward.protocol.bluetooth.Hkdf;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The MACs of binding an owner device (design §4), keyed by the UTF-8 bytes of the bind secret text:
 * the device's proof that it saw the lock's QR
 * ({@code "keyward-bind-v1\n" + serial + "\n" + deviceKey + "\n" + agreeKey + "\n" + name}), and the
 * lock's reply MAC ({@code "keyward-bind-reply-v1\n" + serial + "\n" + deviceId + "\n" + sealed}) so
 * the app knows the answer relayed by the cloud is the lock's. HMAC-SHA256, b64u.
 */
public final class BindProof {

    public static final int MAX_NAME_LENGTH = 40;

    private BindProof() {
    }

    public static String of(String secret, String serial, String deviceKey, String agreeKey, String name) {
        return mac(secret, "keyward-bind-v1\n" + serial + "\n" + deviceKey + "\n" + agreeKey + "\n" + name);
    }

    /** Whether proof is the proof of these inputs under secret, compared in constant time; false for any null. */
    public static boolean verify(String proof, String secret, String serial, String deviceKey, String agreeKey,
                                 String name) {
        if (proof == null || secret == null || serial == null || deviceKey == null || agreeKey == null || name == null) {
            return false;
        }
        return same(proof, of(secret, serial, deviceKey, agreeKey, name));
    }

    public static String replyMac(String secret, String serial, String deviceId, String sealed) {
        return mac(secret, "keyward-bind-reply-v1\n" + serial + "\n" + deviceId + "\n" + sealed);
    }

    /** The app's check of the lock's reply, in constant time. */
    public static boolean verifyReply(String mac, String secret, String serial, String deviceId, String sealed) {
        if (mac == null || secret == null || serial == null || deviceId == null || sealed == null) {
            return false;
        }
        return same(mac, replyMac(secret, serial, deviceId, sealed));
    }

    /** A device's name: 1 to 40 characters, no control characters. */
    public static boolean isName(String name) {
        return TrustText.isField(name, MAX_NAME_LENGTH);
    }

    private static String mac(String secret, String message) {
        return B64.encode(Hkdf.hmac(secret.getBytes(StandardCharsets.UTF_8), message.getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
