package io.keyward.protocol.bluetooth;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ECDSA P-256 with SHA-256 (the devices' signatures, issue 15 and SPEC C5) done by Bouncy Castle's
 * special-form P-256 arithmetic instead of JDK 17's SunEC, as {@code FastEd25519} does for Ed25519: the
 * JDK took ~1 ms per verification on this kind of machine (and 4 ms under load), most of the lock's
 * check of a device-signed remote unlock; Bouncy Castle takes a fraction of it (FastEcdsaP256Test
 * compares both ways, DeviceSigningBenchmark measures). The keys stay the JDK's objects; signatures are
 * the 64-byte r||s WebCrypto makes. Signing uses RFC 6979's deterministic nonce.
 * <p>
 * A lock verifies with the few keys of its owner devices and grant holders again and again, so the
 * decoded points (with the multiplication tables Bouncy Castle hangs on them) of the last keys used are
 * kept, keyed by the point's bytes, not by the key object, which callers decode afresh.
 */
final class FastEcdsaP256 {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN =
            new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
    private static final int KEPT_KEYS = 64;
    private static final Map<String, ECPublicKeyParameters> KEPT = new LinkedHashMap<>(KEPT_KEYS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ECPublicKeyParameters> eldest) {
            return size() > KEPT_KEYS;
        }
    };

    private FastEcdsaP256() {
    }

    /** The 64-byte r||s signature of data by key (a P-256 key from the JDK). */
    static byte[] sign(PrivateKey key, byte[] data) {
        if (!(key instanceof ECPrivateKey ec)) {
            throw new IllegalArgumentException("not an EC private key");
        }
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(ec.getS(), DOMAIN));
        BigInteger[] rs = signer.generateSignature(sha256(data));
        byte[] out = new byte[DeviceKeys.SIGNATURE_LENGTH];
        fixed(rs[0], out, 0);
        fixed(rs[1], out, 32);
        return out;
    }

    /** Whether signature is key's r||s over data; false for a key that is not a point of P-256. */
    static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        if (!(key instanceof ECPublicKey ec) || signature.length != DeviceKeys.SIGNATURE_LENGTH) {
            return false;
        }
        ECPublicKeyParameters point = point(ec);
        if (point == null) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, point);
        // r and s out of [1, n-1] are refused inside, as the JDK refuses them
        return verifier.verifySignature(sha256(data), new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)));
    }

    private static ECPublicKeyParameters point(ECPublicKey key) {
        byte[] raw = DeviceKeys.raw(key);
        String id = java.util.Base64.getEncoder().encodeToString(raw);
        synchronized (KEPT) {
            ECPublicKeyParameters kept = KEPT.get(id);
            if (kept != null) {
                return kept;
            }
        }
        ECPoint q;
        try {
            q = CURVE.getCurve().decodePoint(raw); // validates: on the curve, not infinity
        } catch (IllegalArgumentException e) {
            return null;
        }
        ECPublicKeyParameters made = new ECPublicKeyParameters(q, DOMAIN);
        synchronized (KEPT) {
            KEPT.put(id, made);
        }
        return made;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of Java 17", e);
        }
    }

    /** value as exactly 32 big-endian bytes at offset (r and s are below n < 2^256). */
    private static void fixed(BigInteger value, byte[] out, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, out, offset + 32 - length, length);
    }
}
