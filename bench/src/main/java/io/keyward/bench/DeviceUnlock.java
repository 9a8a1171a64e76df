package io.keyward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.trust.DeviceSigner;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The bench's phone in trust mode (issue 15, trust design §2 kwdc1, §4): a {@link DeviceSigner} bound to
 * the bench lock as its first owner device with the pairing QR's bind secret, as the app binds it
 * ({@code POST /api/locks/{id}/devices}), that turns remote unlock on and then signs every remote unlock
 * it asks for ({@code Keyward-Device-Command}, 30 s, a fresh commandId each; no chain: an owner device).
 * The signing happens inside {@link #send}, so a round trip timed around it counts it, as a phone spends it.
 */
final class DeviceUnlock {

    static final String COMMAND_HEADER = "Keyward-Device-Command";
    /** Design §2: a REMOTE_UNLOCK lives at most 30 s; a phone signs it for that long. */
    static final Duration LIFETIME = Duration.ofSeconds(30);
    /**
     * The lock keeps each obeyed device command id until the command expires, at most 1,024 at once, and
     * refuses BUSY beyond (design §2 kwdc1, lock ObeyedDeviceCommands): with 30 s commands no more than
     * ~34 signed unlocks a second can be obeyed. The bench starts one at most every 32 ms (937 held).
     */
    static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(32);

    private final DeviceSigner phone = DeviceSigner.generate();
    private final InProcessCloud.Account owner;
    private final String serial;
    private final String path;
    private long lastStart;
    /** The phone's signing time of each unlock sent since {@link #recordSigning} (it is inside the round trip too). */
    private Latencies signing = new Latencies(0);

    private DeviceUnlock(InProcessCloud.Account owner, String serial, String lockId) {
        this.owner = owner;
        this.serial = serial;
        this.path = "/api/locks/" + lockId;
    }

    /** Binds a new phone to the paired lock lockId with the bind secret its pairing QR showed (design §4 "First phone"). */
    static DeviceUnlock bind(InProcessCloud.Account owner, String serial, String lockId, String bindSecret) {
        DeviceUnlock d = new DeviceUnlock(owner, serial, lockId);
        String name = "Bench phone";
        JsonNode bound = InProcessCloud.json(InProcessCloud.expect(owner.post(d.path + "/devices", Map.of(
                "deviceKey", d.phone.deviceKey(), "agreeKey", d.phone.agreeKey(), "name", name,
                "proof", d.phone.bindProof(bindSecret, serial, name))), 201));
        if (!d.phone.deviceId().equals(bound.path("deviceId").asText())) {
            throw new IllegalStateException("the lock bound another device: " + bound);
        }
        return d;
    }

    /**
     * Turns remote unlock on with a signed CHANGE_SETTING (design §3: in trust mode the cloud refuses it
     * unsigned), after checking that an unsigned remote unlock is refused 428 (the lock is in trust mode).
     */
    void remoteUnlockOn() throws InterruptedException {
        awaitTrustMode();
        HttpResponse<String> unsigned = owner.post(path + "/unlock", "{}");
        if (unsigned.statusCode() != 428) {
            throw new IllegalStateException("an unsigned unlock of a lock in trust mode answered " + unsigned.statusCode()
                    + " " + unsigned.body() + ", not 428 DEVICE_SIGNATURE_REQUIRED");
        }
        String on = phone.command(serial, LockCommands.write(new LockCommand.ChangeSetting(Setting.REMOTE_UNLOCK, "true")),
                Instant.now(), Duration.ofMinutes(5));
        JsonNode answer = InProcessCloud.json(InProcessCloud.expect(owner.put(path + "/settings/REMOTE_UNLOCK",
                Map.of("value", "true"), COMMAND_HEADER, on), 200));
        if (!"applied".equals(answer.path("status").asText())) {
            throw new IllegalStateException("signed REMOTE_UNLOCK not applied: " + answer);
        }
    }

    private void awaitTrustMode() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!InProcessCloud.json(owner.get(path)).path("trustMode").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cloud did not see the lock in trust mode within 20 s");
            }
            Thread.sleep(50);
        }
    }

    /**
     * Waits, untimed, until a signed unlock may start without filling the lock's memory of obeyed ids
     * (see {@link #MIN_INTERVAL_NANOS}); call before starting the clock of a round trip.
     */
    void pace() throws InterruptedException {
        long wait = lastStart + MIN_INTERVAL_NANOS - System.nanoTime();
        if (lastStart != 0 && wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        lastStart = System.nanoTime();
    }

    /** From now on notes the signing time of each unlock sent (at most capacity) in the record returned. */
    Latencies recordSigning(int capacity) {
        signing = new Latencies(capacity);
        return signing;
    }

    /**
     * Signs a remote unlock for the owner's account now (a phone's ECDSA P-256) and posts it on http; the
     * signing time alone is noted too (see {@link #recordSigning}).
     */
    KeepAliveHttp.Answer send(KeepAliveHttp http) {
        long start = System.nanoTime();
        String token = phone.command(serial, LockCommands.write(new LockCommand.RemoteUnlock(owner.email)),
                Instant.now(), LIFETIME);
        signing.add(System.nanoTime() - start);
        return owner.post(http, path + "/unlock", "{}", COMMAND_HEADER, token);
    }
}
