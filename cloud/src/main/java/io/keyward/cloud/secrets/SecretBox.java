package io.keyward.cloud.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals one secret for one row (issue 10 item 5): AES-256-GCM from the JDK with a fresh 96-bit nonce,
 * and the row's identity (say "signing_keys/commands") as associated data, so a sealed value copied to
 * another row does not open there. Sealed text is {@code kws1:KEYID:BASE64URL(nonce ‖ ciphertext ‖ tag)};
 * a value without that prefix is a plain one from before encryption, read as it is until the start
 * re-seals it ({@link SecretsUpgrade}).
 */
public final class SecretBox {

    static final String PREFIX = "kws1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretsKeys keys;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(SecretsKeys keys) {
        this.keys = keys;
    }

    /** The secret sealed under the current key for the row named by rowIdentity. */
    public String seal(String plain, String rowIdentity) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, keys.current(), nonce, rowIdentity, plain.getBytes(StandardCharsets.UTF_8));
        byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        return PREFIX + keys.currentId() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /**
     * The secret in text as stored (sealed or plain), or null for null. A sealed value that does not
     * open, with a key missing or wrong, stops whoever asked with a message that says so: the cloud must
     * not run on with secrets it cannot read.
     */
    public String open(String stored, String rowIdentity) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        String[] parts = stored.substring(PREFIX.length()).split(":", 2);
        SecretKey key = parts.length == 2 ? keys.byId(parts[0]) : null;
        if (key == null) {
            throw new WrongSecretsKey("the secret " + rowIdentity + " is sealed with key id '" + (parts.length == 2 ? parts[0] : "?")
                    + "', which " + keys.source() + " does not hold: give the key it was sealed with (docs/security.md)");
        }
        byte[] in;
        try {
            in = Base64.getUrlDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new WrongSecretsKey("the sealed secret " + rowIdentity + " is damaged");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new WrongSecretsKey("the sealed secret " + rowIdentity + " is damaged");
        }
        byte[] nonce = java.util.Arrays.copyOf(in, NONCE_BYTES);
        byte[] sealed = java.util.Arrays.copyOfRange(in, NONCE_BYTES, in.length);
        return new String(crypt(Cipher.DECRYPT_MODE, key, nonce, rowIdentity, sealed), StandardCharsets.UTF_8);
    }

    /** Whether stored is already sealed under the current key (else the start re-seals it). */
    public boolean isCurrent(String stored) {
        return stored != null && stored.startsWith(PREFIX + keys.currentId() + ":");
    }

    private byte[] crypt(int mode, SecretKey key, byte[] nonce, String rowIdentity, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(rowIdentity.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new WrongSecretsKey("the secrets key from " + keys.source() + " does not open the stored secret " + rowIdentity
                    + ": it is not the key the secrets were sealed with (or the row was tampered with);"
                    + " give the right key (docs/security.md)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /** A stored secret that the configured keys cannot open: the cloud refuses to start. */
    public static final class WrongSecretsKey extends IllegalStateException {
        WrongSecretsKey(String message) {
            super(message);
        }
    }
}
