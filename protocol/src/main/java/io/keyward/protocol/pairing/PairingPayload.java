package io.keyward.protocol.pairing;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.keyward.protocol.link.Topics;

/**
 * What the lock's pairing QR code carries (SPEC A3): its serial, a one-time secret and when that
 * secret expires. Text form: {@code keyward://pair?v=1&serial=KW-0001&secret=...&expires=1767600000}.
 * Issue 15: it may also carry {@code &bind=<22 b64u>}, the bind secret of the first owner device
 * (docs/trust.md §4); the app keeps it and strips it ({@link #withoutBind()}) before the cloud sees
 * the text. bind is null when absent.
 */
public record PairingPayload(String serial, String secret, Instant expires, String bind) {

        /** The one-time secrets: never in a log (issue 10 item 5). */
        @Override
        public String toString() {
            return "PairingPayload[serial=" + serial + ", secret=(secret), expires=" + expires
                    + (bind == null ? "" : ", bind=(secret)") + "]";
        }


    public static final int VERSION = 1;
    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9-]{1,32}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    /** 16 bytes in base64url without padding: the last character carries 2 bits, so only these end it. */
    private static final Pattern BIND = Pattern.compile("[A-Za-z0-9_-]{21}[AQgw]");

    /** A pairing code without a bind secret (a lock before issue 15, and the text the cloud is sent). */
    public PairingPayload(String serial, String secret, Instant expires) {
        this(serial, secret, expires, null);
    }

    public PairingPayload {
        if (serial == null || !SERIAL.matcher(serial).matches()) {
            throw new IllegalArgumentException("serial must be 1-32 letters, digits or '-'");
        }
        if (!Topics.validSerial(serial)) {
            // a service's MQTT name (Topics.RESERVED_PREFIX): the login the cloud would issue takes it over
            throw new IllegalArgumentException("serial is a reserved name");
        }
        if (secret == null || !SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("secret must be 16-64 base64url characters");
        }
        if (expires == null) {
            throw new IllegalArgumentException("expiry missing");
        }
        if (bind != null && !BIND.matcher(bind).matches()) {
            throw new IllegalArgumentException("bind secret must be 22 base64url characters");
        }
    }

    /** The same code without its bind secret: what the app posts to the cloud. */
    public PairingPayload withoutBind() {
        return new PairingPayload(serial, secret, expires, null);
    }

    public String encode() {
        return "keyward://pair?v=" + VERSION
                + "&serial=" + URLEncoder.encode(serial, StandardCharsets.UTF_8)
                + "&secret=" + secret
                + "&expires=" + expires.getEpochSecond()
                + (bind == null ? "" : "&bind=" + bind);
    }

    /** Parses the text form; IllegalArgumentException with the reason when it is not one. */
    public static PairingPayload parse(String text) {
        if (text == null || text.length() > 512) {
            throw new IllegalArgumentException("not a Keyward pairing code");
        }
        URI uri;
        try {
            uri = URI.create(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Keyward pairing code");
        }
        if (!"keyward".equals(uri.getScheme()) || !"pair".equals(uri.getHost()) || uri.getRawQuery() == null) {
            throw new IllegalArgumentException("not a Keyward pairing code");
        }
        Map<String, String> query = query(uri.getRawQuery());
        if (!String.valueOf(VERSION).equals(query.get("v"))) {
            throw new IllegalArgumentException("unsupported pairing code version");
        }
        Instant expires;
        try {
            expires = Instant.ofEpochSecond(Long.parseLong(query.getOrDefault("expires", "")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pairing code expiry is not a number");
        } catch (java.time.DateTimeException e) {
            // a long can say more seconds than an Instant holds (fuzz finding 3: the cloud answered 500)
            throw new IllegalArgumentException("pairing code expiry out of range");
        }
        return new PairingPayload(query.get("serial"), query.get("secret"), expires, query.get("bind"));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
