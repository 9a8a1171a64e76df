package io.keyward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.keyward.cloud.broker.BrokerEndpoint;
import io.keyward.cloud.management.RemoteUnlockFastPath;
import io.keyward.lock.cli.RunningLock;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.Topics;
import io.keyward.protocol.pairing.PairingPayload;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remote unlock round trip beside a raw MQTT round trip on the same broker, in one run
 * ({@code ./keyward bench unlock [--count N] [--warmup W] [--breakdown B] [--pause MS]}).
 * {@code --pause} rests that long before each measured round trip of either kind: an unlock leaves
 * work behind (the lock's event stored and acknowledged, its state report) that back to back runs
 * beside the next unlock; with a pause each is timed alone, as an app's unlocks come.
 * <ul>
 *   <li>unlock: {@code POST /api/locks/{id}/unlock} until its 200: the cloud signs the command
 *       (Ed25519), publishes it, the simulated lock (in this JVM, with its MQTT link) verifies it,
 *       opens and replies, the cloud matches the reply and answers. Sequential, one at a time, on one
 *       kept-alive HTTP/1.1 connection ({@link KeepAliveHttp}: the request in one write, TCP_NODELAY,
 *       read on the timing thread), so the figure is the cloud's and the lock's, not an HTTP client's
 *       thread hand-offs.</li>
 *   <li>floor: the same POST on a kept-alive connection to a minimal servlet on the cloud's Tomcat,
 *       answered from memory ({@link MinimalServlet}): what HTTP alone costs here, printed beside the two.</li>
 *   <li>mqtt: two MQTT 5 clients logged in as the cloud on the same embedded broker; one publishes
 *       (QoS 1) a payload the size of a signed unlock command, the other echoes it on a second
 *       topic (QoS 1), timed from publish until the echo arrives. The same two broker hops as the
 *       unlock's command and reply, without HTTP, signing, verification, the lock and the database.</li>
 * </ul>
 * Both run with the same warm-up first (2,000 by default: the JIT compiles the cloud's request path,
 * Spring's and Tomcat's layers, the signing and the lock's step over the first thousand or so; with
 * 50 the p50 was ~5x the steady one, issue 11 item 5), then rounds of 500 more until the JIT is quiet
 * (compiling under 2% of a round, at most 2 minutes; see {@link #untilTheJitIsQuiet}); the unlocks are measured
 * before the MQTT round trips. The warm-up's first and last tenths and the settling are printed, so a run
 * shows whether it reached steady state.
 * An unlocked bolt is unlocked again (the lock accepts it): every answer must be 200.
 * <p>
 * {@code --device} (issue 15, trust design §2 kwdc1, §4): a second lock is paired beside the first, and a
 * Java phone ({@link DeviceUnlock}) is bound to it as its owner device with the bind secret of its pairing
 * QR; that lock is then in trust mode and opens remotely only for the phone's signed command. Each step
 * of the warm-up and the measurement then asks for one plain unlock of the first lock and one signed
 * unlock of the second, on the same connection, so both are measured under the same load; the phone's
 * signing is inside the signed round trip, as a phone spends it. The two are printed side by side with
 * their difference, and each is split as above. A signed unlock starts at most every 32 ms (the lock
 * keeps 30 s unlock ids, 1,024 at most: see {@link DeviceUnlock#MIN_INTERVAL_NANOS}).
 */
public final class RemoteUnlockRoundTrip {

    private static final String PASSCODE = "246813";
    /** The acceptance line of issue 11: the unlock costs at most this many raw MQTT round trips (p50). */
    private static final double ACCEPTED_RATIO = 3.0;
    private static final HttpClient PANEL = HttpClient.newHttpClient();
    /** Enough for steady state: the JIT's work on the path is done well before (see the class comment). */
    static final int DEFAULT_WARMUP = 2000;
    /** Steps in a settling round after the fixed warm-up, and the JIT's share of a round that ends the settling. */
    static final int ROUND = 500;
    static final double QUIET_SHARE = 0.02;
    static final long MAX_SETTLING_NANOS = TimeUnit.SECONDS.toNanos(120);
    static final String USAGE = "usage: ./keyward bench unlock [--count N (1000)] [--warmup W (" + DEFAULT_WARMUP
            + ")] [--breakdown B (300, 0: none)] [--pause MS (0)] [--device] [--normal]\n"
            + "  after W warm-ups, rounds of " + ROUND + " more until the JIT compiles under 2% of a round (at most 2 minutes)\n"
            + "  --device: also a second lock in trust mode (issue 15) whose every unlock a bound owner device signs,\n"
            + "            measured interleaved with the plain one; both printed with the difference\n"
            + "  --normal: also each unlock again with the fast path switched off (Spring Security's chain and MVC),\n"
            + "            interleaved on the same connection, so both paths meet the same load";

    /** One way of asking the cloud for a remote unlock: plain (the cloud signs alone), or signed by a phone first. */
    interface Request {
        /** Untimed, before the clock starts (a signed unlock keeps to the lock's rate, see DeviceUnlock). */
        void pace() throws InterruptedException;

        KeepAliveHttp.Answer send(KeepAliveHttp http);
    }

    /** A paired lock: the cloud's id and the bind secret its pairing QR showed (the cloud never saw it). */
    record Paired(String id, String bind) {
    }

    public static void main(String[] args) throws Exception {
        int count = 1000;
        int warmup = DEFAULT_WARMUP;
        int breakdown = 300;
        int pause = 0;
        boolean device = false;
        boolean normal = false;
        BenchOptions options = new BenchOptions("unlock", USAGE);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--count" -> count = positive(options, args, ++i);
                case "--warmup" -> warmup = options.number(args, ++i, 0, "must not be negative");
                case "--breakdown" -> breakdown = options.number(args, ++i, 0, "must not be negative");
                case "--pause" -> pause = options.number(args, ++i, 0, "must not be negative");
                case "--device" -> device = true;
                case "--normal" -> normal = true;
                default -> options.usage("unknown option " + args[i]);
            }
        }
        int status = 1;
        Path root = Files.createTempDirectory("keyward-bench-unlock");
        try {
            run(root, count, warmup, breakdown, pause, device, normal);
            status = 0;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
        } finally {
            InProcessCloud.deleteTree(root);
        }
        // HiveMQ and the lock's timers may leave non-daemon threads behind
        System.exit(status);
    }

    private static void run(Path root, int count, int warmup, int breakdown, int pause, boolean device, boolean normal)
            throws Exception {
        long started = System.nanoTime();
        try (InProcessCloud cloud = InProcessCloud.start(root.resolve("cloud"), Map.of("keyward.pairing.wait", "15s"))) {
            double cloudUp = (System.nanoTime() - started) / 1e9;
            InProcessCloud.Account owner = cloud.signUp("bench-unlock");
            String serial = newSerial();
            String trustSerial = device ? newSerial() : null;
            try (RunningLock lock = RunningLock.start(serial, root.resolve("locks").resolve(serial), 0, false, cloud.uri);
                 RunningLock trusted = device
                         ? RunningLock.start(trustSerial, root.resolve("locks").resolve(trustSerial), 0, false, cloud.uri) : null) {
                String lockId = pair(owner, lock).id();
                JsonNode on = InProcessCloud.json(InProcessCloud.expect(
                        owner.put("/api/locks/" + lockId + "/settings/REMOTE_UNLOCK", Map.of("value", "true")), 200));
                if (!"applied".equals(on.path("status").asText())) {
                    throw new IllegalStateException("REMOTE_UNLOCK not applied: " + on);
                }
                Request plain = plain(owner, lockId);
                DeviceUnlock phone = null;
                if (device) {
                    Paired second = pair(owner, trusted);
                    phone = DeviceUnlock.bind(owner, trustSerial, second.id(), second.bind());
                    phone.remoteUnlockOn();
                }
                System.out.printf("cloud up in %.1f s; lock %s paired, online, remote unlock on%s at %.1f s; "
                        + "%d warm-up + %d measured of each, %d ms rest before each measured one%n", cloudUp, serial,
                        device ? "; lock " + trustSerial + " the same, its owner device bound, remote unlock on signed" : "",
                        (System.nanoTime() - started) / 1e9, warmup, count, pause);

                BrokerEndpoint broker = cloud.bean(BrokerEndpoint.class);
                try (MqttEcho echo = MqttEcho.connect(broker, signedCommandSize(serial));
                     KeepAliveHttp http = new KeepAliveHttp(cloud.uri)) {
                    Request signed = phone == null ? null : signed(phone);
                    Request slow = normal ? normalPath(cloud.bean(RemoteUnlockFastPath.class), plain) : null;
                    WarmupStep step = (plainTimes, signedTimes) -> {
                        plainTimes.add(unlock(http, plain));
                        if (slow != null) {
                            unlock(http, slow);
                        }
                        if (signed != null) {
                            signedTimes.add(unlock(http, signed));
                        }
                        echo.roundTrip();
                    };
                    Latencies unlockWarm = new Latencies(warmup);
                    Latencies signedWarm = new Latencies(warmup);
                    if (phone != null) {
                        phone.recordSigning(warmup);
                    }
                    for (int i = 0; i < warmup; i++) {
                        step.once(unlockWarm, signedWarm);
                    }
                    String settled = untilTheJitIsQuiet(step, phone);
                    Latencies unlocks = new Latencies(count);
                    Latencies signedUnlocks = new Latencies(count);
                    Latencies normalUnlocks = new Latencies(count);
                    Latencies signing = phone == null ? null : phone.recordSigning(count);
                    for (int i = 0; i < count; i++) {
                        rest(pause);
                        unlocks.add(unlock(http, plain));
                        if (slow != null) {
                            rest(pause);
                            normalUnlocks.add(unlock(http, slow));
                        }
                        if (signed != null) {
                            rest(pause);
                            signedUnlocks.add(unlock(http, signed));
                        }
                    }
                    Latencies mqtt = new Latencies(count);
                    for (int i = 0; i < count; i++) {
                        rest(pause);
                        mqtt.add(echo.roundTrip());
                    }
                    Latencies floor = floor(root.resolve("floor"), warmup, count, pause);
                    String bolt = panel(lock, "GET", "/state", null).path("bolt").asText();
                    warmedUp("unlock", unlockWarm);
                    System.out.println("warm-up: " + settled);
                    if (signed != null) {
                        warmedUp("device-signed unlock", signedWarm);
                    }
                    report(count, echo.payloadBytes, unlocks, mqtt, bolt);
                    row("minimal servlet (Tomcat, answer from memory)", floor);
                    System.out.printf("floor: minimal servlet + raw MQTT p50 %.2f ms (%.1fx the raw MQTT), before the lock's own step"
                            + " and any of the cloud's work%n", floor.p50() + mqtt.p50(), (floor.p50() + mqtt.p50()) / mqtt.p50());
                    if (slow != null) {
                        row("normal path (fast path off), interleaved", normalUnlocks);
                        System.out.printf("normal path / fast path p50: %.2f; normal path / raw MQTT p50: %.1fx%n",
                                normalUnlocks.p50() / unlocks.p50(), normalUnlocks.p50() / mqtt.p50());
                    }
                    if (signed != null) {
                        compare(count, serial, trustSerial, unlocks, signedUnlocks, signing,
                                panel(trusted, "GET", "/state", null).path("bolt").asText());
                    }
                    if (breakdown > 0) {
                        breakdown(broker, serial, http, plain, breakdown, pause, signed == null ? "" : ", plain");
                        if (signed != null) {
                            phone.recordSigning(breakdown);
                            breakdown(broker, trustSerial, http, signed, breakdown, pause, ", device-signed (signing inside the first hop)");
                        }
                    }
                }
            }
        }
    }

    /**
     * The HTTP floor, measured after the MQTT round trips with the same warm-up and count: a POST on a kept-alive
     * connection to a minimal servlet on the cloud's Tomcat ({@link MinimalServlet}), answered from memory.
     */
    private static Latencies floor(Path dir, int warmup, int count, int pause) throws Exception {
        try (MinimalServlet servlet = MinimalServlet.start(dir);
             KeepAliveHttp http = new KeepAliveHttp(servlet.uri)) {
            for (int i = 0; i < warmup; i++) {
                expect200(http.post("/api/locks/x/unlock", "{}"));
            }
            Latencies floor = new Latencies(count);
            for (int i = 0; i < count; i++) {
                rest(pause);
                long start = System.nanoTime();
                KeepAliveHttp.Answer answer = http.post("/api/locks/x/unlock", "{}");
                floor.add(System.nanoTime() - start);
                expect200(answer);
            }
            return floor;
        }
    }

    private static String newSerial() {
        return "KW-BENCH-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    }

    private static Request plain(InProcessCloud.Account owner, String lockId) {
        String path = "/api/locks/" + lockId + "/unlock";
        return new Request() {
            @Override
            public void pace() {
            }

            @Override
            public KeepAliveHttp.Answer send(KeepAliveHttp http) {
                return owner.post(http, path, "{}");
            }
        };
    }

    /** The plain unlock with the cloud's fast path switched off for it (issue 11 item 5): the normal path's figure. */
    private static Request normalPath(RemoteUnlockFastPath fastPath, Request plain) {
        return new Request() {
            @Override
            public void pace() {
            }

            @Override
            public KeepAliveHttp.Answer send(KeepAliveHttp http) {
                fastPath.switchOn(false);
                try {
                    return plain.send(http);
                } finally {
                    fastPath.switchOn(true);
                }
            }
        };
    }

    private static Request signed(DeviceUnlock phone) {
        return new Request() {
            @Override
            public void pace() throws InterruptedException {
                phone.pace();
            }

            @Override
            public KeepAliveHttp.Answer send(KeepAliveHttp http) {
                return phone.send(http);
            }
        };
    }

    /** A lock with an administrator, paired through the QR on its screen; returns the cloud's lock id once online. */
    private static Paired pair(InProcessCloud.Account owner, RunningLock lock) throws InterruptedException {
        panel(lock, "POST", "/touch", "{}");
        panel(lock, "POST", "/keys", "{\"keys\":[\"OK\"]}");
        type(lock, PASSCODE);
        JsonNode state = type(lock, PASSCODE);
        JsonNode prompts = state.path("prompts");
        String last = prompts.isEmpty() ? null : prompts.get(prompts.size() - 1).path("id").asText();
        if (!"OPERATION_SUCCESSFUL".equals(last)) {
            throw new IllegalStateException("the administrator was not created: " + prompts);
        }
        JsonNode qr = panel(lock, "POST", "/hold", "{\"button\":\"SET\",\"seconds\":3}").at("/screen/qr");
        if (!qr.isTextual()) {
            throw new IllegalStateException("no pairing QR on the lock's screen");
        }
        // issue 15, design §4: the app keeps the QR's bind secret and posts the pairing text without it
        PairingPayload code = PairingPayload.parse(qr.asText());
        String id = InProcessCloud.json(InProcessCloud.expect(owner.post("/api/locks",
                Map.of("pairingCode", code.withoutBind().encode(), "name", "Bench door " + lock.serial())), 201)).get("id").asText();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(lock.linked() && InProcessCloud.json(owner.get("/api/locks/" + id)).path("online").asBoolean())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the paired lock did not come online within 20 s");
            }
            Thread.sleep(50);
        }
        return new Paired(id, code.bind());
    }

    /** One remote unlock, timed from the request (its signing included) until its 200 is read (on the kept-alive connection). */
    private static long unlock(KeepAliveHttp http, Request request) throws InterruptedException {
        request.pace();
        long start = System.nanoTime();
        KeepAliveHttp.Answer answer = request.send(http);
        long took = System.nanoTime() - start;
        expect200(answer);
        return took;
    }

    private static void expect200(KeepAliveHttp.Answer answer) {
        if (answer.status() != 200) {
            throw new IllegalStateException("POST .../unlock: expected 200 but got " + answer.status() + " " + answer.body());
        }
    }

    /**
     * Where an unlock's time goes, measured apart from the figures above (an observer adds a delivery
     * per message): a third cloud-credential client subscribes to the lock's commands and replies
     * and notes when each arrives. Each of its deliveries is one broker hop, as the lock's are.
     */
    private static void breakdown(BrokerEndpoint broker, String serial, KeepAliveHttp http, Request request,
                                  int count, int pause, String label) throws InterruptedException {
        Mqtt5AsyncClient observer = MqttEcho.client(broker, "bench-observer-" + UUID.randomUUID().toString().substring(0, 8));
        AtomicLong commandSeen = new AtomicLong();
        AtomicLong replySeen = new AtomicLong();
        try {
            observer.subscribeWith().topicFilter(Topics.of(serial, Topics.Kind.COMMANDS)).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> commandSeen.compareAndSet(0, System.nanoTime())).send().join();
            observer.subscribeWith().topicFilter(Topics.of(serial, Topics.Kind.REPLIES)).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> replySeen.compareAndSet(0, System.nanoTime())).send().join();
            Latencies toCommand = new Latencies(count);
            Latencies atLock = new Latencies(count);
            Latencies fromReply = new Latencies(count);
            Latencies total = new Latencies(count);
            for (int i = 0; i < count; i++) {
                rest(pause);
                request.pace();
                commandSeen.set(0);
                replySeen.set(0);
                long start = System.nanoTime();
                KeepAliveHttp.Answer answer = request.send(http);
                long end = System.nanoTime();
                expect200(answer);
                long command = commandSeen.get();
                long reply = replySeen.get();
                if (command == 0 || reply == 0 || reply < command) {
                    continue; // the observer's copy came after the answer: not split
                }
                toCommand.add(command - start);
                atLock.add(reply - command);
                fromReply.add(Math.max(0, end - reply));
                total.add(end - start);
            }
            System.out.println();
            System.out.printf("Where an unlock's time goes%s (%d more unlocks, %d split; an observer client on the lock's topics)%n",
                    label, count, total.size());
            System.out.printf("%-46s %9s %9s %9s %9s%n", "", "p50 ms", "p99 ms", "max ms", "mean ms");
            row("HTTP request -> signed command on the broker", toCommand);
            row("command on the broker -> lock's reply", atLock);
            row("reply on the broker -> HTTP 200 read", fromReply);
            row("whole unlock", total);
        } finally {
            observer.disconnect().orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }

    private static void rest(int millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    /** One step of the warm-up: one round trip of each kind the run measures, in the measured part's order. */
    interface WarmupStep {
        /** Records the plain unlock's time in plainTimes, and the device-signed one's (if any) in signedTimes. */
        void once(Latencies plainTimes, Latencies signedTimes) throws Exception;
    }

    /**
     * After the fixed warm-up, more rounds of {@link #ROUND} steps until the JIT spent less than
     * {@link #QUIET_SHARE} of a round compiling, at most {@link #MAX_SETTLING_NANOS}: on a fresh 2-core
     * machine C2 still took three quarters of a core after 2,000 warm-ups (the cloud's, the broker's and the
     * lock's code all in this JVM), and the unlock measured beside it 2.3-4.0 ms where the same build measured
     * 1.6-2.3 ms after 12,000. Returns what the settling did, for the report.
     */
    private static String untilTheJitIsQuiet(WarmupStep step, DeviceUnlock phone) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return "this JVM does not report its compilation time: no settling rounds";
        }
        long started = System.nanoTime();
        int rounds = 0;
        double share;
        Latencies round;
        do {
            if (phone != null) {
                phone.recordSigning(ROUND);
            }
            long compiled = jit.getTotalCompilationTime();
            long roundStart = System.nanoTime();
            round = new Latencies(ROUND);
            for (int i = 0; i < ROUND; i++) {
                step.once(round, new Latencies(1));
            }
            share = (jit.getTotalCompilationTime() - compiled) * 1e6 / (System.nanoTime() - roundStart);
            rounds++;
        } while (share >= QUIET_SHARE && System.nanoTime() - started < MAX_SETTLING_NANOS);
        return String.format("%d more rounds of %d (%.0f s) until the JIT compiled %.1f%% of a round (%s %.0f%%); "
                        + "the last round's unlock p50 %.2f ms", rounds, ROUND, (System.nanoTime() - started) / 1e9,
                100 * share, share < QUIET_SHARE ? "under" : "time was up, still not under", 100 * QUIET_SHARE, round.p50());
    }

    /** The warm-up's first and last tenths of unlocks: the last near the measured p50 means steady state was reached. */
    private static void warmedUp(String what, Latencies warmup) {
        int tenth = warmup.size() / 10;
        if (tenth == 0) {
            System.out.println("warm-up: too short to tell whether the JIT reached steady state");
            return;
        }
        System.out.printf("warm-up: %s p50 %.2f ms over its first %d, %.2f ms over its last %d%n", what,
                warmup.slice(0, tenth).p50(), tenth, warmup.slice(warmup.size() - tenth, warmup.size()).p50(), tenth);
    }

    /** The size of a real signed unlock command, so the raw MQTT round trip carries as many bytes. */
    private static int signedCommandSize(String serial) {
        // an id as the cloud's RemoteUnlock makes them ("unlock-" and a UUID), an account as long as a UUID
        var command = CommandSigning.sign(CommandSigning.newKeyPair().getPrivate(), serial, "unlock-" + UUID.randomUUID(),
                LockCommands.write(new LockCommand.RemoteUnlock(UUID.randomUUID().toString())), Instant.now(), 8);
        return LinkMessages.write(command).length;
    }

    private static void report(int count, int payloadBytes, Latencies unlocks, Latencies mqtt, String bolt) {
        System.out.println();
        System.out.printf("Remote unlock round trip vs raw MQTT round trip, same embedded broker, %d each, sequential%n", count);
        System.out.printf("%-46s %9s %9s %9s %9s%n", "", "p50 ms", "p99 ms", "max ms", "mean ms");
        row("REST unlock (HTTP->cloud->MQTT->lock->HTTP 200)", unlocks);
        row("MQTT 5 QoS 1 publish->echo (" + payloadBytes + " B)", mqtt);
        double ratio = unlocks.p50() / mqtt.p50();
        System.out.printf("%-46s %9.1f %9.1f%n", "ratio unlock / mqtt", ratio, unlocks.p99() / mqtt.p99());
        System.out.printf("issue 11 acceptance: unlock p50 at most %.0fx the raw MQTT p50 (aim 1.5x): %.1fx, %s%n",
                ACCEPTED_RATIO, ratio, ratio <= ACCEPTED_RATIO ? "within" : "NOT within");
        System.out.printf("all %d unlocks answered 200; bolt now %s%n", unlocks.size(), bolt);
    }

    /** Issue 15's acceptance figure: the plain and the device-signed unlock of the same run, and what signing adds. */
    private static void compare(int count, String serial, String trustSerial, Latencies plain, Latencies signed,
                                Latencies signing, String bolt) {
        System.out.println();
        System.out.printf("Device-signed remote unlock (issue 15) beside the plain one, %d each, interleaved on one connection,%n"
                + "a signed one started at most every %d ms; signing (ECDSA P-256, Bouncy Castle as the lock's check) timed inside the signed round trip;%n"
                + "plain: lock %s, cloud-signed only; device-signed: lock %s in trust mode, its owner device signs%n",
                count, DeviceUnlock.MIN_INTERVAL_NANOS / 1_000_000, serial, trustSerial);
        System.out.printf("%-46s %9s %9s %9s %9s%n", "", "p50 ms", "p99 ms", "max ms", "mean ms");
        row("plain unlock (HTTP->cloud->MQTT->lock->200)", plain);
        row("device-signed unlock (the same, signing first)", signed);
        row("  of which the phone's signing", signing);
        System.out.printf("%-46s %+9.2f %+9.2f %9s %+9.2f%n", "added by device signing (signed - plain)",
                signed.p50() - plain.p50(), signed.p99() - plain.p99(), "", signed.meanMillis() - plain.meanMillis());
        System.out.printf("all %d device-signed unlocks answered 200; bolt now %s%n", signed.size(), bolt);
    }

    private static void row(String label, Latencies l) {
        System.out.printf("%-46s %9.2f %9.2f %9.2f %9.2f%n", label, l.p50(), l.p99(), l.max(), l.meanMillis());
    }

    private static JsonNode type(RunningLock lock, String digits) {
        panel(lock, "POST", "/touch", "{}");
        StringBuilder keys = new StringBuilder("{\"keys\":[");
        for (char c : digits.toCharArray()) {
            keys.append('"').append(c).append("\",");
        }
        keys.append("\"OK\"]}");
        return panel(lock, "POST", "/keys", keys.toString());
    }

    private static JsonNode panel(RunningLock lock, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(lock.panelUrl() + path)).timeout(Duration.ofSeconds(10));
        request = body == null ? request.GET()
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = PANEL.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("panel " + path + " answered " + response.statusCode() + " " + response.body());
            }
            return InProcessCloud.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A count: not negative, and not zero either. */
    private static int positive(BenchOptions options, String[] args, int i) {
        int n = options.number(args, i, 0, "must not be negative");
        if (n == 0) {
            options.usage(args[i - 1] + " must be positive");
        }
        return n;
    }
}
