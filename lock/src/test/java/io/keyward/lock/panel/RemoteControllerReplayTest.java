package io.keyward.lock.panel;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyward.lock.shell.SimulatedLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC G2 from outside (issue 10 finding 12): a remote controller's press says what it transmitted,
 * and anyone in radio range can send those bytes again through the panel API; the lock refuses the
 * replayed rolling code and logs it. Malformed frames are a 400 with the reason and change nothing.
 */
class RemoteControllerReplayTest {

    @TempDir
    Path tmp;

    private SimulatedLock lock;
    private PanelServer server;
    private PanelClient panel;

    @BeforeEach
    void start() throws IOException {
        lock = SimulatedLock.open("KW-0043", tmp, true);
        server = PanelServer.start(lock, 0);
        panel = new PanelClient(server.baseUrl());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        lock.close();
    }

    @Test
    void finding12_aCapturedPressReplayedThroughThePanelIsRefusedAndLogged() {
        String remote = pairedRemote();
        JsonNode pressed = panel.act("/remote-controller", "{\"remote\":\"" + remote + "\"}");
        assertThat(pressed.get("bolt").asText()).isEqualTo("UNLOCKED");
        String frame = pressed.get("transmitted").asText();
        assertThat(frame).matches("[A-Za-z0-9_-]+");
        assertThat(pressed.get("serial").asText()).as("the rest is the state, as every action answers").isEqualTo("KW-0043");
        panel.act("/handle", "{\"action\":\"LIFT\"}");
        assertThat(panel.state().get("bolt").asText()).isEqualTo("LOCKED");

        JsonNode replayed = panel.act("/remote-controller/replay", "{\"frame\":\"" + frame + "\"}");
        assertThat(replayed.get("bolt").asText()).as("a recorded press opens nothing").isEqualTo("LOCKED");
        JsonNode last = lastEvent();
        assertThat(last.get("kind").asText()).isEqualTo("UNLOCK");
        assertThat(last.get("method").asText()).isEqualTo("REMOTE_CONTROLLER");
        assertThat(last.get("result").asText()).isEqualTo("REFUSED");
        assertThat(last.get("reason").asText()).isEqualTo("REPLAYED");
        assertThat(last.get("credential").asText()).isEqualTo(remote);

        // the genuine remote's next press still opens: the replay did not disturb its counter
        assertThat(panel.act("/remote-controller", "{\"remote\":\"" + remote + "\"}").get("bolt").asText())
                .isEqualTo("UNLOCKED");
    }

    @Test
    void finding12_aFrameWithAForgedCodeIsRefusedAsAWrongCredential() {
        String remote = pairedRemote();
        String frame = panel.act("/remote-controller", "{\"remote\":\"" + remote + "\"}").get("transmitted").asText();
        panel.act("/handle", "{\"action\":\"LIFT\"}");
        byte[] bytes = Base64.getUrlDecoder().decode(frame);
        bytes[bytes.length - 9] = (byte) (bytes[bytes.length - 9] + 5); // the counter moved on, the code kept
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        assertThat(panel.act("/remote-controller/replay", "{\"frame\":\"" + forged + "\"}").get("bolt").asText())
                .isEqualTo("LOCKED");
        assertThat(lastEvent().get("reason").asText()).isEqualTo("WRONG_CREDENTIAL");
    }

    @Test
    void finding12_malformedFramesAre400WithAReasonAndChangeNothing() {
        String remote = pairedRemote();
        String frame = panel.act("/remote-controller", "{\"remote\":\"" + remote + "\"}").get("transmitted").asText();
        panel.act("/handle", "{\"action\":\"LIFT\"}");
        String eventsBefore = panel.events(0).toString();
        String stateBefore = panel.state().toString();
        String noSeparator = b64("remote-1".getBytes(StandardCharsets.US_ASCII));
        String shortCode = frame.substring(0, frame.length() - 4);
        List<String[]> cases = List.of(
                new String[] {"{}", "frame is required"},
                new String[] {"{\"frame\":7}", "frame must be a string"},
                new String[] {"{\"frame\":\"\"}", "frame"},
                new String[] {"{\"frame\":\"not base64!\"}", "base64url"},
                new String[] {"{\"frame\":\"" + frame + "=\"}", "base64url"},
                new String[] {"{\"frame\":\"" + noSeparator + "\"}", "frame"},
                new String[] {"{\"frame\":\"" + shortCode + "\"}", "frame"},
                new String[] {"{\"frame\":\"" + b64(new byte[300]) + "\"}", "frame"},
                new String[] {"{\"frame\":\"" + frame + "\",\"times\":2}", "unknown field times"});
        for (String[] c : cases) {
            PanelClient.Answer answer = panel.post("/remote-controller/replay", c[0]);
            assertThat(answer.status()).as(c[0] + " -> " + answer.body()).isEqualTo(400);
            assertThat(answer.error()).as(c[0]).contains(c[1]).doesNotContain("Exception");
        }
        assertThat(panel.events(0).toString()).isEqualTo(eventsBefore);
        assertThat(panel.state().toString()).isEqualTo(stateBefore);
        System.out.println("finding12: " + cases.size() + " malformed frames refused with 400");
    }

    private String pairedRemote() {
        panel.act("/touch", "{}");
        panel.act("/keys", "{\"keys\":[\"OK\"]}");
        for (int i = 0; i < 2; i++) {
            panel.act("/keys", "{\"keys\":[\"1\",\"3\",\"5\",\"7\",\"9\",\"2\",\"OK\"]}");
        }
        PanelClient.Answer paired = panel.post("/command",
                "{\"type\":\"PAIR_ACCESSORY\",\"kind\":\"REMOTE_CONTROLLER\",\"name\":\"Car remote\"}");
        assertThat(paired.status()).as(paired.body()).isEqualTo(200);
        return panel.state().get("accessories").get(0).get("id").asText();
    }

    private JsonNode lastEvent() {
        JsonNode events = panel.events(0);
        return events.get(events.size() - 1);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
