package io.keyward.protocol.trust;

import io.keyward.protocol.link.Topics;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the lock's bind QR carries when a new phone is bound at the door (design §4):
 * {@code keyward://bind?v=1&serial=KW-0001&bind=<22 b64u>&expires=<epoch s>}. Strict: exactly these
 * four parameters, each once, in any order; the reasons are IllegalArgumentException messages.
 */
public record BindPayload(String serial, String bind, Instant expires) {

    public static final int VERSION = 1;
    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9-]{1,32}");
    private static final Pattern SECONDS = Pattern.compile("0|[1-9][0-9]{0,11}");
    private static final Set<String> NAMES = Set.of("v", "serial", "bind", "expires");

    public BindPayload {
        if (serial == null || !SERIAL.matcher(serial).matches() || !Topics.validSerial(serial)) {
            throw new IllegalArgumentException("serial must be 1-32 letters, digits or '-'");
        }
        if (!BindSecret.isValid(bind)) {
            throw new IllegalArgumentException("bind secret must be 22 base64url characters");
        }
        if (expires == null) {
            throw new IllegalArgumentException("expiry missing");
        }
        expires = Instant.ofEpochSecond(expires.getEpochSecond());
    }

    public String encode() {
        return "keyward://bind?v=" + VERSION + "&serial=" + serial + "&bind=" + bind + "&expires=" + expires.getEpochSecond();
    }

    /** The bind secret: never in a log. */
    @Override
    public String toString() {
        return "BindPayload[serial=" + serial + ", bind=(secret), expires=" + expires + "]";
    }

    /** Parses the text form; IllegalArgumentException with the reason when it is not one. */
    public static BindPayload parse(String text) {
        if (text == null || text.length() > 512) {
            throw new IllegalArgumentException("not a Keyward bind code");
        }
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Keyward bind code");
        }
        if (!"keyward".equals(uri.getScheme()) || !"bind".equals(uri.getRawAuthority()) || uri.getRawQuery() == null
                || !uri.getRawPath().isEmpty() || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("not a Keyward bind code");
        }
        Map<String, String> query = query(uri.getRawQuery());
        if (!String.valueOf(VERSION).equals(query.get("v"))) {
            throw new IllegalArgumentException("unsupported bind code version");
        }
        String seconds = query.get("expires");
        if (seconds == null || !SECONDS.matcher(seconds).matches()) {
            throw new IllegalArgumentException("bind code expiry is not a number");
        }
        // at most 12 digits: always an Instant (a pairing code's unbounded long was fuzz finding 3)
        return new BindPayload(query.get("serial"), query.get("bind"), Instant.ofEpochSecond(Long.parseLong(seconds)));
    }

    /** The four parameters, each once; their values are plain (serial and secret need no escaping). */
    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        for (String pair : raw.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq > 0 ? pair.substring(0, eq) : pair;
            if (eq <= 0 || !NAMES.contains(name) || out.put(name, pair.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("bind code parameters must be v, serial, bind and expires, once each");
            }
        }
        return out;
    }
}
