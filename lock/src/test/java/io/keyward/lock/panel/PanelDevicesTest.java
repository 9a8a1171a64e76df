package io.keyward.lock.panel;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.protocol.pairing.PairingPayload;
import io.keyward.protocol.trust.BindPayload;
import io.keyward.protocol.trust.BindProof;
import io.keyward.protocol.trust.DeviceSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 over the panel's real HTTP (docs/trust.md §4, §6; PANEL-API: added, nothing changed): a phone
 * binds with POST /command BIND_DEVICE, the reply carries data, GET /state lists "devices" without keys;
 * the door flow runs with POST /hold {"key":"OK","seconds":3}.
 */
@DisplayName("issue 15, trust design §4, §6: owner devices on the panel")
class PanelDevicesTest {

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
        panel.act("/touch", "{}");
        panel.act("/keys", "{\"keys\":[\"OK\"]}");
        for (int i = 0; i < 2; i++) {
            panel.act("/keys", "{\"keys\":[\"1\",\"3\",\"5\",\"7\",\"9\",\"2\",\"OK\"]}");
        }
        assertThat(panel.state().get("administrator").asBoolean()).isTrue();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        lock.close();
    }

    @Test
    @DisplayName("§4, §6: bound with the pairing QR's secret; the reply's data opens; /state devices has deviceId, name, boundAt, how")
    void bindOverThePanel() {
        JsonNode pairing = panel.act("/hold", "{\"button\":\"SET\",\"seconds\":3}");
        String bind = PairingPayload.parse(pairing.get("screen").get("qr").asText()).bind();
        DeviceSigner phone = DeviceSigner.generate();

        PanelClient.Answer wrong = panel.post("/command", phone.bindCommandJson("AAAAAAAAAAAAAAAAAAAAAA", "KW-0042", "Phone"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("reason").asText()).isEqualTo("BAD_BIND_PROOF");
        assertThat(panel.state().get("devices")).isEmpty();

        JsonNode reply = panel.command(phone.bindCommandJson(bind, "KW-0042", "Phone"));
        JsonNode data = reply.get("data");
        assertThat(data.get("deviceId").asText()).isEqualTo(phone.deviceId());
        assertThat(BindProof.verifyReply(data.get("mac").asText(), bind, "KW-0042", phone.deviceId(),
                data.get("sealedVisitorSecret").asText())).isTrue();
        assertThat(phone.openSealed(data.get("sealedVisitorSecret").asText(), "KW-0042")).hasSize(43);

        JsonNode devices = panel.state().get("devices");
        assertThat(devices).hasSize(1);
        List<String> names = new ArrayList<>();
        devices.get(0).fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("deviceId", "name", "boundAt", "how");
        assertThat(devices.get(0).get("deviceId").asText()).isEqualTo(phone.deviceId());
        assertThat(devices.get(0).get("name").asText()).isEqualTo("Phone");
        assertThat(devices.get(0).get("boundAt").asText()).isEqualTo(panel.state().get("time").asText());
        assertThat(devices.get(0).get("how").asText()).isEqualTo("PAIRING_QR");
        assertThat(panel.events(0).toString()).contains("DEVICE_BOUND");
    }

    @Test
    @DisplayName("§4: the door flow over HTTP: hold OK 3 s, the administrator's passcode, a bind QR that binds once")
    void doorFlowOverThePanel() {
        panel.act("/clock/advance", "{\"seconds\":25}");
        JsonNode asked = panel.act("/hold", "{\"key\":\"OK\",\"seconds\":3}");
        assertThat(PanelClient.lastPrompt(asked)).isEqualTo("ENTER_ADMIN_PASSCODE");
        JsonNode shown = panel.act("/keys", "{\"keys\":[\"1\",\"3\",\"5\",\"7\",\"9\",\"2\",\"OK\"]}");
        assertThat(PanelClient.lastPrompt(shown)).isEqualTo("SCAN_TO_BIND");
        assertThat(shown.get("bolt").asText()).isEqualTo("LOCKED");
        assertThat(shown.get("pairing").isNull()).isTrue();
        String bind = BindPayload.parse(shown.get("screen").get("qr").asText()).bind();
        DeviceSigner phone = DeviceSigner.generate();
        panel.command(phone.bindCommandJson(bind, "KW-0042", "Door phone"));
        assertThat(panel.state().get("devices").get(0).get("how").asText()).isEqualTo("DOOR");
        assertThat(panel.state().get("screen").get("qr").isNull()).isTrue();
        PanelClient.Answer again = panel.post("/command", DeviceSigner.generate().bindCommandJson(bind, "KW-0042", "Eve"));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("reason").asText()).isEqualTo("BAD_BIND_PROOF");
    }
}
