package io.keyward.bench;

import io.keyward.lock.hardware.Key;
import io.keyward.lock.panel.PanelServer;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.bluetooth.LockSide;
import io.keyward.protocol.bluetooth.PhoneSide;
import io.keyward.protocol.bluetooth.RadioClient;
import io.keyward.protocol.bluetooth.RadioResponse;
import io.keyward.protocol.bluetooth.RevokedKeys;
import io.keyward.protocol.bluetooth.SecureSession;
import io.keyward.protocol.link.CommandSigning;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Bluetooth session setup (SPEC C5; docs/bluetooth.md "Performance"): the whole handshake in
 * process (PhoneSide and LockSide, no transport), and over a simulated lock's real HTTP radio
 * (RadioClient connect, then one UNLOCK round trip; the lock stores the unlock event durably).
 * Also one request on an open session over HTTP, to separate setup from use.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class BluetoothSessionBenchmark extends StandardRun {

    private static final String SERIAL = "KW-BENCH-BT";

    private KeyPair cloud;
    private KeyPair device;
    private String token;
    private RevokedKeys revoked;
    private Path dir;
    private SimulatedLock lock;
    private PanelServer panel;
    private RadioClient.Session open;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        cloud = CommandSigning.newKeyPair();
        device = DeviceKeys.newKeyPair();
        Instant now = Instant.now();
        token = new BluetoothKey(SERIAL, "bench-key", DeviceKeys.encode(device.getPublic()), "bench@example.com",
                KeyRole.OWNER, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), now)
                .sign(cloud.getPrivate());
        revoked = new RevokedKeys();
        for (int i = 0; i < 100; i++) {
            revoked.revoke("revoked-" + i, now.plus(Duration.ofDays(1))); // a lock with some history
        }
        dir = Files.createTempDirectory("keyward-bench-bt");
        lock = SimulatedLock.open(SERIAL, dir, false);
        lock.touch();
        lock.keys(List.of(Key.OK));
        for (int i = 0; i < 2; i++) {
            lock.keys(List.of(Key.D1, Key.D3, Key.D5, Key.D7, Key.D9, Key.D2, Key.OK));
        }
        lock.holdSet(3, false);
        lock.pairingCompleted(CommandSigning.encode(cloud.getPublic()), "tcp://127.0.0.1:0", "bench");
        if (lock.cloud() == null) {
            throw new IllegalStateException("the bench lock did not pair");
        }
        panel = PanelServer.start(lock, 0);
        open = RadioClient.connect(panel.baseUrl(), token, device).session();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        panel.close();
        lock.close();
    }

    /** Hello, lock hello, proof, both sides' keys: what a connection costs in CPU. */
    @Benchmark
    public SecureSession handshakeInProcess() {
        PhoneSide phone = PhoneSide.start(token, device).value();
        LockSide side = new LockSide(SERIAL, cloud.getPublic(), revoked);
        byte[] lockHello = side.onHello(phone.hello(), Instant.now()).value();
        PhoneSide.Ready ready = phone.onLockHello(lockHello).value();
        return side.onProof(ready.proof()).value();
    }

    /** A phone connecting to the lock's radio over HTTP and opening the door: three posts and a record. */
    @Benchmark
    public RadioResponse connectAndUnlockOverHttp() {
        RadioClient.Handshake h = RadioClient.connect(panel.baseUrl(), token, device);
        RadioResponse r = h.session().unlock();
        if (!r.ok()) {
            throw new IllegalStateException("refused: " + r.reason());
        }
        return r;
    }

    /** One STATE request on an open session over HTTP (no handshake). */
    @Benchmark
    public RadioResponse requestOnOpenSessionOverHttp() {
        RadioResponse r = open.state();
        if (!r.ok()) {
            throw new IllegalStateException("refused: " + r.reason());
        }
        return r;
    }
}
