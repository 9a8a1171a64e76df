package io.keyward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyward.cloud.broker.BrokerEndpoint;
import io.keyward.lock.cli.Keyward;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./keyward bench fleet [--locks N,N,...] [--rate R] [--seconds S]} (issue 11 item 6, docs/scale.md).
 * For each N: the cloud in this JVM on PostgreSQL at 127.0.0.1:5432 (a fresh schema) with its
 * embedded broker, and {@code ./keyward fleet} in another JVM pairing N locks through the REST API
 * and driving R actions a second for S seconds. Printed, one row per N: the time to pair and connect
 * the fleet, heap and resident memory per lock in the fleet's JVM (its own report) and heap per lock
 * in the cloud's, events stored per second during the activity beside the raw single-row insert rate
 * of the same PostgreSQL measured in the same run, remote unlock p50/p99 under that load beside the
 * raw MQTT 5 round trip on the same broker, and the events lost and doubled: every event the paired
 * locks hold as acknowledged (their sequence numbers run 1 to last without gaps) against the events table.
 */
public final class FleetBench {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String USER = "postgres";
    private static final Pattern PROGRESS = Pattern.compile("fleet: (\\d+)/(\\d+) paired, (\\d+) connected.*");
    private static final Pattern MEMORY = Pattern.compile("memory: heap ([0-9.]+) MiB \\(([0-9.]+) KiB per lock\\), "
            + "resident ([0-9.]+) MiB \\(([0-9.]+) KiB per lock\\)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Row(int locks, int connected, double connectSeconds, String fleetHeapPerLock, String fleetRssPerLock, double cloudHeapPerLockKiB,
               double storedPerSecond, double rawPerSecond, Latencies unlock, Latencies mqtt, long lost, long doubled) {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(1_000, 10_000);
        int rate = 50;
        int seconds = 60;
        BenchOptions options = new BenchOptions("fleet",
                "usage: ./keyward bench fleet [--locks N,N,... (1000,10000)] [--rate R actions/s (50)] [--seconds S (60)]");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--locks" -> sizes = sizes(options, args, ++i);
                case "--rate" -> rate = options.number(args, ++i, 1, "must be at least 1");
                case "--seconds" -> seconds = options.number(args, ++i, 20, "must be at least 20");
                default -> options.usage("unknown option " + args[i]);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int n : sizes) {
            rows.add(run(n, rate, seconds));
            print(rows, rate, seconds);
        }
        System.exit(rows.stream().allMatch(r -> r.lost() == 0 && r.doubled() == 0) ? 0 : 1);
    }

    private static List<Integer> sizes(BenchOptions options, String[] args, int i) {
        if (i >= args.length || !args[i].matches("[1-9][0-9]{0,6}(,[1-9][0-9]{0,6})*")) {
            options.usage("--locks needs whole numbers separated by commas, e.g. 1000,10000");
        }
        return java.util.Arrays.stream(args[i].split(",")).map(Integer::parseInt).toList();
    }

    private static Row run(int locks, int rate, int seconds) throws Exception {
        String schema = "kw_fleet_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Path root = Files.createTempDirectory("keyward-bench-fleet-");
        execute("create schema " + schema);
        try (InProcessCloud cloud = InProcessCloud.start(root.resolve("cloud"), Map.of(
                "spring.datasource.url", SERVER + "?currentSchema=" + schema,
                "spring.datasource.username", USER,
                "keyward.pairing.wait", "30s"))) {
            System.out.println("bench fleet: N=" + locks + ", cloud " + cloud.uri + " on PostgreSQL schema " + schema);
            RawInsertRate.Result raw = RawInsertRate.measure(SERVER, USER, "", 20, 1000);
            System.out.println(raw.line());
            long cloudHeapBefore = usedHeapAfterGc();
            Path fleetDir = root.resolve("fleet");
            Process fleet = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + Math.max(1, locks / 2_000 + 1) + "g", "-cp", System.getProperty("java.class.path"),
                    Keyward.class.getName(), "fleet", "--cloud", cloud.uri.toString(), "--locks", String.valueOf(locks),
                    "--rate", String.valueOf(rate), "--duration", seconds + "s", "--data-dir", fleetDir.toString(),
                    "--accounts", "1", "--pairing-at-once", "32", "--fingerprints", "20",
                    "--source-addresses", String.valueOf(Math.min(254, locks / 20_000 + 1)))
                    .redirectErrorStream(true).start();
            FleetOutput out = FleetOutput.follow(fleet.getInputStream(), locks);
            out.connected.get(2 * locks + 300L, TimeUnit.SECONDS);
            double connectSeconds = out.connectSeconds();
            int linked = out.linked;
            double cloudHeapPerLock = (usedHeapAfterGc() - cloudHeapBefore) / 1024.0 / locks;
            JdbcClient jdbc = cloud.bean(JdbcClient.class);

            Thread.sleep(5_000); // the activity settles
            long eventsAt = jdbc.sql("select count(*) from events").query(Long.class).single();
            long startedAt = System.nanoTime();
            Latencies unlock = unlocks(cloud.uri, fleetDir, Math.max(1, seconds - 25));
            long storedBy = jdbc.sql("select count(*) from events").query(Long.class).single();
            double stored = (storedBy - eventsAt) / ((System.nanoTime() - startedAt) / 1e9);
            Latencies mqtt;
            try (MqttEcho echo = MqttEcho.connect(cloud.bean(BrokerEndpoint.class), 200)) {
                echo.roundTrips(50);
                mqtt = echo.roundTrips(300);
            }
            if (!fleet.waitFor(seconds + 180L, TimeUnit.SECONDS)) {
                fleet.destroy();
                throw new IllegalStateException("the fleet did not end; its output:\n" + String.join("\n", out.lines));
            }
            long[] check = lostAndDoubled(jdbc, fleetDir.resolve("held.txt"));
            out.lines.stream().filter(l -> !PROGRESS.matcher(l).matches()).forEach(l -> System.out.println("  | " + l));
            return new Row(locks, linked, connectSeconds, out.memory(2), out.memory(4), cloudHeapPerLock, stored, raw.perSecond(),
                    unlock, mqtt, check[0], check[1]);
        } finally {
            execute("drop schema if exists " + schema + " cascade");
            InProcessCloud.deleteTree(root);
        }
    }

    /**
     * Lost: a seq from 1 to a lock's last that the lock holds as acknowledged (not in its waiting list,
     * DIR/held.txt written by the fleet as it ended) but that is not in the events table. Doubled:
     * rows beyond one per (lock, seq).
     */
    private static long[] lostAndDoubled(JdbcClient jdbc, Path held) throws java.io.IOException {
        Map<String, java.util.Set<Long>> stored = new java.util.HashMap<>();
        jdbc.sql("select l.serial, e.seq from events e join locks l on l.id = e.lock_id").query(rs -> {
            stored.computeIfAbsent(rs.getString(1), k -> new java.util.HashSet<>()).add(rs.getLong(2));
        });
        long lost = 0;
        for (String line : Files.readAllLines(held)) {
            String[] f = line.split(" ");
            java.util.Set<Long> waiting = new java.util.HashSet<>();
            for (int i = 2; i < f.length; i++) {
                waiting.add(Long.parseLong(f[i]));
            }
            java.util.Set<Long> in = stored.getOrDefault(f[0], java.util.Set.of());
            for (long seq = 1; seq <= Long.parseLong(f[1]); seq++) {
                lost += !waiting.contains(seq) && !in.contains(seq) ? 1 : 0;
            }
        }
        long rows = jdbc.sql("select count(*) from events").query(Long.class).single();
        long distinct = jdbc.sql("select count(*) from (select distinct lock_id, seq from events) d").query(Long.class).single();
        return new long[] {lost, rows - distinct};
    }

    /** Remote unlocks one after another for the given seconds, on the fleet's first 20 locks, as its account. */
    private static Latencies unlocks(URI cloud, Path fleetDir, int seconds) throws Exception {
        Properties fleet = new Properties();
        try (Reader in = Files.newBufferedReader(fleetDir.resolve("fleet.properties"))) {
            fleet.load(in);
        }
        String email = "fleet-" + fleet.getProperty("name") + "-1@fleet.keyward.test";
        HttpResponse<String> session = HTTP.send(HttpRequest.newBuilder(cloud.resolve("/api/session"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        InProcessCloud.write(Map.of("email", email, "password", fleet.getProperty("password"))))).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = session.headers().allValues("Set-Cookie").get(0).split(";")[0];
        JsonNode locks = InProcessCloud.json(HTTP.send(HttpRequest.newBuilder(cloud.resolve("/api/locks"))
                .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString()));
        List<String> ids = new ArrayList<>();
        locks.forEach(l -> ids.add(l.path("id").asText()));
        Latencies latencies = new Latencies(100_000);
        Map<String, Integer> other = new java.util.TreeMap<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int i = 0; System.nanoTime() < until && latencies.size() < 100_000; i++) {
            HttpRequest request = HttpRequest.newBuilder(cloud.resolve("/api/locks/" + ids.get(i % Math.min(20, ids.size()))
                    + "/unlock")).header("Cookie", cookie).header("X-Keyward", "1").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            long start = System.nanoTime();
            HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                latencies.add(System.nanoTime() - start);
            } else {
                String body = answer.body();
                other.merge(answer.statusCode() + " " + body.substring(0, Math.min(80, body.length())), 1, Integer::sum);
            }
        }
        other.forEach((answer, n) -> System.out.println("unlock answered " + answer + ": " + n + " times"));
        return latencies;
    }

    private static void print(List<Row> rows, int rate, int seconds) {
        System.out.printf("%nfleet bench (%d actions/s for %d s; cloud in-process with its embedded broker, PostgreSQL at 127.0.0.1)%n",
                rate, seconds);
        System.out.println("| locks | connected | connect s | fleet heap/lock | fleet RSS/lock | cloud heap/lock | events/s stored | raw rows/s "
                + "| unlock p50/p99 ms | raw MQTT p50/p99 ms | lost | doubled |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Row r : rows) {
            System.out.printf("| %,d | %,d | %.1f | %s KiB | %s KiB | %.1f KiB | %,.0f | %,.0f | %.1f / %.1f (n=%d) | %.2f / %.2f | %d | %d |%n",
                    r.locks(), r.connected(), r.connectSeconds(), r.fleetHeapPerLock(), r.fleetRssPerLock(), r.cloudHeapPerLockKiB(),
                    r.storedPerSecond(), r.rawPerSecond(), r.unlock().p50(), r.unlock().p99(), r.unlock().size(),
                    r.mqtt().p50(), r.mqtt().p99(), r.lost(), r.doubled());
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime jvm = Runtime.getRuntime();
        return jvm.totalMemory() - jvm.freeMemory();
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER, USER, "")) {
            c.createStatement().execute(sql);
        }
    }

    /** The fleet's output, read as it comes: when all locks were connected, its memory and events lines. */
    private static final class FleetOutput {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        private final long started = System.nanoTime();
        private volatile long connectedAt;
        volatile int linked; // locks connected at the last progress line

        static FleetOutput follow(java.io.InputStream stream, int locks) {
            FleetOutput out = new FleetOutput();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        out.lines.add(line);
                        Matcher m = PROGRESS.matcher(line);
                        if (m.matches()) {
                            out.linked = Integer.parseInt(m.group(3));
                        }
                        // all connected, or the fleet gave up waiting for the rest (a pairing failed) and drives
                        boolean all = m.matches() && out.linked == locks;
                        if ((all || line.startsWith("fleet: driving")) && out.connectedAt == 0) {
                            out.connectedAt = System.nanoTime();
                            out.connected.complete(null);
                        }
                    }
                } catch (java.io.IOException e) {
                    out.connected.completeExceptionally(e);
                }
                out.connected.completeExceptionally(new IllegalStateException("the fleet ended before all its locks "
                        + "connected:\n" + String.join("\n", out.lines)));
            }, "fleet-output");
            reader.setDaemon(true);
            reader.start();
            return out;
        }

        double connectSeconds() {
            return (connectedAt - started) / 1e9;
        }

        /** Group g of the fleet's first memory line (2: heap per lock, 4: resident per lock). */
        String memory(int g) {
            return lines.stream().map(MEMORY::matcher).filter(Matcher::find).findFirst().map(m -> m.group(g)).orElse("?");
        }
    }
}
