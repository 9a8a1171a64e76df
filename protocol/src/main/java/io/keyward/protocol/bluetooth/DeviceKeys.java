package io.keyward.protocol.bluetooth;

import javax.crypto.KeyAgreement;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * P-256 keys as the browser's WebCrypto has them: an account's device key (ECDSA P-256, SHA-256,
 * signatures as the 64-byte r||s that WebCrypto produces) and the ephemeral ECDH keys of a session.
 * Public keys travel as SPKI in base64url (WebCrypto {@code exportKey("spki")}) inside tokens, and as
 * the 65-byte uncompressed point (WebCrypto {@code exportKey("raw")}) in handshake messages.
 */
public final class DeviceKeys {

    static final int RAW_LENGTH = 65;
    static final int SIGNATURE_LENGTH = 64;
    private static final ECParameterSpec P256;

    static {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            P256 = parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private DeviceKeys() {
    }

    /** A fresh P-256 key pair: an account's device key, or a session's ephemeral key. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(P256);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is part of Java 17", e);
        }
    }

    /** The public key as SPKI in base64url, the form a Bluetooth key carries. */
    public static String encode(PublicKey key) {
        if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
            throw new IllegalArgumentException("not a P-256 public key");
        }
        return B64.encode(key.getEncoded());
    }

    /** The P-256 public key of an SPKI base64url text, or null when it is not one (or not on the curve). */
    public static ECPublicKey decode(String spkiBase64url) {
        byte[] der = B64.decode(spkiBase64url);
        if (der == null || der.length > 200) {
            return null;
        }
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
            if (key instanceof ECPublicKey ec && isP256(ec.getParams()) && onCurve(ec.getW())
                    && Arrays.equals(ec.getEncoded(), der)) {
                return ec;
            }
            return null;
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** The 65-byte uncompressed point (WebCrypto {@code exportKey("raw")}) of a P-256 public key. */
    public static byte[] raw(ECPublicKey key) {
        byte[] out = new byte[RAW_LENGTH];
        out[0] = 0x04;
        copyFixed(key.getW().getAffineX(), out, 1);
        copyFixed(key.getW().getAffineY(), out, 33);
        return out;
    }

    /** The public key of a 65-byte uncompressed point, or null when it is not a point of P-256. */
    public static ECPublicKey fromRaw(byte[] raw) {
        if (raw == null || raw.length != RAW_LENGTH || raw[0] != 0x04) {
            return null;
        }
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(raw, 33, 65)));
        if (!onCurve(point)) {
            return null;
        }
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256));
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** The ECDH shared secret: the 32-byte x coordinate, as WebCrypto {@code deriveBits} gives it. */
    public static byte[] agree(PrivateKey own, PublicKey peer) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(own);
        agreement.doPhase(peer, true);
        return agreement.generateSecret();
    }

    /** ECDSA P-256 SHA-256 as the 64-byte r||s WebCrypto produces (issue 15: device-signed tokens use it too). */
    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            return FastEcdsaP256.sign(key, data); // Bouncy Castle's P-256, ~10x the JDK's speed (FastEcdsaP256)
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot sign with the device key", e);
        }
    }

    /** Whether signature is the 64-byte r||s ECDSA P-256 SHA-256 of key over data; false for anything else. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            return FastEcdsaP256.verify(key, data, signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean isP256(ECParameterSpec params) {
        return params != null && params.getCurve().equals(P256.getCurve())
                && params.getGenerator().equals(P256.getGenerator()) && params.getOrder().equals(P256.getOrder())
                && params.getCofactor() == P256.getCofactor();
    }

    /** y^2 = x^3 + ax + b over the field of P-256, with both coordinates reduced; never the point at infinity. */
    private static boolean onCurve(ECPoint point) {
        if (point == null || ECPoint.POINT_INFINITY.equals(point)) {
            return false;
        }
        BigInteger p = ((ECFieldFp) P256.getCurve().getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB()).mod(p);
        return left.equals(right);
    }

    private static void copyFixed(BigInteger value, byte[] out, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, out, offset + 32 - length, length);
    }
}
