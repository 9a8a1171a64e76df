package io.keyward.cloud.people;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.H2Storage;
import io.keyward.cloud.TestLocks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC B11, several nodes: a node that dies after queuing a person's ADD_USER and before the person's row names
 * the command. The row's claim is then taken back (as the sweep does with a stale one) and the person queued
 * again: before the two writes shared one transaction, the first command stayed queued beside the second, and
 * the lock got the person twice (a second lock user the cloud never knew of, whose passcode a removal of the
 * person would not take away). Here the death is the row's write failing, as the real People table's would.
 */
@H2Storage
@Import(PersonQueueCrashTest.DiesBeforeTheRowNamesIt.class)
class PersonQueueCrashTest extends CloudTest {

    static final AtomicBoolean DIE = new AtomicBoolean();

    /** The person's rows as the real table has them; while DIE is set, the node dies as a row would name its command. */
    @TestConfiguration(proxyBeanMethods = false)
    static class DiesBeforeTheRowNamesIt {
        @Bean
        @Primary
        People dying(JdbcClient jdbc) {
            return new People(jdbc) {
                @Override
                boolean queued(UUID person, UUID lock, UUID token, UUID command, long revision, long passcode, String kind) {
                    if (DIE.get()) {
                        throw new IllegalStateException("the node died after queuing " + command);
                    }
                    return super.queued(person, lock, token, command, revision, passcode, kind);
                }
            };
        }
    }

    @Autowired
    PersonSync sync;

    @Autowired
    People people;

    @Test
    @DisplayName("B11 a node dying between queuing a person's ADD_USER and its row naming it queues nothing; the next step queues it once")
    void deathBetweenQueueAndRowQueuesOnce() {
        String email = signUp();
        UUID lock = TestLocks.create(jdbc, TestLocks.accountId(jdbc, email)); // offline: commands wait in the queue
        DIE.set(true);
        try {
            api.postJson("/api/people", Api.json(Map.of("name", "Cleaner", "passcode", "482916", "locks", List.of(lock))),
                    "Cookie", "KW_SESSION=" + signIn(email), "X-Keyward", "1");
        } finally {
            DIE.set(false);
        }
        UUID person = jdbc.sql("select person_id from person_locks where lock_id = :lock").param("lock", lock)
                .query(UUID.class).single();
        assertThat(commands(lock)).as("the command died with its row's write").isZero();
        assertThat(people.row(person, lock).orElseThrow().commandId()).as("the claim is taken back").isNull();

        sync.step(person, lock); // the next step (the sweep's, or another node's)
        sync.step(person, lock); // and one more: the row names its command in flight, nothing more is queued
        assertThat(commands(lock)).as("ADD_USER queued once").isEqualTo(1);
        UUID queued = jdbc.sql("select id from lock_commands where lock_id = :lock").param("lock", lock).query(UUID.class).single();
        assertThat(people.row(person, lock).orElseThrow().commandId()).isEqualTo(queued);
        assertThat(jdbc.sql("select body from lock_commands where id = :id").param("id", queued).query(String.class).single())
                .contains("ADD_USER");
    }

    private long commands(UUID lock) {
        return jdbc.sql("select count(*) from lock_commands where lock_id = :lock").param("lock", lock).query(Long.class).single();
    }
}
