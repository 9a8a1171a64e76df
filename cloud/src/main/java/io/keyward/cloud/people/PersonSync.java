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

    private static final Logger log = LoggerFactory.getLogger(PersonSync.class);
    static final String ADD = "ADD";
    static final String SCHEDULE = "SCHEDULE";
    static final String REMOVE = "REMOVE";
    static final String SENDING = "SENDING";
    /** A claim older than this whose command never reached the queue (a node died between) is taken back. */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(1);

    private final People people;
    private final PasscodeSender sender;
    private final LockRequests requests;
    private final SecretBox box;
    private final AccountAlerts alerts;
    private final PersonViews views;
    private final Clock clock;

    PersonSync(People people, PasscodeSender sender, LockRequests requests, SecretBox box, AccountAlerts alerts,
               PersonViews views, Clock clock) {
        this.people = people;
        this.sender = sender;
        this.requests = requests;
        this.box = box;
        this.alerts = alerts;
        this.views = views;
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
            queued = ADD.equals(kind)
                    ? sender.addWithPasscode(lockId, p.ownerId(), null, p.name(), views.validity(p), passcode(p))
                    : requests.enqueue(lockId, p.ownerId(), null, command);
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
        people.queued(personId, lockId, token, queued.get().id(), p.revision(), kind);
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

    /** The lock answered one of the commands (whichever node received it records it, and this follows). */
    @EventListener
    void answered(CommandAnswered answer) {
        Optional<People.PersonLock> row = people.byCommand(answer.commandId());
        if (row.isEmpty()) {
            return;
        }
        People.PersonLock r = row.get();
        Optional<People.Person> person = people.person(r.personId());
        if (person.isEmpty()) {
            return;
        }
        People.Person p = person.get();
        OffsetDateTime now = OffsetDateTime.now(clock);
        String kind = r.commandKind();
        long revision = r.commandRevision() == null ? 0 : r.commandRevision();
        // each outcome frees the row and writes itself in one statement (People.settle*): the one caller
        // that settles it goes on, every other (the reply's thread, the sweep, another node) stops here
        if (REMOVE.equals(kind)) {
            if (answer.accepted() || "UNKNOWN_USER".equals(answer.reason())) {
                if (people.deleteSettled(r.personId(), r.lockId(), answer.commandId()) && !gone(p)) {
                    changed(p); // off the lock (or already gone from it)
                }
                return;
            }
            failed(p, r, answer);
            return;
        }
        if (!answer.accepted()) {
            failed(p, r, SCHEDULE.equals(kind) && "UNKNOWN_USER".equals(answer.reason())
                    ? new CommandAnswered(answer.lockId(), answer.commandId(), answer.version(), false, "USER_GONE",
                            "the lock user was deleted on the lock", null)
                    : answer);
            return;
        }
        Integer user = ADD.equals(kind) ? answer.user() : r.lockUser();
        boolean current = revision >= p.revision() && !r.removing();
        if (!people.settleConfirmed(r.personId(), r.lockId(), answer.commandId(), user, answer.version(), revision,
                current ? People.ON_LOCK : People.PENDING, now)) {
            return;
        }
        if (ADD.equals(kind) && p.passcodeSealed() != null && people.everyLockHasIt(p.id())) {
            people.sealedPasscode(p.id(), null); // every lock has it: only the keyed hash stays (docs/people.md)
        }
        changed(p);
        step(r.personId(), r.lockId());
    }

    private void failed(People.Person p, People.PersonLock r, CommandAnswered answer) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!people.settleFailed(r.personId(), r.lockId(), answer.commandId(), answer.reason(), answer.message(), now)) {
            return;
        }
        log.info("person {} on lock {}: the lock refused {} as {}", p.id(), r.lockId(), r.commandKind(), answer.reason());
        alerts.raise(p.ownerId(), r.lockId(), answer.version(), AccountAlerts.PERSON_SYNC_FAILED);
        changed(p);
    }

    /** A removed person whose last lock let go of them is deleted; the page hears it as removed. */
    private boolean gone(People.Person p) {
        if (p.removing() && people.deleteIfGone(p.id())) {
            views.pushRemoved(p);
            return true;
        }
        return false;
    }

    private void changed(People.Person p) {
        views.push(p.id());
    }

    /** A lock back online: its people's rows move on (the queue sends what waited; this queues what is next). */
    @EventListener
    void cameOnline(LockCameOnline online) {
        for (People.PersonLock r : people.ofLock(online.lockId())) {
            step(r.personId(), r.lockId());
            views.push(r.personId()); // PENDING's why: OFFLINE becomes WAITING_TURN
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
