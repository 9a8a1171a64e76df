package io.keyward.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.keyward.cloud.events.EventStore;
import io.keyward.cloud.webhooks.WebhookSignature;
import io.keyward.protocol.link.LinkMessages;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Webhook delivery rate ({@code ./keyward bench webhooks [--locks L] [--events E] [--postgres]}).
 * <p>
 * The cloud runs in this JVM (H2 in a temporary folder, or with {@code --postgres} PostgreSQL at
 * 127.0.0.1:5432 database {@code test}, user {@code postgres}, in a schema of its own that Flyway creates
 * and this tool drops). N account-wide endpoints (one by default) ask for UNLOCK; a local receiver (the
 * JDK's HTTP server on a free loopback port, a path per endpoint) checks every signature with that
 * endpoint's secret and answers 204.
 * L locks' events are stored through the cloud's {@link EventStore} (as the link stores them), E per
 * lock, as fast as it takes them; each becomes a delivery in the database queue. Measured: deliveries
 * taken per second, from the first stored event to the last delivery taken, and the span between the
 * first and the last delivery; checked: every signature verified, every event delivered, each id
 * once after dropping repeats, and in order per lock.
 */
public final class WebhookDeliveryRate {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";

    public static void main(String[] args) throws Exception {
        int locks = 10;
        int events = 200;
        int endpoints = 1;
        boolean postgres = false;
        BenchOptions options = new BenchOptions("webhooks",
                "usage: ./keyward bench webhooks [--locks L (10)] [--events E (200)] [--endpoints N (1)] [--postgres]");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--locks" -> locks = options.number(args, ++i, 1, "must be at least 1");
                case "--events" -> events = options.number(args, ++i, 1, "must be at least 1");
                case "--endpoints" -> endpoints = options.number(args, ++i, 1, "must be at least 1");
                case "--postgres" -> postgres = true;
                default -> options.usage("unknown option " + args[i]);
            }
        }
        int status = 1;
        Path root = Files.createTempDirectory("keyward-bench-webhooks");
        try {
            run(root, locks, events, endpoints, postgres);
            status = 0;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
        } finally {
            InProcessCloud.deleteTree(root);
        }
        System.exit(status); // HiveMQ may leave non-daemon threads behind
    }

    private static void run(Path root, int lockCount, int events, int endpoints, boolean postgres) throws Exception {
        Map<String, String> properties = new HashMap<>();
        String schema = "kw_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        if (postgres) {
            properties.putAll(Map.of("spring.datasource.url", SERVER + "?currentSchema=" + schema,
                    "spring.datasource.username", "postgres", "spring.datasource.password", "",
                    "spring.flyway.schemas", schema));
        }
        try {
            try (Receiver receiver = new Receiver(); InProcessCloud cloud = InProcessCloud.start(root.resolve("cloud"), properties)) {
                measure(cloud, cloud.bean(JdbcClient.class), receiver, lockCount, events, endpoints, postgres ? "PostgreSQL" : "H2");
            }
        } finally {
            if (postgres) { // once the cloud has stopped: its delivery worker reads the schema until then
                try (Connection connection = DriverManager.getConnection(SERVER, "postgres", "");
                     Statement statement = connection.createStatement()) {
                    statement.execute("drop schema if exists " + schema + " cascade");
                }
            }
        }
    }

    private static void measure(InProcessCloud cloud, JdbcClient jdbc, Receiver receiver, int lockCount, int events,
                                int endpoints, String database) throws Exception {
        InProcessCloud.Account owner = cloud.signUp("bench-webhooks");
        for (int i = 0; i < endpoints; i++) {
            String path = "/hooks/" + i;
            JsonNode created = InProcessCloud.json(InProcessCloud.expect(owner.post("/api/webhooks",
                    Map.of("url", receiver.url() + path, "kinds", List.of("UNLOCK"))), 201));
            receiver.secrets.put(path, created.get("secret").asText());
        }
        UUID ownerId = jdbc.sql("select id from accounts where email = :email").param("email", owner.email)
                .query(UUID.class).single();
        List<UUID> lockIds = new ArrayList<>();
        for (int i = 0; i < lockCount; i++) {
            UUID id = UUID.randomUUID();
            jdbc.sql("insert into locks (id, serial, name, owner_id, paired_at) values (:id, :serial, :name, :owner, :at)")
                    .param("id", id).param("serial", "KW-HOOK-" + id.toString().substring(0, 8).toUpperCase())
                    .param("name", "Bench " + (i + 1)).param("owner", ownerId).param("at", OffsetDateTime.now(ZoneOffset.UTC))
                    .update();
            lockIds.add(id);
        }
        EventStore store = cloud.bean(EventStore.class);
        long total = (long) lockCount * events * endpoints;
        Instant at = Instant.now();
        long start = System.nanoTime();
        for (int seq = 1; seq <= events; seq++) {
            for (UUID lock : lockIds) {
                store.store(lock, new LinkMessages.EventMessage(1, seq, at.plusMillis(seq), "UNLOCK", "KEYPAD", "OK", 1,
                        null, null, null, null));
            }
        }
        double storeSeconds = (System.nanoTime() - start) / 1e9;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(120, total / 20));
        while (receiver.taken() < total) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + receiver.taken() + " of " + total + " deliveries arrived in time");
            }
            Thread.sleep(20);
        }
        double seconds = (receiver.lastAt.get() - start) / 1e9;
        double span = (receiver.lastAt.get() - receiver.firstAt.get()) / 1e9;
        if (receiver.unverified.get() > 0 || receiver.outOfOrder.get() > 0) {
            throw new IllegalStateException(receiver.unverified.get() + " unverified signatures, "
                    + receiver.outOfOrder.get() + " deliveries out of order");
        }
        // the receiver has the last one; its attempt is settled (the row deleted) a moment later
        long queued = -1;
        for (int i = 0; i < 100 && queued != 0; i++) {
            queued = jdbc.sql("select count(*) from webhook_deliveries").query(Long.class).single();
            Thread.sleep(queued == 0 ? 0 : 50);
        }
        System.out.println();
        System.out.printf("Webhook deliveries on %s: %d locks x %d UNLOCK events x %d endpoints = %d deliveries, local receiver%n",
                database, lockCount, events, endpoints, total);
        System.out.printf("  events stored (with their deliveries queued)  %8.2f s  (%6.0f events/s)%n", storeSeconds,
                lockCount * events / storeSeconds);
        System.out.printf("  first store to last delivery taken            %8.2f s%n", seconds);
        System.out.printf("  deliveries per second                         %8.0f /s%n", total / seconds);
        System.out.printf("  first to last delivery taken                  %8.2f s  (%6.0f /s)%n", span, total / span);
        System.out.printf("  requests %d, each webhook-id once: %d; signatures verified: all; order per lock: kept; queue left: %d%n",
                receiver.requests.get(), receiver.taken(), queued);
    }

    /** Verifies each signature, keeps each webhook-id once, and checks the order of each lock's seqs. */
    private static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService threads = Executors.newFixedThreadPool(8);
        private final Set<String> ids = ConcurrentHashMap.newKeySet();
        private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger unverified = new AtomicInteger();
        private final AtomicInteger outOfOrder = new AtomicInteger();
        private final AtomicLong firstAt = new AtomicLong();
        private final AtomicLong lastAt = new AtomicLong();
        /** Each endpoint's secret, by its URL's path. */
        final Map<String, String> secrets = new ConcurrentHashMap<>();

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
            server.setExecutor(threads);
            server.createContext("/hooks", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        long taken() {
            return ids.size();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                requests.incrementAndGet();
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                long timestamp = Long.parseLong(exchange.getRequestHeaders().getFirst("webhook-timestamp"));
                String secret = secrets.get(exchange.getRequestURI().getPath());
                if (secret == null || !WebhookSignature.verify(secret, id, timestamp, body, exchange.getRequestHeaders().getFirst("webhook-signature"))) {
                    unverified.incrementAndGet();
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                if (ids.add(id)) {
                    JsonNode data = InProcessCloud.JSON.readTree(body).get("data");
                    long seq = data.get("seq").asLong();
                    Long before = lastSeq.put(exchange.getRequestURI().getPath() + data.get("lockId").asText(), seq);
                    if (before != null && before >= seq) {
                        outOfOrder.incrementAndGet();
                    }
                    long now = System.nanoTime();
                    firstAt.compareAndSet(0, now);
                    lastAt.set(now);
                }
                exchange.sendResponseHeaders(204, -1);
            }
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
