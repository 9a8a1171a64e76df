package io.keyward.cloud.people;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The people and person_locks tables (docs/people.md): who a person is, their schedule and passcode (a
 * keyed hash, and the code sealed only until every lock confirmed it), and per lock the lock user the lock
 * made for them with the sync state its answers left.
 */
@Repository
class People {

    /** validity: LockCommand.Validity as JSON, null: always; passcodeRevision: raised by each change of the code (V38). */
    record Person(UUID id, UUID ownerId, String name, String contact, String passcodeHash, String passcodeSealed,
                  String validity, long revision, boolean removing, OffsetDateTime createdAt, long passcodeRevision) {
    }

    /** One person on one lock; see V33__people.sql and V38 for the columns. */
    record PersonLock(UUID personId, UUID lockId, Integer lockUser, String state, String reason, String message,
                      OffsetDateTime since, Long confirmedVersion, long confirmedRevision, UUID commandId,
                      Long commandRevision, String commandKind, OffsetDateTime commandAt, boolean removing,
                      OffsetDateTime addedAt, long confirmedPasscode, Long commandPasscode,
                      UUID signatureId, Long signatureRevision, Long signaturePasscode, String signatureKind) {

        boolean inFlight() {
            return commandId != null;
        }

        /** Waiting for an owner's device to sign its next command (V44, docs/people.md "On a protected lock"). */
        boolean awaitingSignature() {
            return signatureId != null && commandId == null;
        }
    }

    static final String ON_LOCK = "ON_LOCK";
    static final String PENDING = "PENDING";
    static final String FAILED = "FAILED";

    /** What frees a row of its command in flight. */
    private static final String FREED =
            "command_id = null, command_kind = null, command_revision = null, command_passcode = null, command_at = null";

    private final JdbcClient jdbc;

    People(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Person p) {
        jdbc.sql("""
                insert into people (id, owner_id, name, contact, passcode_hash, passcode_sealed, validity, revision, removing, created_at)
                values (:id, :ownerId, :name, :contact, :passcodeHash, :passcodeSealed, :validity, :revision, :removing, :createdAt)""")
                .paramSource(p).update();
    }

    void addLock(UUID person, UUID lock, OffsetDateTime now) {
        jdbc.sql("""
                insert into person_locks (person_id, lock_id, state, since, confirmed_revision, removing, added_at)
                values (:person, :lock, 'PENDING', :now, 0, false, :now)""")
                .param("person", person).param("lock", lock).param("now", now).update();
    }

    Optional<Person> person(UUID id) {
        return jdbc.sql("select * from people where id = :id").param("id", id).query(Person.class).optional();
    }

    List<Person> of(UUID owner) {
        return jdbc.sql("select * from people where owner_id = :owner order by name, created_at")
                .param("owner", owner).query(Person.class).list();
    }

    List<PersonLock> locksOf(UUID person) {
        return jdbc.sql("select * from person_locks where person_id = :person order by added_at, lock_id")
                .param("person", person).query(PersonLock.class).list();
    }

    Optional<PersonLock> row(UUID person, UUID lock) {
        return jdbc.sql("select * from person_locks where person_id = :person and lock_id = :lock")
                .param("person", person).param("lock", lock).query(PersonLock.class).optional();
    }

    /** A row in flight and its person, as a lock's answer needs them (PersonSync.answered). */
    record Answering(PersonLock row, Person person) {
    }

    /** The row this command is in flight for, with its person, in one round trip: empty when none. */
    Optional<Answering> answering(UUID command) {
        DataClassRowMapper<PersonLock> rows = new DataClassRowMapper<>(PersonLock.class);
        return jdbc.sql("""
                select pl.*, p.owner_id as p_owner_id, p.name as p_name, p.contact as p_contact,
                       p.passcode_hash as p_passcode_hash, p.passcode_sealed as p_passcode_sealed, p.validity as p_validity,
                       p.revision as p_revision, p.removing as p_removing, p.created_at as p_created_at,
                       p.passcode_revision as p_passcode_revision
                from person_locks pl join people p on p.id = pl.person_id where pl.command_id = :command""")
                .param("command", command)
                .query((rs, n) -> new Answering(rows.mapRow(rs, n), new Person(rs.getObject("person_id", UUID.class),
                        rs.getObject("p_owner_id", UUID.class), rs.getString("p_name"), rs.getString("p_contact"),
                        rs.getString("p_passcode_hash"), rs.getString("p_passcode_sealed"), rs.getString("p_validity"),
                        rs.getLong("p_revision"), rs.getBoolean("p_removing"), rs.getObject("p_created_at", OffsetDateTime.class),
                        rs.getLong("p_passcode_revision"))))
                .optional();
    }

