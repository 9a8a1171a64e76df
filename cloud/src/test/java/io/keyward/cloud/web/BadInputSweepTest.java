package io.keyward.cloud.web;

import java.net.http.HttpRequest.BodyPublisher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.TestLocks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC H1 and the "Bad input" rule: every endpoint, fed malformed JSON, wrong types, missing,
 * null and unknown fields, bodies that are not objects, oversized bodies, wrong content types, unknown
 * ids, wrong methods and unknown paths, answers the expected 4xx with {"error": reason} (never a 500),
 * and nothing changes: no row appears or disappears and the caller's session and token still work.
 */
abstract class BadInputSweepTest extends CloudTest {

    private static final String TOO_BIG = "a".repeat(70_000);

    /** An endpoint and a valid body for it (which the sweep then spoils), with the credentials it needs. */
    private record Endpoint(String method, String path, Map<String, Object> valid, String... auth) {
        String name() {
            return method + " " + path;
        }
    }

    private record Case(String name, int expected, Api.Response response) {
    }

    private String session;
    private String token;
    /** A lock of the sweep's account, shared with a second account (sharing, events and alerts endpoints). */
    private UUID lock;
    private UUID sharedWith;

    @TestFactory
    @DisplayName("H1: bad input to every endpoint gets a 4xx with a reason and changes nothing")
    Stream<DynamicTest> sweep() {
        String email = signUp();
        session = signIn(email);
        JsonNode created = newToken(session, "sweep");
        token = created.get("token").asString();
        String tokenId = created.get("id").asString();
        lock = TestLocks.create(jdbc, TestLocks.accountId(jdbc, email));
        String otherEmail = signUp();
        sharedWith = TestLocks.accountId(jdbc, otherEmail);
        jdbc.sql("insert into shares (lock_id, account_id, role, created_at) values (:lock, :account, 'MEMBER', current_timestamp)")
                .param("lock", lock).param("account", sharedWith).update();

        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint endpoint : jsonEndpoints(email)) {
            tests.addAll(badBodies(endpoint));
            tests.addAll(badContentTypes(endpoint));
        }
        List<Endpoint> bodiless = List.of(
                new Endpoint("GET", "/api/me", null, bearer(token)),
                new Endpoint("GET", "/api/tokens", null, bearer(token)),
                new Endpoint("DELETE", "/api/session", null, "Cookie", "KW_SESSION=" + session, "X-Keyward", "1"),
                new Endpoint("DELETE", "/api/tokens/" + tokenId, null, bearer(token)),
                new Endpoint("GET", "/api/locks/" + lock + "/shares", null, bearer(token)),
                new Endpoint("DELETE", "/api/locks/" + lock + "/shares/" + sharedWith, null, bearer(token)),
                new Endpoint("GET", "/api/locks/" + lock + "/events", null, bearer(token)),
                new Endpoint("GET", "/api/alerts", null, bearer(token)),
                new Endpoint("GET", "/api/alerts/unread-count", null, bearer(token)),
                new Endpoint("POST", "/api/alerts/read-all", null, bearer(token)),
                new Endpoint("POST", "/api/locks/" + lock + "/live", null, bearer(token)),
                new Endpoint("GET", "/api/bluetooth/keys", null, bearer(token)),
                new Endpoint("GET", "/api/locks/" + lock + "/bluetooth-keys", null, bearer(token)),
                new Endpoint("GET", "/api/locks/" + lock + "/bluetooth-revocations", null, bearer(token)));
        for (Endpoint endpoint : bodiless) {
            tests.add(refused(endpoint.name() + ", oversized body", 413,
                    () -> api.send(endpoint.method(), endpoint.path(), Api.fixed(TOO_BIG), endpoint.auth())));
        }
        tests.addAll(unknownIdsPathsAndMethods());
        tests.addAll(locksAndAlerts());
        return tests.stream();
    }

    private List<Endpoint> jsonEndpoints(String email) {
        return List.of(
                new Endpoint("POST", "/api/accounts", ordered("email", newEmail(), "password", PASSWORD, "displayName", "Sweep")),
                new Endpoint("POST", "/api/session", ordered("email", email, "password", PASSWORD)),
                new Endpoint("POST", "/api/tokens", ordered("name", "sweep"), bearer(token)),
                new Endpoint("POST", "/api/locks", ordered("pairingCode",
                        "keyward://pair?v=1&serial=KW-SWEEP&secret=c3dlZXAtc2VjcmV0LTEyMzQ&expires=1893456000"),
                        bearer(token)),
                new Endpoint("PATCH", "/api/locks/" + lock, ordered("name", "Sweep door"), bearer(token)),
                new Endpoint("POST", "/api/locks/" + lock + "/users", ordered("name", "Bob", "role", "USER"), bearer(token)),
                new Endpoint("POST", "/api/locks/" + lock + "/users/1/enrolments", ordered("kind", "PASSCODE", "duress", false),
                        bearer(token)),
                new Endpoint("PUT", "/api/locks/" + lock + "/settings/LANGUAGE", ordered("value", "ZH"), bearer(token)),
                new Endpoint("POST", "/api/locks/" + lock + "/accessories", ordered("kind", "REMOTE_CONTROLLER", "name", "Car"),
                        bearer(token)),
                new Endpoint("POST", "/api/pairing/KW-SWEEP", ordered("proof", "cHJvb2Y", "administrator", true, "linked", false)),
                new Endpoint("POST", "/api/locks/" + lock + "/shares", ordered("email", newEmail(), "role", "MEMBER"), bearer(token)),
                new Endpoint("PUT", "/api/locks/" + lock + "/shares/" + sharedWith, ordered("role", "MANAGER"), bearer(token)),
                // C5, E3 Bluetooth keys
                new Endpoint("POST", "/api/locks/" + lock + "/bluetooth-key", ordered("deviceKey", "MCowBQYDK2VwAyEA"), bearer(token)),
                new Endpoint("POST", "/api/locks/" + lock + "/bluetooth-invites", ordered("validFrom", "2026-01-01T00:00:00Z",
                        "validUntil", "2025-01-01T00:00:00Z"), bearer(token)),
                new Endpoint("POST", "/api/bluetooth-invites/redeem", ordered("code", "0000-0000-0000", "deviceKey", "AAAA"),
                        bearer(token)),
                // issue 15: a device's signature for a person's protected lock (the body is read before the person)
                new Endpoint("POST", "/api/people/" + UUID.randomUUID() + "/signatures", ordered("requestId",
                        UUID.randomUUID().toString(), "command", "kwdc1.sweep"), bearer(token)));
    }

    private List<DynamicTest> badBodies(Endpoint endpoint) {
        String valid = Api.json(endpoint.valid());
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("truncated JSON", valid.substring(0, valid.length() / 2));
        bodies.put("not JSON at all", "email=a@b.c&password=x");
        bodies.put("single quotes", valid.replace('"', '\''));
        bodies.put("trailing garbage", valid + " x");
        bodies.put("two objects", valid + valid);
        bodies.put("empty body", "");
        for (String notAnObject : List.of("[]", "\"text\"", "42", "null", "true")) {
            bodies.put("body is " + notAnObject, notAnObject);
        }
        bodies.put("unknown field", Api.json(with(endpoint.valid(), "admin", true)));
        for (String field : endpoint.valid().keySet()) {
            bodies.put("missing " + field, Api.json(without(endpoint.valid(), field)));
            bodies.put(field + " is null", Api.json(with(endpoint.valid(), field, null)));
            for (Object wrong : List.of(42, 4.2, true, Map.of(), List.of(), List.of("a"))) {
                if (wrong.getClass() == endpoint.valid().get(field).getClass()) {
                    continue; // true for a boolean field is no wrong type
                }
                bodies.put(field + " is " + Api.json(wrong), Api.json(with(endpoint.valid(), field, wrong)));
            }
        }
        List<DynamicTest> tests = new ArrayList<>();
        bodies.forEach((name, body) -> tests.add(refused(endpoint.name() + ", " + name, 400,
                () -> api.send(endpoint.method(), endpoint.path(), Api.fixed(body), json(endpoint.auth())))));
        String firstField = endpoint.valid().keySet().iterator().next();
        String big = Api.json(with(endpoint.valid(), firstField, TOO_BIG));
        for (Map.Entry<String, Function<String, BodyPublisher>> framing : Map.<String, Function<String, BodyPublisher>>of(
                "with Content-Length", Api::fixed, "chunked", Api::chunked).entrySet()) {
            tests.add(refused(endpoint.name() + ", oversized body " + framing.getKey(), 413,
                    () -> api.send(endpoint.method(), endpoint.path(), framing.getValue().apply(big), json(endpoint.auth()))));
        }
        return tests;
    }

    private List<DynamicTest> badContentTypes(Endpoint endpoint) {
        String valid = Api.json(endpoint.valid());
        List<DynamicTest> tests = new ArrayList<>();
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
            tests.add(refused(endpoint.name() + ", Content-Type " + type, 415, () -> api.send(endpoint.method(),
                    endpoint.path(), Api.fixed(valid), concat(endpoint.auth(), "Content-Type", type))));
        }
        tests.add(refused(endpoint.name() + ", no Content-Type", 415,
                () -> api.send(endpoint.method(), endpoint.path(), Api.fixed(valid), endpoint.auth())));
        return tests;
    }

    private List<DynamicTest> unknownIdsPathsAndMethods() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid", "00000000-0000-0000-0000-000000000000", "9".repeat(300))) {
            tests.add(refused("DELETE /api/tokens/" + abbreviate(id) + ", unknown id", 404,
                    () -> api.delete("/api/tokens/" + id, bearer(token))));
        }
        for (String path : List.of("/api/nope", "/api", "/api/me/", "/api/tokens/" + UUID.randomUUID() + "/more", "/index.php")) {
            tests.add(refused("GET " + path + ", unknown path", 404, () -> api.get(path, bearer(token))));
        }
        List<Map.Entry<String, String>> wrongMethods = List.of(
                Map.entry("PUT", "/api/accounts"),
                Map.entry("PATCH", "/api/session"),
                Map.entry("POST", "/api/me"),
                Map.entry("PUT", "/api/tokens"),
                Map.entry("GET", "/api/tokens/" + UUID.randomUUID()),
                Map.entry("PUT", "/api/locks"),
                Map.entry("GET", "/api/pairing/KW-1"),
                Map.entry("GET", "/api/locks/" + UUID.randomUUID() + "/unlock"),
                Map.entry("POST", "/api/locks/" + UUID.randomUUID() + "/settings/LANGUAGE"));
        wrongMethods.forEach(wrong -> tests.add(refused(wrong.getKey() + " " + named(wrong.getValue()) + ", wrong method", 405, () -> {
            String method = wrong.getKey();
            String path = wrong.getValue();
            Api.Response response = api.send(method, path, Api.fixed("{}"), concat(bearer(token), "Content-Type", Api.JSON));
            assertThat(response.header("Allow")).as("Allow header").isPresent();
            return response;
        })));
        return tests;
    }

    /** Sharing (H3), events (H5) and alerts (H4): unknown or malformed ids, bad query parameters, wrong methods. */
    private List<DynamicTest> locksAndAlerts() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid", "9".repeat(300))) {
            // issue 16: one lock-id rule, a malformed id answers as an unknown one (GET /api/locks/not-a-uuid was 400)
            for (String path : List.of("/api/locks/" + id + "/shares", "/api/locks/" + id + "/events", "/api/locks/" + id)) {
                tests.add(refused("GET " + named(path) + ", unknown lock", 404, () -> api.get(path, bearer(token))));
            }
            String share = "/api/locks/" + lock + "/shares/" + id;
            tests.add(refused("DELETE " + named(share) + ", unknown share", 404, () -> api.delete(share, bearer(token))));
            String alert = "/api/alerts/" + id + "/read";
            tests.add(refused("POST " + named(alert) + ", unknown alert", 404,
                    () -> api.send("POST", alert, null, bearer(token))));
            // H7 live view, D8 doorbell snapshots
            String live = "/api/locks/" + id + "/live";
            tests.add(refused("POST " + named(live) + ", unknown lock", 404, () -> api.send("POST", live, null, bearer(token))));
            String stream = "/api/locks/" + id + "/live.mjpeg";
            tests.add(refused("GET " + named(stream) + ", unknown lock", 404, () -> api.get(stream, bearer(token))));
            String snapshot = "/api/alerts/" + id + "/snapshot";
            tests.add(refused("GET " + named(snapshot) + ", unknown alert", 404, () -> api.get(snapshot, bearer(token))));
        }
        // H7: the sweep's lock never connected: refused at once, with the reason
        tests.add(refused("POST /api/locks/{lock}/live, lock offline", 409,
                () -> api.send("POST", "/api/locks/" + lock + "/live", null, bearer(token))));
        tests.add(refused("GET /api/locks/{lock}/live.mjpeg, lock offline", 409,
                () -> api.get("/api/locks/" + lock + "/live.mjpeg", bearer(token))));
        tests.add(refused("GET /api/locks/{lock}/live, wrong method", 405,
                () -> api.get("/api/locks/" + lock + "/live", bearer(token))));
        tests.add(refused("POST /api/locks/{lock}/live.mjpeg, wrong method", 405,
                () -> api.send("POST", "/api/locks/" + lock + "/live.mjpeg", null, bearer(token))));
        for (String query : List.of("limit=0", "limit=10000", "limit=abc", "before=-1", "user=x", "kind=NOPE",
                "from=yesterday", "from=2025-03-02T00:00:00Z&until=2025-03-01T00:00:00Z", "limit=1&limit=2", "order=asc")) {
            String path = "/api/locks/" + lock + "/events?" + query;
            tests.add(refused("GET events?" + query + ", bad parameter", 400, () -> api.get(path, bearer(token))));
        }
        // remote management (B2, H6): path values the lock could never accept are refused by the cloud
        String base = "/api/locks/" + lock;
        List<String[]> badPaths = List.of(
                new String[] {"DELETE", base + "/users/0"},
                new String[] {"DELETE", base + "/users/abc"},
                new String[] {"DELETE", base + "/users/99999999999"},
                new String[] {"DELETE", base + "/users/1/credentials/bogus-1"},
                new String[] {"PUT", base + "/settings/NOPE"},
                new String[] {"PUT", base + "/settings/language"},
                new String[] {"DELETE", base + "/accessories/bogus-1"},
                new String[] {"DELETE", base + "/accessories/remote-1234"},
                new String[] {"GET", base + "/commands/not-a-uuid"},
                new String[] {"GET", base + "/commands?limit=0"},
                new String[] {"GET", base + "/commands?limit=x"});
        for (String[] bad : badPaths) {
            tests.add(refused(bad[0] + " " + named(bad[1]) + ", impossible value", 400, () -> api.send(bad[0], bad[1],
                    Api.fixed("{\"value\":\"ZH\"}"), concat(bearer(token), "Content-Type", Api.JSON))));
        }
        // C5, E3 Bluetooth keys: well-formed JSON with values no key or code can have
        String device = io.keyward.protocol.bluetooth.DeviceKeys.encode(
                io.keyward.protocol.bluetooth.DeviceKeys.newKeyPair().getPublic());
        List<String[]> badBluetooth = List.of(
                new String[] {base + "/bluetooth-key", "{\"deviceKey\":\"not base64 at all!\"}"},
                new String[] {base + "/bluetooth-key", "{\"deviceKey\":\"" + device + "=\"}"},
                new String[] {base + "/bluetooth-key", "{\"deviceKey\":\"MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE\"}"},
                new String[] {base + "/bluetooth-invites", "{\"validFrom\":\"2030-01-02T00:00:00Z\",\"validUntil\":\"2030-01-01T00:00:00Z\"}"},
                new String[] {base + "/bluetooth-invites", "{\"validFrom\":\"yesterday\",\"validUntil\":\"2030-01-01T00:00:00Z\"}"},
                new String[] {"/api/bluetooth-invites/redeem", "{\"code\":\"0000-0000-000\",\"deviceKey\":\"" + device + "\"}"},
                new String[] {"/api/bluetooth-invites/redeem", "{\"code\":\"0000-0000-0000\",\"deviceKey\":\"AAAA\"}"});
        for (String[] bad : badBluetooth) {
            tests.add(refused("POST " + named(bad[0]) + " " + bad[1] + ", impossible value", 400,
                    () -> api.send("POST", bad[0], Api.fixed(bad[1]), concat(bearer(token), "Content-Type", Api.JSON))));
        }
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid", "A".repeat(22))) {
            String revoke = base + "/bluetooth-keys/" + id + "/revoke";
            tests.add(refused("POST " + named(revoke) + ", unknown key", 404, () -> api.send("POST", revoke, null, bearer(token))));
        }
        for (String query : List.of("limit=0", "limit=201", "limit=x", "unread=yes", "page=2")) {
            tests.add(refused("GET /api/alerts?" + query + ", bad parameter", 400, () -> api.get("/api/alerts?" + query, bearer(token))));
        }
        List<String[]> wrongMethods = List.of(
                new String[] {"POST", "/api/locks/" + lock + "/events"},
                new String[] {"PATCH", "/api/locks/" + lock + "/shares"},
                new String[] {"POST", "/api/locks/" + lock + "/shares/" + sharedWith},
                new String[] {"DELETE", "/api/alerts/stream"},
                new String[] {"GET", "/api/alerts/read-all"},
                new String[] {"PUT", "/api/alerts/unread-count"});
        for (String[] wrong : wrongMethods) {
            tests.add(refused(wrong[0] + " " + named(wrong[1]) + ", wrong method", 405,
                    () -> api.send(wrong[0], wrong[1], Api.fixed("{}"), concat(bearer(token), "Content-Type", Api.JSON))));
        }
        return tests;
    }

    /** A path as a test's name: the sweep's own lock and account as placeholders, a huge id shortened. */
    private String named(String path) {
        return path.replace(lock.toString(), "{lock}").replace(sharedWith.toString(), "{account}")
                .replace("9".repeat(300), "9...(300 digits)");
    }

    /** A test that sends the request and checks the status, the reason, and that nothing changed. */
    private DynamicTest refused(String name, int expected, java.util.function.Supplier<Api.Response> request) {
        return DynamicTest.dynamicTest("H1 bad input: " + name + " -> " + expected, () -> {
            Map<String, Long> before = counts();
            Api.Response response = request.get();
            assertThat(response.status()).as(name + ": " + response).isEqualTo(expected);
            assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(Api.JSON));
            assertThat(response.error()).as(name + ": a reason").isNotBlank();
            assertThat(counts()).as(name + ": nothing changed").isEqualTo(before);
            assertThat(api.get("/api/me", cookie(session)).status()).as("session still works").isEqualTo(200);
            assertThat(api.get("/api/me", bearer(token)).status()).as("token still works").isEqualTo(200);
        });
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of("accounts", "sessions", "api_tokens", "sign_in_failures", "locks", "shares", "events", "alerts",
                "lock_commands", "pairing_claims", "doorbell_snapshots", "bluetooth_keys", "bluetooth_invites")) {
            counts.put(table, rows(table));
        }
        return counts;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> with(Map<String, Object> valid, String field, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(valid);
        changed.put(field, value);
        return changed;
    }

    private static Map<String, Object> without(Map<String, Object> valid, String field) {
        Map<String, Object> changed = new LinkedHashMap<>(valid);
        changed.remove(field);
        return changed;
    }

    private static String[] json(String[] auth) {
        return concat(auth, "Content-Type", Api.JSON);
    }

    private static String[] concat(String[] headers, String... more) {
        String[] all = new String[headers.length + more.length];
        System.arraycopy(headers, 0, all, 0, headers.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }

    private static String abbreviate(String id) {
        return id.length() > 40 ? id.substring(0, 12) + "...(" + id.length() + " characters)" : id;
    }
}
