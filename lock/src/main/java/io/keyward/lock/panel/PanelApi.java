package io.keyward.lock.panel;

import io.keyward.lock.hardware.Key;
import io.keyward.lock.hardware.Pose;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The panel API of one lock (the contract in PANEL-API.md, summarised in the README), apart from
 * any HTTP server: a method, a path, a query and a body in, a status and a JSON body out. Every
 * request is validated whole before the lock is touched, so a refused request changes nothing.
 * {@link PanelServer} serves it on its own port; a shared server can mount it under a prefix.
 */
public final class PanelApi {

    /** Bodies larger than this are refused unread (413). */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_KEYS = 64;
    static final double MAX_HOLD_SECONDS = 60;
    static final long MAX_CLOCK_ADVANCE_SECONDS = 7 * 24 * 3600;

    /**
     * What to answer: the status, the body and its media type, for a 405 the Allow header, and the
     * Cache-Control header (no-store for the API; the panel page's static files say no-cache).
     */
    public record Response(int status, String contentType, byte[] body, String allow, String cacheControl, boolean cors) {

        public Response(int status, String contentType, byte[] body, String allow) {
            this(status, contentType, body, allow, "no-store");
        }

        public Response(int status, String contentType, byte[] body, String allow, String cacheControl) {
            this(status, contentType, body, allow, cacheControl, false);
        }

        static Response json(int status, byte[] body) {
            return new Response(status, JSON, body, null);
        }
    }

    static final String JSON = "application/json";
    private static final System.Logger LOG = System.getLogger(PanelApi.class.getName());

    private interface Action {
        Object run(Request request);
    }

    /** takesQuery: only GET /events reads its query string; anywhere else one is a mistake worth saying. */
    private record Route(String method, boolean takesQuery, Action action) {
    }

    private record Request(Map<String, String> query, byte[] body) {
        RequestBody json() {
            return PanelJson.readObject(body);
        }
    }

    private final PanelPort lock;
    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final PanelWeb web = new PanelWeb();
    private final RadioRoutes radio;

    public PanelApi(PanelPort lock) {
        this.lock = Objects.requireNonNull(lock);
        this.radio = new RadioRoutes(lock);
        post("/touch", r -> { r.json().allowOnly(); return lock.touch(); });
        post("/keys", this::keys);
        post("/hold", this::hold);
        post("/finger", this::finger);
        post("/face", this::face);
        post("/mechanical-key", r -> lock.mechanicalKey(r.json().allowOnly("key").name("key")));
        post("/handle", r -> lock.handle(r.json().allowOnly("action").oneOf("action", PanelPort.HandleAction.class)));
        post("/door", r -> lock.door(r.json().allowOnly("state").oneOf("state", PanelPort.DoorPosition.class)));
        post("/battery", this::battery);
        post("/usb-power", r -> lock.usbPower(r.json().allowOnly("connected").bool("connected")));
        post("/tamper", r -> { r.json().allowOnly(); return lock.tamper(); });
        post("/clock/advance", r -> lock.advanceClock(
                r.json().allowOnly("seconds").wholeNumber("seconds", 1, MAX_CLOCK_ADVANCE_SECONDS)));
        post("/command", this::command);
        // addition: the button of a paired remote controller (G2); the door sensor (G1) sees POST /door
        post("/remote-controller", r -> lock.remoteControllerPressed(r.json().allowOnly("remote").name("remote")));
        // addition: what a recorded press sends again over the air (G2's replay refusal, from outside)
        post("/remote-controller/replay", r -> lock.remoteControllerFrame(r.json().allowOnly("frame").text("frame")));
        // additions (issue 12): the bolt motor jams; the door leaf pressed against the thrown bolt binds it
        post("/motor/jam", r -> lock.motorJam(r.json().allowOnly("jammed").bool("jammed")));
        post("/door/press", r -> lock.doorPress(r.json().allowOnly("pressed").bool("pressed")));
        get("/state", false, r -> lock.state());
        get("/events", true, this::events);
        get("/", false, r -> new Response(200, "text/html; charset=utf-8", PanelIndex.html(routes()), null));
        // additions: the panel in the browser (its files under /panel/) and the pairing QR code as an image
        get("/panel", false, r -> web.page());
        get("/qr.png", false, r -> qrPng());
        // addition: the simulated Bluetooth radio (docs/bluetooth.md); /radio/* is answered by RadioRoutes
        post("/bluetooth/range", r -> lock.bluetoothRange(r.json().allowOnly("inRange").bool("inRange")));
        // addition: the outdoor camera's picture now (SPEC H7, D8), for tests and scripts
        get("/camera/snapshot.jpg", false, r -> new Response(200, "image/jpeg", lock.cameraSnapshot(), null));
    }

    private void post(String path, Action action) {
        routes.put(path, new Route("POST", false, action));
    }

    private void get(String path, boolean takesQuery, Action action) {
        routes.put(path, new Route("GET", takesQuery, action));
    }

