package io.keyward.cloud.fuzz;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.H2Storage;
import io.keyward.cloud.TestLocks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property fuzzing of the cloud's REST API over real HTTP (issue 10 item 3, SPEC H1): every operation of
 * /api/openapi.json gets seeded random requests built from its documented body schema and path
 * variables, then spoiled (JsonMutations: wrong types, huge numbers, deep nesting, unicode, truncation,
 * bit flips), with garbage path variables, query parameters, Content-Type, Cookie and Authorization
 * headers, sent on a raw socket so that nothing is cleaned up on the way. The invariant: never a 500 or
 * another 5xx (a 503/504 with {"error"} is documented for a lock that is not there), and a 4xx changes
 * nothing: a digest of every table is the same before and after.
 * {@code -Dkeyward.fuzz.rest.requests=N} runs more (default 1,000: ~12 s on a quiet machine), {@code -Dkeyward.fuzz.rest.seed=S}
 * another sequence.
 */
@H2Storage
@DisplayName("REST fuzz: never a 500, a refusal changes nothing (H1)")
class RestFuzzTest extends CloudTest {

    private static final long SEED = Long.getLong("keyward.fuzz.rest.seed", 20261204L);
    private static final int REQUESTS = Integer.getInteger("keyward.fuzz.rest.requests", 1000);
    /** Streams answer forever: they are fuzzed with bad credentials only (which must refuse at once). */
    private static final Set<String> STREAMS = Set.of("/api/alerts/stream", "/api/locks/{lockId}/live.mjpeg",
            "/api/locks/{lockId}/enrolment");

    private record Operation(String method, String path, JsonNode body) {
    }

    private String session;
    private String token;
    private UUID lock;
    private UUID other;
    private String tokenId;

    @Test
    void everyOperationRefusesBadInputWithA4xxAndChangesNothing() throws Exception {
        List<Operation> operations = operations();
        JsonMutations m = new JsonMutations(SEED);
        credentials();
        int ran = 0;
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        String before = digest();
        for (int i = 0; i < REQUESTS; i++) {
            Operation op = operations.get(i % operations.size());
            Request request = request(op, m);
            Reply reply = send(request);
            ran++;
            statuses.merge(reply.status(), 1, Integer::sum);
            boolean documented5xx = (reply.status() == 503 || reply.status() == 504) && reply.body().contains("\"error\"");
            if (reply.status() >= 500 && !documented5xx) {
                failures.add(request.describe() + " -> " + reply.status() + " " + abbreviate(reply.body()));
            }
            String after = digest();
            if (reply.status() >= 400 && !after.equals(before)) {
                failures.add(request.describe() + " -> " + reply.status() + " changed the database");
            }
            if (reply.status() < 300 && !"GET".equals(request.method())) {
                credentials(); // an accepted DELETE /api/session or token may have ended ours
                after = digest();
            }
            before = after;
        }
        System.out.printf("fuzz: REST %,d requests over %d operations in %.1f s (seed %d); statuses %s%n", ran,
                operations.size(), (System.nanoTime() - started) / 1e9, SEED, statuses);
        assertThat(failures).as("seed %d", SEED).isEmpty();
    }

    @Test
    void fuzz03_aPairingCodeWhoseExpiryNoInstantHoldsIs400() {
        // PairingFuzzTest.qrText: expires=99999999999999999 threw DateTimeException out of PairingPayload.parse,
        // and POST /api/locks answered 500 {"error":"internal error"}
        String email = signUp();
        String session = signIn(email);
        Api.Response response = api.postJson("/api/locks", Api.json(Map.of("name", "Door", "pairingCode",
                "keyward://pair?v=1&serial=KW-0001&secret=abcdefghijklmnopqrstuv&expires=99999999999999999")),
                "Cookie", "KW_SESSION=" + session, "X-Keyward", "1");
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        // issue 14: in one plain sentence, not the parser's words
        assertThat(response.error()).contains("pairing code").doesNotContain("number").doesNotContain("DateTime");
    }

    // --- the operations and their requests

    private List<Operation> operations() {
        JsonNode document = api.get("/api/openapi.json").json();
        List<Operation> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                JsonNode schema = operation.getValue().at("/requestBody/content/application~1json/schema");
                out.add(new Operation(operation.getKey().toUpperCase(), path.getKey(),
                        schema.isMissingNode() ? null : resolve(document, schema)));
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        return ref == null ? schema : document.at(ref.asString().substring(1));
    }

    private record Request(String method, String target, String body, List<String> headers) {
        String describe() {
            return method + " " + abbreviate(target) + " " + headers + " " + abbreviate(body == null ? "" : body);
        }
    }

