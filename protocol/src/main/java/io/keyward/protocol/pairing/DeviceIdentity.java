package io.keyward.protocol.pairing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * A lock's device identity (SPEC A3, docs/security.md): an Ed25519 key pair the lock makes at its
 * first start and keeps for life, across factory resets, as a real lock keeps a key burned in at the
 * factory. With each pairing request the lock signs {@code keyward-pairing-device-v1|serial|proof};
 * the cloud records the public key at the first binding and afterwards lets the serial change hands,
 * or fetch its login again, only for that key. Serials are public, so without it anyone could answer
 * as a bound lock "that was reset" and take it from its owner.
 */
public final class DeviceIdentity {

    private static final String ALGORITHM = "Ed25519";

    private DeviceIdentity() {
    }

    private static byte[] signedBytes(String serial, String proof) {
        return ("keyward-pairing-device-v1|" + serial + "|" + proof).getBytes(StandardCharsets.UTF_8);
    }

    /** Base64 of the signature over this pairing request's serial and proof. */
    public static String sign(PrivateKey key, String serial, String proof) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(signedBytes(serial, proof));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of Java 17", e);
        }
    }

    /** Whether deviceKey (base64 X.509) signed this serial and proof; false for anything malformed. */
    public static boolean verify(String deviceKey, String serial, String proof, String signature) {
        if (deviceKey == null || signature == null || deviceKey.length() > 100 || signature.length() > 200) {
            return false;
        }
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(deviceKey)));
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(signedBytes(serial, proof));
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
