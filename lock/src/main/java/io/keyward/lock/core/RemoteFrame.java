package io.keyward.lock.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A remote controller's press as it goes over the air (SPEC G2; issue 10 finding 12): the accessory
 * id (ASCII), a 0 byte, the counter (8 bytes, big-endian) and the rolling code (8 bytes), written as
 * base64url without padding. Anyone in range can record it and send it again: the panel API lets an
 * outsider do exactly that, and the rolling code is what makes the copy worthless.
 */
public final class RemoteFrame {

    /** Accessory ids the lock gives out: letters, digits and '-'. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,32}");
    static final int MAX_BYTES = 32 + 1 + Long.BYTES + RemoteCode.CODE_BYTES;
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

    /** Why a frame does not read; the message says what is wrong, for a 400. */
    public static final class Malformed extends IllegalArgumentException {
        Malformed(String reason) {
            super(reason);
        }
    }

    private RemoteFrame() {
    }

    public static String encode(Input.RemoteButton press) {
        byte[] id = press.accessory().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer frame = ByteBuffer.allocate(id.length + 1 + Long.BYTES + RemoteCode.CODE_BYTES);
        frame.put(id).put((byte) 0).putLong(press.counter()).put(HexFormat.of().parseHex(press.code()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(frame.array());
    }

    /** The press a frame carries; {@link Malformed} with the reason when it is not a remote's frame. */
    public static Input.RemoteButton decode(String text) {
        if (text == null || text.isEmpty()) {
            throw new Malformed("frame must not be empty");
        }
        if (text.length() > (MAX_BYTES * 4 + 2) / 3 || !BASE64URL.matcher(text).matches()) {
            throw new Malformed("frame must be base64url without padding, at most " + MAX_BYTES + " bytes");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new Malformed("frame must be base64url without padding, at most " + MAX_BYTES + " bytes");
        }
        int separator = indexOfZero(bytes);
        int tail = Long.BYTES + RemoteCode.CODE_BYTES;
        if (separator < 1 || bytes.length - separator - 1 != tail) {
            throw new Malformed("frame must be an accessory id, a 0 byte, an 8-byte counter and an 8-byte code");
        }
        String id = new String(bytes, 0, separator, StandardCharsets.US_ASCII);
        if (!ID.matcher(id).matches()) {
            throw new Malformed("frame's accessory id must be 1 to 32 letters, digits or '-'");
        }
        ByteBuffer rest = ByteBuffer.wrap(bytes, separator + 1, tail);
        long counter = rest.getLong();
        byte[] code = new byte[RemoteCode.CODE_BYTES];
        rest.get(code);
        return new Input.RemoteButton(id, counter, HexFormat.of().formatHex(code));
    }

    private static int indexOfZero(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
