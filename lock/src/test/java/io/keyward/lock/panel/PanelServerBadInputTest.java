package io.keyward.lock.panel;

import io.keyward.lock.shell.SimulatedLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad input at every endpoint of a real simulated lock (manual clock) behind a real PanelServer:
 * each request gets a 4xx with a reason, and neither GET /state nor GET /events moves. The manual
 * clock stands still, so the state JSON can be compared whole.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PanelServerBadInputTest {

    @TempDir
    static Path tmp;

    private SimulatedLock lock;
    private PanelServer server;
    private PanelClient panel;

    @BeforeAll
    void start() throws IOException {
        lock = SimulatedLock.open("KW-BAD1", tmp.resolve("manual"), true);
        server = PanelServer.start(lock, 0);
        panel = new PanelClient(server.baseUrl());
        panel.act("/touch", "{}"); // awake, offering to create the administrator: a state with prompts in it
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
        lock.close();
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                // any action: not a JSON object
                arguments("/touch", "{", "malformed JSON"),
                arguments("/touch", "{}{}", "malformed JSON"),
                arguments("/touch", "{\"a\":1,\"a\":2}", "malformed JSON"),
                arguments("/touch", "[]", "JSON object"),
                arguments("/touch", "null", "JSON object"),
                arguments("/touch", "\"touch\"", "JSON object"),
                arguments("/touch", "{\"hand\":\"left\"}", "unknown field hand"),
                arguments("/tamper", "{\"force\":true}", "unknown field force"),
                // keys
                arguments("/keys", "{}", "keys is required"),
                arguments("/keys", "{\"keys\":[]}", "keys must hold 1 to 64"),
                arguments("/keys", "{\"keys\":" + manyKeys(65) + "}", "keys must hold 1 to 64"),
                arguments("/keys", "{\"keys\":\"123\"}", "keys must be an array"),
                arguments("/keys", "{\"keys\":[1,2,3]}", "array of strings"),
                arguments("/keys", "{\"keys\":[null]}", "array of strings"),
                arguments("/keys", "{\"keys\":[\"1\",\"X\"]}", "unknown key \"X\""),
                arguments("/keys", "{\"keys\":[\"ok\"]}", "unknown key \"ok\""),
                arguments("/keys", "{\"keys\":[\"1\"],\"slowly\":true}", "unknown field slowly"),
                // hold
                arguments("/hold", "{\"seconds\":3}", "either key or button"),
                arguments("/hold", "{\"key\":\"0\",\"button\":\"SET\",\"seconds\":3}", "either key or button"),
                arguments("/hold", "{\"button\":\"RESET\",\"seconds\":3}", "button must be SET"),
                arguments("/hold", "{\"key\":\"0\"}", "seconds is required"),
                arguments("/hold", "{\"key\":\"0\",\"seconds\":0}", "seconds must be a number above 0 to 60"),
                arguments("/hold", "{\"key\":\"0\",\"seconds\":-1}", "seconds must be a number"),
                arguments("/hold", "{\"key\":\"0\",\"seconds\":60.5}", "seconds must be a number"),
                arguments("/hold", "{\"key\":\"0\",\"seconds\":\"3\"}", "seconds must be a number"),
                arguments("/hold", "{\"key\":\"Z\",\"seconds\":3}", "unknown key \"Z\""),
                arguments("/hold", "{\"key\":\"0\",\"seconds\":3,\"insertBattery\":true}", "SET button only"),
                arguments("/hold", "{\"button\":\"SET\",\"seconds\":5,\"insertBattery\":\"yes\"}", "insertBattery must be true or false"),
                // finger
                arguments("/finger", "{}", "finger is required"),
                arguments("/finger", "{\"finger\":\"  \"}", "finger must be 1 to 64"),
                arguments("/finger", "{\"finger\":\"" + "f".repeat(65) + "\"}", "finger must be 1 to 64"),
                arguments("/finger", "{\"finger\":7}", "finger must be a string"),
                arguments("/finger", "{\"finger\":\"bob-thumb\",\"quality\":1.5}", "quality must be a number from 0 to 1"),
                arguments("/finger", "{\"finger\":\"bob-thumb\",\"quality\":-0.1}", "quality must be a number"),
                arguments("/finger", "{\"finger\":\"bob-thumb\",\"quality\":\"high\"}", "quality must be a number"),
                // face
                arguments("/face", "{}", "face is required"),
                arguments("/face", "{\"face\":3}", "face must be a string"),
                arguments("/face", "{\"face\":\"bob\",\"pose\":\"SIDEWAYS\"}", "pose must be one of [FRONT, UP, DOWN, LEFT, RIGHT]"),
                arguments("/face", "{\"face\":\"bob\",\"pose\":\"front\"}", "pose must be one of"),
                arguments("/face", "{\"face\":\"bob\",\"obstructed\":\"no\"}", "obstructed must be true or false"),
                arguments("/face", "{\"face\":\"bob\",\"mask\":true}", "unknown field mask"),
                // mechanical key, handle, door
                arguments("/mechanical-key", "{}", "key is required"),
                arguments("/mechanical-key", "{\"key\":5}", "key must be a string"),
                arguments("/mechanical-key", "{\"key\":\"\"}", "key must be 1 to 64"),
                arguments("/handle", "{}", "action is required"),
                arguments("/handle", "{\"action\":\"TWIST\"}", "action must be one of [LIFT, PUSH]"),
                arguments("/handle", "{\"action\":null}", "action must be a string"),
                arguments("/door", "{\"state\":\"AJAR\"}", "state must be one of [OPEN, CLOSED]"),
                arguments("/door", "{\"state\":\"open\"}", "state must be one of"),
                // battery, USB power
                arguments("/battery", "{}", "give percent"),
                arguments("/battery", "{\"percent\":101}", "percent must be a whole number from 0 to 100"),
                arguments("/battery", "{\"percent\":-1}", "percent must be a whole number"),
                arguments("/battery", "{\"percent\":50.5}", "percent must be a whole number"),
                arguments("/battery", "{\"percent\":\"50\"}", "percent must be a whole number"),
                arguments("/battery", "{\"percent\":50,\"inserted\":\"no\"}", "inserted must be true or false"),
                arguments("/battery", "{\"percent\":50,\"charge\":1}", "unknown field charge"),
                arguments("/usb-power", "{}", "connected is required"),
                arguments("/usb-power", "{\"connected\":1}", "connected must be true or false"),
                // G2 remote controller: only a paired one has a button
                arguments("/remote-controller", "{}", "remote is required"),
                arguments("/remote-controller", "{\"remote\":\"remote-1\"}", "no paired remote controller"),
                arguments("/remote-controller", "{\"remote\":7}", "remote must be a string"),
                arguments("/remote-controller", "{\"remote\":\"remote-1\",\"times\":2}", "unknown field times"),
                // clock
                arguments("/clock/advance", "{}", "seconds is required"),
                arguments("/clock/advance", "{\"seconds\":0}", "seconds must be a whole number from 1 to 604800"),
                arguments("/clock/advance", "{\"seconds\":-5}", "seconds must be a whole number"),
                arguments("/clock/advance", "{\"seconds\":604801}", "seconds must be a whole number"),
                arguments("/clock/advance", "{\"seconds\":1.5}", "seconds must be a whole number"),
                arguments("/clock/advance", "{\"seconds\":\"60\"}", "seconds must be a whole number"),
                arguments("/clock/advance", "{\"seconds\":1e30}", "seconds must be a whole number"));
    }

    @ParameterizedTest(name = "POST {0} {1}")
    @MethodSource("badBodies")
    void refusesBadBodyAndChangesNothing(String path, String body, String reason) {
        assertRefusedChangingNothing(() -> panel.post(path, body), 400, reason);
    }

    static Stream<Arguments> malformedCommands() {
        return Stream.of(
                arguments("not json"),
                arguments("[]"),
                arguments("{}"),
                arguments("{\"type\":\"FLY\"}"),
                arguments("{\"type\":\"ADD_USER\",\"name\":\"Bob\",\"role\":\"KING\"}"),
                arguments("{\"type\":\"ADD_USER\",\"name\":\"Bob\",\"role\":\"USER\",\"age\":3}"),
                arguments("{\"type\":\"DELETE_USER\",\"user\":\"two\"}"),
                arguments(""));
    }

    @ParameterizedTest(name = "POST /command {0}")
    @MethodSource("malformedCommands")
    void refusesMalformedCommandLogsItAndChangesNothingElse(String body) {
        String before = panel.state().toString();
        long lastSeq = lastSeq();
        PanelClient.Answer answer = panel.post("/command", body);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isNotBlank();
        assertThat(answer.json().get("reason").asText()).isEqualTo("MALFORMED_COMMAND");
        assertThat(panel.state().toString()).isEqualTo(before);
        assertThat(panel.events(lastSeq)).singleElement().satisfies(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("COMMAND_REFUSED");
            assertThat(e.get("reason").asText()).isEqualTo("MALFORMED_COMMAND");
        });
    }

    @Test
    void commandTheLockRefusesAnswers400WithItsReasonAndOnlyLogsIt() {
        String before = panel.state().toString();
        long lastSeq = lastSeq();
        PanelClient.Answer answer = panel.post("/command", "{\"type\":\"ADD_USER\",\"name\":\"Bob\",\"role\":\"USER\"}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("reason").asText()).isEqualTo("NO_ADMINISTRATOR"); // A1: no administrator yet
        assertThat(answer.error()).isNotBlank();
        assertThat(panel.state().toString()).isEqualTo(before);
        assertThat(panel.events(lastSeq)).singleElement()
                .satisfies(e -> assertThat(e.get("kind").asText()).isEqualTo("COMMAND_REFUSED"));
    }

    @Test
    void refusalsOfTheHardwareAre400AndChangeNothing() {
        // a thrown bolt holds the door shut; SET with insertBattery needs the battery out first (D7)
        assertRefusedChangingNothing(() -> panel.post("/door", "{\"state\":\"OPEN\"}"), 400, "door");
        assertRefusedChangingNothing(() -> panel.post("/hold", "{\"button\":\"SET\",\"seconds\":5,\"insertBattery\":true}"), 400, "battery");
    }

    @Test
    void bodyOverTheLimitIsRefusedUnread() {
        String huge = "{\"keys\":[\"1\"]" + " ".repeat(PanelApi.MAX_BODY_BYTES) + "}";
        PanelClient.Answer answer = assertRefusedChangingNothing(() -> panel.post("/keys", huge), 413, "larger than 65536 bytes");
        assertThat(answer.status()).isEqualTo(413);
    }

    @Test
    void unknownPathsAre404() {
        assertRefusedChangingNothing(() -> panel.get("/nope"), 404, "no such path: /nope");
        assertRefusedChangingNothing(() -> panel.post("/touch/", "{}"), 404, "no such path");
        assertRefusedChangingNothing(() -> panel.get("/state/serial"), 404, "no such path");
        assertRefusedChangingNothing(() -> panel.post("/clock", "{\"seconds\":5}"), 404, "no such path");
    }

    @Test
    void wrongMethodsAre405() {
        assertRefusedChangingNothing(() -> panel.get("/touch"), 405, "use POST");
        assertRefusedChangingNothing(() -> panel.post("/state", "{}"), 405, "use GET");
        assertRefusedChangingNothing(() -> panel.send("DELETE", "/keys", null), 405, "use POST");
        assertRefusedChangingNothing(() -> panel.send("PUT", "/events", "[]"), 405, "use GET");
        assertRefusedChangingNothing(() -> panel.post("/", "{}"), 405, "use GET");
    }

    @Test
    void badQueriesAre400() {
        assertRefusedChangingNothing(() -> panel.get("/events?after=abc"), 400, "after must be a sequence number");
        assertRefusedChangingNothing(() -> panel.get("/events?after=-1"), 400, "after must be a sequence number");
        assertRefusedChangingNothing(() -> panel.get("/events?since=3"), 400, "unknown query parameter since");
        assertRefusedChangingNothing(() -> panel.get("/events?after=1&after=2"), 400, "given twice");
        assertRefusedChangingNothing(() -> panel.get("/state?verbose=1"), 400, "takes no query parameters");
        assertRefusedChangingNothing(() -> panel.post("/touch?force=1", "{}"), 400, "takes no query parameters");
    }

    @Test
    void clockAdvanceOnARealClockLockIs400() throws IOException {
        try (SimulatedLock real = SimulatedLock.open("KW-REAL", tmp.resolve("real"), false);
             PanelServer realServer = PanelServer.start(real, 0)) {
            PanelClient realPanel = new PanelClient(realServer.baseUrl());
            String eventsBefore = realPanel.events(0).toString();
            PanelClient.Answer answer = realPanel.post("/clock/advance", "{\"seconds\":60}");
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.error()).contains("real clock");
            assertThat(realPanel.events(0).toString()).isEqualTo(eventsBefore);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Sends, checks the status and the JSON reason, and that the lock's state and events did not move. */
    private PanelClient.Answer assertRefusedChangingNothing(Supplier<PanelClient.Answer> request, int status, String reason) {
        String stateBefore = panel.state().toString();
        String eventsBefore = panel.events(0).toString();
        PanelClient.Answer answer = request.get();
        assertThat(answer.status()).as("status of %s", answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(answer.error()).isNotBlank().contains(reason);
        assertThat(panel.state().toString()).as("state after a refused request").isEqualTo(stateBefore);
        assertThat(panel.events(0).toString()).as("events after a refused request").isEqualTo(eventsBefore);
        return answer;
    }

    private long lastSeq() {
        long last = 0;
        for (var event : panel.events(0)) {
            last = Math.max(last, event.get("seq").asLong());
        }
        return last;
    }

    private static String manyKeys(int n) {
        return "[" + String.join(",", java.util.Collections.nCopies(n, "\"1\"")) + "]";
    }
}
