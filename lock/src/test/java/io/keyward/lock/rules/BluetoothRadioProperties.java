package io.keyward.lock.rules;

import io.keyward.lock.panel.PanelServer;
import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.bluetooth.RadioClient;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random bytes as any message of the lock's radio, over its real HTTP server (SPEC C5, C9): never a
 * 500, never an unlock. Each message goes where it would do most harm: a hello, the proof of a
 * connection whose hello was good, a record of an established session.
 */
class BluetoothRadioProperties {

    private static final Set<Integer> EXPECTED = Set.of(400, 403, 404);
    private static TestLock t;
    private static PanelServer server;
    private static RadioClient radio;
    private static String token;

    @BeforeContainer
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("bt-radio-props");
        t = BluetoothTest.pairedLock(dir);
        server = PanelServer.start(t.lock, 0);
        radio = new RadioClient(server.baseUrl());
        Instant now = t.state().time();
        token = new BluetoothKey("KW-TEST", "fuzzed-key", DeviceKeys.encode(BluetoothTest.DEVICE.getPublic()),
                "fuzz@example.com", KeyRole.OWNER, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)),
                now).sign(BluetoothTest.CLOUD.getPrivate());
    }

    @AfterContainer
    static void stop() throws Exception {
        server.close();
        t.close();
    }

    @Provide
    Arbitrary<byte[]> messages() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(400),
                // bytes that start like a protocol message, to reach past the header check
                Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(200).map(b -> {
                    byte[] out = new byte[b.length + 2];
                    out[0] = 1;
                    out[1] = (byte) (1 + Math.floorMod(b.length, 4));
                    System.arraycopy(b, 0, out, 2, b.length);
                    return out;
                }));
    }

    @Property(tries = 60)
    @Label("C5: random bytes as a hello never answer 500 and never unlock")
    void randomHello(@ForAll("messages") byte[] message) {
        RadioClient.Answer a = radio.hello(message);
        assertThat(a.status()).isIn(EXPECTED);
        assertThat(t.unlocked()).isFalse();
    }

    @Property(tries = 40)
    @Label("C5: random bytes as the proof of a good hello never answer 500 and never unlock")
    void randomProof(@ForAll("messages") byte[] message) {
        RadioClient.Session real = RadioClient.connect(server.baseUrl(), token, BluetoothTest.DEVICE).session();
        RadioClient.Answer hello = radio.hello(real.recorded().get(0));
        assertThat(hello.status()).isEqualTo(200);
        RadioClient.Answer a = radio.proof(hello.text("connection"), message);
        assertThat(a.status()).isIn(EXPECTED);
        assertThat(t.unlocked()).isFalse();
    }

    @Property(tries = 40)
    @Label("C5: random bytes as a record of an established session never answer 500 and never unlock")
    void randomRecord(@ForAll("messages") byte[] message) {
        RadioClient.Session s = RadioClient.connect(server.baseUrl(), token, BluetoothTest.DEVICE).session();
        RadioClient.Answer a = radio.record(s.connection(), message);
        assertThat(a.status()).isIn(EXPECTED);
        assertThat(t.unlocked()).isFalse();
    }

    @Property(tries = 60)
    @Label("C5: any text as the body of any /radio call never answers 500 and never unlocks")
    void randomBodies(@ForAll("paths") String path, @ForAll("bodies") String body) {
        RadioClient.Answer a = radio.post(path, body);
        assertThat(a.status()).isIn(EXPECTED);
        assertThat(t.unlocked()).isFalse();
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("/radio/hello", "/radio/proof", "/radio/record");
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> b64 = Arbitraries.bytes().array(byte[].class).ofMaxSize(120)
                .map(b -> Base64.getUrlEncoder().withoutPadding().encodeToString(b));
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                b64.map(m -> "{\"message\":\"" + m + "\"}"),
                Arbitraries.strings().alpha().ofMaxLength(30).flatMap(c -> b64.map(m ->
                        "{\"connection\":\"" + c + "\",\"message\":\"" + m + "\"}")));
    }
}
