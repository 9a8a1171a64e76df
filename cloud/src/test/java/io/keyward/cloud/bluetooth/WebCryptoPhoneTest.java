package io.keyward.cloud.bluetooth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import io.keyward.cloud.browser.Browser;
import io.keyward.cloud.browser.ModulePage;
import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.KeyRevocation;
import io.keyward.protocol.bluetooth.LockSide;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.RevokedKeys;
import io.keyward.protocol.bluetooth.SecureSession;
import io.keyward.protocol.link.CommandSigning;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC C5, E3: the web app's WebCrypto phone side (static/app/bluetooth.js) in a real headless Chromium
 * against the protocol's Java lock side ({@link LockSide}, {@link SecureSession}), over a radio endpoint
 * of the lock's contract (POST /radio/hello, /radio/proof, /radio/record, base64url messages). It proves
 * that the JavaScript speaks docs/bluetooth.md byte for byte: hello, transcript, ECDSA r||s proof, HKDF
 * directional keys and AES-GCM records both ways; and that the device key survives a reload
 * (IndexedDB), non-extractable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("C5, E3 the web app's WebCrypto Bluetooth client against the Java lock side")
class WebCryptoPhoneTest {

    static final java.util.Base64.Decoder B64D = java.util.Base64.getUrlDecoder();
    static final java.util.Base64.Encoder B64E = java.util.Base64.getUrlEncoder().withoutPadding();
    static final String SERIAL = "KW-WEBCRYPTO-1";
    static final JsonMapper JSON = JsonMapper.builder().build();

    final KeyPair cloud = CommandSigning.newKeyPair();
    final RevokedKeys revoked = new RevokedKeys();
    final Map<String, LockSide> handshakes = new ConcurrentHashMap<>();
    final Map<String, SecureSession> sessions = new ConcurrentHashMap<>();
    final List<String> requests = new ArrayList<>();
    ModulePage page;
    Browser browser;
    String base;

    @BeforeAll
    void start() throws IOException {
        page = ModulePage.start("radio harness", this::radio);
        browser = page.browser;
        base = page.base;
    }

    @AfterAll
    void stop() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    @DisplayName("C5 a WebCrypto handshake is accepted by the Java lock side; records go both ways; the device key stays")
    void handshakeAndRecords() {
        String spki = (String) script("return (await bt.deviceKey()).spki;");
        Object extractable = script("return (await bt.deviceKey()).privateKey.extractable;");
        assertThat(extractable).as("the private key cannot leave WebCrypto").isEqualTo(false);
        browser.driver.navigate().refresh();
        assertThat(script("return (await bt.deviceKey()).spki;")).as("kept in IndexedDB").isEqualTo(spki);

        String token = token(spki, "key-1");
        Object answer = script("const s = await bt.connect('" + base + "', '" + token + "');"
                + "const a = await s.request({type: 'STATE'}); const b = await s.request({type: 'UNLOCK'});"
                + "return JSON.stringify([a, b]);");
        assertThat(answer).isEqualTo("[{\"ok\":true,\"echo\":\"STATE\"},{\"ok\":true,\"echo\":\"UNLOCK\"}]");
        assertThat(requests).containsSubsequence("{\"type\":\"STATE\"}", "{\"type\":\"UNLOCK\"}");
    }

    @Test
    @DisplayName("E3 unlockNearby hands the lock the app's revocations first: a key revoked by them is then refused")
    void revocationsFirst() {
        String spki = (String) script("return (await bt.deviceKey()).spki;");
        String token = token(spki, "key-2");
        String revocation = KeyRevocation.of(BluetoothKey.decode(token).value(), Instant.now()).sign(cloud.getPrivate());
        String key = JSON.writeValueAsString(Map.of("token", token, "radio", base, "revocations", List.of(revocation)));
        Object answer = script("return JSON.stringify(await bt.unlockNearby(" + key + "));");
        assertThat(requests).anyMatch(r -> r.contains("REVOCATIONS") && r.contains(revocation));
        assertThat(answer).asString().contains("\"ok\":false").contains("REVOKED");
        Object again = script("try { await bt.unlockNearby(" + key + "); return 'opened'; }"
                + " catch (e) { return e.reason + ': ' + e.message; }");
        assertThat(again).asString().startsWith("REVOKED");
        assertThat(browser.consoleErrors()).allMatch(line -> line.contains("status of 403"));
    }

