package io.keyward.cloud.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.H2Storage;
import io.keyward.cloud.TestLocks;
import io.keyward.cloud.management.CommandAnswered;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 13 item 1, the lost ON_LOCK: a lock answers ADD_USER and reports its new state at the same moment,
 * so the reply's thread (PersonSync.answered) and the state report's (cameOnline, which steps the person's
 * rows) meet on the same row. Here the state report's step runs right after each write of the answer, as
 * the scheduler may run it: before the fix the first write only freed the row of its command, the step saw
 * no lock user and added the person again (the lock then refused the code it had just taken:
 * PASSCODE_ALREADY_ON_LOCK, FAILED for good), and PeoplePostgresMosquittoTest waited in vain under load.
 */
@H2Storage
@Import(PersonAnswerRaceTest.StepBetweenWrites.class)
class PersonAnswerRaceTest extends CloudTest {

    /** The person's rows as the real table has them, with the state report's step after each write of an answer. */
    @TestConfiguration(proxyBeanMethods = false)
    static class StepBetweenWrites {
        @Bean
        @Primary
        People interleaved(JdbcClient jdbc, @Lazy PersonSync sync) {
            return new People(jdbc) {
                @Override
                boolean settle(UUID person, UUID lock, UUID command) {
                    return stepAfter(super.settle(person, lock, command), sync, person, lock);
                }

                @Override
                boolean settleConfirmed(UUID person, UUID lock, UUID command, Integer lockUser, long version, long revision,
                                        long passcode, String state, OffsetDateTime now) {
                    return stepAfter(super.settleConfirmed(person, lock, command, lockUser, version, revision, passcode, state, now),
                            sync, person, lock);
                }
            };
        }

        private static boolean stepAfter(boolean written, PersonSync sync, UUID person, UUID lock) {
            sync.step(person, lock); // the state report's thread, scheduled right here
            return written;
        }
    }

    @Autowired
    PersonSync sync;

    @Test
    @DisplayName("B11 the lock's answer to ADD_USER and its state report at once: the person is ON_LOCK with the lock's user, added once")
    void answerAndStateReportAtOnce() {
        String email = signUp();
        String session = signIn(email);
        UUID lock = TestLocks.create(jdbc, TestLocks.accountId(jdbc, email)); // offline: the command waits in the queue
        Api.Response created = api.postJson("/api/people", Api.json(Map.of("name", "Cleaner", "passcode", "482916",
                "locks", List.of(lock))), "Cookie", "KW_SESSION=" + session, "X-Keyward", "1");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID person = UUID.fromString(created.json().get("id").asString());
        UUID command = jdbc.sql("select command_id from person_locks where person_id = :p").param("p", person)
                .query(UUID.class).single();
        long version = jdbc.sql("select version from lock_commands where id = :id").param("id", command).query(Long.class).single();
        jdbc.sql("update lock_commands set status = 'APPLIED', result_user = 7 where id = :id").param("id", command).update();

        sync.answered(new CommandAnswered(lock, command, version, true, null, null, 7));

        assertThat(jdbc.sql("select count(*) from lock_commands where lock_id = :lock").param("lock", lock).query(Long.class).single())
                .as("ADD_USER sent once: the state report's step found the person on the lock").isEqualTo(1);
        Map<String, Object> row = jdbc.sql("select state, lock_user, command_id from person_locks where person_id = :p")
                .param("p", person).query().singleRow();
        assertThat(row.get("state")).isEqualTo("ON_LOCK");
        assertThat(row.get("lock_user")).isEqualTo(7);
        assertThat(row.get("command_id")).isNull();
    }
}