    private Request request(Operation op, JsonMutations m) {
        boolean stream = STREAMS.contains(op.path());
        String target = op.path();
        for (String variable : List.of("{lockId}", "{accountId}", "{id}", "{setting}", "{user}")) {
            while (target.contains(variable)) {
                target = target.replace(variable, m.chance(60) ? realId(variable) : m.badSegment());
            }
        }
        target = target.replaceAll("\\{[^}]*}", java.util.regex.Matcher.quoteReplacement(m.badSegment())); // any other: garbage
        if (m.chance(25)) {
            target += "?" + m.badSegment() + "=" + m.badSegment() + (m.chance(30) ? "&after=-1&limit=99999999999" : "");
        }
        List<String> headers = new ArrayList<>();
        boolean goodAuth = !stream && m.chance(85);
        if (goodAuth) {
            if (m.chance(70)) {
                headers.add("Authorization: Bearer " + token);
            } else {
                headers.add("Cookie: KW_SESSION=" + session);
                headers.add("X-Keyward: 1");
            }
        } else {
            headers.add(switch (m.nextInt(5)) {
                case 0 -> "Authorization: Bearer " + m.badSegment();
                case 1 -> "Authorization: Basic " + m.badSegment();
                case 2 -> "Cookie: KW_SESSION=" + m.badSegment() + "; KW_SESSION=" + session;
                case 3 -> "Authorization: Bearer";
                default -> "Cookie: " + m.badSegment();
            });
            headers.add("X-Keyward: 1");
        }
        String body = null;
        if (op.body() != null || m.chance(10)) {
            String valid = op.body() == null ? "{}" : Api.json(example(op.body(), 0));
            body = m.chance(10) ? valid : m.mutate(valid);
            headers.add("Content-Type: " + (m.chance(85) ? "application/json" : switch (m.nextInt(4)) {
                case 0 -> "text/plain";
                case 1 -> "application/json; charset=latin1";
                case 2 -> "multipart/form-data; boundary=x";
                default -> m.badSegment();
            }));
        }
        return new Request(op.method(), target, body, headers);
    }

    private String realId(String variable) {
        return switch (variable) {
            case "{accountId}" -> other.toString();
            case "{id}" -> tokenId; // tokens/{id}; for alerts and visitor codes an unknown id
            case "{setting}" -> "RELOCK_SECONDS";
            case "{user}" -> "2";
            default -> lock.toString();
        };
    }

    /** A body after the documented schema: the sweep then spoils it. */
    private static Object example(JsonNode schema, int depth) {
        if (depth > 4 || schema == null) {
            return "x";
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0).asString();
        }
        String type = schema.path("type").asString("object");
        return switch (type) {
            case "integer", "number" -> 1;
            case "boolean" -> true;
            case "array" -> List.of(example(schema.get("items"), depth + 1));
            case "string" -> "fuzz";
            default -> {
                Map<String, Object> out = new LinkedHashMap<>();
                if (schema.has("properties")) {
                    for (Map.Entry<String, JsonNode> p : schema.get("properties").properties()) {
                        out.put(p.getKey(), p.getKey().equals("email") ? newEmail()
                                : p.getKey().equals("password") ? PASSWORD : example(p.getValue(), depth + 1));
                    }
                }
                yield out;
            }
        };
    }

    // --- the account whose credentials the requests carry

    private void credentials() {
        if (token != null && api.get("/api/me", bearer(token)).status() == 200
                && api.get("/api/me", cookie(session)).status() == 200) {
            return;
        }
        String email = signUp();
        session = signIn(email);
        JsonNode created = newToken(session, "fuzz");
        token = created.get("token").asString();
        tokenId = created.get("id").asString();
        lock = TestLocks.create(jdbc, TestLocks.accountId(jdbc, email));
        other = TestLocks.accountId(jdbc, signUp());
        jdbc.sql("insert into shares (lock_id, account_id, role, created_at) values (:lock, :account, 'MEMBER', current_timestamp)")
                .param("lock", lock).param("account", other).update();
    }

    // --- the database before and after

    /**
     * A digest of every table's rows, sign_in_failures aside: a refused sign-in is counted there by design
     * (the per-address and per-account limits), and the schema history.
     */
    private String digest() {
        List<String> tables = jdbc.sql("select table_name from information_schema.tables where table_schema = current_schema"
                + " and table_type in ('BASE TABLE', 'TABLE') order by table_name").query(String.class).list();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String table : tables) {
                if (table.equalsIgnoreCase("sign_in_failures") || table.toLowerCase().contains("flyway")) {
                    continue;
                }
                sha.update(table.getBytes(StandardCharsets.UTF_8));
                for (Map<String, Object> row : jdbc.sql("select * from " + table).query().listOfRows()) {
                    sha.update(String.valueOf(new java.util.TreeMap<>(row)).getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- HTTP on a raw socket: the request goes out exactly as built

    private record Reply(int status, String body) {
    }

    private Reply send(Request request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            byte[] body = request.body() == null ? new byte[0] : request.body().getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(request.method() + " " + request.target() + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\nConnection: close\r\nX-Forwarded-For: " + api.clientAddress() + "\r\n");
            request.headers().forEach(h -> head.append(h).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            assertThat(response).as(request.describe()).startsWith("HTTP/1.1 ");
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyAt = response.indexOf("\r\n\r\n");
            return new Reply(status, bodyAt < 0 ? "" : response.substring(bodyAt + 4));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…(" + s.length() + ")" : s;
    }
}
