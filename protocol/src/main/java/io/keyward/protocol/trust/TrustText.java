package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.B64;
import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.Refusal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The text form of what a device signs (design §2): {@code prefix.b64u(payload).b64u(r||s)}, the
 * payload being UTF-8 lines joined by "\n", ECDSA P-256 SHA-256 by the signer device. Unlike the
 * cloud's kwbk1 the signer is named inside the payload, so a token is read first (MALFORMED) and its
 * signature checked after the reader has found the signer's key (FORGED). Strict: one canonical text.
 */
final class TrustText {

    static final int MAX_TOKEN_LENGTH = 2048;
    static final int MAX_FIELD_LENGTH = 128;
    private static final Pattern MILLIS = Pattern.compile("0|[1-9][0-9]{0,14}");

    private TrustText() {
    }

    /** A read token: its lines, and the bytes its signature must cover. */
    record Opened(String[] lines, byte[] payload, byte[] signature) {

        boolean signedBy(PublicKey key) {
            return key != null && DeviceKeys.verify(key, payload, signature);
        }
    }

    static String sign(String prefix, List<String> lines, PrivateKey deviceKey, int maxLength) {
        byte[] payload = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        String token = prefix + "." + B64.encode(payload) + "." + B64.encode(DeviceKeys.sign(deviceKey, payload));
        if (token.length() > maxLength) {
            throw new IllegalArgumentException("token over " + maxLength + " characters");
        }
        return token;
    }

    /** The lines of a token: MALFORMED when it does not read as a {@code header} of lineCount lines. */
    static Outcome<Opened> open(String prefix, String header, int lineCount, String token, int maxLength) {
        if (token == null || token.length() > maxLength) {
            return Outcome.refused(Refusal.MALFORMED, "no token, or a token too long");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(prefix)) {
            return Outcome.refused(Refusal.MALFORMED, "not a " + prefix + " token");
        }
        byte[] payload = B64.decode(parts[1]);
        byte[] signature = B64.decode(parts[2]);
        if (payload == null || signature == null || signature.length != 64) {
            return Outcome.refused(Refusal.MALFORMED, "token parts are not base64url");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return Outcome.refused(Refusal.MALFORMED, "payload is not UTF-8");
        }
        String[] lines = text.split("\n", lineCount);
        if (lines.length != lineCount || !lines[0].equals(header)) {
            return Outcome.refused(Refusal.MALFORMED, "payload is not a " + header);
        }
        return Outcome.ok(new Opened(lines, payload, signature));
    }

    /** A text field: 1 to max characters, no control characters (nor line or paragraph separators). */
    static boolean isField(String value, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
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

    static boolean isField(String value) {
        return isField(value, MAX_FIELD_LENGTH);
    }

    /** A uuid in its one canonical text (lower case, as {@code crypto.randomUUID()} makes it). */
    static boolean isUuid(String value) {
        if (value == null || value.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(value).toString().equals(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static void requireUuid(String value, String what) {
        if (!isUuid(value)) {
            throw new IllegalArgumentException(what + " is not a lower-case uuid");
        }
    }

    static void requireField(String value, String what) {
        if (!isField(value)) {
            throw new IllegalArgumentException(what + " is empty, over 128 characters or has control characters");
        }
    }

    static String millis(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }

    /** A canonical non-negative decimal of epoch milliseconds, or null. */
    static Instant instant(String text) {
        if (text == null || !MILLIS.matcher(text).matches()) {
            return null;
        }
        return Instant.ofEpochMilli(Long.parseLong(text));
    }

    /** Instants a token can carry: from 1970 to 999,999,999,999,999 ms, to the millisecond. */
    static Instant requireInstant(Instant instant, String what) {
        if (instant == null) {
            throw new IllegalArgumentException(what + " missing");
        }
        if (instant.isBefore(Instant.EPOCH) || instant.isAfter(Instant.ofEpochMilli(999_999_999_999_999L))) {
            throw new IllegalArgumentException(what + " out of range");
        }
        return Instant.ofEpochMilli(instant.toEpochMilli());
    }
}
