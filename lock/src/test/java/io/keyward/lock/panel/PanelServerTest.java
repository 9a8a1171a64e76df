package io.keyward.lock.panel;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyward.lock.shell.SimulatedLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The panel contract's shapes over real HTTP, on a real simulated lock with a manual clock. */
class PanelServerTest {

    @TempDir
    Path tmp;

    private SimulatedLock lock;
    private PanelServer server;
    private PanelClient panel;

    @BeforeEach
    void start() throws IOException {
        lock = SimulatedLock.open("KW-0042", tmp, true);
        server = PanelServer.start(lock, 0);
        panel = new PanelClient(server.baseUrl());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        lock.close();
    }

    @Test
    void listensOnLoopbackOnTheFreePortItReports() {
        assertThat(server.port()).isPositive();
        assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
    }

    @Test
    void aTakenPortIsABindException() {
        assertThatThrownBy(() -> PanelServer.start(lock, server.port())).isInstanceOf(BindException.class);
    }

    @Test
    void stateHasExactlyTheContractsFieldsWithInstantsAsIsoTextAndNullsAsNull() {
        JsonNode state = panel.state();
        assertThat(names(state)).containsExactly("serial", "powered", "bolt", "lockedFromInside", "door", "keypad",
                "screen", "prompts", "muted", "battery", "modes", "lockout", "alarms", "online", "time",
                "enrolment", "bluetooth", "accessories", "motor", "homeMqtt", "pairing", "administrator", "devices", "lockKey",
                "lockKeyMac"); // the contract's fields, then the additions
        assertThat(names(state.get("bluetooth"))).containsExactly("inRange", "connections");
        assertThat(names(state.get("motor"))).containsExactly("jammed", "motorJammed", "doorPressed");
        assertThat(names(state.get("keypad"))).containsExactly("awake", "lit", "input", "faceLight");
        assertThat(names(state.get("screen"))).containsExactly("text", "qr");
        assertThat(names(state.get("battery"))).containsExactly("percent", "low", "inserted", "usbPower");
        assertThat(names(state.get("modes"))).containsExactly("privacy", "leavingHome");
        assertThat(names(state.get("lockout"))).containsExactly("active", "until");
        assertThat(state.get("serial").asText()).isEqualTo("KW-0042");
        assertThat(state.get("bolt").asText()).isEqualTo("LOCKED");
        assertThat(state.get("time").asText()).isEqualTo("2026-01-05T08:00:00Z"); // the manual clock's start
        assertThat(state.get("lockout").get("until").isNull()).isTrue();
        assertThat(state.get("screen").get("qr").isNull()).isTrue();
        assertThat(state.get("homeMqtt").asText()).isEqualTo("OFF"); // docs/home-assistant.md
        assertThat(state.get("pairing").isNull()).as("issue 14: only in pairing mode").isTrue();
        assertThat(state.get("administrator").asBoolean()).as("issue 14: a new lock has none (A1)").isFalse();
        assertThat(state.get("devices").isArray() && state.get("devices").isEmpty())
                .as("issue 15: no owner device yet, an empty list").isTrue();
    }

    @Test
    void anActionAnswersTheNewStateAsJson() {
        JsonNode touched = panel.act("/touch", "{}");
        assertThat(touched).isEqualTo(panel.state());
        assertThat(touched.get("keypad").get("awake").asBoolean()).isTrue();
        JsonNode prompt = PanelClient.lastPromptNode(touched);
        assertThat(names(prompt)).containsExactly("id", "text", "at", "silent");
        assertThat(prompt.get("id").asText()).isEqualTo("CREATE_ADMIN");
        assertThat(prompt.get("at").asText()).isEqualTo("2026-01-05T08:00:00Z");
    }

    @Test
    void anEmptyBodyCountsAsAnEmptyObject() {
        assertThat(panel.post("/touch", null).status()).isEqualTo(200);
    }

    @Test
    void eventsAreOldestFirstAfterTheGivenSequenceNumber() {
        createAdministrator();
        JsonNode all = panel.events(0);
        assertThat(all.size()).isGreaterThanOrEqualTo(2);
        List<Long> seqs = new ArrayList<>();
        all.forEach(e -> seqs.add(e.get("seq").asLong()));
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(names(all.get(0))).containsExactly("seq", "at", "kind", "method", "result", "user",
                "credential", "reason", "alarm", "detail");
        JsonNode later = panel.events(seqs.get(0));
        assertThat(later.size()).isEqualTo(all.size() - 1);
        assertThat(panel.get("/events").json()).isEqualTo(all); // after defaults to 0
        assertThat(panel.events(seqs.get(seqs.size() - 1))).isEmpty();
    }

