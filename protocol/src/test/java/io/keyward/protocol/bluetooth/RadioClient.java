package io.keyward.protocol.bluetooth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyward.protocol.command.LockCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The Java client of a lock's simulated Bluetooth radio over HTTP (docs/bluetooth.md, "The radio
 * endpoint"), for tests and benchmarks; the web app does the same with WebCrypto and fetch. It is
 * a test fixture, not protocol main code (the wire model has no HTTP client): other modules take it
 * from protocol's test-jar (docs/bluetooth.md, "The Java client"). Every
 * refusal comes back as a value with its reason, never as an exception (only a broken network
 * throws, as {@link UncheckedIOException}).
 *
 * <pre>
 * RadioClient.Handshake h = RadioClient.connect("http://127.0.0.1:8081", token, deviceKeyPair);
 * if (h.ok()) { RadioResponse r = h.session().unlock(); }   else h.reason()  // EXPIRED, BAD_PROOF, ...
 * </pre>
 */
public final class RadioClient {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String baseUrl;

    /** baseUrl: the lock's radio, as its reported state's {@code radio} gives it (no trailing slash). */
    public RadioClient(String baseUrl) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    }

    /** One HTTP answer of the radio: its status and JSON body. */
    public record Answer(int status, JsonNode body) {

        public boolean ok() {
            return status == 200;
        }

        /** The lock's reason code (a {@link Refusal} name), else {@code HTTP_<status>}; null for a 200. */
        public String reason() {
            if (ok()) {
                return null;
            }
            String reason = text("reason");
            return reason != null ? reason : "HTTP_" + status;
        }

        /** The human text of a refusal, or null. */
        public String error() {
            return text("error");
        }

        public String text(String field) {
            JsonNode value = body == null ? null : body.get(field);
            return value != null && value.isTextual() ? value.textValue() : null;
        }
    }

    /** The end of a handshake: a session, or the answer that refused it. */
    public record Handshake(Session session, Answer refusal) {

        public boolean ok() {
            return session != null;
        }

        /** Why the handshake failed (BAD_PROOF, EXPIRED, ..., HTTP_503), or null. */
        public String reason() {
            return refusal == null ? null : refusal.reason();
        }
    }

    public static Handshake connect(String baseUrl, String token, KeyPair deviceKey) {
        return new RadioClient(baseUrl).connect(token, deviceKey);
    }

    /** Hello, lock hello, proof: a session, or the refusal (MALFORMED when the token or key pair does not fit). */
    public Handshake connect(String token, KeyPair deviceKey) {
        // issue 15: a device grant chain (kwdg1...~kwdg1...) is presented as the app presents it
        Outcome<PhoneSide> started = token != null && token.startsWith(io.keyward.protocol.trust.DeviceGrant.PREFIX + ".")
                ? io.keyward.protocol.trust.BluetoothGrants.phone(token, deviceKey)
                : PhoneSide.start(token, deviceKey);
        if (!started.isOk()) {
            return new Handshake(null, local(started.reason()));
        }
        List<byte[]> sent = new ArrayList<>();
        byte[] hello = started.value().hello();
        sent.add(hello);
        Answer lockHello = hello(hello);
        if (!lockHello.ok()) {
            return new Handshake(null, lockHello);
        }
        byte[] lockHelloBytes = B64.decode(lockHello.text("message"));
        String connection = lockHello.text("connection");
        Outcome<PhoneSide.Ready> ready = lockHelloBytes == null || connection == null
                ? Outcome.refused(Refusal.MALFORMED, "not a lock hello")
                : started.value().onLockHello(lockHelloBytes);
        if (!ready.isOk()) {
            return new Handshake(null, local(ready.reason()));
        }
        sent.add(ready.value().proof());
        Answer proof = proof(connection, ready.value().proof());
        if (!proof.ok()) {
            return new Handshake(null, proof);
        }
        return new Handshake(new Session(connection, ready.value().session(), sent), null);
    }

    /** An established session over one connection of the radio. */
    public final class Session {
        private final String connection;
        private final SecureSession secure;
        private final List<byte[]> sent;

        private Session(String connection, SecureSession secure, List<byte[]> sent) {
            this.connection = connection;
            this.secure = secure;
            this.sent = sent;
        }

        public String connection() {
            return connection;
        }

        /** The Bluetooth key this session runs under. */
        public BluetoothKey key() {
            return secure.key();
        }

        public RadioResponse unlock() {
            return send(new RadioRequest.Unlock());
        }

        public RadioResponse command(LockCommand command) {
            return send(new RadioRequest.Command(command));
        }

        public RadioResponse revocations(List<String> revocations) {
            return send(new RadioRequest.Revocations(revocations));
        }

        public RadioResponse state() {
            return send(new RadioRequest.State());
        }

        /** Sends one request in a record; the lock's answer, or a refusal with the radio's reason. */
        public RadioResponse send(RadioRequest request) {
            return sendPlaintext(request.toBytes());
        }

        /** Any plaintext in a record (tests: malformed requests inside a good session). */
        public synchronized RadioResponse sendPlaintext(byte[] plaintext) {
            Outcome<byte[]> record = secure.seal(plaintext);
            if (!record.isOk()) {
                return RadioResponse.refused(record.reason().name(), "cannot seal the request");
            }
            sent.add(record.value());
            Answer answer = RadioClient.this.record(connection, record.value());
            if (!answer.ok()) {
                return RadioResponse.refused(answer.reason(), answer.error());
            }
            byte[] bytes = B64.decode(answer.text("message"));
            Outcome<byte[]> plain = bytes == null ? Outcome.refused(Refusal.MALFORMED, "no record") : secure.open(bytes);
            if (!plain.isOk()) {
                return RadioResponse.refused(plain.reason().name(), "the lock's record does not open");
            }
            try {
                return RadioResponse.parse(plain.value());
            } catch (RadioRequest.Malformed e) {
                return RadioResponse.refused(Refusal.MALFORMED.name(), e.getMessage());
            }
        }

        /** Every raw message this session sent, in order (hello, proof, records): for replay tests. */
        public synchronized List<byte[]> recorded() {
            return Collections.unmodifiableList(new ArrayList<>(sent));
        }
    }

    // ------------------------------------------------------------------ raw calls (tests replay recorded bytes)

    public Answer hello(byte[] hello) {
        return post("/radio/hello", null, hello);
    }

    public Answer proof(String connection, byte[] proof) {
        return post("/radio/proof", connection, proof);
    }

    public Answer record(String connection, byte[] record) {
        return post("/radio/record", connection, record);
    }

    private Answer post(String path, String connection, byte[] message) {
        ObjectNode body = RadioJson.MAPPER.createObjectNode();
        if (connection != null) {
            body.put("connection", connection);
        }
        body.put("message", B64.encode(message));
        return post(path, body.toString());
    }

    /** Any body to any path of the lock's panel (tests: malformed bodies). */
    public Answer post(String path, String jsonBody) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody))
                .build();
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body;
            try {
                body = response.body().length == 0 ? null : RadioJson.MAPPER.readTree(response.body());
            } catch (IOException notJson) {
                body = null;
            }
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException("the lock's radio at " + baseUrl + " does not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }

    /** A refusal on the phone's own side, shaped like the radio's. */
    private static Answer local(Refusal reason) {
        ObjectNode body = RadioJson.MAPPER.createObjectNode();
        body.put("error", "refused on the phone's side");
        body.put("reason", reason.name());
        return new Answer(0, body);
    }
}
