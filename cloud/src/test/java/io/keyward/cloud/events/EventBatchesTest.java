package io.keyward.cloud.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.keyward.cloud.CloudTest;
import io.keyward.cloud.TestLocks;
import io.keyward.cloud.broker.BrokerEndpoint;
import io.keyward.cloud.broker.LockCredentials;
import io.keyward.protocol.link.LinkMessages.EventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;

import static io.keyward.cloud.events.LocksOnTheLink.tamper;
import static io.keyward.cloud.events.LocksOnTheLink.unlock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Batched ingest (issue 11 item 4, SPEC H5, docs/link.md "Batched ingest"): {@link EventStore#storeAll}
 * directly, then over the real link, where a lock's events are acknowledged only once their batch has
 * committed, in order, and one event the database refuses does not hold back the others.
 */
abstract class EventBatchesTest extends CloudTest {

    static final Duration ACK_WITHIN = Duration.ofSeconds(20);

    @Autowired
    BrokerEndpoint endpoint;

    @Autowired
    LockCredentials credentials;

    @Autowired
    EventStore events;

    private LocksOnTheLink link;

    @BeforeEach
    void link() {
        link = new LocksOnTheLink(jdbc, endpoint, credentials);
    }

    @AfterEach
    void closeClients() {
        link.close();
    }

    LocksOnTheLink.Lock lockOnTheLink(UUID owner) {
        return link.add(owner);
    }

    UUID owner() {
        return TestLocks.accountId(jdbc, signUp());
    }

    @Test
    @DisplayName("SPEC H5 a batch: copies of stored events and copies within the batch are absorbed, each new event stored and alerting once, one transaction")
    void aBatchStoresEachEventOnce() {
        UUID owner = owner();
        UUID a = TestLocks.create(jdbc, owner);
        UUID b = TestLocks.create(jdbc, owner);
        assertThat(events.store(a, tamper(2))).isTrue();

        List<Boolean> fresh = events.storeAll(List.of(new EventStore.Incoming(a, unlock(1)),
                new EventStore.Incoming(a, tamper(2)), new EventStore.Incoming(b, tamper(1)),
                new EventStore.Incoming(a, tamper(3)), new EventStore.Incoming(a, unlock(1)),
                new EventStore.Incoming(b, unlock(2))));

        assertThat(fresh).containsExactly(true, false, true, true, false, true);
        assertThat(rows("events where lock_id = '" + a + "'")).isEqualTo(3);
        assertThat(rows("events where lock_id = '" + b + "'")).isEqualTo(2);
        assertThat(rows("alerts where lock_id = '" + a + "'")).as("seq 2 before, seq 3 now; the copy of 2 alerts no more")
                .isEqualTo(2);
        assertThat(rows("alerts where lock_id = '" + b + "'")).isEqualTo(1);
        assertThat(jdbc.sql("select count(distinct received_at) from events where lock_id in (:a, :b) and not (lock_id = :a and seq = 2)")
                .param("a", a).param("b", b).query(Long.class).single())
                .as("the batch's four new events were written together").isEqualTo(1);
    }

    @Test
    @DisplayName("SPEC H5 a batch is all or nothing: one event the database refuses undoes the whole batch and its alerts")
    void aBatchIsAllOrNothing() {
        UUID a = TestLocks.create(jdbc, owner());
        String constraint = refuse(a, 7);
        try {
            assertThatThrownBy(() -> events.storeAll(List.of(new EventStore.Incoming(a, tamper(5)),
                    new EventStore.Incoming(a, unlock(6)), new EventStore.Incoming(a, unlock(7)),
                    new EventStore.Incoming(a, unlock(8))))).isInstanceOf(DataAccessException.class);
        } finally {
            allow(constraint);
        }
        assertThat(rows("events where lock_id = '" + a + "'")).isZero();
        assertThat(rows("alerts where lock_id = '" + a + "'")).isZero();
    }

    @Test
    @DisplayName("SPEC H5 events of three locks sent at once: each stored once, acknowledged in each lock's order and only once stored")
    void burstsOfThreeLocksAreStoredAndAcknowledgedInOrder() throws Exception {
        UUID owner = owner();
        List<LocksOnTheLink.Lock> locks = List.of(lockOnTheLink(owner), lockOnTheLink(owner), lockOnTheLink(owner));
        int count = 150;
        List<CompletableFuture<Void>> sent = locks.stream().map(lock -> CompletableFuture.runAsync(() -> {
            for (long seq = 1; seq <= count; seq++) {
                lock.client().publish(seq % 25 == 0 ? tamper(seq) : unlock(seq));
            }
        })).toList();
        for (LocksOnTheLink.Lock lock : locks) {
            for (long seq = 1; seq <= count; seq++) {
                long acked = lock.client().nextAck(ACK_WITHIN);
                assertThat(acked).as("the lock's events are acknowledged in its order").isEqualTo(seq);
                assertThat(rows("events where lock_id = '" + lock.id() + "' and seq = " + acked))
                        .as("acknowledged only once stored").isEqualTo(1);
            }
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        for (LocksOnTheLink.Lock lock : locks) {
            assertThat(rows("events where lock_id = '" + lock.id() + "'")).isEqualTo(count);
            assertThat(rows("alerts where lock_id = '" + lock.id() + "'")).isEqualTo(count / 25);
        }
    }

    @Test
    @DisplayName("SPEC H5 one event the database refuses in a burst stays unacknowledged while the others are stored and acknowledged; sent again, it is stored once")
    void oneRefusedEventDoesNotHoldBackTheOthers() throws Exception {
        LocksOnTheLink.Lock lock = lockOnTheLink(owner());
        String constraint = refuse(lock.id(), 10);
        List<Long> acks = new ArrayList<>();
        try {
            for (long seq = 1; seq <= 20; seq++) {
                lock.client().publish(unlock(seq));
            }
            for (int i = 0; i < 19; i++) {
                acks.add(lock.client().nextAck(ACK_WITHIN));
            }
            assertThat(lock.client().ackWithin(EventIngestTest.NO_ACK_FOR)).as("nothing more: 10 is not stored").isEmpty();
        } finally {
            allow(constraint);
        }
        assertThat(acks).doesNotContain(10L).doesNotHaveDuplicates().hasSize(19);
        assertThat(rows("events where lock_id = '" + lock.id() + "'")).isEqualTo(19);
        lock.client().publish(unlock(10)); // the lock sends what was not acknowledged again
        assertThat(lock.client().nextAck(ACK_WITHIN)).isEqualTo(10);
        assertThat(rows("events where lock_id = '" + lock.id() + "'")).isEqualTo(20);
    }

    private static final int BURST = 3000;

    @Test
    @DisplayName("SPEC H4 an alarm's alert leaves within a second while another lock sends a burst of events")
    void anAlertLeavesWithinASecondDuringABurst() throws Exception {
        UUID owner = owner();
        LocksOnTheLink.Lock busy = lockOnTheLink(owner);
        LocksOnTheLink.Lock alarmed = lockOnTheLink(owner);
        CompletableFuture<Void> burst = CompletableFuture.runAsync(() -> {
            for (long seq = 1; seq <= BURST; seq++) {
                busy.client().publish(unlock(seq));
            }
        });
        Thread.sleep(300); // the burst is under way
        long start = System.nanoTime();
        alarmed.client().publish(tamper(1));
        // the alert is pushed after its batch commits and before the event's ack leaves (EventInbox)
        assertThat(alarmed.client().nextAck(ACK_WITHIN)).isEqualTo(1);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        long busyStored = rows("events where lock_id = '" + busy.id() + "'");
        assertThat(rows("alerts where lock_id = '" + alarmed.id() + "'")).isEqualTo(1);
        assertThat(took).as("publish to ack, the alert stored and pushed on the way").isLessThan(Duration.ofSeconds(1));
        assertThat(busyStored).as("the burst was under way").isBetween(1L, BURST - 1L);
        burst.join();
        System.out.println("event batches: an alarm's publish -> ack took " + took.toMillis() + " ms during a burst");
    }

    /** The database refuses this one event of the lock (every other goes in). */
    String refuse(UUID lock, long seq) {
        String constraint = "kw_refuse_" + lock.toString().replace("-", "").substring(0, 12) + "_" + seq;
        jdbc.sql("alter table events add constraint " + constraint + " check (not (lock_id = cast('" + lock
                + "' as uuid) and seq = " + seq + "))").update();
        return constraint;
    }

    void allow(String constraint) {
        jdbc.sql("alter table events drop constraint " + constraint).update();
    }
}
