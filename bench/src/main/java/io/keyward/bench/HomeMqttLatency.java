package io.keyward.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.link.HomeAssistant;
import io.keyward.lock.link.HomeBroker;
import io.keyward.lock.link.HomeLink;
import io.keyward.lock.panel.PanelPort;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The latency Home MQTT adds ({@code ./keyward bench home-mqtt [--count N] [--warmup W]}): a simulated
 * lock in this JVM with its home link to a Mosquitto of its own (password file, as a home's), and a
 * plain MQTT 5 client subscribed as Home Assistant would be. Each round: the passcode typed on the
 * keypad (in process, no HTTP), timed until the lock entity's state message "UNLOCKED" and the unlock
 * event arrive at the subscriber; then the inside handle lifted (C11), waiting for "LOCKED", so that
 * the next unlock changes the state again. Also the keypad step itself (the core, storage included),
 * which the home link must not slow down. Sequential, one round at a time. No cloud.
 */
public final class HomeMqttLatency {

    private static final List<Key> PASSCODE = List.of(Key.D2, Key.D4, Key.D6, Key.D8, Key.D1, Key.D3, Key.OK);

    public static void main(String[] args) throws Exception {
        int count = 300;
        int warmup = 50;
        BenchOptions options = new BenchOptions("home-mqtt", "usage: ./keyward bench home-mqtt [--count N (300)] [--warmup W (50)]");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--count" -> count = options.number(args, ++i, 1, "must be positive");
                case "--warmup" -> warmup = options.number(args, ++i, 0, "must not be negative");
                default -> options.usage("unknown option " + args[i]);
            }
        }
        int status = 1;
        Path root = Files.createTempDirectory("keyward-bench-home-mqtt");
        try {
            run(root, count, warmup);
            status = 0;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
        } finally {
            InProcessCloud.deleteTree(root);
        }
        System.exit(status); // HiveMQ may leave non-daemon threads behind
    }

    private static void run(Path root, int count, int warmup) throws Exception {
        String serial = "KW-BENCH-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        try (HomeBroker broker = HomeBroker.running();
             SimulatedLock lock = SimulatedLock.open(serial, root.resolve(serial), true)) {
            lock.touch();
            lock.keys(List.of(Key.OK));
            lock.keys(PASSCODE);
            lock.keys(PASSCODE);
            HomeAssistant ha = new HomeAssistant(serial);
            AtomicReference<Waiter> waiter = new AtomicReference<>();
            Mqtt5AsyncClient sub = MqttClient.builder().useMqttVersion5().identifier("bench-ha-" + serial)
                    .serverHost("127.0.0.1").serverPort(broker.port)
                    .simpleAuth().username(HomeBroker.HA_USER).password(broker.haPassword.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth().buildAsync();
            sub.connect().get(10, TimeUnit.SECONDS);
            sub.subscribeWith().topicFilter("keyward/" + serial + "/#").qos(MqttQos.AT_LEAST_ONCE).callback(p -> {
                Waiter w = waiter.get();
                if (w != null) {
                    w.heard(p.getTopic().toString(), new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8), System.nanoTime());
                }
            }).send().get(10, TimeUnit.SECONDS);
            try (HomeLink link = HomeLink.start(lock)) {
                CommandReply on = lock.command(new LockCommand.SetHomeMqtt(true, "127.0.0.1", broker.port,
                        HomeBroker.LOCK_USER, broker.lockPassword, false));
                if (!on.accepted()) {
                    throw new IllegalStateException("Home MQTT refused: " + on);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!"CONNECTED".equals(lock.reportedState().homeMqtt().status())) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the lock did not connect to the home broker");
                    }
                    Thread.sleep(20);
                }
                Thread.sleep(300); // discovery and the first states go out before measuring
                Latencies[] warm = {new Latencies(warmup), new Latencies(warmup), new Latencies(warmup)};
                for (int i = 0; i < warmup; i++) {
                    round(lock, ha, waiter, warm);
                }
                Latencies[] measured = {new Latencies(count), new Latencies(count), new Latencies(count)};
                for (int i = 0; i < count; i++) {
                    round(lock, ha, waiter, measured);
                }
                report(count, measured);
            }
            sub.disconnect().get(5, TimeUnit.SECONDS);
        }
    }

    /** One keypad unlock, timed: [0] the keypad step, [1] to the state message, [2] to the event; then locked again. */
    private static void round(SimulatedLock lock, HomeAssistant ha, AtomicReference<Waiter> waiter, Latencies[] out)
            throws Exception {
        Waiter unlocked = new Waiter(ha.stateTopic("lock"), HomeAssistant.UNLOCKED, ha.eventTopic("unlock"));
        waiter.set(unlocked);
        lock.touch();
        long start = System.nanoTime();
        lock.keys(PASSCODE);
        long stepped = System.nanoTime();
        unlocked.both.get(5, TimeUnit.SECONDS);
        out[0].add(stepped - start);
        out[1].add(unlocked.stateAt - start);
        out[2].add(unlocked.eventAt - start);

        Waiter locked = new Waiter(ha.stateTopic("lock"), HomeAssistant.LOCKED, null);
        waiter.set(locked);
        lock.handle(PanelPort.HandleAction.LIFT);
        locked.both.get(5, TimeUnit.SECONDS);
        waiter.set(null);
    }

    private static void report(int count, Latencies[] l) {
        System.out.printf("Home MQTT, %d keypad unlocks (sequential), ms:%n", count);
        System.out.printf("  %-46s p50 %7.2f  p99 %7.2f  max %7.2f%n", "keypad step in the lock (core + storage)", l[0].p50(), l[0].p99(), l[0].max());
        System.out.printf("  %-46s p50 %7.2f  p99 %7.2f  max %7.2f%n", "keypad -> lock state UNLOCKED on home broker", l[1].p50(), l[1].p99(), l[1].max());
        System.out.printf("  %-46s p50 %7.2f  p99 %7.2f  max %7.2f%n", "keypad -> unlock event on home broker", l[2].p50(), l[2].p99(), l[2].max());
    }

    /** Waits for a state payload on one topic and (when given) any message on an event topic. */
    private static final class Waiter {
        final String stateTopic;
        final String state;
        final String eventTopic;
        final CompletableFuture<Void> both = new CompletableFuture<>();
        volatile long stateAt;
        volatile long eventAt;

        Waiter(String stateTopic, String state, String eventTopic) {
            this.stateTopic = stateTopic;
            this.state = state;
            this.eventTopic = eventTopic;
        }

        synchronized void heard(String topic, String payload, long at) {
            if (stateAt == 0 && topic.equals(stateTopic) && payload.equals(state)) {
                stateAt = at;
            } else if (eventAt == 0 && topic.equals(eventTopic)) {
                eventAt = at;
            }
            if (stateAt != 0 && (eventTopic == null || eventAt != 0)) {
                both.complete(null);
            }
        }
    }
}
