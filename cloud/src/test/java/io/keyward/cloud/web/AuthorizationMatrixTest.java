package io.keyward.cloud.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * SPEC H1, H3 and the acceptance "an authorization matrix test: every endpoint x (owner,
 * manager, member, stranger, signed out)". The operations come from the served OpenAPI document, so
 * an endpoint added later fails this test until {@link #WHO_MAY} says who may call it.
 * <p>
 * Expectations: signed out, 401 everywhere but the public operations; a stranger (an account with a
 * lock of its own) gets 404 "no such lock" from every lock-scoped operation, never 403, because
 * another account's lock is invisible; a role below the operation's minimum gets 403; an allowed
 * caller gets anything but 401, 403 or 404 "no such lock" (a lock that is not connected answers 202
 * pending or 409 "lock offline"; an unknown command or alert id 404 with its own reason). No cell
 * may answer 5xx.
 * <p>
 * Management commands to an offline lock wait a few seconds for an answer before the 202, so the
 * cells are sent concurrently; a cell that could disturb others (removing the lock, removing a share)
 * gets a lock of its own, shared with the same accounts.
 */
abstract class AuthorizationMatrixTest extends CloudTest {

    /** Who may call an operation: anyone, any signed-in account, or an account with at least this role on the lock. */
    enum Who {
        PUBLIC, ACCOUNT, OWNER, MANAGER, MEMBER;

        /** For a lock role minimum: whether an account with this role (OWNER, MANAGER, MEMBER) passes. */
        boolean admits(Who role) {
            return role.ordinal() <= ordinal();
        }
    }

    /** Every operation of the API, "METHOD path" as in the OpenAPI document, and who may call it. */
    private static final Map<String, Who> WHO_MAY = table(
            // H1 accounts, sessions, tokens
            "POST /api/accounts", Who.PUBLIC,
            "POST /api/session", Who.PUBLIC,
            "DELETE /api/session", Who.ACCOUNT,
            "GET /api/me", Who.ACCOUNT,
            "GET /api/tokens", Who.ACCOUNT,
            "POST /api/tokens", Who.ACCOUNT,
            "DELETE /api/tokens/{id}", Who.ACCOUNT,
            // A3 pairing: the lock proves itself with the pairing code's secret, no account
            "POST /api/pairing/{serial}", Who.PUBLIC,
            // locks: my list, adding by QR, the lock page, renaming, removing
            "GET /api/locks", Who.ACCOUNT,
            "POST /api/locks", Who.ACCOUNT,
            "GET /api/locks/{lockId}", Who.MEMBER,
            "PATCH /api/locks/{lockId}", Who.MANAGER,
            "DELETE /api/locks/{lockId}", Who.OWNER,
            // H3 sharing ({accountId}: another account's share; leaving by oneself is checked apart)
            "GET /api/locks/{lockId}/shares", Who.MANAGER,
            "POST /api/locks/{lockId}/shares", Who.OWNER,
            "PUT /api/locks/{lockId}/shares/{accountId}", Who.OWNER,
            "DELETE /api/locks/{lockId}/shares/{accountId}", Who.OWNER,
            // invitations (issue 14 item 4): listed like shares, withdrawn and renewed by the owner; a link
            // is read signed out (the token is the secret: an unknown one, 404) and accepted signed in
            "GET /api/locks/{lockId}/invitations", Who.MANAGER,
            "DELETE /api/locks/{lockId}/invitations/{invitationId}", Who.OWNER,
            "POST /api/locks/{lockId}/invitations/{invitationId}/link", Who.OWNER,
            "GET /api/invitations/{token}", Who.PUBLIC,
            "POST /api/invitations/{token}/accept", Who.ACCOUNT,
            // H5 events
            "GET /api/locks/{lockId}/events", Who.MEMBER,
            // C6 remote unlock; B2, D1, H6 remote management
            "POST /api/locks/{lockId}/unlock", Who.MEMBER,
            "POST /api/locks/{lockId}/users", Who.MANAGER,
            "DELETE /api/locks/{lockId}/users/{user}", Who.MANAGER,
            "PUT /api/locks/{lockId}/users/{user}/validity", Who.MANAGER,
            "POST /api/locks/{lockId}/users/{user}/enrolments", Who.MANAGER,
            "DELETE /api/locks/{lockId}/enrolment", Who.MANAGER,
            "DELETE /api/locks/{lockId}/users/{user}/credentials/{credential}", Who.MANAGER,
            // issue 14: credential names, read by all who see the events, given by those who manage credentials
            "GET /api/locks/{lockId}/credential-names", Who.MEMBER,
            "PUT /api/locks/{lockId}/users/{user}/credentials/{credential}/name", Who.MANAGER,
            "PUT /api/locks/{lockId}/settings/{setting}", Who.MANAGER,
            "POST /api/locks/{lockId}/lockout/lift", Who.MANAGER,
            // C12 Home MQTT: the home broker's address and login, like a setting
            "PUT /api/locks/{lockId}/home-mqtt", Who.MANAGER,
            // F1, F2 synchronized unlock: a manager of both locks (the PUT's body names the lock itself: 400)
            "GET /api/locks/{lockId}/sync-link", Who.MANAGER,
            "PUT /api/locks/{lockId}/sync-link", Who.MANAGER,
            "DELETE /api/locks/{lockId}/sync-link", Who.MANAGER,
            // G1, G2 accessories ({accessoryId}: one the offline lock never reported; it waits, 202)
            "POST /api/locks/{lockId}/accessories", Who.MANAGER,
            "DELETE /api/locks/{lockId}/accessories/{accessoryId}", Who.MANAGER,
            "GET /api/locks/{lockId}/commands", Who.MANAGER,
            "GET /api/locks/{lockId}/commands/{commandId}", Who.MANAGER,
            // E1, E2 offline visitor passcodes ({id}: an unknown code, 404 with its own reason)
            "GET /api/locks/{lockId}/visitor-codes", Who.MANAGER,
            "POST /api/locks/{lockId}/visitor-codes", Who.MANAGER,
            "POST /api/locks/{lockId}/visitor-codes/{id}/revoke", Who.MANAGER,
            // issue 15 (trust design §5): a code made in the app, recorded without digits (409: not in trust mode)
            "POST /api/locks/{lockId}/visitor-codes/made-in-app", Who.MANAGER,
            // C5, E3 Bluetooth keys: a key holder without a role also sees its own (not in this table's
            // principals); {keyId}: an unknown key, 404 with its own reason; pairing codes: the owner only
            "POST /api/locks/{lockId}/bluetooth-key", Who.MEMBER,
            "GET /api/locks/{lockId}/bluetooth-keys", Who.MEMBER,
            "POST /api/locks/{lockId}/bluetooth-keys/{keyId}/revoke", Who.MEMBER,
            "GET /api/locks/{lockId}/bluetooth-revocations", Who.MEMBER,
            "POST /api/locks/{lockId}/bluetooth-invites", Who.OWNER,
            "POST /api/bluetooth-invites/redeem", Who.ACCOUNT,
            "GET /api/bluetooth/keys", Who.ACCOUNT,
            // issue 15: a visitor's own requests on protected locks (E3 pairing codes), of every lock
            "GET /api/bluetooth/visitor-requests", Who.ACCOUNT,
            // issue 15: an account's devices (its own); a lock's owner devices, bound and removed by its owner or a
            // manager (the lock here is offline: 409 LOCK_OFFLINE; a removal without a device's signature: 428)
            "GET /api/devices", Who.ACCOUNT,
            "POST /api/devices", Who.ACCOUNT,
            "POST /api/locks/{lockId}/devices", Who.MANAGER,
            "DELETE /api/locks/{lockId}/devices/{deviceId}", Who.MANAGER,
            // issue 15 grants relay: stored and revoked by an owner or a manager (here a token of another lock: 400),
            // a device's chain read by anyone with access (here none: 404 with its own reason); also by a visitor with no
            // role who redeemed one of the lock's pairing codes, and nothing else of the lock (GrantsApiTest.visitorRequestWaits)
            "POST /api/locks/{lockId}/grants", Who.MANAGER,
            "GET /api/locks/{lockId}/grants", Who.MANAGER,
            "GET /api/locks/{lockId}/device-requests", Who.MANAGER,
            "GET /api/locks/{lockId}/grants/mine", Who.MEMBER,
            "POST /api/locks/{lockId}/grants/{grantId}/revocation", Who.MANAGER,
            // H4 alerts: each account's own
            "GET /api/alerts", Who.ACCOUNT,
            "GET /api/alerts/unread-count", Who.ACCOUNT,
            "POST /api/alerts/{id}/read", Who.ACCOUNT,
            "POST /api/alerts/read-all", Who.ACCOUNT,
            "GET /api/alerts/stream", Who.ACCOUNT,
            // H7 live view (any role; the lock here is offline: 409 "lock offline"); D8 a doorbell alert's
            // snapshot ({alertId}: an unknown alert, 404 with its own reason)
            "POST /api/locks/{lockId}/live", Who.MEMBER,
            "GET /api/locks/{lockId}/live.mjpeg", Who.MEMBER,
            "GET /api/alerts/{alertId}/snapshot", Who.ACCOUNT,
            // webhooks: each account's own endpoints ({id}: an unknown one, 404 with its own reason); a
            // lock named in the body is checked by the service (WebhooksApiTest)
            "GET /api/webhooks", Who.ACCOUNT,
            "POST /api/webhooks", Who.ACCOUNT,
            "GET /api/webhooks/{id}", Who.ACCOUNT,
            "PUT /api/webhooks/{id}", Who.ACCOUNT,
            "DELETE /api/webhooks/{id}", Who.ACCOUNT,
            "POST /api/webhooks/{id}/enable", Who.ACCOUNT,
            "POST /api/webhooks/{id}/test", Who.ACCOUNT,
            // people (SPEC B11, docs/people.md): each account's own ({personId}: an unknown one, 404 "no such
            // person"); the locks named in a body are checked by the service (PeopleEndToEndTest); taking a
            // person off one lock follows the lock's rule (a manager of it)
            "GET /api/people", Who.ACCOUNT,
            "POST /api/people", Who.ACCOUNT,
            "GET /api/people/{personId}", Who.ACCOUNT,
            "PUT /api/people/{personId}/schedule", Who.ACCOUNT,
            "PUT /api/people/{personId}/passcode", Who.ACCOUNT,
            "POST /api/people/{personId}/locks", Who.ACCOUNT,
            "DELETE /api/people/{personId}/locks/{lockId}", Who.MANAGER,
            "DELETE /api/people/{personId}", Who.ACCOUNT,
            // issue 15: what waits for an owner's device to sign it for the person, and the signed answer (the
            // person's owner only: anyone else's {personId} is 404 "no such person")
            "GET /api/people/{personId}/signatures", Who.ACCOUNT,
            "POST /api/people/{personId}/signatures", Who.ACCOUNT);

    /** Operations that would change what the other cells rely on: each of their cells gets a lock of its own. */
    private static final Set<String> OWN_LOCK = Set.of(
            "DELETE /api/locks/{lockId}",
            "DELETE /api/locks/{lockId}/shares/{accountId}");

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private enum Principal {
        OWNER("owner", Who.OWNER), MANAGER("manager", Who.MANAGER), MEMBER("member", Who.MEMBER),
        STRANGER("stranger", null), SIGNED_OUT("signed out", null);

        final String label;
        final Who role;

        Principal(String label, Who role) {
            this.label = label;
            this.role = role;
        }
    }

    private enum Expect {
        ALLOWED("allowed"), NOT_401("not 401"), UNAUTHENTICATED("401"), FORBIDDEN("403"), INVISIBLE("404 no such lock");

        final String label;

        Expect(String label) {
            this.label = label;
        }

        static Expect of(Who who, Principal principal) {
            if (who == Who.PUBLIC) {
                return NOT_401;
            }
            if (principal == Principal.SIGNED_OUT) {
                return UNAUTHENTICATED;
            }
            if (who == Who.ACCOUNT) {
                return ALLOWED;
            }
            if (principal == Principal.STRANGER) {
                return INVISIBLE;
            }
            return who.admits(principal.role) ? ALLOWED : FORBIDDEN;
        }

        boolean met(Api.Response response) {
            int status = response.status();
            if (status >= 500) {
                return false;
            }
            boolean noSuchLock = status == 404 && "no such lock".equals(response.error());
            return switch (this) {
                case ALLOWED -> status != 401 && status != 403 && !noSuchLock;
                case NOT_401 -> status != 401;
                case UNAUTHENTICATED -> status == 401;
                case FORBIDDEN -> status == 403;
                case INVISIBLE -> noSuchLock;
            };
        }
    }

    /** A signed-up account with a bearer token, and a second token of its own to revoke. */
    private record Account(String email, UUID id, String token, String spareTokenId) {
    }

    /** What a cell saw: the answer, and for an own-lock cell whether the lock and the other account's share are still there. */
    private record Outcome(Api.Response response, boolean lockAndShareRemain) {
    }

    private final Map<Principal, Account> accounts = new LinkedHashMap<>();
    /** An account with a member share on every lock here: the {accountId} of the share operations. */
    private Account bystander;
    private UUID lock;
    /** The statuses /api/openapi.json declares for each operation. */
    private final Map<String, Set<Integer>> declared = new java.util.concurrent.ConcurrentHashMap<>();

    @TestFactory
    @DisplayName("H1, H3: every endpoint x (owner, manager, member, stranger, signed out)")
    Stream<DynamicTest> matrix() {
        Map<String, Boolean> documented = documentedOperations();

        for (Principal principal : Principal.values()) {
            if (principal != Principal.SIGNED_OUT) {
                accounts.put(principal, account());
            }
        }
        bystander = quietAccount();
        newLock(accounts.get(Principal.STRANGER).id(), "Stranger's door");
        lock = sharedLock();

        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("the table names every operation of /api/openapi.json, and only those",
                () -> coverage(documented.keySet())));
        tests.add(DynamicTest.dynamicTest("every operation that takes a body has one here, and only those",
                () -> bodiesMatch(documented)));

        // wide enough that the management cells, which wait for the absent lock, hold up no others
        ExecutorService pool = Executors.newFixedThreadPool(48, runnable -> {
            Thread thread = new Thread(runnable, "authorization-matrix");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (Map.Entry<String, Who> entry : WHO_MAY.entrySet()) {
                String operation = entry.getKey();
                if (!documented.containsKey(operation)) {
                    continue; // reported by the coverage test
                }
                for (Principal principal : Principal.values()) {
                    Expect expect = Expect.of(entry.getValue(), principal);
                    CompletableFuture<Outcome> outcome = CompletableFuture.supplyAsync(() -> call(operation, principal), pool);
                    tests.add(DynamicTest.dynamicTest(operation + " as " + principal.label + " → " + expect.label,
                            () -> check(operation, principal, expect, outcome)));
                }
            }
            for (Principal leaving : List.of(Principal.MANAGER, Principal.MEMBER)) {
                CompletableFuture<Outcome> outcome = CompletableFuture.supplyAsync(() -> leave(leaving), pool);
                tests.add(DynamicTest.dynamicTest("DELETE /api/locks/{lockId}/shares/{own accountId} as "
                        + leaving.label + " → allowed (leaving the lock)", () -> {
                    Api.Response response = outcome.get(60, TimeUnit.SECONDS).response();
                    assertThat(response.status()).as(describe(response)).isEqualTo(204);
                }));
            }
            // issue 16: the one lock-id rule, decided once (sharing.RequiresRole): a malformed id answers what
            // an unknown one does, with the same body, so an id reveals nothing
            for (String operation : documented.keySet()) {
                if (operation.contains("{lockId}")) {
                    CompletableFuture<List<Api.Response>> answers = CompletableFuture.supplyAsync(
                            () -> strangeLockIds(operation), pool);
                    tests.add(DynamicTest.dynamicTest(operation + " with a malformed or an unknown lock id → "
                            + "404 no such lock, the same body", () -> sameNoSuchLock(operation, answers)));
                }
            }
        } finally {
            pool.shutdown(); // what was submitted still runs
        }
        return tests.stream();
    }

    // --- the OpenAPI document against the table ---

    /** "METHOD path" of every operation in the served document, with whether it takes a request body. */
    private Map<String, Boolean> documentedOperations() {
        Api.Response document = api.get("/api/openapi.json");
        assertThat(document.status()).as(describe(document)).isEqualTo(200);
        Map<String, Boolean> operations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> path : document.json().get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String method = operation.getKey().toUpperCase();
                if (Set.of("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE").contains(method)) {
                    operations.put(method + " " + path.getKey(), operation.getValue().has("requestBody"));
                    Set<Integer> statuses = new TreeSet<>();
                    operation.getValue().path("responses").propertyNames().forEach(code -> statuses.add(Integer.parseInt(code)));
                    declared.put(method + " " + path.getKey(), statuses);
                }
            }
        }
        assertThat(operations).as("operations in /api/openapi.json").isNotEmpty();
        return operations;
    }

    private static void coverage(Set<String> documented) {
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(WHO_MAY.keySet());
        Set<String> extra = new TreeSet<>(WHO_MAY.keySet());
        extra.removeAll(documented);
        List<String> problems = new ArrayList<>();
        missing.forEach(operation -> problems.add(operation
                + " is in /api/openapi.json but not in AuthorizationMatrixTest.WHO_MAY: say who may call it"));
        extra.forEach(operation -> problems.add(operation
                + " is in AuthorizationMatrixTest.WHO_MAY but not in /api/openapi.json: removed or renamed?"));
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    private void bodiesMatch(Map<String, Boolean> documented) {
        Set<String> withBody = bodies().keySet();
        List<String> problems = new ArrayList<>();
        documented.forEach((operation, takesBody) -> {
            if (takesBody && !withBody.contains(operation)) {
                problems.add(operation + " takes a request body: give it a valid one in AuthorizationMatrixTest.bodies()");
            }
            if (!takesBody && withBody.contains(operation)) {
                problems.add(operation + " takes no request body, yet AuthorizationMatrixTest.bodies() has one");
            }
        });
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    // --- the cells ---

    private void check(String operation, Principal principal, Expect expect, CompletableFuture<Outcome> pending)
            throws Exception {
        Outcome outcome = pending.get(60, TimeUnit.SECONDS);
        Api.Response response = outcome.response();
        if (!expect.met(response)) {
            fail(operation + " as " + principal.label + ": expected " + expect.label + ", got " + describe(response));
        }
        // issue 12: the document declares every status the operation really answers
        if (!declared.getOrDefault(operation, Set.of()).contains(response.status())) {
            fail(operation + " as " + principal.label + " answered " + response.status()
                    + ", which /api/openapi.json does not declare for it (" + declared.get(operation) + "): see ApiDoc");
        }
        if (expect != Expect.ALLOWED && expect != Expect.NOT_401 && !outcome.lockAndShareRemain()) {
            fail(operation + " as " + principal.label + " was refused (" + response.status()
                    + ") and yet the lock or its share is gone");
        }
    }

    private Outcome call(String operation, Principal principal) {
        Account account = accounts.get(principal);
        UUID target = OWN_LOCK.contains(operation) ? sharedLock() : lock;
        String method = operation.substring(0, operation.indexOf(' '));
        String path = fill(operation, account, target);
        Supplier<Object> body = bodies().get(operation);
        Api.Response response = send(method, path, body == null ? null : Api.json(body.get()),
                account == null ? new String[0] : bearer(account.token()));
        boolean remain = !OWN_LOCK.contains(operation) || lockAndShareRemain(target);
        return new Outcome(response, remain);
    }

    /** The owner calls the operation (with its valid body) on a malformed, an overlong and an unknown lock id. */
    private List<Api.Response> strangeLockIds(String operation) {
        Account owner = accounts.get(Principal.OWNER);
        String method = operation.substring(0, operation.indexOf(' '));
        UUID placeholder = UUID.randomUUID();
        String unknown = fill(operation, owner, placeholder);
        Supplier<Object> body = bodies().get(operation);
        List<Api.Response> answers = new ArrayList<>();
        for (String id : List.of("not-a-uuid", "9".repeat(300), placeholder.toString())) {
            answers.add(send(method, unknown.replace(placeholder.toString(), id),
                    body == null ? null : Api.json(body.get()), bearer(owner.token())));
        }
        return answers;
    }

    private static void sameNoSuchLock(String operation, CompletableFuture<List<Api.Response>> pending) throws Exception {
        List<Api.Response> answers = pending.get(60, TimeUnit.SECONDS);
        for (Api.Response answer : answers) {
            assertThat(answer.status()).as(operation + ": " + describe(answer)).isEqualTo(404);
            assertThat(answer.body()).as(operation + ": the same body for a malformed and an unknown id")
                    .isEqualTo(answers.get(answers.size() - 1).body());
        }
        assertThat(answers.get(0).error()).as(operation).isEqualTo("no such lock");
    }

    /** A shared account removes its own share: allowed whatever its role. */
    private Outcome leave(Principal principal) {
        UUID own = sharedLock();
        Account account = accounts.get(principal);
        return new Outcome(send("DELETE", "/api/locks/" + own + "/shares/" + account.id(), null, bearer(account.token())), true);
    }

    /** The operation's path with a sensible value for each variable; the caller's own spare token for {id} of a token. */
    private String fill(String operation, Account account, UUID lockId) {
        String template = operation.substring(operation.indexOf(' ') + 1);
        Matcher variable = VARIABLE.matcher(template);
        StringBuilder path = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1);
            String value = switch (name) {
                case "lockId" -> lockId.toString();
                case "accountId" -> bystander.id().toString();
                case "user" -> "1";
                case "credential" -> "passcode-1";
                case "setting" -> "REMOTE_UNLOCK";
                case "accessoryId" -> "remote-1";
                case "serial" -> "KW-MATRIX-" + UUID.randomUUID().toString().substring(0, 8);
                // an unknown command or alert: 404 with a reason of its own, after the authorization
                case "commandId", "alertId", "keyId", "invitationId", "personId", "grantId" -> UUID.randomUUID().toString();
                case "token" -> "no-such-invitation-token";
                case "deviceId" -> io.keyward.protocol.trust.DeviceSigner.generate().deviceId();
                case "id" -> template.startsWith("/api/tokens/") && account != null
                        ? account.spareTokenId() : UUID.randomUUID().toString();
                default -> throw new AssertionError(operation + ": no value for path variable {" + name
                        + "}; add one to AuthorizationMatrixTest.fill");
            };
            variable.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        variable.appendTail(path);
        return path.toString();
    }

    private static final io.keyward.protocol.trust.DeviceSigner MATRIX_DEVICE = io.keyward.protocol.trust.DeviceSigner.generate();

    /** A valid body for each operation that takes one (fresh where a repeat would be refused as a duplicate). */
    private Map<String, Supplier<Object>> bodies() {
        Map<String, Supplier<Object>> bodies = new LinkedHashMap<>();
        bodies.put("POST /api/accounts", () -> Map.of("email", newEmail(), "password", PASSWORD, "displayName", "Matrix"));
        bodies.put("POST /api/session", () -> Map.of("email", accounts.get(Principal.OWNER).email(), "password", PASSWORD));
        bodies.put("POST /api/tokens", () -> Map.of("name", "matrix"));
        bodies.put("POST /api/pairing/{serial}", () -> Map.of("proof", "not a proof", "administrator", true, "linked", false));
        bodies.put("POST /api/locks", () -> Map.of("pairingCode", "not a pairing code", "name", "Back door"));
        bodies.put("PATCH /api/locks/{lockId}", () -> Map.of("name", "Front door"));
        bodies.put("POST /api/locks/{lockId}/shares", () -> Map.of("email", quietAccount().email(), "role", "MEMBER"));
        bodies.put("PUT /api/locks/{lockId}/shares/{accountId}", () -> Map.of("role", "MEMBER"));
        bodies.put("POST /api/locks/{lockId}/users", () -> Map.of("name", "Guest", "role", "USER"));
        bodies.put("PUT /api/locks/{lockId}/users/{user}/validity", () -> Map.of("weekly",
                List.of(Map.of("days", List.of(1, 2, 3, 4, 5), "fromMinute", 480, "untilMinute", 1020))));
        bodies.put("POST /api/locks/{lockId}/users/{user}/enrolments", () -> Map.of("kind", "PASSCODE", "duress", false));
        bodies.put("PUT /api/locks/{lockId}/users/{user}/credentials/{credential}/name", () -> Map.of("name", "Left index finger"));
        bodies.put("PUT /api/locks/{lockId}/settings/{setting}", () -> Map.of("value", "true"));
        bodies.put("PUT /api/locks/{lockId}/home-mqtt", () -> Map.of("enabled", false));
        bodies.put("POST /api/webhooks", () -> Map.of("url", "http://127.0.0.1:9/matrix", "kinds", List.of("UNLOCK")));
        bodies.put("POST /api/people", () -> Map.of("name", "Matrix person", "passcode", "482916", "locks", List.of()));
        bodies.put("PUT /api/people/{personId}/schedule", () -> Map.of("weekly",
                List.of(Map.of("days", List.of(2), "fromMinute", 540, "untilMinute", 780))));
        bodies.put("PUT /api/people/{personId}/passcode", () -> Map.of("passcode", "593817"));
        bodies.put("POST /api/people/{personId}/locks", () -> Map.of("locks", List.of(lock.toString())));
        bodies.put("POST /api/people/{personId}/signatures", () -> Map.of("requestId", UUID.randomUUID().toString(),
                "command", "kwdc1.matrix"));
        bodies.put("PUT /api/webhooks/{id}", () -> Map.of("url", "http://127.0.0.1:9/matrix", "kinds", List.of("UNLOCK")));
        bodies.put("POST /api/locks/{lockId}/accessories", () -> Map.of("kind", "REMOTE_CONTROLLER", "name", "Car"));
        bodies.put("PUT /api/locks/{lockId}/sync-link", () -> Map.of("linkedLockId", lock.toString()));
        bodies.put("POST /api/locks/{lockId}/visitor-codes", () -> Map.of("kind", "ONE_TIME",
                "start", java.time.Instant.now().toString(), "name", "Matrix visitor"));
        bodies.put("POST /api/locks/{lockId}/visitor-codes/made-in-app", () -> Map.of("kind", "ONE_TIME",
                "start", io.keyward.protocol.visitor.VisitorCode.startOf(io.keyward.protocol.visitor.VisitorCode.hourOf(
                        java.time.Instant.now())).toString(), "variant", 0, "name", "Matrix visitor"));
        bodies.put("POST /api/locks/{lockId}/bluetooth-key", () -> Map.of("deviceKey", deviceKey()));
        bodies.put("POST /api/locks/{lockId}/bluetooth-invites", () -> Map.of("validFrom", java.time.Instant.now().toString(),
                "validUntil", java.time.Instant.now().plus(Duration.ofDays(1)).toString()));
        bodies.put("POST /api/devices", () -> {
            var device = io.keyward.protocol.trust.DeviceSigner.generate();
            return Map.of("deviceKey", device.deviceKey(), "agreeKey", device.agreeKey(), "name", "Matrix phone");
        });
        bodies.put("POST /api/locks/{lockId}/devices", () -> {
            var device = io.keyward.protocol.trust.DeviceSigner.generate();
            return Map.of("deviceKey", device.deviceKey(), "agreeKey", device.agreeKey(), "name", "Matrix phone",
                    "proof", device.bindProof("AAAAAAAAAAAAAAAAAAAAAA", "KW-MATRIX", "Matrix phone"));
        });
        bodies.put("POST /api/locks/{lockId}/grants", () -> Map.of("token", MATRIX_DEVICE.grant("KW-ELSEWHERE",
                io.keyward.protocol.trust.DeviceSigner.generate().deviceKey(), "matrix@example.org",
                io.keyward.protocol.bluetooth.KeyRole.MEMBER, java.time.Instant.now(), java.time.Instant.now().plusSeconds(3600),
                java.time.Instant.now())));
        // issue 15, T7: a manager's device's revocation with its chain (a MEMBER cannot revoke: 403 before the body)
        bodies.put("POST /api/locks/{lockId}/grants/{grantId}/revocation", () -> Map.of("token", MATRIX_DEVICE.revocation(
                "KW-ELSEWHERE", UUID.randomUUID().toString(), java.time.Instant.now().plusSeconds(3600), java.time.Instant.now()),
                "chain", List.of(MATRIX_DEVICE.grant("KW-ELSEWHERE", MATRIX_DEVICE.deviceKey(), "matrix@example.org",
                        io.keyward.protocol.bluetooth.KeyRole.MANAGER, java.time.Instant.now(), java.time.Instant.now().plusSeconds(3600),
                        java.time.Instant.now()))));
        // an unknown code: 404 with its own reason, after the sign-in check
        bodies.put("POST /api/bluetooth-invites/redeem", () -> Map.of("code", "0000-0000-0000", "deviceKey", deviceKey()));
        return Collections.unmodifiableMap(bodies);
    }

    // --- fixtures ---

    private static String deviceKey() {
        return io.keyward.protocol.bluetooth.DeviceKeys.encode(io.keyward.protocol.bluetooth.DeviceKeys.newKeyPair().getPublic());
    }

    private Account account() {
        String email = signUp();
        String session = signIn(email);
        String token = newToken(session, "matrix").get("token").asString();
        String spare = newToken(session, "spare").get("id").asString();
        UUID id = jdbc.sql("select id from accounts where email = :email").param("email", email).query(UUID.class).single();
        return new Account(email, id, token, spare);
    }

    /**
     * An account that is only ever the object of an operation (a share's account), never a caller:
     * inserted directly, without the cost of hashing a password nobody will type.
     */
    private Account quietAccount() {
        UUID id = UUID.randomUUID();
        String email = "quiet-" + id + "@example.org";
        jdbc.sql("""
                insert into accounts (id, email, display_name, password_hash, created_at)
                values (:id, :email, 'Quiet', '!', :now)""")
                .param("id", id).param("email", email).param("now", OffsetDateTime.now(ZoneOffset.UTC))
                .update();
        return new Account(email, id, null, null);
    }

    /** A lock bound to the account, as a completed pairing leaves it (A3), with a valid serial of its own. */
    private UUID newLock(UUID owner, String name) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into locks (id, serial, name, owner_id, paired_at)
                values (:id, :serial, :name, :owner, :pairedAt)""")
                .param("id", id)
                .param("serial", "KWM-" + id.toString().replace("-", "").substring(0, 24))
                .param("name", name)
                .param("owner", owner)
                .param("pairedAt", OffsetDateTime.now(ZoneOffset.UTC))
                .update();
        return id;
    }

    /** A lock of the owner's, shared with the manager, the member and the bystander. */
    private UUID sharedLock() {
        UUID id = newLock(accounts.get(Principal.OWNER).id(), "Front door");
        share(id, accounts.get(Principal.MANAGER), "MANAGER");
        share(id, accounts.get(Principal.MEMBER), "MEMBER");
        share(id, bystander, "MEMBER");
        return id;
    }

    private void share(UUID lockId, Account with, String role) {
        Api.Response shared = api.postJson("/api/locks/" + lockId + "/shares",
                Api.json(Map.of("email", with.email(), "role", role)), bearer(accounts.get(Principal.OWNER).token()));
        assertThat(shared.status()).as(describe(shared)).isEqualTo(201);
    }

    private boolean lockAndShareRemain(UUID lockId) {
        long locks = jdbc.sql("select count(*) from locks where id = :id").param("id", lockId).query(Long.class).single();
        long shares = jdbc.sql("select count(*) from shares where lock_id = :lock and account_id = :account")
                .param("lock", lockId).param("account", bystander.id()).query(Long.class).single();
        return locks == 1 && shares == 1;
    }

    /**
     * Like {@link Api#send}, except that an event stream (GET /api/alerts/stream) is not read to its
     * end, which never comes: its status and headers are the answer.
     */
    private Api.Response send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", api.clientAddress())
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", Api.JSON);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<InputStream> response = HTTP.send(request.build(), BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                boolean stream = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
                String text = stream ? "(an event stream, left unread)" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Api.Response(response.statusCode(), response.headers(), text);
            }
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    private static String describe(Api.Response response) {
        String body = response.body();
        return response.status() + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }

    private static Map<String, Who> table(Object... operationsAndWho) {
        Map<String, Who> table = new LinkedHashMap<>();
        for (int i = 0; i < operationsAndWho.length; i += 2) {
            if (table.put((String) operationsAndWho[i], (Who) operationsAndWho[i + 1]) != null) {
                throw new IllegalStateException("twice in the table: " + operationsAndWho[i]);
            }
        }
        return Collections.unmodifiableMap(table);
    }
}
