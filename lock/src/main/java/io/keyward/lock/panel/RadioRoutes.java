package io.keyward.lock.panel;

import io.keyward.lock.bluetooth.BluetoothRadio;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The radio's part of the panel API (an addition; docs/bluetooth.md "The radio endpoint"):
 * {@code POST /radio/hello}, {@code /radio/proof}, {@code /radio/record}, each body
 * {@code {"connection": id, "message": base64url}} (no connection for hello). Every answer carries
 * CORS headers allowing any origin, and {@code OPTIONS} answers 204: the web app calls the lock's
 * port from the browser, and the protocol's cryptography, not the origin, protects the radio.
 * Statuses: 200, 400 (body), 403 (the protocol refused: {@code reason} is a Refusal name),
 * 404 (no such connection), 503 (out of range, or no power).
 */
final class RadioRoutes {

    private static final Set<String> PATHS = Set.of("/radio/hello", "/radio/proof", "/radio/record");
    /** Base64url of the largest message (a 16 KiB record) with room to spare. */
    private static final int MAX_MESSAGE_CHARS = 24 * 1024;
    private static final int MAX_CONNECTION_CHARS = 64;
    private static final System.Logger LOG = System.getLogger(RadioRoutes.class.getName());

    private final PanelPort lock;

    RadioRoutes(PanelPort lock) {
        this.lock = lock;
    }

    /** The radio's paths, for the index page. */
    static java.util.List<String> paths() {
        return java.util.List.of("/radio/hello", "/radio/proof", "/radio/record");
    }

    static boolean handles(String path) {
        return path != null && path.startsWith("/radio/");
    }

    PanelApi.Response handle(String method, String rawQuery, String path, byte[] body) {
        try {
            if (!PATHS.contains(path)) {
                throw BadRequest.notFound(path);
            }
            if ("OPTIONS".equals(method)) {
                return new PanelApi.Response(204, PanelApi.JSON, new byte[0], null, "no-store", true);
            }
            if (!"POST".equals(method)) {
                throw BadRequest.wrongMethod(method, path, "POST, OPTIONS");
            }
            BluetoothRadio radio = lock.radio();
            if (radio == null) {
                throw BadRequest.of(404, "this lock has no Bluetooth radio");
            }
            if (rawQuery != null && !rawQuery.isEmpty()) {
                throw BadRequest.of(path + " takes no query parameters");
            }
            if (!radio.inRange()) {
                return json(503, PanelJson.error("out of Bluetooth range")); // before the body: nothing reaches the lock
            }
            return answer(call(radio, path, body == null ? new byte[0] : body));
        } catch (BadRequest e) {
            return new PanelApi.Response(e.status(), PanelApi.JSON, PanelJson.error(e.getMessage()), e.allow(), "no-store", true);
        } catch (PanelRefusal e) {
            return json(400, PanelJson.error(String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "radio " + method + " " + path + " failed", e);
            return json(500, PanelJson.error("internal error (see the lock's log)"));
        }
    }

    private static BluetoothRadio.Answer call(BluetoothRadio radio, String path, byte[] body) {
        RequestBody json = PanelJson.readObject(body);
        if ("/radio/hello".equals(path)) {
            json.allowOnly("message");
            return radio.hello(message(json));
        }
        json.allowOnly("connection", "message");
        String connection = json.text("connection");
        if (connection.isEmpty() || connection.length() > MAX_CONNECTION_CHARS) {
            throw BadRequest.of("connection must be the id /radio/hello gave");
        }
        byte[] message = message(json);
        return "/radio/proof".equals(path) ? radio.proof(connection, message) : radio.record(connection, message);
    }

    /** The message field: canonical base64url without padding, else 400. */
    private static byte[] message(RequestBody json) {
        String text = json.text("message");
        if (text.isEmpty() || text.length() > MAX_MESSAGE_CHARS || !text.matches("[A-Za-z0-9_-]+")) {
            throw BadRequest.of("message must be base64url without padding, 1 to " + MAX_MESSAGE_CHARS + " characters");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw BadRequest.of("message is not base64url");
        }
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(text)) {
            throw BadRequest.of("message is not canonical base64url");
        }
        return bytes;
    }

    private static PanelApi.Response answer(BluetoothRadio.Answer a) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (a.status() == 200) {
            if (a.connection() != null) {
                body.put("connection", a.connection());
            }
            if (a.message() != null) {
                body.put("message", Base64.getUrlEncoder().withoutPadding().encodeToString(a.message()));
            }
            if (body.isEmpty()) {
                body.put("ok", true);
            }
        } else {
            body.put("error", a.error());
            if (a.reason() != null) {
                body.put("reason", a.reason());
            }
        }
        return json(a.status(), PanelJson.write(body));
    }

    private static PanelApi.Response json(int status, byte[] body) {
        return new PanelApi.Response(status, PanelApi.JSON, body, null, "no-store", true);
    }
}