    @Test
    void anAcceptedCommandAnswersTheLocksReply() {
        createAdministrator();
        JsonNode reply = panel.command("{\"type\":\"ADD_USER\",\"name\":\"Bob\",\"role\":\"USER\"}");
        assertThat(reply.get("accepted").asBoolean()).isTrue();
        assertThat(reply.get("user").asInt()).isEqualTo(2);
        PanelClient.Answer refused = panel.post("/command", "{\"type\":\"DELETE_USER\",\"user\":1}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("reason").asText()).isEqualTo("LAST_ADMINISTRATOR"); // B6
    }

    @Test
    void theClockMovesOnlyWhenAdvanced() {
        panel.act("/touch", "{}");
        JsonNode later = panel.act("/clock/advance", "{\"seconds\":21}");
        assertThat(later.get("time").asText()).isEqualTo("2026-01-05T08:00:21Z");
        assertThat(later.get("keypad").get("awake").asBoolean()).as("asleep after 20 s (A6)").isFalse();
    }

    @Test
    void aFaceIsUnobstructedAndAFingerPressGoodByDefault() {
        // with no administrator every real attempt is refused and logged, which makes attempts visible
        assertThat(attemptsAfter("/face", "{\"face\":null}")).as("nobody there").isEmpty();
        assertThat(attemptsAfter("/face", "{\"face\":\"alice\",\"obstructed\":true}")).as("covered").isEmpty();
        assertThat(attemptsAfter("/face", "{\"face\":\"alice\"}")).containsExactly("FACE");
        assertThat(attemptsAfter("/finger", "{\"finger\":\"alice-thumb\",\"quality\":0.1}")).as("a poor press").isEmpty();
        assertThat(attemptsAfter("/finger", "{\"finger\":\"alice-thumb\"}")).as("quality 0.9").containsExactly("FINGERPRINT");
    }

    @Test
    void aFaceLooksStraightAheadByDefault() {
        createAdministrator();
        panel.command("{\"type\":\"ADD_USER\",\"name\":\"Bob\",\"role\":\"USER\"}");
        panel.command("{\"type\":\"START_ENROLMENT\",\"user\":2,\"kind\":\"FACE\",\"duress\":false}");
        assertThat(PanelClient.lastPrompt(panel.state())).isEqualTo("FACE_FRONT");
        assertThat(PanelClient.lastPrompt(panel.act("/face", "{\"face\":\"bob\"}"))).isEqualTo("FACE_UP");
    }

    @Test
    void theIndexPageNamesTheEndpoints() {
        PanelClient.Answer index = panel.get("/");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.contentType()).startsWith("text/html");
        assertThat(index.body()).contains("POST /touch", "GET /state", "GET /events", "POST /command", "POST /clock/advance");
    }

