package io.keyward.protocol.link;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Ed25519 signing of commands by the cloud, and verification by the lock; keys as base64 (X.509 / PKCS#8),
 * made and read by the JDK, the signatures computed by {@link FastEd25519}.
 */
public final class CommandSigning {

    private static final String ALGORITHM = "Ed25519";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CommandSigning() {
    }

    public static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of Java 17", e);
        }
    }

    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static String encode(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
    }

    public static PrivateKey privateKey(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 private key");
        }
    }

    /** A signed command for one lock, valid from now for lifetimeSeconds, with a fresh id and nonce. */
    public static SignedCommand sign(PrivateKey key, String serial, String commandJson, Instant now, long lifetimeSeconds) {
        return sign(key, serial, UUID.randomUUID().toString(), commandJson, now, lifetimeSeconds);
    }

    /**
     * A signed command with the given id and a fresh nonce: a resend of a command the lock may have
     * obeyed already keeps its id, so the lock answers it again instead of obeying twice.
     */
    public static SignedCommand sign(PrivateKey key, String serial, String id, String commandJson, Instant now,
                                     long lifetimeSeconds) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        SignedCommand unsigned = new SignedCommand(SignedCommand.VERSION, serial, id, now,
                now.plusSeconds(lifetimeSeconds), Base64.getUrlEncoder().withoutPadding().encodeToString(nonce),
                commandJson, null);
        return unsigned.withSignature(signature(key, unsigned.signedBytes()));
    }

    /** Ed25519 by Bouncy Castle (FastEd25519): the same bytes as the JDK's, in a tenth of the time. */
    static String signature(PrivateKey key, byte[] bytes) {
        return Base64.getEncoder().encodeToString(FastEd25519.sign(key, bytes));
    }

    /**
     * Ed25519 over any bytes, by the same Bouncy Castle code (FastEd25519): the cloud's Bluetooth key tokens,
     * a lock's sync statements (issue 15). Throws IllegalArgumentException for a key that is not Ed25519.
     */
    public static byte[] signBytes(PrivateKey key, byte[] bytes) {
        return FastEd25519.sign(key, bytes);
    }

    /** Whether signature is key's Ed25519 signature of bytes; false for anything else, never an exception. */
    public static boolean verifyBytes(PublicKey key, byte[] bytes, byte[] signature) {
        try {
            return key != null && signature != null && FastEd25519.verify(key, bytes, signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether the signature is the cloud's over exactly these fields (FastEd25519, as the JDK would judge). */
    public static boolean verify(PublicKey key, SignedCommand command) {
        if (command.signature() == null) {
            return false;
        }
        try {
            return FastEd25519.verify(key, command.signedBytes(), Base64.getDecoder().decode(command.signature()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
