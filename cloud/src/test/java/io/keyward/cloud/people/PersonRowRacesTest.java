package io.keyward.cloud.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.keyward.cloud.CloudTest;
import io.keyward.cloud.H2Storage;
import io.keyward.cloud.TestLocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * SPEC B11, one person on one lock: an answer and a step on other threads (the reply's, the sweep, a
 * lock coming back) must never send the same person to the lock twice. `./keyward bench people` found a
 * second ADD_USER, refused by the lock as PASSCODE_ALREADY_ON_LOCK (the person's own code): the answer
 * freed the row and wrote the lock user in two statements, and a step between them saw a free row with
 * no lock user. Each settle is now one statement, and a claim holds only on the row as it was read.
 */
@H2Storage
@DisplayName("SPEC B11 a person's row on a lock: settled and claimed without a second ADD_USER")
class PersonRowRacesTest extends CloudTest {

    @Autowired
    People people;

    UUID person;
    UUID lock;
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);

    @BeforeEach
    void personOnALock() {
        UUID owner = TestLocks.accountId(jdbc, signUp());
        lock = TestLocks.create(jdbc, owner);
        person = UUID.randomUUID();
        people.insert(new People.Person(person, owner, "Cleaner", null, "hash", "sealed", null, 1, false, now, 0));
        people.addLock(person, lock, now);
    }

    @Test
    @DisplayName("a step that read the row before the lock's yes cannot claim it after: no second ADD_USER")
    void staleReadCannotClaim() {
        People.PersonLock before = row();
        UUID add = claimAndQueue(before);
        People.PersonLock readWhileInFlight = row();
        People.PersonLock readBeforeTheSend = before; // a sweep that read the row before the claim

        assertThat(people.settleConfirmed(person, lock, add, 7, 42, 1, 0, People.ON_LOCK, now)).isTrue();

        People.PersonLock after = row();
        assertThat(after.commandId()).isNull();
        assertThat(after.lockUser()).as("freed and on the lock in one statement").isEqualTo(7);
        assertThat(after.state()).isEqualTo(People.ON_LOCK);
        assertThat(after.confirmedVersion()).isEqualTo(42L);
        assertThat(readWhileInFlight.inFlight()).isTrue();
        assertThat(people.claim(readBeforeTheSend, UUID.randomUUID(), now))
                .as("a claim on a row read before the answer (no lock user yet)").isFalse();
        assertThat(people.claim(after, UUID.randomUUID(), now)).as("a claim on the row as it now is").isTrue();
    }

    @Test
    @DisplayName("an answer is settled once: a second settle (the sweep, another node) changes nothing")
    void settledOnce() {
        UUID add = claimAndQueue(row());
        assertThat(people.settleFailed(person, lock, add, "LOCK_FULL", "the lock is full", now)).isTrue();
        assertThat(people.settleConfirmed(person, lock, add, 7, 42, 1, 0, People.ON_LOCK, now)).isFalse();
        assertThat(people.deleteSettled(person, lock, add)).isFalse();

        People.PersonLock after = row();
        assertThat(after.state()).isEqualTo(People.FAILED);
        assertThat(after.reason()).isEqualTo("LOCK_FULL");
        assertThat(after.lockUser()).isNull();
        assertThat(after.commandId()).isNull();
    }

    @Test
    @DisplayName("a removal the lock confirmed deletes the row once, only for its own command")
    void removalSettledOnce() {
        UUID add = claimAndQueue(row());
        assertThat(people.deleteSettled(person, lock, UUID.randomUUID())).as("another command's answer").isFalse();
        assertThat(people.deleteSettled(person, lock, add)).isTrue();
        assertThat(people.row(person, lock)).isEmpty();
    }

    private UUID claimAndQueue(People.PersonLock seen) {
        UUID token = UUID.randomUUID();
        assertThat(people.claim(seen, token, now)).isTrue();
        UUID command = UUID.randomUUID();
        people.queued(person, lock, token, command, 1, 0, PersonSync.ADD);
        return command;
    }

    private People.PersonLock row() {
        return people.row(person, lock).orElseThrow();
    }
}