    @Test
    void servesRequestsConcurrently() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String path = i % 2 == 0 ? "/state" : "/keys";
                answers.add(clients.submit(() -> path.equals("/state")
                        ? panel.get(path).status() : panel.post(path, "{\"keys\":[\"BACK\"]}").status()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * SPEC D9 (issue 12) over the panel's HTTP (additions to PANEL-API.md, docs/lock.md): POST /motor/jam
     * and POST /door/press, the state's "motor", the BOLT_JAMMED alarm and event (SPEC H4), and the bolt
     * JAMMED in what the lock reports to the cloud.
     */
    @Nested
    @DisplayName("SPEC D9 a jammed bolt on the panel")
    class BoltJam {

        private static final String PASSCODE_KEYS = "{\"keys\":[\"1\",\"3\",\"5\",\"7\",\"9\",\"2\",\"OK\"]}";

        @BeforeEach
        void administrator() {
            createAdministrator();
        }

        @Test
        @DisplayName("SPEC D9 H4 issue 12: door pressed on the panel, an unlock stalls twice: motor.jammed, BOLT_JAMMED alarm and event, JAMMED to the cloud")
        void aPressedDoorJamsTheBolt() {
            JsonNode pressed = panel.act("/door/press", "{\"pressed\": true}");
            assertThat(pressed.get("motor").get("doorPressed").asBoolean()).isTrue();
            assertThat(pressed.get("motor").get("jammed").asBoolean()).isFalse();

            panel.act("/touch", "{}");
            JsonNode stalled = panel.act("/keys", PASSCODE_KEYS);
            assertThat(stalled.get("bolt").asText()).isEqualTo("LOCKED");
            assertThat(stalled.get("motor").get("jammed").asBoolean()).as("the one retry is still due").isFalse();

            JsonNode jammed = panel.act("/clock/advance", "{\"seconds\": 1}");
            assertThat(jammed.get("motor").get("jammed").asBoolean()).isTrue();
            assertThat(jammed.get("bolt").asText()).isEqualTo("LOCKED");
            assertThat(jammed.get("alarms").get(0).get("kind").asText()).isEqualTo("BOLT_JAMMED");
            JsonNode events = panel.events(0);
            JsonNode last = events.get(events.size() - 1);
            assertThat(last.get("kind").asText()).isEqualTo("ALARM");
            assertThat(last.get("alarm").asText()).isEqualTo("BOLT_JAMMED");
            assertThat(last.get("detail").asText()).isEqualTo("UNLOCKING");
            assertThat(lock.reportedState().bolt()).isEqualTo("JAMMED");
            assertThat(lock.view().boltJammed()).isTrue();

            panel.act("/door/press", "{\"pressed\": false}");
            panel.act("/touch", "{}");
            JsonNode open = panel.act("/keys", PASSCODE_KEYS);
            assertThat(open.get("bolt").asText()).isEqualTo("UNLOCKED");
            assertThat(open.get("motor").get("jammed").asBoolean()).as("a move that succeeds clears the jam").isFalse();
            assertThat(lock.reportedState().bolt()).isEqualTo("UNLOCKED");
        }

        @Test
        @DisplayName("SPEC D9 issue 12: a jammed motor (POST /motor/jam) stalls the relock; freeing it and locking by the app's next move clears")
        void aJammedMotorJamsTheRelock() {
            panel.act("/touch", "{}");
            assertThat(panel.act("/keys", PASSCODE_KEYS).get("bolt").asText()).isEqualTo("UNLOCKED");
            JsonNode stuck = panel.act("/motor/jam", "{\"jammed\": true}");
            assertThat(stuck.get("motor").get("motorJammed").asBoolean()).isTrue();
            JsonNode jammed = panel.act("/clock/advance", "{\"seconds\": 60}");
            assertThat(jammed.get("bolt").asText()).as("the relock stalled twice").isEqualTo("UNLOCKED");
            assertThat(jammed.get("motor").get("jammed").asBoolean()).isTrue();
            assertThat(lock.reportedState().bolt()).isEqualTo("JAMMED");

            panel.act("/motor/jam", "{\"jammed\": false}");
            JsonNode locked = panel.act("/handle", "{\"action\": \"LIFT\"}");
            assertThat(locked.get("bolt").asText()).isEqualTo("LOCKED");
            assertThat(locked.get("motor").get("jammed").asBoolean()).isFalse();
        }

        @Test
        @DisplayName("SPEC D9 issue 12: bad bodies on /motor/jam and /door/press are 400 with a reason and change nothing")
        void badBodiesAreRefused() {
            JsonNode before = panel.state();
            PanelClient.Answer notBool = panel.post("/motor/jam", "{\"jammed\": \"yes\"}");
            assertThat(notBool.status()).isEqualTo(400);
            assertThat(notBool.error()).contains("jammed");
            PanelClient.Answer extra = panel.post("/door/press", "{\"pressed\": true, \"force\": 3}");
            assertThat(extra.status()).isEqualTo(400);
            assertThat(extra.error()).contains("force");
            PanelClient.Answer missing = panel.post("/door/press", "{}");
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.error()).contains("pressed");
            assertThat(panel.state().get("motor")).isEqualTo(before.get("motor"));
        }
    }

    private void createAdministrator() {
        panel.act("/touch", "{}");
        panel.act("/keys", "{\"keys\":[\"OK\"]}");
        for (int i = 0; i < 2; i++) {
            panel.act("/keys", "{\"keys\":[\"1\",\"3\",\"5\",\"7\",\"9\",\"2\",\"OK\"]}");
        }
        assertThat(PanelClient.lastPrompt(panel.state())).isEqualTo("OPERATION_SUCCESSFUL");
    }

    /** The methods of the unlock attempts the lock logged for this action. */
    private List<String> attemptsAfter(String path, String body) {
        JsonNode before = panel.events(0);
        long last = before.isEmpty() ? 0 : before.get(before.size() - 1).get("seq").asLong();
        panel.act(path, body);
        List<String> methods = new ArrayList<>();
        panel.events(last).forEach(e -> {
            if ("UNLOCK".equals(e.get("kind").asText())) {
                methods.add(e.get("method").asText());
            }
        });
        return methods;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
