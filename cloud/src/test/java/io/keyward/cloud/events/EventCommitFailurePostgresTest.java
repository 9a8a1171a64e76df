package io.keyward.cloud.events;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

import io.keyward.cloud.CloudTest;
import io.keyward.cloud.PostgresStorage;
import io.keyward.cloud.TestLocks;
import io.keyward.cloud.broker.BrokerEndpoint;
import io.keyward.cloud.broker.LockCredentials;
import io.keyward.protocol.link.LinkMessages.EventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static io.keyward.cloud.events.LocksOnTheLink.tamper;
import static io.keyward.cloud.events.LocksOnTheLink.unlock;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 item 4: a crash between receipt and commit. PostgreSQL itself refuses the commit (a deferred
 * constraint trigger raises at COMMIT, after every insert of the batch went through), so the cloud holds
 * a batch it has received and written but not committed. Nothing of it may be acknowledged; the lock
 * sends it all again, and then each event is stored once and alerts once.
 */
@PostgresStorage
@DisplayName("Faults: a batch whose commit fails is not acknowledged, and nothing is lost or doubled after the resend (SPEC H5)")
class EventCommitFailurePostgresTest extends CloudTest {

    static final int EVENTS = 40;

    @Autowired
    BrokerEndpoint endpoint;

    @Autowired
    LockCredentials credentials;

    private LocksOnTheLink link;

    @BeforeEach
    void refuseCommits() {
        link = new LocksOnTheLink(jdbc, endpoint, credentials);
        jdbc.sql("create table if not exists kw_refused_commits (lock_id uuid primary key)").update();
        jdbc.sql("""
                create or replace function kw_refuse_commit() returns trigger language plpgsql as $$
                begin
                    if exists (select 1 from kw_refused_commits r where r.lock_id = new.lock_id) then
                        raise exception 'this test refuses the commit of lock %', new.lock_id;
                    end if;
                    return null;
                end $$""").update();
        jdbc.sql("drop trigger if exists kw_refuse_commit on events").update();
        jdbc.sql("""
                create constraint trigger kw_refuse_commit after insert on events
                deferrable initially deferred for each row execute function kw_refuse_commit()""").update();
    }

    @AfterEach
    void allowCommits() {
        link.close();
        jdbc.sql("drop trigger if exists kw_refuse_commit on events").update();
    }

    @Test
    @DisplayName("SPEC H5 40 events whose batch commit fails: none acknowledged, none stored; sent again (with copies), each stored once, each alarm alerting once")
    void aFailedCommitLosesNothingAndDoublesNothing() throws Exception {
        LocksOnTheLink.Lock lock = link.add(TestLocks.accountId(jdbc, signUp()));
        jdbc.sql("insert into kw_refused_commits (lock_id) values (:id)").param("id", lock.id()).update();
        for (long seq = 1; seq <= EVENTS; seq++) {
            lock.client().publishAsync(event(seq));
        }
        assertThat(lock.client().ackWithin(EventIngestTest.NO_ACK_FOR)).as("nothing acknowledged").isEmpty();
        assertThat(rows("events where lock_id = '" + lock.id() + "'")).isZero();

        jdbc.sql("delete from kw_refused_commits where lock_id = :id").param("id", lock.id()).update();
        for (long seq = 1; seq <= EVENTS; seq++) { // the lock sends every event not acknowledged again
            lock.client().publishAsync(event(seq));
        }
        for (long seq = 1; seq <= 10; seq++) { // and copies, as after an ack lost on the way
            lock.client().publishAsync(event(seq));
        }
        List<Long> acks = lock.client().acksUntilQuiet(Duration.ofSeconds(3));
        assertThat(new TreeSet<>(acks)).hasSize(EVENTS).first().isEqualTo(1L);
        assertThat(acks).hasSize(EVENTS + 10);
        assertThat(rows("events where lock_id = '" + lock.id() + "'")).as("each once").isEqualTo(EVENTS);
        assertThat(rows("alerts where lock_id = '" + lock.id() + "'")).as("each alarm alerts once").isEqualTo(EVENTS / 10);
    }

    private static EventMessage event(long seq) {
        return seq % 10 == 0 ? tamper(seq) : unlock(seq);
    }
}
