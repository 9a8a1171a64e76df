package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.B64;
import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.bluetooth.Hkdf;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * The visitor secret sealed by the lock to one owner device's agreeKey (design §5):
 * b64u(ephemeralRaw(65) || iv(12) || AES-256-GCM ciphertext+tag), the key being
 * HKDF-SHA256(ikm = ECDH(ephemeral, agreeKey) x, salt = 32 zero bytes,
 * info = "keyward-seal-v1\n" + serial + "\n" + deviceId, 32 bytes), no AAD. The info binds the lock and
 * the device, so a sealed text moved to another lock or device does not open.
 */
public final class SealedSecret {

    private static final int RAW = 65;
    private static final int IV = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_SEALED_LENGTH = 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedSecret() {
    }

    /** Seals plaintext to the device's ECDH key (P-256 SPKI b64u); IllegalArgumentException for a key that is not one. */
    public static String seal(String plaintext, String agreeKeySpki, String serial, String deviceId) {
        ECPublicKey agreeKey = agreeKeySpki == null ? null : DeviceKeys.decode(agreeKeySpki);
        if (agreeKey == null || plaintext == null) {
            throw new IllegalArgumentException("agreeKey is not a P-256 public key in SPKI base64url");
        }
        KeyPair ephemeral = DeviceKeys.newKeyPair();
        byte[] iv = new byte[IV];
        RANDOM.nextBytes(iv);
        try {
            byte[] key = key(DeviceKeys.agree(ephemeral.getPrivate(), agreeKey), serial, deviceId);
            byte[] sealed = aes(Cipher.ENCRYPT_MODE, key, iv, plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[RAW + IV + sealed.length];
            System.arraycopy(DeviceKeys.raw((ECPublicKey) ephemeral.getPublic()), 0, out, 0, RAW);
            System.arraycopy(iv, 0, out, RAW, IV);
            System.arraycopy(sealed, 0, out, RAW + IV, sealed.length);
            return B64.encode(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 ECDH and AES-GCM are part of Java 17", e);
        }
    }

    /**
     * The plaintext, opened with the device's ECDH private key; IllegalArgumentException when the text
     * is not sealed to this device for this lock (another key, serial or deviceId, or any byte changed).
     */
    public static String open(String sealed, PrivateKey agreePrivate, String serial, String deviceId) {
        byte[] all = sealed == null || sealed.length() > MAX_SEALED_LENGTH ? null : B64.decode(sealed);
        if (all == null || all.length < RAW + IV + TAG_BITS / 8) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        ECPublicKey ephemeral = DeviceKeys.fromRaw(Arrays.copyOfRange(all, 0, RAW));
        if (ephemeral == null) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        byte[] iv = Arrays.copyOfRange(all, RAW, RAW + IV);
        try {
            byte[] key = key(DeviceKeys.agree(agreePrivate, ephemeral), serial, deviceId);
            byte[] plain = aes(Cipher.DECRYPT_MODE, key, iv, Arrays.copyOfRange(all, RAW + IV, all.length));
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(plain)).toString();
        } catch (GeneralSecurityException | java.nio.charset.CharacterCodingException | RuntimeException e) {
            throw new IllegalArgumentException("the sealed secret does not open with this device's key");
        }
    }

    private static byte[] key(byte[] shared, String serial, String deviceId) {
        byte[] info = ("keyward-seal-v1\n" + serial + "\n" + deviceId).getBytes(StandardCharsets.UTF_8);
        return Hkdf.derive(new byte[32], shared, info, 32);
    }

    private static byte[] aes(int mode, byte[] key, byte[] iv, byte[] data) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        return cipher.doFinal(data);
    }
}
