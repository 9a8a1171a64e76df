package io.keyward.cloud.people;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import io.keyward.cloud.alerts.AccountAlerts;
import io.keyward.cloud.link.LockCameOnline;
import io.keyward.cloud.management.CommandAnswered;
import io.keyward.cloud.management.LockRequests;
import io.keyward.cloud.secrets.SecretBox;
import io.keyward.protocol.command.LockCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Brings each lock to what the owner asked for a person (docs/people.md, SPEC B11), one command at a time
 * per person and lock, through the lock's command queue (which keeps them, in order, while the lock is
 * away, and sends them when it returns): ADD_USER with the passcode and schedule, then SET_VALIDITY for a
 * later schedule, DELETE_USER to remove. The lock is the authority: a row is ON_LOCK only once the lock
 * answered that it applied the command, FAILED with the lock's reason when it refused (the owner gets an
 * alert), and PENDING meanwhile. Every change of state is pushed on the owner's alert stream (event person).
 */
@Component
class PersonSync {

    /** The refusal of a person's change for a lock in trust mode (issue 15): the cloud cannot sign it. */
    static final String NEED_DEVICE_SIGNING = "PEOPLE_NEED_DEVICE_SIGNING";


    private static final Logger log = LoggerFactory.getLogger(PersonSync.class);
    static final String ADD = "ADD";
    static final String SCHEDULE = "SCHEDULE";
    static final String REMOVE = "REMOVE";
    static final String PASSCODE = "PASSCODE";
    static final String SENDING = "SENDING";
    /** A claim older than this whose command never reached the queue (a node died between) is taken back. */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(1);

    private final People people;
    private final PasscodeSender sender;
    private final LockRequests requests;
    private final SecretBox box;
    private final AccountAlerts alerts;
    private final PersonViews views;
    private final PersonPushes pushes;
    private final Clock clock;

    PersonSync(People people, PasscodeSender sender, LockRequests requests, SecretBox box, AccountAlerts alerts,
               PersonViews views, PersonPushes pushes, Clock clock) {
        this.people = people;
        this.sender = sender;
        this.requests = requests;
        this.box = box;
        this.alerts = alerts;
        this.views = views;
        this.pushes = pushes;
        this.clock = clock;
    }

    /** Queues what the person's row on the lock needs next, unless a command for it is in flight. */
    void step(UUID personId, UUID lockId) {
        Optional<People.Person> person = people.person(personId);
        Optional<People.PersonLock> row = people.row(personId, lockId);
        if (person.isEmpty() || row.isEmpty() || row.get().inFlight()) {
            return;
        }
        People.PersonLock r = row.get();
        People.Person p = person.get();
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (r.removing() && r.lockUser() == null) {
            people.deleteRow(personId, lockId); // the lock never had them: nothing to undo there
            gone(p);
            return;
        }
        if (!r.removing() && People.FAILED.equals(r.state())) {
            return; // waits for the owner: the lock said why
        }
        String kind;
        LockCommand command = null;
        if (r.removing()) {
            kind = REMOVE;
            command = new LockCommand.DeleteUser(r.lockUser());
        } else if (r.lockUser() == null) {
            kind = ADD;
        } else if (r.confirmedRevision() < p.revision()) {
            kind = SCHEDULE;
            command = new LockCommand.SetValidity(r.lockUser(), views.validity(p));
        } else if (r.confirmedPasscode() < p.passcodeRevision()) {
            kind = PASSCODE; // the code changed in place (PUT .../passcode)
        } else {
            if (People.PENDING.equals(r.state())) {
                people.state(personId, lockId, People.ON_LOCK, null, null, now); // the lock confirmed all there is
                changed(p);
            }
            return; // on the lock as asked
        }
        UUID token = UUID.randomUUID();
        if (!people.claim(r, token, now)) {
            return; // another thread or node is queuing it, or an answer changed the row since it was read
        }
        // PENDING before the command can be answered: the answer's thread may settle it the moment it is queued
        people.state(personId, lockId, People.PENDING, null, null, now);
        Optional<LockRequests.Queued> queued;
        try {
            queued = ADD.equals(kind) ? sender.addWithPasscode(lockId, p.ownerId(), null, p.name(), views.validity(p), passcode(p))
                    : PASSCODE.equals(kind) ? sender.replace(lockId, p.ownerId(), r.lockUser(), passcode(p))
                    : requests.enqueue(lockId, p.ownerId(), null, command);
        } catch (io.keyward.cloud.management.TrustRefused e) {
            // issue 15: the lock entered trust mode after the person was put on it; the cloud cannot sign
            people.release(personId, lockId);
            people.state(personId, lockId, People.FAILED, NEED_DEVICE_SIGNING, e.body().error(), now);
            changed(p);
            return;
        } catch (RuntimeException e) {
            people.release(personId, lockId);
            throw e;
        }
        if (queued.isEmpty()) {
            people.release(personId, lockId);
            people.state(personId, lockId, People.FAILED, "NOT_PAIRED", "the lock was reset at the door", now);
            changed(p);
            return;
        }
        people.queued(personId, lockId, token, queued.get().id(), p.revision(), p.passcodeRevision(), kind);
        changed(p);
        // the lock may have answered before the row named the command: settle it now if so
        requests.answered(lockId, queued.get().id()).ifPresent(this::answered);
    }

