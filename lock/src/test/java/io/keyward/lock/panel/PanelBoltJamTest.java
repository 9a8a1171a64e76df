package io.keyward.lock.panel;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyward.lock.shell.SimulatedLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC D9 (issue 12) over the panel's HTTP (additions to PANEL-API.md, docs/lock.md): POST /motor/jam and
 * POST /door/press, the state's "motor", the BOLT_JAMMED alarm and event (SPEC H4), and the bolt
 * JAMMED in what the lock reports to the cloud. A real simulated lock on a manual clock.
 */
class PanelBoltJamTest {

    private static final String PASSCODE_KEYS = "{\"keys\":[\"1\",\"3\",\"5\",\"7\",\"9\",\"2\",\"OK\"]}";

    @TempDir
    Path tmp;

    private SimulatedLock lock;
    private PanelServer server;
    private PanelClient panel;

    @BeforeEach
    void start() throws IOException {
        lock = SimulatedLock.open("KW-0012", tmp, true);
        server = PanelServer.start(lock, 0);
        panel = new PanelClient(server.baseUrl());
        panel.act("/touch", "{}");
        panel.act("/keys", "{\"keys\":[\"OK\"]}");
        panel.act("/keys", PASSCODE_KEYS);
        panel.act("/keys", PASSCODE_KEYS);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        lock.close();
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