    @Test
    @DisplayName("C5 a token for another device key is refused in the app before anything is sent")
    void otherDevice() {
        String token = token(io.keyward.protocol.bluetooth.DeviceKeys.encode(io.keyward.protocol.bluetooth.DeviceKeys.newKeyPair().getPublic()), "key-3");
        Object answer = script("try { await bt.unlockNearby({token: '" + token + "', radio: '" + base + "'}); return 'sent'; }"
                + " catch (e) { return e.reason; }");
        assertThat(answer).isEqualTo("OTHER_DEVICE");
    }

    // ---- the harness: a radio endpoint on the Java lock side ----

    private String token(String spki, String keyId) {
        Instant now = Instant.now();
        return new BluetoothKey(SERIAL, keyId + "-" + UUID.randomUUID(), spki, "account-1", KeyRole.VISITOR,
                now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)), now).sign(cloud.getPrivate());
    }

    private Object script(String body) {
        return page.run("bluetooth.js", "bt", body);
    }

    /** The lock's radio endpoint: every path but the page and the app's modules. */
    private void radio(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            byte[] message = B64D.decode(body.get("message").asString());
            switch (path) {
                case "/radio/hello" -> {
                    LockSide side = new LockSide(SERIAL, cloud.getPublic(), revoked);
                    Outcome<byte[]> hello = side.onHello(message, Instant.now());
                    if (!hello.isOk()) {
                        refuse(exchange, hello);
                        return;
                    }
                    String id = UUID.randomUUID().toString();
                    handshakes.put(id, side);
                    send(exchange, 200, "application/json",
                            JSON.writeValueAsString(Map.of("connection", id, "message", B64E.encodeToString(hello.value()))));
                }
                case "/radio/proof" -> {
                    String id = body.get("connection").asString();
                    Outcome<SecureSession> session = handshakes.remove(id).onProof(message);
                    if (!session.isOk()) {
                        refuse(exchange, session);
                        return;
                    }
                    sessions.put(id, session.value());
                    send(exchange, 200, "application/json", "{\"ok\":true}");
                }
                case "/radio/record" -> {
                    SecureSession session = sessions.get(body.get("connection").asString());
                    String request = new String(session.open(message).value(), StandardCharsets.UTF_8);
                    synchronized (requests) {
                        requests.add(request);
                    }
                    JsonNode parsed = JSON.readTree(request);
                    String type = parsed.get("type").asString();
                    String reply;
                    if (type.equals("REVOCATIONS")) {
                        int applied = 0;
                        for (JsonNode r : parsed.get("revocations")) {
                            applied += revoked.apply(r.asString(), cloud.getPublic(), SERIAL).isOk() ? 1 : 0;
                        }
                        reply = "{\"ok\":true,\"applied\":" + applied + ",\"refused\":0}";
                    } else if (revoked.isRevoked(session.key().keyId())) {
                        reply = "{\"ok\":false,\"reason\":\"REVOKED\",\"message\":\"this key is revoked\"}";
                    } else {
                        reply = "{\"ok\":true,\"echo\":\"" + type + "\"}";
                    }
                    byte[] sealed = session.seal(reply.getBytes(StandardCharsets.UTF_8)).value();
                    send(exchange, 200, "application/json", JSON.writeValueAsString(Map.of("message", B64E.encodeToString(sealed))));
                }
                default -> send(exchange, 404, "application/json", "{\"error\":\"no such radio endpoint\"}");
            }
        }
    }

    private static void refuse(HttpExchange exchange, Outcome<?> refused) throws IOException {
        send(exchange, 403, "application/json", JSON.writeValueAsString(
                Map.of("error", "refused", "reason", refused.reason().name())));
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        ModulePage.send(exchange, status, type, body);
    }
}
