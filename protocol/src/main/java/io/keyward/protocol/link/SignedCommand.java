package io.keyward.protocol.link;

import java.time.Instant;

/**
 * A command from the cloud to one lock, as it travels on the lock's {@code commands} topic. The
 * cloud signs it (Ed25519, key pair of the cloud; the lock learns the public key at pairing) over
 * {@link #signedBytes()}: the lock's serial, an id, when it was issued and when it expires, a
 * fresh nonce and the command's JSON text. So a command cannot be forged, moved to another lock,
 * used late, or replayed (SPEC C6): the lock checks all of these before acting.
 *
 * @param body the {@code LockCommand} as JSON text, carried as a string so the signed bytes are
 *             exactly what was signed (no JSON canonicalisation needed)
 */
public record SignedCommand(int v, String serial, String id, Instant issued, Instant expires, String nonce,
                            String body, String signature) {

    public static final int VERSION = 1;
    /** The longest life a command may claim: "valid for a few seconds only". */
    public static final long MAX_LIFETIME_SECONDS = 30;

    /** The exact bytes the signature covers. */
    public byte[] signedBytes() {
        String text = "keyward-command-v" + v + "\n" + serial + "\n" + id + "\n" + issued.toEpochMilli() + "\n"
                + expires.toEpochMilli() + "\n" + nonce + "\n" + body;
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public SignedCommand withSignature(String signature) {
        return new SignedCommand(v, serial, id, issued, expires, nonce, body, signature);
    }
}