    private String passcode(People.Person p) {
        if (p.passcodeSealed() == null) {
            throw new IllegalStateException("person " + p.id() + " has no sealed passcode to send");
        }
        return box.open(p.passcodeSealed(), PasscodeHashes.sealedIdentity(p.id()));
    }

    /**
     * The lock answered one of the commands (whichever node received it records it, and this follows). Each
     * outcome frees the row of its command in the same statement that writes what the lock answered: the lock
     * reports its new state as it answers, and that report's thread steps the same row (cameOnline); freed a
     * statement before its lock user was written, the row looked like a person never added, the person was
     * added again, and the lock refused the code it had just taken (PASSCODE_ALREADY_ON_LOCK, FAILED for good).
     */
    @EventListener
    void answered(CommandAnswered answer) {
        Optional<People.Answering> answering = people.answering(answer.commandId()); // the row and its person at once
        if (answering.isEmpty()) {
            return;
        }
        People.PersonLock r = answering.get().row();
        People.Person p = answering.get().person();
        OffsetDateTime now = OffsetDateTime.now(clock);
        String kind = r.commandKind();
        if (REMOVE.equals(kind)) {
            removeAnswered(p, r, answer, now);
        } else if (changesUser(kind) && r.lockUser() == null) {
            people.settle(r.personId(), r.lockId(), answer.commandId()); // gone at the lock meanwhile (goneAtLock): stays FAILED
        } else if (answer.accepted()) {
            confirmed(p, r, answer, now);
        } else if (changesUser(kind) && "UNKNOWN_USER".equals(answer.reason())) {
            userGone(p, r, answer.commandId(), answer.version(), now);
        } else {
            failed(p, r, answer, now);
        }
    }

    /** A command to the person's lock user the lock may no longer have (deleted at the lock). */
    private static boolean changesUser(String kind) {
        return SCHEDULE.equals(kind) || PASSCODE.equals(kind);
    }

    private void confirmed(People.Person p, People.PersonLock r, CommandAnswered answer, OffsetDateTime now) {
        boolean add = ADD.equals(r.commandKind());
        long revision = r.commandRevision() == null ? 0 : r.commandRevision();
        // a schedule change confirms the code the lock had; ADD and REPLACE_PASSCODE carry the one they were sent with
        long passcode = add || PASSCODE.equals(r.commandKind()) ? r.commandPasscode() == null ? 0 : r.commandPasscode()
                : r.confirmedPasscode();
        boolean current = revision >= p.revision() && passcode >= p.passcodeRevision() && !r.removing();
        if (!people.settleConfirmed(r.personId(), r.lockId(), answer.commandId(), add ? answer.user() : r.lockUser(),
                answer.version(), revision, passcode, current ? People.ON_LOCK : People.PENDING, now)) {
            return; // another thread (the reply's, or the sweep) settled this answer
        }
        if (p.passcodeSealed() != null && people.everyLockHasIt(p.id())) {
            people.sealedPasscode(p.id(), null); // every lock has it: only the keyed hash stays (docs/people.md)
        }
        changed(p);
        step(r.personId(), r.lockId());
    }

