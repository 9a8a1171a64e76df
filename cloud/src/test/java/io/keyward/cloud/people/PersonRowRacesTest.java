package io.keyward.cloud.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.keyward.cloud.CloudTest;
import io.keyward.cloud.H2Storage;
import io.keyward.cloud.TestLocks;
import io.keyward.cloud.management.SignatureRequests;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockUserRole;
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
 * Issue 15: the same for a row waiting for an owner's device to sign its command (V44 signature columns),
 * and the signature requests' own rules (sealed at rest, only device-signed commands taken back unsent).
 */
@H2Storage
@DisplayName("SPEC B11 a person's row on a lock: settled and claimed without a second ADD_USER")
class PersonRowRacesTest extends CloudTest {

    @Autowired
    People people;

    @Autowired
    SignatureRequests signatures;

    UUID owner;
    UUID person;
    UUID lock;
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);

    @BeforeEach
    void personOnALock() {
        owner = TestLocks.accountId(jdbc, signUp());
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

    @Test
    @DisplayName("issue 15: a row waits for one signature request at a time; a newer one replaces it only as read; the signed "
            + "answer claims the row once, and only for the request it waits for; no request while a command is in flight")
    void signatureRequestOnce() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        assertThat(people.awaitSignature(person, lock, null, first, 1, 0, PersonSync.ADD)).isTrue();
        assertThat(row().awaitingSignature()).isTrue();
        assertThat(people.awaitSignature(person, lock, null, second, 1, 0, PersonSync.ADD))
                .as("another thread that read the row before the first request").isFalse();
        assertThat(people.awaitSignature(person, lock, first, second, 2, 0, PersonSync.ADD)).as("a newer wish").isTrue();
        assertThat(people.claimSigned(person, lock, first, UUID.randomUUID(), now)).as("the replaced request").isFalse();
        UUID token = UUID.randomUUID();
        assertThat(people.claimSigned(person, lock, second, token, now)).isTrue();
        assertThat(people.claimSigned(person, lock, second, UUID.randomUUID(), now)).as("signed twice at once").isFalse();
        assertThat(people.awaitSignature(person, lock, second, UUID.randomUUID(), 3, 0, PersonSync.ADD))
                .as("no request while the signed command is being queued").isFalse();
        UUID command = UUID.randomUUID();
        people.queuedSigned(person, lock, token, command, 2, 0, PersonSync.ADD);
        People.PersonLock queued = row();
        assertThat(queued.commandId()).isEqualTo(command);
        assertThat(queued.commandRevision()).isEqualTo(2L);
        assertThat(queued.commandKind()).isEqualTo(PersonSync.ADD);
        assertThat(queued.signatureId()).as("the request is done").isNull();
        assertThat(queued.awaitingSignature()).isFalse();
    }

    @Test
    @DisplayName("issue 15: a signature request keeps the person's passcode sealed at rest and gives the exact command back; "
            + "dropped, it is gone")
    void signatureRequestSealed() {
        LockCommand add = new LockCommand.AddUser("Cleaner", LockUserRole.USER, LockCommand.Validity.ALWAYS, "482916");
        UUID request = signatures.record(lock, owner, add);
        String stored = jdbc.sql("select body from signature_requests where id = :id").param("id", request).query(String.class).single();
        assertThat(stored).contains("ADD_USER").doesNotContain("482916");
        assertThat(signatures.waiting(request).orElseThrow().command()).isEqualTo(add);
        assertThat(signatures.exists(request)).isTrue();
        signatures.drop(request);
        assertThat(signatures.exists(request)).isFalse();
        assertThat(signatures.waiting(request)).isEmpty();
    }

    @Test
    @DisplayName("issue 15: only a device-signed command never sent is taken back for a newer wish (SUPERSEDED); a command the "
            + "cloud signs, or one sent once, stays in the queue")
    void onlyUnsentSignedCommandsWithdrawn() {
        UUID cloudSigned = pending("{\"type\":\"SET_VALIDITY\",\"user\":7,\"validity\":null}", 1, null);
        UUID signedUnsent = pending("{\"type\":\"DEVICE_SIGNED\",\"signed\":\"kws1:x\",\"chain\":[]}", 2, null);
        UUID signedSent = pending("{\"type\":\"DEVICE_SIGNED\",\"signed\":\"kws1:y\",\"chain\":[]}", 3, now);
        assertThat(signatures.withdraw(lock, cloudSigned)).as("an unprotected lock gets every change, in order").isFalse();
        assertThat(signatures.withdraw(lock, signedSent)).as("the lock may have applied it").isFalse();
        assertThat(signatures.withdraw(UUID.randomUUID(), signedUnsent)).as("another lock's id").isFalse();
        assertThat(signatures.withdraw(lock, signedUnsent)).isTrue();
        assertThat(signatures.withdraw(lock, signedUnsent)).as("once").isFalse();
        assertThat(jdbc.sql("select status || ' ' || reason from lock_commands where id = :id").param("id", signedUnsent)
                .query(String.class).single()).isEqualTo("REFUSED SUPERSEDED");
        assertThat(jdbc.sql("select status from lock_commands where id = :id").param("id", cloudSigned)
                .query(String.class).single()).isEqualTo("PENDING");
    }

    private UUID pending(String body, long version, OffsetDateTime sentAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into lock_commands (id, lock_id, version, body, requested_by, requested_at, status, sent_at)
                values (:id, :lock, :version, :body, :owner, :now, 'PENDING', :sent)""")
                .param("id", id).param("lock", lock).param("version", version).param("body", body).param("owner", owner)
                .param("now", now).param("sent", sentAt).update();
        return id;
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