    /** Answers one request; never throws. rawQuery and body may be null. */
    public Response handle(String method, String path, String rawQuery, byte[] body) {
        if (RadioRoutes.handles(path)) {
            return radio.handle(method, rawQuery, path, body);
        }
        try {
            Route route = routes.get(path);
            if (route == null && PanelWeb.isFilePath(path)) {
                if (!"GET".equals(method)) {
                    throw BadRequest.wrongMethod(method, path, "GET");
                }
                return web.fileAt(path); // a query (say, to bust a cache) is ignored
            }
            if (route == null) {
                throw BadRequest.notFound(path);
            }
            if (!route.method().equals(method)) {
                throw BadRequest.wrongMethod(method, path, route.method());
            }
            Request request = new Request(parseQuery(rawQuery), body == null ? new byte[0] : body);
            if (!route.takesQuery() && !request.query().isEmpty()) {
                throw BadRequest.of(path + " takes no query parameters");
            }
            Object result = route.action().run(request);
            // most actions answer the new state; /command and / shape their own answer
            return result instanceof Response response ? response : Response.json(200, PanelJson.write(result));
        } catch (BadRequest e) {
            return new Response(e.status(), JSON, PanelJson.error(e.getMessage()), e.allow());
        } catch (PanelRefusal e) {
            return Response.json(400, PanelJson.error(String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            // the lock must answer every well-formed request: anything else is a bug to fix, so log it loudly
            LOG.log(System.Logger.Level.ERROR, "panel " + method + " " + path + " failed", e);
            return Response.json(500, PanelJson.error("internal error (see the lock's log)"));
        }
    }

    /** Method and path of every route, for the index page. */
    List<String> routes() {
        List<String> out = new ArrayList<>();
        routes.forEach((path, route) -> out.add(route.method() + " " + path));
        RadioRoutes.paths().forEach(path -> out.add("POST " + path));
        return out;
    }

    // ------------------------------------------------------------------ actions

    private PanelState keys(Request r) {
        List<String> names = r.json().allowOnly("keys").texts("keys", MAX_KEYS);
        List<Key> keys = new ArrayList<>(names.size());
        for (String name : names) {
            keys.add(key(name));
        }
        return lock.keys(keys);
    }

    private PanelState hold(Request r) {
        RequestBody b = r.json().allowOnly("key", "button", "seconds", "insertBattery");
        if (b.has("key") == b.has("button")) {
            throw BadRequest.of("give either key or button, not " + (b.has("key") ? "both" : "neither"));
        }
        double seconds = b.number("seconds", 0, true, MAX_HOLD_SECONDS);
        if (b.has("key")) {
            if (b.has("insertBattery")) {
                throw BadRequest.of("insertBattery goes with the SET button only");
            }
            return lock.holdKey(key(b.text("key")), seconds);
        }
        if (!"SET".equals(b.text("button"))) {
            throw BadRequest.of("button must be SET, the only button on the rear panel");
        }
        return lock.holdSet(seconds, b.bool("insertBattery", false));
    }

    private PanelState finger(Request r) {
        RequestBody b = r.json().allowOnly("finger", "quality");
        return lock.finger(b.name("finger"), b.number("quality", 0, false, 1, 0.9));
    }

    private PanelState face(Request r) {
        RequestBody b = r.json().allowOnly("face", "pose", "obstructed");
        if (!b.has("face")) {
            throw BadRequest.of("face is required (null: the person walks away)");
        }
        String face = b.isNull("face") ? null : b.name("face");
        Pose pose = b.has("pose") ? b.oneOf("pose", Pose.class) : Pose.FRONT;
        return lock.face(face, pose, b.bool("obstructed", false));
    }

    private PanelState battery(Request r) {
        RequestBody b = r.json().allowOnly("percent", "inserted");
        if (!b.has("percent") && !b.has("inserted")) {
            throw BadRequest.of("give percent (0 to 100), inserted (true or false), or both");
        }
        Integer percent = b.has("percent") ? (int) b.wholeNumber("percent", 0, 100) : null;
        Boolean inserted = b.has("inserted") ? b.bool("inserted") : null;
        return lock.battery(percent, inserted);
    }

    private List<PanelEvent> events(Request r) {
        for (String name : r.query().keySet()) {
            if (!"after".equals(name)) {
                throw BadRequest.of("unknown query parameter " + name + "; allowed: after");
            }
        }
        String after = r.query().getOrDefault("after", "0");
        if (!after.matches("[0-9]{1,18}")) {
            throw BadRequest.of("after must be a sequence number (a whole number from 0), not \"" + after + "\"");
        }
        return lock.eventsAfter(Long.parseLong(after));
    }

    /** An addition to the contract: the QR code on the screen as a PNG, 404 while none is shown. */
    private Response qrPng() {
        String qr = lock.state().screen().qr();
        if (qr == null) {
            throw BadRequest.of(404, "no QR code on the screen (hold SET 3 s on the rear panel for pairing mode)");
        }
        return new Response(200, "image/png", PanelQr.png(qr), null);
    }

    /**
     * An addition to the contract: a lock command as the app's link would deliver it. Its errors
     * carry the lock's reason code next to the message: {"error": message, "reason": code}.
     */
    private Response command(Request r) {
        LockCommand command;
        try {
            command = LockCommands.parse(new String(r.body(), StandardCharsets.UTF_8));
        } catch (LockCommands.MalformedCommand e) {
            lock.malformedCommand(e.getMessage()); // the lock logs the refusal; nothing else changes
            return Response.json(400, PanelJson.error(e.getMessage(), "reason", "MALFORMED_COMMAND"));
        }
        CommandReply reply = lock.command(command);
        if (!reply.accepted()) {
            String message = reply.message() == null ? reply.reason() : reply.message();
            return Response.json(400, PanelJson.error(message, "reason", reply.reason()));
        }
        return Response.json(200, PanelJson.write(reply));
    }

    // ------------------------------------------------------------------ helpers

    private static Key key(String name) {
        Key key = Key.fromPanelName(name);
        if (key == null) {
            throw BadRequest.of("unknown key \"" + name + "\"; keys are 0-9, OK, BACK, HOME, BELL");
        }
        return key;
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (query.put(name, decode(eq < 0 ? "" : pair.substring(eq + 1))) != null) {
                throw BadRequest.of("query parameter " + name + " given twice");
            }
        }
        return query;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw BadRequest.of("malformed query string");
        }
    }
}
