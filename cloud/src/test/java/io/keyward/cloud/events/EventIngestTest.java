package io.keyward.cloud.events;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.TestLocks;
import io.keyward.cloud.broker.BrokerEndpoint;
import io.keyward.cloud.broker.LockCredentials;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.LinkMessages.EventMessage;
import io.keyward.protocol.link.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPEC H5 over the real link: a client logged in as a lock publishes events on its {@code events} topic
 * and reads its {@code acks}, as the lock's CloudLink does. The cloud acknowledges an event only once it
 * is stored; every event that reads as one is stored (an over-long field cut with a marker); a message
 * that does not read is counted in link_drops and never acknowledged (issue 10 finding 1).
 */
abstract class EventIngestTest extends CloudTest {

    /** The lock's message of finding 1: the refusal's words, 66 characters, that once came in alarm. */
    static final String REFUSAL_WORDS = "ChangeSetting: RELOCK_SECONDS must be whole seconds from 5 to 120";
    static final Duration ACK_WITHIN = Duration.ofSeconds(10);
    /** How long "no ack" is watched for: the cloud handles a message in milliseconds. */
    static final Duration NO_ACK_FOR = Duration.ofSeconds(3);
    static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");

    @Autowired
    BrokerEndpoint endpoint;

    @Autowired
    LockCredentials credentials;

    UUID lock;
    String serial;
    LockClient client;

