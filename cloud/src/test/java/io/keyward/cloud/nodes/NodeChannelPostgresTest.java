package io.keyward.cloud.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The nodes' channel on the PostgreSQL server of the tests, without Spring: two channels in one schema
 * are two nodes of one cluster. A message reaches the other node, never its sender; what does not read
 * and what is too long are dropped without stopping the channel; the listening connection comes back
 * after the server cut it.
 */
@PostgresStorage
@DisplayName("The nodes' channel on PostgreSQL LISTEN/NOTIFY (issue 11)")
class NodeChannelPostgresTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    /** A schema of this class's own: the run's shared one has the listeners of other test classes' clouds. */
    private final String schema = newSchemaName();
    private final String url = PostgresStorage.URL + "?currentSchema=" + schema;
    private final DriverManagerDataSource database = new DriverManagerDataSource(PostgresStorage.URL, PostgresStorage.USER,
            PostgresStorage.PASSWORD);
    private PostgresNodeChannel a;
    private PostgresNodeChannel b;
    private final BlockingQueue<String> heardByA = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> heardByB = new LinkedBlockingQueue<>();

    @BeforeEach
    void twoNodes() throws SQLException {
        sql("create schema " + schema);
        a = node(url);
        b = node(url);
        a.subscribe("t", heardByA::add);
        b.subscribe("t", heardByB::add);
        await().atMost(SOON).until(() -> a.listening() && b.listening());
    }

    @AfterEach
    void stop() throws SQLException {
        a.close();
        b.close();
        sql("drop schema " + schema + " cascade");
    }

    @Test
    @DisplayName("a message reaches the other node on its topic, in order; never its sender, nor a receiver of another topic")
    void reachesTheOtherNodeOnly() throws Exception {
        BlockingQueue<String> otherTopic = new LinkedBlockingQueue<>();
        b.subscribe("u", otherTopic::add);
        for (int i = 0; i < 20; i++) {
            a.publish("t", "m" + i);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(heardByB.poll(5, TimeUnit.SECONDS)).isEqualTo("m" + i);
        }
        b.publish("t", "from b\nwith a second line");
        assertThat(heardByA.poll(5, TimeUnit.SECONDS)).isEqualTo("from b\nwith a second line");
        assertThat(heardByB.poll(300, TimeUnit.MILLISECONDS)).as("the sender does not hear itself").isNull();
        assertThat(heardByA).isEmpty();
        assertThat(otherTopic).isEmpty();
    }

    @Test
    @DisplayName("a receiver that throws, a notification that is no message and one too long for NOTIFY are dropped; the next message arrives")
    void badMessagesAreDropped() throws Exception {
        b.subscribe("t", message -> {
            if (message.equals("boom")) {
                throw new IllegalArgumentException("a receiver that fails");
            }
        });
        a.publish("t", "boom");
        a.publish("t", "x".repeat(NodeChannel.MAX_MESSAGE_BYTES + 1000));
        notify("no envelope at all");
        a.publish("t", "after");
        assertThat(heardByB.poll(5, TimeUnit.SECONDS)).isEqualTo("boom");
        assertThat(heardByB.poll(5, TimeUnit.SECONDS)).as("the long one was not sent").isEqualTo("after");
    }

    @Test
    @DisplayName("a cluster in another schema of the same database is not heard")
    void anotherSchemaIsAnotherCluster() throws Exception {
        String other = newSchemaName();
        sql("create schema " + other);
        PostgresNodeChannel elsewhere = node(PostgresStorage.URL + "?currentSchema=" + other);
        try {
            await().atMost(SOON).until(elsewhere::listening);
            elsewhere.publish("t", "other cluster");
            a.publish("t", "this cluster");
            assertThat(heardByB.poll(5, TimeUnit.SECONDS)).isEqualTo("this cluster");
            assertThat(heardByB.poll(300, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            elsewhere.close();
            sql("drop schema " + other + " cascade");
        }
    }

    @Test
    @DisplayName("the listening connection cut by the server (as in a restart) connects again; messages flow again")
    void listensAgainAfterTheConnectionIsCut() throws Exception {
        long cut = count("select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity"
                + " where application_name = 'keyward_nodes:" + schema + "'");
        assertThat(cut).as("the two listening connections cut").isEqualTo(2);
        await().atMost(SOON).pollInterval(Duration.ofMillis(20)).until(() -> !b.listening());
        await().atMost(SOON).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            a.publish("t", "again");
            assertThat(heardByB.poll(200, TimeUnit.MILLISECONDS)).isEqualTo("again");
        });
    }

    @Test
    @DisplayName("while PostgreSQL is down the channel says so once, not at every try, and once when it listens again, with how long it was down")
    void logsOnceWhenDownAndOnceWhenBack() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(PostgresNodeChannel.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        Level level = logger.getLevel();
        logger.setLevel(Level.DEBUG); // the tests' root is WARN; the INFO "back" line and the DEBUG tries must reach the list
        AtomicInteger tries = new AtomicInteger();
        int failures = 5;
        PostgresNodeChannel flaky = new PostgresNodeChannel(database, () -> {
            if (tries.incrementAndGet() <= failures) {
                throw new SQLException("Connection to 127.0.0.1:5432 refused (PostgreSQL restarting)");
            }
            return java.sql.DriverManager.getConnection(url, PostgresStorage.USER, PostgresStorage.PASSWORD);
        }, 10);
        try {
            await().atMost(SOON).until(flaky::listening);
            assertThat(tries.get()).isEqualTo(failures + 1);
            List<ILoggingEvent> warnings = logged.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
            assertThat(warnings).as("one WARN for five failed tries").hasSize(1);
            assertThat(warnings.get(0).getFormattedMessage()).startsWith("node channel: not listening (Connection to 127.0.0.1:5432 refused");
            List<String> back = logged.list.stream().filter(e -> e.getLevel() == Level.INFO)
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(back).hasSize(1);
            assertThat(back.get(0)).matches("node channel: listening again on PostgreSQL channel keyward_nodes:" + schema
                    + " after \\d+\\.\\d s down \\(5 tries failed\\)");
        } finally {
            flaky.close();
            logger.detachAppender(logged);
            logger.setLevel(level);
        }
    }

    private PostgresNodeChannel node(String jdbcUrl) {
        return new PostgresNodeChannel(new DriverManagerDataSource(jdbcUrl, PostgresStorage.USER, PostgresStorage.PASSWORD),
                jdbcUrl, PostgresStorage.USER, PostgresStorage.PASSWORD);
    }

    private void notify(String payload) throws SQLException {
        sql("select pg_notify('keyward_nodes:" + schema + "', '" + payload + "')");
    }

    private static String newSchemaName() {
        return "kw_nodes_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private long count(String query) throws SQLException {
        try (Connection connection = database.getConnection(); Statement s = connection.createStatement();
             java.sql.ResultSet rows = s.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = database.getConnection(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }
}
