package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.B64;
import io.keyward.protocol.bluetooth.DeviceKeys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Locale;

/**
 * A device's id and the fingerprint people compare (design §1): deviceId = b64u of the first 16 bytes
 * of SHA-256 over the device key's SPKI DER (22 characters); fingerprint = its first 8 characters
 * upper-cased as {@code ABCD-EFGH}.
 */
public final class DeviceIds {

    /** Characters of a deviceId: 16 bytes in base64url without padding. */
    public static final int LENGTH = 22;
    private static final int ID_BYTES = 16;

    private DeviceIds() {
    }

    /** The id of a device key (P-256 SPKI b64u); IllegalArgumentException when it is not one. */
    public static String idOf(String deviceKey) {
        ECPublicKey key = deviceKey == null ? null : DeviceKeys.decode(deviceKey);
        if (key == null) {
            throw new IllegalArgumentException("not a P-256 public key in SPKI base64url");
        }
        return idOf(key);
    }

    /** The id of a P-256 public key. */
    public static String idOf(ECPublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return B64.encode(Arrays.copyOf(digest, ID_BYTES));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Whether text is a deviceId's canonical form (22 base64url characters of 16 bytes). */
    public static boolean isId(String text) {
        if (text == null || text.length() != LENGTH) {
            return false;
        }
        byte[] bytes = B64.decode(text);
        return bytes != null && bytes.length == ID_BYTES;
    }

    /** "ABCD-EFGH": the first 8 characters of a deviceId, upper-cased; IllegalArgumentException for a non-id. */
    public static String fingerprint(String deviceId) {
        if (!isId(deviceId)) {
            throw new IllegalArgumentException("not a deviceId");
        }
        String head = deviceId.substring(0, 8).toUpperCase(Locale.ROOT);
        return head.substring(0, 4) + "-" + head.substring(4);
    }
}
