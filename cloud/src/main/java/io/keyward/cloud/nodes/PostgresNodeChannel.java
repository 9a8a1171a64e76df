package io.keyward.cloud.nodes;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * The cross-node channel on PostgreSQL's LISTEN/NOTIFY: every node already holds the database, so no
 * further server, account or ACL is needed, and a notification reaches exactly the nodes that listen now.
 * <p>
 * Sending: {@link #publish} queues the message; one thread sends what is queued in one statement
 * ({@code pg_notify} over an array) on a pooled connection, so the thread that stored an event never
 * waits for it. Receiving: one thread holds a connection of its own (not the pool's: it is held for
 * good) that LISTENs, and reads {@link PGConnection#getNotifications(int)}; when the connection breaks
 * (a database restart) it connects again, backing off up to 10 s. What was sent meanwhile is lost: see
 * {@link NodeChannel}. The channel's name carries the schema, so clusters sharing one database (the
 * tests' private schemas) do not hear each other; each message carries this JVM's random id, so a node
 * ignores its own.
 */
@Component
@Conditional(OnPostgres.class)
class PostgresNodeChannel implements NodeChannel {

    private static final Logger log = LoggerFactory.getLogger(PostgresNodeChannel.class);
    private static final String NAME = "'keyward_nodes:' || current_schema()";
    private static final int QUEUE = 10_000;
    private static final int BATCH = 500;

    private final String self = UUID.randomUUID().toString();
    private final Map<String, List<Consumer<String>>> receivers = new ConcurrentHashMap<>();
    private final BlockingQueue<String> outbox = new ArrayBlockingQueue<>(QUEUE);
    private final DataSource dataSource;
    private final Connector connector;
    private final long firstBackoffMillis;
    private final Thread sender = new Thread(this::sendLoop, "node-channel-send");
    private final Thread listener = new Thread(this::listenLoop, "node-channel-listen");
    private volatile boolean running = true;
    private volatile Connection listening;

    /** Opens the listening connection: its own, not the pool's (it is held for good). */
    interface Connector {
        Connection connect() throws SQLException;
    }

    @Autowired
    PostgresNodeChannel(DataSource dataSource, @Value("${spring.datasource.url}") String url,
                        @Value("${spring.datasource.username:}") String user,
                        @Value("${spring.datasource.password:}") String password) {
        this(dataSource, () -> DriverManager.getConnection(url, user, password), 1000);
    }

    /** With the listening connection from {@code connector}, retried after firstBackoffMillis, doubling up to 10 s. */
    PostgresNodeChannel(DataSource dataSource, Connector connector, long firstBackoffMillis) {
        this.dataSource = dataSource;
        this.connector = connector;
        this.firstBackoffMillis = firstBackoffMillis;
        sender.setDaemon(true);
        listener.setDaemon(true);
        sender.start();
        listener.start();
    }

    @Override
    public void publish(String topic, String message) {
        String envelope = self + "\n" + topic + "\n" + message;
        if (envelope.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES + 100) {
            log.warn("node channel: a {} message of {} characters is too long for NOTIFY; not sent", topic, message.length());
        } else if (!outbox.offer(envelope)) {
            log.warn("node channel: {} messages waiting to be sent; a {} message dropped", QUEUE, topic);
        }
    }

    @Override
    public void subscribe(String topic, Consumer<String> receiver) {
        receivers.computeIfAbsent(topic, any -> new CopyOnWriteArrayList<>()).add(receiver);
    }

    /** Whether the listening connection is up now (other nodes' messages reach this one). */
    boolean listening() {
        return listening != null;
    }

    private void sendLoop() {
        List<String> batch = new ArrayList<>();
        while (running) {
            try {
                batch.add(outbox.take());
                outbox.drainTo(batch, BATCH - 1);
                send(batch);
            } catch (InterruptedException stopped) {
                return;
            } catch (SQLException | RuntimeException e) {
                log.warn("node channel: {} message(s) not sent (the live push only; nothing stored is lost): {}",
                        batch.size(), e.toString());
            }
            batch.clear();
        }
    }

    /** One statement and one round trip for the whole batch; autocommit, so the nodes hear it at once. */
    private void send(List<String> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select pg_notify(" + NAME + ", m) from unnest(?) as m")) {
            statement.setArray(1, connection.createArrayOf("text", batch.toArray()));
            statement.executeQuery().close();
        }
    }

    /**
     * Listens, and connects again whenever the connection breaks. While PostgreSQL is down this retries
     * every few seconds; it says so once when the listening stops and once when it is back, with how
     * long it was down and how many tries it took, not at every try (a restart of a few minutes logged
     * a WARN every 10 s on every node).
     */
    private void listenLoop() {
        long backoff = firstBackoffMillis;
        Outage outage = null;
        while (running) {
            try (Connection connection = connector.connect()) {
                listen(connection, outage);
                outage = null;
                backoff = firstBackoffMillis;
                receive(connection);
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                if (outage == null) {
                    outage = new Outage(System.nanoTime());
                    log.warn("node channel: not listening ({}); other nodes' alerts do not reach this one until PostgreSQL"
                            + " answers again; trying again every {} ms up to 10 s, and saying so once it is back",
                            e.getMessage(), backoff);
                } else {
                    outage.tries++;
                    log.debug("node channel: still not listening after {} tries ({})", outage.tries, e.getMessage());
                }
            } finally {
                listening = null;
            }
            if (!sleep(backoff)) {
                return;
            }
            backoff = Math.min(backoff * 2, 10_000);
        }
    }

    /** Since when the listening connection is down, and how many tries failed since. */
    private static final class Outage {
        final long since;
        int tries = 1;

        Outage(long since) {
            this.since = since;
        }
    }

    private void listen(Connection connection, Outage outage) throws SQLException {
        String channel;
        try (Statement statement = connection.createStatement();
             ResultSet name = statement.executeQuery("select " + NAME)) {
            name.next();
            channel = name.getString(1);
        }
        // named after its channel in pg_stat_activity, so an operator (or a test) can tell the listeners apart
        connection.setClientInfo("ApplicationName", channel);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
        }
        listening = connection;
        if (outage == null) {
            log.info("node channel: listening on PostgreSQL channel {}", channel);
        } else {
            log.info("node channel: listening again on PostgreSQL channel {} after {} s down ({} tries failed)", channel,
                    String.format("%.1f", (System.nanoTime() - outage.since) / 1e9), outage.tries);
        }
    }

    /** Until the connection breaks: a check every few seconds finds a connection that died silently. */
    private void receive(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        long checked = System.nanoTime();
        while (running) {
            PGNotification[] notifications = pg.getNotifications(500);
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    dispatch(notification.getParameter());
                }
            }
            if (System.nanoTime() - checked > TimeUnit.SECONDS.toNanos(5)) {
                if (!connection.isValid(2)) {
                    throw new SQLException("the listening connection no longer answers");
                }
                checked = System.nanoTime();
            }
        }
    }

    private void dispatch(String envelope) {
        String[] parts = envelope.split("\n", 3);
        if (parts.length != 3) {
            log.warn("node channel: dropped a notification that is no message: {}",
                    envelope.substring(0, Math.min(80, envelope.length())));
            return;
        }
        if (parts[0].equals(self)) {
            return;
        }
        for (Consumer<String> receiver : receivers.getOrDefault(parts[1], List.of())) {
            try {
                receiver.accept(parts[2]);
            } catch (RuntimeException e) {
                log.warn("node channel: a {} message was not handled: {}", parts[1], e.toString());
            }
        }
    }

    private boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return running;
        } catch (InterruptedException stopped) {
            return false;
        }
    }

    @PreDestroy
    void close() {
        running = false;
        sender.interrupt();
        listener.interrupt();
    }
}
