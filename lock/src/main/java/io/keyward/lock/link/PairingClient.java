package io.keyward.lock.link;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.pairing.DeviceIdentity;
import io.keyward.protocol.pairing.PairingProof;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The lock's side of the pairing handshake (SPEC A3, protocol {@link PairingProof}): while the
 * lock shows a pairing QR, it asks the cloud every 2 s whether an account has claimed it, proving
 * it knows the QR's secret; once the cloud grants it a broker login, the lock keeps it and links up.
 */
public final class PairingClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PairingClient.class.getName());
    private static final ScheduledExecutorService POLLER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pairing-client");
        t.setDaemon(true);
        return t;
    });
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final SimulatedLock lock;
    private final URI cloud;
    private final Consumer<SimulatedLock> paired;
    private final ScheduledFuture<?> task;
    private final KeyPair identity; // null: a lock without a device identity (tests of older locks)

    private PairingClient(SimulatedLock lock, URI cloud, KeyPair identity, Consumer<SimulatedLock> paired) {
        this.lock = lock;
        this.identity = identity;
        this.cloud = cloud;
        this.paired = paired;
        this.task = POLLER.scheduleWithFixedDelay(this::poll, 1, 2, TimeUnit.SECONDS);
    }

    /** Watches the lock for pairing mode and completes pairing with this cloud; paired runs once it has. */
    public static PairingClient start(SimulatedLock lock, URI cloud, Consumer<SimulatedLock> paired) {
        return new PairingClient(lock, cloud, null, paired);
    }

    /** The same, signing each request with the lock's device identity ({@link DeviceKeyFile}). */
    public static PairingClient start(SimulatedLock lock, URI cloud, KeyPair identity, Consumer<SimulatedLock> paired) {
        return new PairingClient(lock, cloud, identity, paired);
    }

    private static PairingProof.Request request(SimulatedLock lock, KeyPair identity, String secret) {
        String proof = PairingProof.of(secret, lock.serial());
        boolean linked = lock.cloud() != null;
        if (identity == null) {
            return new PairingProof.Request(proof, lock.hasAdministrator(), linked);
        }
        return new PairingProof.Request(proof, lock.hasAdministrator(), linked, CommandSigning.encode(identity.getPublic()),
                DeviceIdentity.sign(identity.getPrivate(), lock.serial(), proof));
    }

    private void poll() {
        try {
            if (attempt(lock, cloud, identity)) {
                paired.accept(lock);
            }
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, lock.serial() + ": pairing not completed yet: " + e);
        }
    }

    /**
     * One pairing attempt now, on the caller's thread: true when the cloud granted a login and the
     * lock keeps it. A fleet of thousands of locks paces its own attempts instead of one poller's 2 s.
     */
    public static boolean attempt(SimulatedLock lock, URI cloud, KeyPair identity) throws java.io.IOException, InterruptedException {
        String secret = lock.pairingSecret();
        if (secret == null) {
            return false; // not in pairing mode
        }
        URI endpoint = cloud.resolve("/api/pairing/" + lock.serial());
        byte[] body = JSON.writeValueAsBytes(request(lock, identity, secret));
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            return false;
        }
        PairingProof.Grant grant = JSON.readValue(response.body(), PairingProof.Grant.class);
        lock.pairingCompleted(grant); // visitorSecret, boundAt: null from a cloud that sends none; an unreadable secret is ignored
        return lock.cloud() != null;
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