    /** Rows of the lock: what it is to get when it returns, oldest person first (the order they were asked). */
    List<PersonLock> ofLock(UUID lock) {
        return jdbc.sql("select * from person_locks where lock_id = :lock order by added_at, person_id")
                .param("lock", lock).query(PersonLock.class).list();
    }

    /** Rows that may have something to do: a command in flight, or not on the lock yet (the sweep). */
    List<PersonLock> unsettled() {
        return jdbc.sql("select * from person_locks where state <> 'FAILED' and (state <> 'ON_LOCK' or command_id is not null or removing) order by added_at")
                .query(PersonLock.class).list();
    }

    /** The owner's other people (not removing) with this passcode hash, on any of these locks. */
    List<UUID> sameCodeOn(UUID owner, String hash, List<UUID> locks, UUID except) {
        if (locks.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select distinct pl.lock_id from people p join person_locks pl on pl.person_id = p.id
                where p.owner_id = :owner and p.passcode_hash = :hash and not p.removing and not pl.removing
                  and pl.lock_id in (:locks) and p.id <> :except""")
                .param("owner", owner).param("hash", hash).param("locks", locks).param("except", except)
                .query(UUID.class).list();
    }

    /** People being added to the lock that it has not made a lock user for yet (they will take room). */
    long waitingAdds(UUID lock) {
        return jdbc.sql("select count(*) from person_locks where lock_id = :lock and lock_user is null and not removing and state <> 'FAILED'")
                .param("lock", lock).query(Long.class).single();
    }

    /**
     * Claims the row for one command: true for the one caller (of several nodes) that may queue it, and
     * only while the row is still as the caller read it. A caller that read it before an answer landed
     * (lock user still unknown) must not queue a second ADD_USER: the lock would refuse the person's own
     * code as already on the lock.
     */
    boolean claim(PersonLock seen, UUID token, OffsetDateTime now) {
        return jdbc.sql("""
                update person_locks set command_id = :token, command_kind = 'SENDING', command_at = :now
                where person_id = :person and lock_id = :lock and command_id is null
                  and lock_user is not distinct from :user and confirmed_revision = :revision
                  and confirmed_passcode = :passcode and removing = :removing and state = :state""")
                .param("token", token).param("now", now).param("person", seen.personId()).param("lock", seen.lockId())
                .param("user", seen.lockUser()).param("revision", seen.confirmedRevision())
                .param("passcode", seen.confirmedPasscode())
                .param("removing", seen.removing()).param("state", seen.state()).update() == 1;
    }

    /** revision, passcode: the schedule's and the code's revisions the command carries. */
    /** The claimed row (command_id = token) names its queued command; false when the claim was taken back meanwhile. */
    boolean queued(UUID person, UUID lock, UUID token, UUID command, long revision, long passcode, String kind) {
        return jdbc.sql("""
                update person_locks set command_id = :command, command_revision = :revision, command_passcode = :passcode,
                       command_kind = :kind
                where person_id = :person and lock_id = :lock and command_id = :token""")
                .param("command", command).param("revision", revision).param("passcode", passcode).param("kind", kind)
                .param("person", person).param("lock", lock).param("token", token).update() == 1;
    }

    /**
     * The row's next command waits for a device's signature as the request {@code request} (V44), in place of
     * {@code old} (null: none): true for the one caller that recorded it, while no command is in flight.
     */
    boolean awaitSignature(UUID person, UUID lock, UUID old, UUID request, long revision, long passcode, String kind) {
        // no null parameter in the condition: PostgreSQL cannot type one in "is not distinct from"
        return jdbc.sql("""
                update person_locks set signature_id = :request, signature_revision = :revision,
                       signature_passcode = :passcode, signature_kind = :kind
                where person_id = :person and lock_id = :lock and command_id is null and\s"""
                + (old == null ? "signature_id is null" : "signature_id = :old"))
                .param("request", request).param("revision", revision).param("passcode", passcode).param("kind", kind)
                .param("person", person).param("lock", lock)
                .params(old == null ? java.util.Map.of() : java.util.Map.of("old", old)).update() == 1;
    }

    /** The row no longer waits for this request (the next command needs no signature now): true for the one caller. */
    boolean noSignature(UUID person, UUID lock, UUID request) {
        return jdbc.sql("""
                update person_locks set signature_id = null, signature_revision = null, signature_passcode = null,
                       signature_kind = null
                where person_id = :person and lock_id = :lock and signature_id = :request""")
                .param("person", person).param("lock", lock).param("request", request).update() == 1;
    }

    /** Claims the row for the signed answer to its request, as {@link #claim} does for a command: true for one caller. */
    boolean claimSigned(UUID person, UUID lock, UUID request, UUID token, OffsetDateTime now) {
        return jdbc.sql("""
                update person_locks set command_id = :token, command_kind = 'SENDING', command_at = :now
                where person_id = :person and lock_id = :lock and command_id is null and signature_id = :request""")
                .param("token", token).param("now", now).param("person", person).param("lock", lock)
                .param("request", request).update() == 1;
    }

    /**
     * The signed command is queued: the row follows it as any command in flight, and the request is done; false
     * when the claim was taken back meanwhile.
     */
    boolean queuedSigned(UUID person, UUID lock, UUID token, UUID command, long revision, long passcode, String kind) {
        return jdbc.sql("""
                update person_locks set command_id = :command, command_revision = :revision, command_passcode = :passcode,
                       command_kind = :kind, signature_id = null, signature_revision = null, signature_passcode = null,
                       signature_kind = null
                where person_id = :person and lock_id = :lock and command_id = :token""")
                .param("command", command).param("revision", revision).param("passcode", passcode).param("kind", kind)
                .param("person", person).param("lock", lock).param("token", token).update() == 1;
    }

    /** Frees the row of this command: true for the one caller (the reply's thread or the sweep) that settles it. */
    boolean settle(UUID person, UUID lock, UUID command) {
        return jdbc.sql("update person_locks set " + FREED + " where person_id = :person and lock_id = :lock and command_id = :command")
                .param("person", person).param("lock", lock).param("command", command).update() == 1;
    }

    /**
     * The lock applied the row's command: freed of it and confirmed in one statement (never a row with no
     * command and no lock user in between, PersonSync.answered); true for the one caller that settles it.
     */
    boolean settleConfirmed(UUID person, UUID lock, UUID command, Integer lockUser, long version, long revision, long passcode,
                      String state, OffsetDateTime now) {
        return jdbc.sql("update person_locks set " + FREED + """
                , lock_user = :user, confirmed_version = :version, confirmed_revision = :revision,
                  confirmed_passcode = :passcode,
                  since = case when state = :state and reason is null then since else :now end,
                  state = :state, reason = null, message = null
                where person_id = :person and lock_id = :lock and command_id = :command""")
                .param("user", lockUser).param("version", version).param("revision", revision).param("passcode", passcode)
                .param("state", state)
                .param("now", now).param("person", person).param("lock", lock).param("command", command).update() == 1;
    }

    /** The lock refused the row's command: freed of it and FAILED in one statement; true for the one caller. */
    boolean settleFailed(UUID person, UUID lock, UUID command, String reason, String message, OffsetDateTime now) {
        return jdbc.sql("update person_locks set " + FREED + """
                , since = case when state = 'FAILED' and reason is not distinct from :reason then since else :now end,
                  state = 'FAILED', reason = :reason, message = :message
                where person_id = :person and lock_id = :lock and command_id = :command""")
                .param("reason", reason).param("message", message).param("now", now)
                .param("person", person).param("lock", lock).param("command", command).update() == 1;
    }

    /** The lock let go of the person (the row's DELETE_USER answered): the row goes; true for the one caller. */
    boolean deleteSettled(UUID person, UUID lock, UUID command) {
        return jdbc.sql("delete from person_locks where person_id = :person and lock_id = :lock and command_id = :command")
                .param("person", person).param("lock", lock).param("command", command).update() == 1;
    }

    void release(UUID person, UUID lock) {
        jdbc.sql("update person_locks set " + FREED + " where person_id = :person and lock_id = :lock")
                .param("person", person).param("lock", lock).update();
    }

    void state(UUID person, UUID lock, String state, String reason, String message, OffsetDateTime since) {
        jdbc.sql("""
                update person_locks set state = :state, reason = :reason, message = :message,
                       since = case when state = :state and reason is not distinct from :reason then since else :since end
                where person_id = :person and lock_id = :lock""")
                .param("state", state).param("reason", reason).param("message", message).param("since", since)
                .param("person", person).param("lock", lock).update();
    }

    /** The rows of this lock user that are not being taken off: whom a deletion at the lock concerns. */
    List<PersonLock> ofLockUser(UUID lock, int user) {
        return jdbc.sql("select * from person_locks where lock_id = :lock and lock_user = :user and not removing")
                .param("lock", lock).param("user", user).query(PersonLock.class).list();
    }

    /**
     * The lock user is gone from the lock (deleted there): FAILED USER_GONE, with no lock user any more, so
     * that sending the person again adds them anew (docs/people.md "The lock stays the authority"). command:
     * the refused command settled in the same statement (true for the one caller), or null: the lock's event
     * told, and a command in flight stays so.
     */
    boolean userGone(UUID person, UUID lock, UUID command, OffsetDateTime now) {
        return jdbc.sql("update person_locks set " + (command == null ? "" : FREED + ", ") + """
                state = 'FAILED', reason = 'USER_GONE', message = 'the lock user was deleted on the lock', since = :now,
                lock_user = null, confirmed_version = null, confirmed_revision = 0
                where person_id = :person and lock_id = :lock""" + (command == null ? "" : " and command_id = :command"))
                .param("now", now).param("person", person).param("lock", lock)
                .params(command == null ? java.util.Map.of() : java.util.Map.of("command", command)).update() == 1;
    }

    void markRemoving(UUID person, UUID lock) {
        jdbc.sql("update person_locks set removing = true where person_id = :person and lock_id = :lock")
                .param("person", person).param("lock", lock).update();
    }

    void markPersonRemoving(UUID person) {
        jdbc.sql("update people set removing = true where id = :id").param("id", person).update();
        jdbc.sql("update person_locks set removing = true where person_id = :id").param("id", person).update();
    }

    void deleteRow(UUID person, UUID lock) {
        jdbc.sql("delete from person_locks where person_id = :person and lock_id = :lock")
                .param("person", person).param("lock", lock).update();
    }

    /** A removed person goes once no lock holds them any more. */
    boolean deleteIfGone(UUID person) {
        return jdbc.sql("""
                delete from people where id = :id and removing
                  and not exists (select 1 from person_locks where person_id = :id)""")
                .param("id", person).update() == 1;
    }

    void schedule(UUID person, String validity) {
        jdbc.sql("update people set validity = :validity, revision = revision + 1 where id = :id")
                .param("validity", validity).param("id", person).update();
    }

    /** Resets a failed row to try again (after a change the owner made). */
    void retry(UUID person, UUID lock, OffsetDateTime now) {
        jdbc.sql("update person_locks set state = 'PENDING', reason = null, message = null, since = :now where person_id = :person and lock_id = :lock and state = 'FAILED'")
                .param("now", now).param("person", person).param("lock", lock).update();
    }

    void sealedPasscode(UUID person, String sealed) {
        jdbc.sql("update people set passcode_sealed = :sealed where id = :id").param("sealed", sealed).param("id", person).update();
    }

    /** Every lock the person is to be on has its lock user with the current code: the plaintext is no longer needed. */
    boolean everyLockHasIt(UUID person) {
        return jdbc.sql("""
                select count(*) from person_locks pl join people p on p.id = pl.person_id
                where pl.person_id = :id and not pl.removing
                  and (pl.lock_user is null or pl.confirmed_passcode < p.passcode_revision)""")
                .param("id", person).query(Long.class).single() == 0;
    }

    /** A new code for the person: its hash, sealed until every lock confirmed it, and the next revision of it. */
    void passcode(UUID person, String hash, String sealed) {
        jdbc.sql("update people set passcode_hash = :hash, passcode_sealed = :sealed, passcode_revision = passcode_revision + 1 where id = :id")
                .param("hash", hash).param("sealed", sealed).param("id", person).update();
    }

    Optional<String> hashKey(UUID owner) {
        return jdbc.sql("select hash_key from people_keys where owner_id = :owner").param("owner", owner)
                .query(String.class).optional();
    }

    /** Stores the owner's key unless another request stored one first; either way the stored one wins. */
    void hashKey(UUID owner, String sealed) {
        try {
            jdbc.sql("insert into people_keys (owner_id, hash_key) values (:owner, :key)").param("owner", owner).param("key", sealed).update();
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            // another request made the key first: theirs is used
        }
    }
}
