package io.keyward.protocol.bluetooth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;

import io.keyward.protocol.link.CommandSigning;

/**
 * The compact text form of what the cloud signs for locks to check offline:
 * {@code prefix.base64url(payload).base64url(ed25519 signature over payload)}, the payload being
 * UTF-8 lines, the first naming the kind and version. Strict: one canonical text per token.
 */
final class SignedText {

    static final int MAX_TOKEN_LENGTH = 2048;
    static final int MAX_FIELD_LENGTH = 128;
    private static final int ED25519_SIGNATURE_LENGTH = 64;

    private SignedText() {
    }

    static String sign(String prefix, List<String> lines, PrivateKey cloudKey) {
        byte[] payload = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        String token = prefix + "." + B64.encode(payload) + "." + B64.encode(CommandSigning.signBytes(cloudKey, payload));
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new IllegalArgumentException("token over " + MAX_TOKEN_LENGTH + " characters");
        }
        return token;
    }

    /**
     * The payload lines of a token: MALFORMED when it does not read, FORGED_TOKEN when cloudKey is
     * given and the signature is not its own over the payload. The content is read only after that.
     */
    static Outcome<String[]> open(String prefix, String header, int lineCount, String token, PublicKey cloudKey) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Outcome.refused(Refusal.MALFORMED, "no token, or a token too long");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(prefix)) {
            return Outcome.refused(Refusal.MALFORMED, "not a " + prefix + " token");
        }
        byte[] payload = B64.decode(parts[1]);
        byte[] signature = B64.decode(parts[2]);
        if (payload == null || signature == null || signature.length != ED25519_SIGNATURE_LENGTH) {
            return Outcome.refused(Refusal.MALFORMED, "token parts are not base64url");
        }
        if (cloudKey != null && !verify(cloudKey, payload, signature)) {
            return Outcome.refused(Refusal.FORGED_TOKEN, "not signed by the cloud");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return Outcome.refused(Refusal.MALFORMED, "payload is not UTF-8");
        }
        String[] lines = text.split("\n", -1);
        if (lines.length != lineCount || !lines[0].equals(header)) {
            return Outcome.refused(Refusal.MALFORMED, "payload is not a " + header);
        }
        return Outcome.ok(lines);
    }

    /** Bouncy Castle's Ed25519 (CommandSigning, as for commands): the JDK's took ~1-2 ms a check here. */
    private static boolean verify(PublicKey key, byte[] payload, byte[] signature) {
        return CommandSigning.verifyBytes(key, payload, signature);
    }

    /** A text field: 1 to 128 characters, no control characters. */
    static boolean isField(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_FIELD_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }

    static String millis(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }

    /** A canonical non-negative decimal of epoch milliseconds, or null. */
    static Instant instant(String text) {
        if (text == null || !text.matches("0|[1-9][0-9]{0,14}")) {
            return null;
        }
        return Instant.ofEpochMilli(Long.parseLong(text));
    }
}
