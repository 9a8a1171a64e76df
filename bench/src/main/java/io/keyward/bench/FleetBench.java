package io.keyward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyward.cloud.broker.BenchMosquitto;
import io.keyward.cloud.broker.BrokerEndpoint;
import io.keyward.lock.cli.Keyward;
import io.keyward.lock.fleet.Fleet;
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
 * For each N: Mosquitto started by the bench on a free port from the project's deploy/mosquitto files
 * ({@link BenchMosquitto}, as the cloud's tests start it), the cloud in this JVM on PostgreSQL at
 * 127.0.0.1:5432 (a fresh schema) using that Mosquitto, and {@code ./keyward fleet} in another JVM
 * pairing N locks through the REST API and driving R actions a second. Printed, one row per N: the time
 * to pair and connect the fleet; heap and resident memory per lock in the fleet's JVM (its own report),
 * in the cloud's (this JVM: growth after a full GC, and growth of its resident set) and Mosquitto's
 * resident set per lock; events stored per second during the activity beside the raw single-row insert
 * rate of the same PostgreSQL measured in the same run; remote unlock p50/p99 under that load beside
 * the raw MQTT 5 round trip on the same broker; the alert latency p99 (a tamper alarm on a lock until
 * it arrives on a shared member's open {@code /api/alerts/stream}); the storm's recovery (Mosquitto
 * restarted while the fleet still makes events: until every lock is connected again and nothing waits
 * for an ack); and the events lost and doubled: every event the paired locks hold as acknowledged
 * (their sequence numbers run 1 to last without gaps) against the events table.
 *
 * <p>The cloud runs in this JVM, not its own: its heap is read after a full GC in-process, and its
 * resident growth per lock is what the figures need; the bench's own threads (a few HTTP and MQTT
 * clients) are the same for every N, so they cancel out of the growth.
 */
public final class FleetBench {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String USER = "postgres";
    private static final Pattern PROGRESS = Pattern.compile("fleet: (\\d+)/(\\d+) paired, (\\d+) connected.*");
    private static final Pattern MEMORY = Pattern.compile("memory: heap ([0-9.]+) MiB \\(([0-9.]+) KiB per lock\\), "
            + "resident ([0-9.]+) MiB \\(([0-9.]+) KiB per lock\\)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Pattern WAITING = Pattern.compile("fleet: \\d+/\\d+ paired, (\\d+) connected.*, (\\d+) waiting for an ack.*");
    /**
     * Locks per fleet JVM: each holds two of its descriptors (journal, socket) and a process may have
     * 20,000 here (ulimit -Hn, which the container does not let be raised), so 10,000 locks run as two.
     */
    static final int PER_FLEET_JVM = 5_000;
    /** How many of the fleet's locks are shared with the member whose alert stream is timed. */
    private static final int SHARED = 2_000;

    record Row(int locks, int connected, double connectSeconds, String fleetHeapPerLock, String fleetRssPerLock, double cloudHeapPerLockKiB,
               double cloudRssPerLockKiB, double mosquittoRssPerLockKiB, double storedPerSecond, double rawPerSecond, Latencies unlock,
               Latencies mqtt, Latencies alerts, double stormSeconds, long lost, long doubled) {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(1_000, 10_000);
        int rate = 50;
        int seconds = 60;
        Path keep = null;
        boolean mosquitto = true;
        BenchOptions options = new BenchOptions("fleet",
                "usage: ./keyward bench fleet [--locks N,N,... (1000,10000)] [--rate R actions/s (50)] [--seconds S (60)] [--keep DIR] [--broker mosquitto|embedded]");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--locks" -> sizes = sizes(options, args, ++i);
                case "--rate" -> rate = options.number(args, ++i, 1, "must be at least 1");
                case "--seconds" -> seconds = options.number(args, ++i, 20, "must be at least 20");
                case "--broker" -> {
                    if (++i >= args.length || !List.of("mosquitto", "embedded").contains(args[i])) {
                        options.usage("--broker is mosquitto or embedded");
                    }
                    mosquitto = args[i].equals("mosquitto");
                }
                case "--keep" -> {
                    if (++i >= args.length) {
                        options.usage("--keep needs a directory");
                    }
                    keep = Path.of(args[i]);
                }
                default -> options.usage("unknown option " + args[i]);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int n : sizes) {
            try {
                rows.add(run(n, rate, seconds, keep, mosquitto));
            } catch (Exception | Error e) {
                // the cloud's threads would keep this JVM alive after main ends: say what failed and exit
                e.printStackTrace();
                System.err.println("bench fleet: N=" + n + " failed: " + e);
                System.exit(1);
            }
            print(rows, rate, seconds, mosquitto ? "the bench's Mosquitto" : "its embedded broker");
        }
        System.exit(rows.stream().allMatch(r -> r.lost() == 0 && r.doubled() == 0) ? 0 : 1);
    }

    private static List<Integer> sizes(BenchOptions options, String[] args, int i) {
        if (i >= args.length || !args[i].matches("[1-9][0-9]{0,6}(,[1-9][0-9]{0,6})*")) {
            options.usage("--locks needs whole numbers separated by commas, e.g. 1000,10000");
        }
        return java.util.Arrays.stream(args[i].split(",")).map(Integer::parseInt).toList();
    }

    /**
     * One N. With keep (--keep DIR) everything this N needs is kept in DIR/locks-N: the fleet's data
     * dir, Mosquitto's files and port, the cloud's data dir (its keys) and the name of its PostgreSQL
     * schema; a later run with the same DIR and N connects the paired fleet again without pairing.
     */
    private static Row run(int locks, int rate, int seconds, Path keep, boolean onMosquitto) throws Exception {
        Path root = keep == null ? Files.createTempDirectory("keyward-bench-fleet-") : keep.resolve("locks-" + locks).toAbsolutePath();
        Files.createDirectories(root);
        Properties kept = new Properties();
        Path keptFile = root.resolve("bench.properties");
        if (Files.exists(keptFile)) {
            try (Reader in = Files.newBufferedReader(keptFile)) {
                kept.load(in);
            }
        }
        String schema = kept.getProperty("schema");
        if (schema == null) {
            schema = "kw_fleet_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            execute("create schema " + schema);
            if (keep != null) {
                kept.setProperty("schema", schema);
                // the embedded broker's port: the paired locks hold it
                try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                    kept.setProperty("broker-port", String.valueOf(socket.getLocalPort()));
                }
                try (java.io.Writer out = Files.newBufferedWriter(keptFile)) {
                    kept.store(out, "./keyward bench fleet --keep: the cloud's PostgreSQL schema for this fleet");
                }
            }
        } else {
            System.out.println("bench fleet: reusing the fleet, Mosquitto and schema " + schema + " kept in " + root);
        }
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "spring.datasource.url", SERVER + "?currentSchema=" + schema,
                "spring.datasource.username", USER,
                "keyward.pairing.wait", "30s",
                // Mosquitto's dynamic-security plugin answers slower as its file grows (it rewrites it
                // whole on every change): give it longer than the default 5 s under a pairing fleet
                "keyward.broker.request-timeout", "60s"));
        if (kept.getProperty("broker-port") != null && !onMosquitto) {
            settings.put("keyward.broker.port", kept.getProperty("broker-port"));
        }
        List<FleetJvm> fleets = new ArrayList<>();
        boolean measured = false;
        try (BenchMosquitto mosquitto = onMosquitto ? BenchMosquitto.start(root.resolve("mosquitto")) : null) {
            if (mosquitto != null) {
                settings.putAll(mosquitto.cloudSettings());
            }
            try (InProcessCloud cloud = InProcessCloud.start(root.resolve("cloud"), settings)) {
                System.out.println("bench fleet: N=" + locks + ", cloud " + cloud.uri + " on PostgreSQL schema " + schema
                        + (mosquitto != null ? ", Mosquitto " + mosquitto.uri : ", its embedded broker"));
                RawInsertRate.Result raw = RawInsertRate.measure(SERVER, USER, "", 20, 1000);
                System.out.println(raw.line());
                long cloudHeapBefore = usedHeapAfterGc();
                long cloudRssBefore = residentBytes();
                Path fleetDir = root.resolve("fleet");
                int shared = Math.min(SHARED, locks);
                // the fleet drives longer than the measured S seconds: sharing the locks with the member comes
                // first (14 shares a second at a load average of 30, 100 on a quiet machine), then the unlocks
                // and the MQTT round trips; the storm must still find the fleet driving
                int drive = seconds + 30 + shared / 8;
                int parts = (locks + PER_FLEET_JVM - 1) / PER_FLEET_JVM;
                for (int p = 0; p < parts; p++) {
                    int n = locks / parts + (p < locks % parts ? 1 : 0);
                    // part 0 in DIR/fleet as before (its account is the owner the bench signs in as)
                    fleets.add(FleetJvm.start(p == 0 ? fleetDir : root.resolve("fleet-" + (p + 1)), n, cloud.uri, rate / parts + (p < rate % parts ? 1 : 0),
                            drive, mosquitto != null));
                }
                for (FleetJvm f : fleets) {
                    f.out.connected.get(2L * locks + 300L, TimeUnit.SECONDS);
                }
                long drivingSince = System.nanoTime();
                double connectSeconds = fleets.stream().mapToDouble(f -> f.out.connectSeconds()).max().orElseThrow();
                int linked = fleets.stream().mapToInt(f -> f.out.linked).sum();
                double cloudHeapPerLock = (usedHeapAfterGc() - cloudHeapBefore) / 1024.0 / locks;
                double cloudRssPerLock = (residentBytes() - cloudRssBefore) / 1024.0 / locks;
                double mosquittoRssPerLock = mosquitto != null ? mosquitto.residentBytes() / 1024.0 / locks : Double.NaN;
                nativeMemory(fleets.get(0).process.pid(), fleets.get(0).locks);
                JdbcClient jdbc = cloud.bean(JdbcClient.class);

                Session owner = Session.ofFleet(cloud.uri, fleetDir);
                Session member = Session.signUp(cloud.uri, "fleet-member-" + UUID.randomUUID() + "@bench.keyward.test");
                long sharing = System.nanoTime();
                List<String> ids = owner.lockIds();
                owner.share(ids.subList(0, Math.min(shared, ids.size())), member.email);
                System.out.printf("shared %,d locks with %s in %.1f s%n", Math.min(shared, ids.size()), member.email,
                        (System.nanoTime() - sharing) / 1e9);
                Latencies unlock;
                Latencies mqtt;
                double stored;
                try (AlertStream alerts = AlertStream.open(cloud.uri, member.cookie)) {
                    Thread.sleep(5_000); // the activity settles
                    long eventsAt = jdbc.sql("select count(*) from events").query(Long.class).single();
                    long startedAt = System.nanoTime();
                    unlock = unlocks(cloud.uri, owner, ids, Math.max(1, seconds - 15));
                    long storedBy = jdbc.sql("select count(*) from events").query(Long.class).single();
                    stored = (storedBy - eventsAt) / ((System.nanoTime() - startedAt) / 1e9);
                    try (MqttEcho echo = MqttEcho.connect(cloud.bean(BrokerEndpoint.class), 200)) {
                        echo.roundTrips(50);
                        mqtt = echo.roundTrips(300);
                    }
                    alerts.stop(); // what arrives after the storm's start was held up by it, not by the cloud
                }
                Latencies tamper = AlertStream.last;
                // the storm: Mosquitto restarted 3 s before the fleet stops driving, while it makes events
                // (the embedded broker lives in the cloud's JVM and is not restarted on its own)
                double stormSeconds = Double.NaN;
                if (mosquitto != null) {
                    long stormAt = drivingSince + TimeUnit.SECONDS.toNanos(drive - 3);
                    if (System.nanoTime() > stormAt) {
                        System.out.println("storm: late, the fleet stops driving within 3 s (the sharing and unlocks took longer than allowed)");
                    }
                    Thread.sleep(Math.max(0, (stormAt - System.nanoTime()) / 1_000_000));
                    List<Integer> before = fleets.stream().map(f -> f.out.lines.size()).toList();
                    mosquitto.restart();
                    long restarted = System.nanoTime();
                    stormSeconds = 0;
                    for (int p = 0; p < fleets.size(); p++) {
                        // each JVM's own locks back and drained; the storm lasts until the last one is
                        stormSeconds = Math.max(stormSeconds, fleets.get(p).out.backAndDrained(before.get(p), fleets.get(p).out.linked,
                                restarted, Fleet.DRAIN.plusMinutes(1).toNanos()));
                    }
                    if (Double.isNaN(stormSeconds)) {
                        for (FleetJvm fleet : fleets) { // why: what each JVM said last while it drained
                            System.out.println("storm: not back and drained in time; last: " + fleet.out.lastProgress());
                        }
                    }
                    System.out.printf("storm: Mosquitto restarted under %,d locks; back and drained %.1f s after it listened again%n",
                            linked, stormSeconds);
                }
                List<Path> held = new ArrayList<>();
                for (FleetJvm f : fleets) {
                    if (!f.process.waitFor(drive + 240L, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the fleet in " + f.dir + " did not end; its output:\n" + String.join("\n", f.out.lines));
                    }
                    held.add(f.dir.resolve("held.txt"));
                }
                long[] check = lostAndDoubled(jdbc, held);
                fleets.forEach(FleetJvm::print);
                measured = true;
                return new Row(locks, linked, connectSeconds, FleetJvm.memory(fleets, 2), FleetJvm.memory(fleets, 4), cloudHeapPerLock,
                        cloudRssPerLock, mosquittoRssPerLock, stored, raw.perSecond(), unlock, mqtt, tamper, stormSeconds, check[0], check[1]);
            }
        } finally {
            for (FleetJvm f : fleets) {
                if (f.process.isAlive()) {
                    f.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                if (!measured) {
                    f.print();
                }
            }
            if (keep == null) {
                execute("drop schema if exists " + schema + " cascade");
                InProcessCloud.deleteTree(root);
            }
        }
    }

    /** One {@code ./keyward fleet} JVM of the bench's fleet: its data dir, its share of the locks, its output. */
    private record FleetJvm(Path dir, int locks, Process process, FleetOutput out) {

        static FleetJvm start(Path dir, int locks, URI cloud, int rate, int drive, boolean onMosquitto) throws java.io.IOException {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // a lock needs ~45 KiB of live heap; with a large -Xmx and G1's defaults the heap grew
                    // to ~0.8 MiB committed per lock at N=1,000 (NMT: "Java Heap" and "GC" were 90% of the
                    // resident set). A bound of 256 MiB + 192 KiB a lock and a heap that shrinks after a
                    // full GC keep what is resident near what is used.
                    "-Xmx" + (256 + locks * 192L / 1024) + "m", "-XX:MaxHeapFreeRatio=30", "-XX:MinHeapFreeRatio=10",
                    "-XX:NativeMemoryTracking=summary", "-cp", System.getProperty("java.class.path"),
                    Keyward.class.getName(), "fleet", "--cloud", cloud.toString(), "--locks", String.valueOf(locks),
                    "--rate", String.valueOf(Math.max(1, rate)), "--duration", drive + "s", "--data-dir", dir.toString(),
                    "--accounts", "1", "--pairing-at-once", onMosquitto ? "8" : "32", "--fingerprints", "20",
                    "--source-addresses", String.valueOf(Math.min(254, locks / 20_000 + 1)))
                    .redirectErrorStream(true).start();
            return new FleetJvm(dir, locks, process, FleetOutput.follow(process.getInputStream(), locks));
        }

        void print() {
            System.out.println("the fleet in " + dir.getFileName() + " (" + locks + " locks):");
            out.lines.stream().filter(l -> !PROGRESS.matcher(l).matches()).forEach(l -> System.out.println("  | " + l));
        }

        /** A memory figure per lock (group g of the memory line) over every JVM, weighted by its locks. */
        static String memory(List<FleetJvm> fleets, int g) {
            double sum = 0;
            int locks = 0;
            for (FleetJvm f : fleets) {
                String figure = f.out.memory(g);
                if ("?".equals(figure)) {
                    return "?";
                }
                sum += Double.parseDouble(figure) * f.locks;
                locks += f.locks;
            }
            return String.format("%.1f", sum / locks);
        }
    }

    /**
     * Lost: a seq from 1 to a lock's last that the lock holds as acknowledged (not in its waiting list,
     * DIR/held.txt written by the fleet as it ended) but that is not in the events table. Doubled:
     * rows beyond one per (lock, seq).
     */
    private static long[] lostAndDoubled(JdbcClient jdbc, List<Path> heldFiles) throws java.io.IOException {
        Map<String, java.util.Set<Long>> stored = new java.util.HashMap<>();
        jdbc.sql("select l.serial, e.seq from events e join locks l on l.id = e.lock_id").query(rs -> {
            stored.computeIfAbsent(rs.getString(1), k -> new java.util.HashSet<>()).add(rs.getLong(2));
        });
        long lost = 0;
        List<String> lines = new ArrayList<>();
        for (Path held : heldFiles) {
            lines.addAll(Files.readAllLines(held));
        }
        for (String line : lines) {
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
    private static Latencies unlocks(URI cloud, Session owner, List<String> ids, int seconds) throws Exception {
        Latencies latencies = new Latencies(100_000);
        Map<String, Integer> other = new java.util.TreeMap<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int i = 0; System.nanoTime() < until && latencies.size() < 100_000; i++) {
            HttpRequest request = HttpRequest.newBuilder(cloud.resolve("/api/locks/" + ids.get(i % Math.min(20, ids.size()))
                    + "/unlock")).header("Cookie", owner.cookie).header("X-Keyward", "1").header("Content-Type", "application/json")
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

    /** A signed-in account of the cloud (its session cookie), as the web app holds one. */
    private record Session(URI cloud, String email, String cookie) {

        /** The fleet's account (lock i belongs to account i mod A; the bench runs the fleet with one). */
        static Session ofFleet(URI cloud, Path fleetDir) throws Exception {
            Properties fleet = new Properties();
            try (Reader in = Files.newBufferedReader(fleetDir.resolve("fleet.properties"))) {
                fleet.load(in);
            }
            return signIn(cloud, "fleet-" + fleet.getProperty("name") + "-1@fleet.keyward.test", fleet.getProperty("password"));
        }

        /** A fresh account: the family member the locks are shared with (SPEC H3). */
        static Session signUp(URI cloud, String email) throws Exception {
            String password = "bench-" + UUID.randomUUID(); // random: the strength check refuses common phrases
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(cloud.resolve("/api/accounts"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(InProcessCloud.write(
                            Map.of("email", email, "password", password, "displayName", "bench member")))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("sign-up answered " + created.statusCode() + ": " + created.body());
            }
            return signIn(cloud, email, password);
        }

        static Session signIn(URI cloud, String email, String password) throws Exception {
            HttpResponse<String> session = HTTP.send(HttpRequest.newBuilder(cloud.resolve("/api/session"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            InProcessCloud.write(Map.of("email", email, "password", password)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            String cookie = session.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("KW_SESSION="))
                    .findFirst().orElseThrow(() -> new IllegalStateException("sign-in answered " + session.statusCode()
                            + ": " + session.body())).split(";")[0];
            return new Session(cloud, email, cookie);
        }

        List<String> lockIds() throws Exception {
            JsonNode locks = InProcessCloud.json(HTTP.send(HttpRequest.newBuilder(cloud.resolve("/api/locks"))
                    .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString()));
            List<String> ids = new ArrayList<>();
            locks.forEach(l -> ids.add(l.path("id").asText()));
            return ids;
        }

        /** Shares each lock with the account of that email as MEMBER, 8 requests at a time. */
        void share(List<String> lockIds, String with) throws Exception {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<?>> done = new ArrayList<>();
                for (String id : lockIds) {
                    done.add(pool.submit(() -> {
                        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(cloud.resolve("/api/locks/" + id + "/shares"))
                                .header("Cookie", cookie).header("X-Keyward", "1").header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(InProcessCloud.write(Map.of("email", with, "role", "MEMBER"))))
                                .build(), HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() != 201) {
                            throw new IllegalStateException("sharing " + id + " answered " + answer.statusCode() + ": " + answer.body());
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * A shared member's open alert stream (SPEC H4): each TAMPER alert's latency is the time it arrives
     * here less its {@code at}, the lock's clock when the alarm went off (the fleet's locks run on this
     * machine's clock, so both ends read the same clock).
     */
    private static final class AlertStream implements AutoCloseable {
        static volatile Latencies last;
        private final Latencies latencies = new Latencies(1_000_000);
        private final CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response;
        private volatile boolean stopped;

        private AlertStream(URI cloud, String cookie) {
            response = HTTP.sendAsync(HttpRequest.newBuilder(cloud.resolve("/api/alerts/stream")).header("Cookie", cookie)
                    .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
            response.thenAccept(r -> r.body().forEach(this::line));
            last = latencies;
        }

        static AlertStream open(URI cloud, String cookie) {
            return new AlertStream(cloud, cookie);
        }

        private void line(String line) {
            if (stopped || !line.startsWith("data:")) {
                return;
            }
            long now = System.currentTimeMillis();
            JsonNode alert;
            try {
                alert = InProcessCloud.JSON.readTree(line.substring(5).trim());
            } catch (java.io.IOException e) {
                return; // not an alert's JSON
            }
            if ("TAMPER".equals(alert.path("kind").asText())) {
                long at = java.time.Instant.parse(alert.path("at").asText()).toEpochMilli();
                synchronized (latencies) {
                    latencies.add(Math.max(0, now - at) * 1_000_000);
                }
            }
        }

        void stop() {
            stopped = true;
        }

        @Override
        public void close() {
            stopped = true;
            response.thenAccept(r -> r.body().close());
            response.cancel(true);
        }
    }

    private static void print(List<Row> rows, int rate, int seconds, String broker) {
        System.out.printf("%nfleet bench (%d actions/s, %d s measured; cloud in this JVM on PostgreSQL at 127.0.0.1 with %s; "
                + "the fleet in its own JVMs, up to %,d locks each)%n", rate, seconds, broker, PER_FLEET_JVM);
        System.out.println("| locks | connected | connect s | fleet heap/lock | fleet RSS/lock | cloud heap/lock | cloud RSS/lock "
                + "| Mosquitto RSS/lock | events/s stored | raw rows/s | unlock p50/p99 ms | raw MQTT p50/p99 ms "
                + "| alert p50/p99 ms | storm s | lost | doubled |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Row r : rows) {
            System.out.printf("| %,d | %,d | %.1f | %s KiB | %s KiB | %.1f KiB | %.1f KiB | %.1f KiB | %,.0f | %,.0f | %.1f / %.1f (n=%d) "
                            + "| %.2f / %.2f | %.0f / %.0f (n=%d) | %.1f | %d | %d |%n",
                    r.locks(), r.connected(), r.connectSeconds(), r.fleetHeapPerLock(), r.fleetRssPerLock(), r.cloudHeapPerLockKiB(),
                    r.cloudRssPerLockKiB(), r.mosquittoRssPerLockKiB(), r.storedPerSecond(), r.rawPerSecond(),
                    r.unlock().p50(), r.unlock().p99(), r.unlock().size(), r.mqtt().p50(), r.mqtt().p99(),
                    r.alerts().p50(), r.alerts().p99(), r.alerts().size(), r.stormSeconds(), r.lost(), r.doubled());
        }
    }

    /**
     * Where the fleet's resident memory goes: the JVM's own native memory tracking (jcmd VM.native_memory
     * summary), committed KiB by area and per lock, printed beside the table (the fleet runs with
     * -XX:NativeMemoryTracking=summary, which costs a little memory itself).
     */
    private static void nativeMemory(long pid, int locks) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid), "VM.native_memory", "summary").redirectErrorStream(true).start();
            String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("(?m)^[-\\s]*(Total|[A-Z][A-Za-z ]+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)").matcher(text);
            StringBuilder line = new StringBuilder("fleet native memory (committed, KiB per lock):");
            while (m.find()) {
                long kib = Long.parseLong(m.group(2));
                if (kib >= 1024) {
                    line.append(String.format(" %s %.1f;", m.group(1).strip(), kib / (double) locks));
                }
            }
            System.out.println(line.toString().endsWith(":") ? "fleet native memory: jcmd said " + text.strip() : line);
        } catch (Exception e) {
            System.out.println("fleet native memory: unknown (" + e + ")");
        }
    }

    /** This JVM's resident set (VmRSS), in bytes; 0 where /proc is not there. */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException e) {
            // not Linux
        }
        return 0;
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
        private int progressLines;

        static FleetOutput follow(java.io.InputStream stream, int locks) {
            FleetOutput out = new FleetOutput();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        out.lines.add(line);
                        Matcher m = PROGRESS.matcher(line);
                        if (m.matches()) {
                            out.linked = Integer.parseInt(m.group(3));
                            if (out.connectedAt == 0 && ++out.progressLines % 10 == 0) {
                                System.out.println("  | " + line); // a live count while pairing, not silence
                            }
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

        /**
         * Seconds from {@code since} (nanoTime) until a fleet line printed after line index {@code from}
         * shows at least {@code locks} connected and nothing waiting for an ack; NaN when not within
         * {@code timeout} nanoseconds. The fleet prints such a line every 5 s while driving and every
         * second while it drains, so the figure is good to about a second.
         */
        double backAndDrained(int from, int locks, long since, long timeout) throws InterruptedException {
            int seen = from;
            while (System.nanoTime() - since < timeout) {
                while (seen < lines.size()) {
                    Matcher m = WAITING.matcher(lines.get(seen++));
                    if (m.matches() && Integer.parseInt(m.group(1)) >= locks && Long.parseLong(m.group(2)) == 0) {
                        return (System.nanoTime() - since) / 1e9;
                    }
                }
                Thread.sleep(50);
            }
            return Double.NaN;
        }

        /** The fleet's last progress line, or "none". */
        String lastProgress() {
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (PROGRESS.matcher(lines.get(i)).matches()) {
                    return lines.get(i);
                }
            }
            return "none";
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