    @BeforeEach
    void lockOnTheLink() {
        String email = signUp();
        lock = TestLocks.create(jdbc, TestLocks.accountId(jdbc, email));
        serial = jdbc.sql("select serial from locks where id = :id").param("id", lock).query(String.class).single();
        client = new LockClient(endpoint.lockUri(), serial, credentials.issue(serial));
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    @DisplayName("finding 1: an event with a 66-character alarm (an older lock's refusal) is stored in full and acknowledged")
    void finding01_theRefusalOfFinding1IsStoredAndAcknowledged() throws Exception {
        client.publish(new EventMessage(1, 1, T0, "COMMAND_REFUSED", null, "REFUSED", null, null, "BAD_VALUE",
                REFUSAL_WORDS, null));
        assertThat(client.nextAck(ACK_WITHIN)).isEqualTo(1);
        assertThat(column(1, "alarm")).isEqualTo(REFUSAL_WORDS);
        assertThat(column(1, "truncated")).isNull();
    }

    @Test
    @DisplayName("finding 1: over-long and odd fields are stored cut or cleaned, with a marker, and acknowledged")
    void finding01_overlongAndOddFieldsAreStoredWithAMarker() throws Exception {
        client.publish(new EventMessage(1, 2, T0, "ALARM", "M".repeat(41), null, null, "c".repeat(201), "R".repeat(150),
                "A".repeat(500), "nul\0in detail " + "d".repeat(5000)));
        assertThat(client.nextAck(ACK_WITHIN)).isEqualTo(2);
        assertThat(column(2, "alarm")).hasSize(EventFields.ALARM).endsWith("…").startsWith("AAAA");
        assertThat(column(2, "method")).as("41 characters fit now").isEqualTo("M".repeat(41));
        assertThat(column(2, "reason")).isEqualTo("R".repeat(150));
        assertThat(column(2, "credential")).hasSize(EventFields.CREDENTIAL).endsWith("…");
        assertThat(column(2, "detail")).startsWith("nul\uFFFDin detail").hasSize(EventFields.DETAIL);
        assertThat(column(2, "truncated")).isEqualTo("credential:201,alarm:500,detail:nul,detail:5014");
        assertThat(rows("alerts where lock_id = '" + lock + "' and seq = 2"))
                .as("the alarm's alert is raised under the cut alarm, for the owner").isEqualTo(1);
    }

    @Test
    @DisplayName("finding 1: a message that does not read, or reads as no event, is counted in link_drops and never acknowledged")
    void finding01_unreadableMessagesAreCountedNotAcknowledged() throws Exception {
        client.publishRaw("not json at all\0");
        client.publishRaw("{\"v\":1,\"seq\":3,\"at\":\"2026-01-05T08:00:00Z\",\"kind\":null}");
        client.publishRaw("{\"v\":1,\"seq\":4,\"at\":null,\"kind\":\"UNLOCK\"}");
        await().atMost(ACK_WITHIN).until(() -> drops() == 3);
        assertThat(jdbc.sql("select last_reason from link_drops where serial = :s and topic = 'events'").param("s", serial)
                .query(String.class).single()).contains("no time");
        assertThat(client.ackWithin(NO_ACK_FOR)).as("no ack for what was not stored").isEmpty();
        assertThat(rows("events where lock_id = '" + lock + "'")).isZero();
    }

    @Test
    @DisplayName("H5 a database failure leaves the event unacknowledged; resent once the database takes it, it is stored once")
    void databaseFailureLeavesTheEventUnacknowledgedUntilStored() throws Exception {
        String constraint = "kw_test_refuse_" + lock.toString().replace("-", "").substring(0, 12);
        // the database refuses every write of this lock's events (other locks' go on)
        jdbc.sql("alter table events add constraint " + constraint + " check (lock_id <> cast('" + lock + "' as uuid))").update();
        EventMessage tamper = new EventMessage(1, 5, T0, "ALARM", null, null, null, null, null, "TAMPER", null);
        try {
            client.publish(tamper);
            assertThat(client.ackWithin(NO_ACK_FOR)).as("not stored, not acknowledged").isEmpty();
        } finally {
            jdbc.sql("alter table events drop constraint " + constraint).update();
        }
        client.publish(tamper); // the lock sends what was not acknowledged again
        assertThat(client.nextAck(ACK_WITHIN)).isEqualTo(5);
        client.publish(tamper); // and a copy (an ack lost on the way) is absorbed
        assertThat(client.nextAck(ACK_WITHIN)).isEqualTo(5);
        assertThat(rows("events where lock_id = '" + lock + "'")).isEqualTo(1);
        assertThat(rows("alerts where lock_id = '" + lock + "'")).as("one alert: the event arrived once").isEqualTo(1);
        System.out.println("event ingest: 3 publishes of one event through a refused write, 1 stored, 2 acks");
    }

    private String column(long seq, String column) {
        return jdbc.sql("select " + column + " from events where lock_id = :lock and seq = :seq")
                .param("lock", lock).param("seq", seq).query(String.class).optional().orElse(null);
    }

    private long drops() {
        return jdbc.sql("select coalesce(sum(drops), 0) from link_drops where serial = :s").param("s", serial)
                .query(Long.class).single();
    }

    /** A lock on the link, as CloudLink connects: client id = username = serial; reads its acks. */
    static final class LockClient implements AutoCloseable {
        private final Mqtt5BlockingClient mqtt;
        private final Mqtt5BlockingClient.Mqtt5Publishes inbox;
        private final String serial;

        LockClient(String uri, String serial, String password) {
            URI u = URI.create(uri);
            this.serial = serial;
            mqtt = MqttClient.builder().useMqttVersion5().serverHost(u.getHost()).serverPort(u.getPort()).identifier(serial)
                    .simpleAuth().username(serial).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                    .buildBlocking();
            mqtt.connectWith().cleanStart(true).send();
            inbox = mqtt.publishes(MqttGlobalPublishFilter.ALL);
            mqtt.subscribeWith().topicFilter(Topics.of(serial, Topics.Kind.ACKS)).qos(MqttQos.AT_LEAST_ONCE).send();
        }

        void publish(EventMessage event) {
            publishRaw(LinkMessages.write(event));
        }

        void publishRaw(String payload) {
            publishRaw(payload.getBytes(StandardCharsets.UTF_8));
        }

        void publishRaw(byte[] payload) {
            mqtt.publishWith().topic(Topics.of(serial, Topics.Kind.EVENTS)).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
        }

        /** Publishes without waiting for the broker's PUBACK, as fast as the client goes (a flood). */
        CompletableFuture<?> publishAsync(EventMessage event) {
            return mqtt.toAsync().publishWith().topic(Topics.of(serial, Topics.Kind.EVENTS)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(LinkMessages.write(event)).send();
        }

        /** Every ack that arrives until none has come for the quiet time. */
        List<Long> acksUntilQuiet(Duration quiet) throws Exception {
            List<Long> acks = new ArrayList<>();
            for (Optional<Long> ack = ackWithin(quiet); ack.isPresent(); ack = ackWithin(quiet)) {
                acks.add(ack.get());
            }
            return acks;
        }

        /**
         * The seq of the next acknowledged event within the time, or empty. An ack of a run (from..seq,
         * one for the events of a lock stored in one batch) counts as each of its events, in order, so
         * the tests see one seq for each event acknowledged, as a lock does.
         */
        Optional<Long> ackWithin(Duration time) throws Exception {
            if (!acked.isEmpty()) {
                return Optional.of(acked.poll());
            }
            Optional<Mqtt5Publish> p = inbox.receive(time.toMillis(), TimeUnit.MILLISECONDS);
            if (p.isEmpty()) {
                return Optional.empty();
            }
            LinkMessages.Ack ack = LinkMessages.read(p.get().getPayloadAsBytes(), LinkMessages.Ack.class);
            assertThat(ack.first()).as("a run's first seq is not after its last").isLessThanOrEqualTo(ack.seq());
            for (long seq = ack.first(); seq <= ack.seq(); seq++) {
                acked.add(seq);
            }
            return Optional.of(acked.poll());
        }

        private final java.util.ArrayDeque<Long> acked = new java.util.ArrayDeque<>();

        long nextAck(Duration time) throws Exception {
            return ackWithin(time).orElseThrow(() -> new AssertionError("no ack within " + time));
        }

        @Override
        public void close() {
            inbox.close();
            mqtt.disconnect();
        }
    }
}
