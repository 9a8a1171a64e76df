package io.keyward.lock.panel;

import io.keyward.lock.shell.SimulatedLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 finding 11 (c): the panel's refusals are in plain words. Bad bodies of every kind (broken,
 * nested too deep, huge numbers, duplicate fields, trailing values, wrong types for every field) go to
 * every endpoint of a real lock behind a real PanelServer, and malformed lock commands to /command; no
 * reason may name a Java class or package, a Jackson feature, or an "Exception".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PanelErrorWordingTest {

    /** A package-qualified name, a backticked type, a CamelCase class-like word, or the word Exception. */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(?:java|javax|jakarta|com|org|io|tools|sun)\\.[a-z0-9_]+\\.|`[^`]*`|\\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+\\b|Exception|\\$");

    private static final List<String> POSTS = List.of("/touch", "/keys", "/hold", "/finger", "/face", "/mechanical-key",
            "/handle", "/door", "/battery", "/usb-power", "/tamper", "/clock/advance", "/command", "/remote-controller",
            "/bluetooth/range", "/radio/hello", "/radio/proof", "/radio/record");
    private static final List<String> FIELDS = List.of("keys", "key", "button", "seconds", "insertBattery", "finger", "quality",
            "face", "pose", "obstructed", "action", "state", "percent", "inserted", "connected", "remote", "inRange",
            "connection", "message", "type", "name", "role", "user", "kind", "from", "until", "setting", "value", "id");
    private static final List<String> WRONG_VALUES = List.of("\"x\"", "-1", "1e400", "1.5", "true", "null", "[]", "[1,{}]",
            "{}", "{\"a\":[]}", "\"" + "9".repeat(400) + "\"", "12345678901234567890123");

    @TempDir
    static Path tmp;

    private SimulatedLock lock;
    private PanelServer server;
    private PanelClient panel;

    @BeforeAll
    void start() throws IOException {
        lock = SimulatedLock.open("KW-WORD1", tmp.resolve("wording"), true);
        server = PanelServer.start(lock, 0);
        panel = new PanelClient(server.baseUrl());
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
        lock.close();
    }

    static List<String> badBodies() {
        List<String> bodies = new ArrayList<>(List.of("{", "}", "{}{}", "{} []", "{\"a\":1,\"a\":2}", "[1]", "\"text\"", "42",
                "nul", "{'a':1}", "{\"a\":01}", "{\"a\":NaN}", "{\"a\":\"\\u00\"}", "{\"a\" 1}", "\u0000",
                "[".repeat(3000), "{\"a\":" + "[".repeat(1500) + "]".repeat(1500) + "}",
                "{\"a\":" + "9".repeat(5000) + "}", "{\"a\":\"" + "x".repeat(30_000) + "\"}"));
        for (String field : FIELDS) {
            for (String value : WRONG_VALUES) {
                bodies.add("{\"" + field + "\":" + value + "}");
            }
        }
        return bodies;
    }

    static List<String> badCommands() {
        return List.of("{\"type\":\"NOPE\"}", "{}", "{\"type\":5}", "{\"type\":null}", "[\"ADD_USER\"]",
                "{\"type\":\"ADD_USER\",\"name\":5,\"role\":\"USER\"}", "{\"type\":\"ADD_USER\",\"name\":\"Bob\",\"role\":\"KING\"}",
                "{\"type\":\"ADD_USER\",\"name\":\"Bob\",\"role\":\"USER\",\"extra\":1}",
                "{\"type\":\"SET_VALIDITY\",\"user\":2,\"from\":\"yesterday\",\"until\":null}",
                "{\"type\":\"SET_VALIDITY\",\"user\":\"two\"}", "{\"type\":\"DELETE_USER\",\"user\":1.5}",
                "{\"type\":\"START_ENROLMENT\",\"user\":2,\"kind\":\"NOSE\",\"duress\":false}",
                "{\"type\":\"CHANGE_SETTING\",\"setting\":\"VOLUME\",\"value\":{}}",
                "{\"type\":\"CHANGE_SETTING\",\"setting\":\"NOPE\",\"value\":\"1\"}",
                "{\"type\":\"DELETE_CREDENTIAL\",\"credential\":[]}", "{\"type\":\"ADD_USER\"}{}");
    }

    @Test
    void finding11_panelRefusalsNameNoJavaClass() {
        List<String> leaks = new ArrayList<>();
        int sent = 0;
        for (String path : POSTS) {
            for (String body : badBodies()) {
                leaks.addAll(check("POST", path, body));
                sent++;
            }
        }
        for (String command : badCommands()) {
            leaks.addAll(check("POST", "/command", command));
            sent++;
        }
        for (String path : List.of("/events?after=x", "/events?after=1&after=2", "/events?x=%25zz", "/state?a=1", "/nope",
                "/panel/../../etc/passwd", "/panel/%00", "/qr.png")) {
            leaks.addAll(check("GET", path, null));
            sent++;
        }
        System.out.println("finding 11: panel error wording, " + sent + " bad requests");
        assertThat(leaks).as("reasons naming Java classes").isEmpty();
    }

    @Test
    void finding11_unforeseenFailureSaysNoClassName() {
        PanelPort broken = (PanelPort) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PanelPort.class},
                (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return null; // no radio
                    }
                    throw new IllegalStateException("simulated bug in " + method.getName());
                });
        PanelApi.Response answer = new PanelApi(broken).handle("POST", "/touch", null, "{}".getBytes(StandardCharsets.UTF_8));
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        assertThat(answer.status()).isEqualTo(500);
        assertThat(body).doesNotContain("IllegalState").doesNotContain("Exception").doesNotContain("simulated bug");
    }

    private List<String> check(String method, String path, String body) {
        PanelClient.Answer answer = panel.send(method, path, body);
        List<String> leaks = new ArrayList<>();
        if (answer.status() >= 500) {
            leaks.add(method + " " + path + " " + abbreviate(body) + " -> " + answer.status() + " " + answer.body());
        }
        if (answer.status() >= 400 && answer.contentType().startsWith("application/json")) {
            String reason = answer.json().path("error").asText("");
            if (JAVA_NAME.matcher(reason).find()) {
                leaks.add(method + " " + path + " " + abbreviate(body) + " -> " + answer.status() + " " + reason);
            }
        }
        return leaks;
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 80 ? body.substring(0, 80) + "…" : body;
    }
}