    private void removeAnswered(People.Person p, People.PersonLock r, CommandAnswered answer, OffsetDateTime now) {
        if (!answer.accepted() && !"UNKNOWN_USER".equals(answer.reason())) {
            failed(p, r, answer, now);
        } else if (people.deleteSettled(r.personId(), r.lockId(), answer.commandId()) && !gone(p)) {
            changed(p); // off the lock (or already gone from it)
        }
    }

    private void failed(People.Person p, People.PersonLock r, CommandAnswered answer, OffsetDateTime now) {
        if (!people.settleFailed(r.personId(), r.lockId(), answer.commandId(), answer.reason(), answer.message(), now)) {
            return;
        }
        log.info("person {} on lock {}: the lock refused {} as {}", p.id(), r.lockId(), r.commandKind(), answer.reason());
        alerts.raise(p.ownerId(), r.lockId(), answer.version(), AccountAlerts.PERSON_SYNC_FAILED);
        changed(p);
    }

    /**
     * The lock reports one of its users deleted at the lock (from its panel, another app): a person who was
     * that user is no longer on it, at once FAILED USER_GONE with an alert. Not added again by itself: that
     * would fight the owner at the door; sending the person to the lock again (POST .../locks) does it.
     */
    void goneAtLock(UUID lockId, int user, long seq) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (People.PersonLock r : people.ofLockUser(lockId, user)) {
            people.person(r.personId()).ifPresent(p -> userGone(p, r, null, seq, now));
        }
    }

    /**
     * command: the schedule change the lock refused as UNKNOWN_USER, settled in the same write (null: the
     * lock's event told, and a command in flight stays so); seq: the alert's, that event's or command's.
     */
    private void userGone(People.Person p, People.PersonLock r, UUID command, long seq, OffsetDateTime now) {
        if (!people.userGone(r.personId(), r.lockId(), command, now)) {
            return;
        }
        log.info("person {} on lock {}: the lock user {} is gone from the lock", p.id(), r.lockId(), r.lockUser());
        alerts.raise(p.ownerId(), r.lockId(), seq, AccountAlerts.PERSON_SYNC_FAILED);
        changed(p);
    }

    /**
     * A person being removed who holds no lock any more is deleted now (none to wait for, or the last answer
     * landed while the request ran), pushed as removed like the one an answer deletes.
     */
    void goneIfNoLock(UUID personId) {
        people.person(personId).ifPresent(this::gone);
    }

    /** A removed person whose last lock let go of them is deleted; the page hears it as removed. */
    private boolean gone(People.Person p) {
        if (p.removing() && people.deleteIfGone(p.id())) {
            pushes.removed(p);
            return true;
        }
        return false;
    }

    private void changed(People.Person p) {
        pushes.changed(p.id());
    }

    /** A lock back online: its people's rows move on (the queue sends what waited; this queues what is next). */
    @EventListener
    void cameOnline(LockCameOnline online) {
        for (People.PersonLock r : people.ofLock(online.lockId())) {
            step(r.personId(), r.lockId());
            pushes.changed(r.personId()); // PENDING's why: OFFLINE becomes WAITING_TURN
        }
    }

    /** What no event moved: an answer lost with a node, a claim a dying node left. */
    @Scheduled(fixedDelayString = "${keyward.people.sweep:5s}")
    void sweep() {
        try {
            OffsetDateTime stale = OffsetDateTime.now(clock).minus(STALE_CLAIM);
            for (People.PersonLock r : people.unsettled()) {
                if (r.commandId() == null) {
                    step(r.personId(), r.lockId());
                } else if (SENDING.equals(r.commandKind())) {
                    if (r.commandAt() != null && r.commandAt().isBefore(stale)) {
                        people.release(r.personId(), r.lockId());
                    }
                } else {
                    requests.answered(r.lockId(), r.commandId()).ifPresent(this::answered);
                }
            }
        } catch (RuntimeException e) {
            log.warn("people sweep failed: {}", e.getMessage());
        }
    }
}
