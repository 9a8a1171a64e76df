package io.keyward.protocol.link;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The Ed25519 of command signing, done by Bouncy Castle's RFC 8032 code instead of JDK 17's SunEC
 * (issue 11 item 5): the JDK takes ~1-2 ms per signature and as much per verification on this
 * kind of machine, as much as the whole raw MQTT round trip of a remote unlock; Bouncy Castle's
 * precomputed tables make both ~10x faster. Ed25519 is deterministic, so both produce the same
 * signature bytes for the same key and message, and each accepts the other's
 * (FastEd25519Test checks both directions). The keys stay the JDK's objects in their JDK
 * encodings (X.509 / PKCS#8, as stored and sent at pairing); only their raw 32 bytes are read here.
 * <p>
 * The raw form of the last key used is kept (the cloud signs with one key, a lock verifies with
 * one), so a signature costs no extra derivation of the public half and a verification no decoding
 * of the point.
 */
final class FastEd25519 {

    /** An X.509 SubjectPublicKeyInfo of Ed25519 is this fixed prefix and the 32-byte key. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private record Signer(PrivateKey key, byte[] secret, byte[] publicKey) {
    }

    private record Verifier(PublicKey key, Ed25519.PublicPoint point) {
    }

    private static volatile Signer lastSigner;
    private static volatile Verifier lastVerifier;

    static {
        Ed25519.precompute(); // the tables, once per JVM, rather than inside the first command's time
    }

    private FastEd25519() {
    }

    /** The 64-byte signature of message by key (an Ed25519 key from the JDK). */
    static byte[] sign(PrivateKey key, byte[] message) {
        Signer signer = lastSigner;
        if (signer == null || signer.key() != key) {
            byte[] secret = secret(key);
            byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
            Ed25519.generatePublicKey(secret, 0, publicKey, 0);
            signer = new Signer(key, secret, publicKey);
            lastSigner = signer;
        }
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(signer.secret(), 0, signer.publicKey(), 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /** Whether signature is key's over message; false for a key that is not a valid Ed25519 point. */
    static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        Verifier verifier = lastVerifier;
        if (verifier == null || verifier.key() != key) {
            byte[] raw = raw(key);
            // "partial" is RFC 8032's own check of a public key (a point on the curve), the one the JDK makes
            Ed25519.PublicPoint point = raw == null ? null : Ed25519.validatePublicKeyPartialExport(raw, 0);
            if (point == null) {
                return false;
            }
            verifier = new Verifier(key, point);
            lastVerifier = verifier;
        }
        return Ed25519.verify(signature, 0, verifier.point(), message, 0, message.length);
    }

    private static byte[] secret(PrivateKey key) {
        if (key instanceof EdECPrivateKey ed) {
            return ed.getBytes().orElseThrow(() -> new IllegalStateException("the Ed25519 private key has no bytes"));
        }
        throw new IllegalArgumentException("not an Ed25519 private key");
    }

    /** The 32 bytes of an Ed25519 public key, or null when its encoding is not one. */
    private static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null || encoded.length != X509_PREFIX.length + Ed25519.PUBLIC_KEY_SIZE
                || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            return null;
        }
        return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
    }
}
