package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.B64;
import io.keyward.protocol.bluetooth.Hkdf;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;

/**
 * A lock's identity key as another lock learns it (issue 15, trust design §9): the lock's Ed25519
 * public key (protocol {@code DeviceIdentity}) as SPKI DER b64u, and the MAC with which the lock vouches
 * for it to its owner devices: {@code lockKeyMac} = b64u(HMAC-SHA256(key = UTF-8 bytes of the lock's
 * visitor secret text, msg = "keyward-lock-key-v1\n" + serial + "\n" + lockKey)). In trust mode only the
 * lock and its owner devices know that secret (design §4, §5), so a cloud that swaps the key is caught by
 * the app before any device signs a LINK_LOCK for it.
 */
public final class LockKey {

    /** An Ed25519 SPKI is 44 bytes, 59 characters of b64u; anything much longer is no lock key. */
    public static final int MAX_LENGTH = 128;

    private LockKey() {
    }

    /** The key's SPKI DER as b64u. */
    public static String encode(PublicKey key) {
        return B64.encode(key.getEncoded());
    }

    /** The Ed25519 public key of a b64u SPKI, or null for anything else (never throws). */
    public static PublicKey decode(String lockKey) {
        if (lockKey == null || lockKey.length() > MAX_LENGTH) {
            return null;
        }
        byte[] der = B64.decode(lockKey);
        if (der == null) {
            return null;
        }
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
            return B64.encode(key.getEncoded()).equals(lockKey) ? key : null; // one canonical text
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** Whether lockKey reads as an Ed25519 public key in its canonical text. */
    public static boolean isKey(String lockKey) {
        return decode(lockKey) != null;
    }

    /** The lock's MAC over its key, under its visitor secret's text. */
    public static String mac(String visitorSecret, String serial, String lockKey) {
        byte[] message = ("keyward-lock-key-v1\n" + serial + "\n" + lockKey).getBytes(StandardCharsets.UTF_8);
        return B64.encode(Hkdf.hmac(visitorSecret.getBytes(StandardCharsets.UTF_8), message));
    }

    /** The app's (and a test's) check of a reported MAC, in constant time; false for any null. */
    public static boolean verifyMac(String mac, String visitorSecret, String serial, String lockKey) {
        if (mac == null || visitorSecret == null || serial == null || lockKey == null) {
            return false;
        }
        return MessageDigest.isEqual(mac.getBytes(StandardCharsets.UTF_8),
                mac(visitorSecret, serial, lockKey).getBytes(StandardCharsets.UTF_8));
    }
}
