package io.keyward.cloud.people;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import io.keyward.cloud.alerts.AccountAlerts;
import io.keyward.cloud.link.LockCameOnline;
import io.keyward.cloud.management.CommandAnswered;
import io.keyward.cloud.management.DeviceSignature;
import io.keyward.cloud.management.LockRequests;
import io.keyward.cloud.management.SignatureRequests;
import io.keyward.protocol.command.LockCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

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
    static final String PASSCODE = "PASSCODE";
    static final String SENDING = "SENDING";
    /** A claim older than this whose command never reached the queue (a node died between) is taken back. */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(1);
    /**
     * The lock's (or the queue's) answers that mean "sign it again" rather than a refusal of the person (issue 15):
     * EXPIRED, a device's signature ran out while the command waited for the lock (more than 7 days away);
     * DEVICE_SIGNATURE_REQUIRED, the lock entered trust mode after the cloud queued the command unsigned.
     */
    private static final java.util.Set<String> SIGN_AGAIN = java.util.Set.of("EXPIRED", "DEVICE_SIGNATURE_REQUIRED");

    private final People people;
    private final PasscodeSender sender;
    private final LockRequests requests;
    private final SignatureRequests signatures;
    private final AccountAlerts alerts;
    private final PersonViews views;
    private final PersonPushes pushes;
    private final Clock clock;
    private final TransactionTemplate transaction;

    PersonSync(People people, PasscodeSender sender, LockRequests requests, SignatureRequests signatures, AccountAlerts alerts,
               PersonViews views, PersonPushes pushes, Clock clock, TransactionTemplate transaction) {
        this.people = people;
        this.sender = sender;
        this.requests = requests;
        this.signatures = signatures;
        this.alerts = alerts;
        this.views = views;
        this.pushes = pushes;
        this.clock = clock;
        this.transaction = transaction;
    }

    /** A queued command and the row naming it (B11): committed together, or neither. */
    private <T> T inOneTransaction(java.util.function.Supplier<T> work) {
        return transaction.execute(status -> work.get());
    }

    /** The row's claim was taken back (stale) before it named its command: the command is rolled back with it. */
    private static final class ClaimTakenBack extends RuntimeException {
        ClaimTakenBack() {
            super(null, null, false, false);
        }
    }

    /** The row's next command and its kind (ADD, SCHEDULE, PASSCODE, REMOVE). */
    private record Next(String kind, LockCommand command) {
    }

    /**
     * Queues what the person's row on the lock needs next, unless a command for it is in flight; for a lock in
     * trust mode, what needs an owner's device waits as a signature request instead (issue 15).
     */
    void step(UUID personId, UUID lockId) {
        Optional<People.Person> person = people.person(personId);
        Optional<People.PersonLock> row = people.row(personId, lockId);
        if (person.isEmpty() || row.isEmpty()) {
            return;
        }
        People.PersonLock r = row.get();
        People.Person p = person.get();
        if (r.inFlight()) {
            if (!replacedUnsent(p, r)) {
                return; // its answer is waited for: the next command carries the latest wish
            }
            r = people.row(personId, lockId).orElse(null);
            if (r == null || r.inFlight()) {
                return;
            }
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (r.removing() && r.lockUser() == null) {
            signatures.drop(r.signatureId());
            people.deleteRow(personId, lockId); // the lock never had them: nothing to undo there
            gone(p);
            return;
        }
        if (!r.removing() && People.FAILED.equals(r.state())) {
            return; // waits for the owner: the lock said why
        }
        Next next = next(p, r);
        if (next == null) {
            if (r.signatureId() != null && people.noSignature(personId, lockId, r.signatureId())) {
                signatures.drop(r.signatureId()); // nothing left to sign: the lock has the person as asked
            }
            if (People.PENDING.equals(r.state())) {
                people.state(personId, lockId, People.ON_LOCK, null, null, now); // the lock confirmed all there is
                changed(p);
            }
            return; // on the lock as asked
        }
        if (signatures.needed(lockId, next.command())) {
            awaitSignature(p, r, next, now);
            return;
        }
        if (r.signatureId() != null) {
            // the lock left trust mode (reset at the door) or the person is being removed: the request is moot
            if (!people.noSignature(personId, lockId, r.signatureId())) {
                return;
            }
            signatures.drop(r.signatureId());
        }
        queue(p, r, next, now);
    }

    /** What the row needs next: null when the lock has the person as asked. */
    private Next next(People.Person p, People.PersonLock r) {
        if (r.removing()) {
            return new Next(REMOVE, new LockCommand.DeleteUser(r.lockUser()));
        } else if (r.lockUser() == null) {
            return new Next(ADD, sender.add(p, views.validity(p)));
        } else if (r.confirmedRevision() < p.revision()) {
            return new Next(SCHEDULE, new LockCommand.SetValidity(r.lockUser(), views.validity(p)));
        } else if (r.confirmedPasscode() < p.passcodeRevision()) {
            return new Next(PASSCODE, sender.replace(p, r.lockUser())); // the code changed in place (PUT .../passcode)
        }
        return null;
    }

    private void queue(People.Person p, People.PersonLock r, Next next, OffsetDateTime now) {
        UUID personId = p.id();
        UUID lockId = r.lockId();
        UUID token = UUID.randomUUID();
        if (!people.claim(r, token, now)) {
            return; // another thread or node is queuing it, or an answer changed the row since it was read
        }
        // PENDING before the command can be answered: the answer's thread may settle it the moment it is queued
        people.state(personId, lockId, People.PENDING, null, null, now);
        Optional<LockRequests.Queued> queued;
        try {
            queued = inOneTransaction(() -> {
                Optional<LockRequests.Queued> q = requests.enqueue(lockId, p.ownerId(), null, next.command());
                if (q.isPresent() && !people.queued(personId, lockId, token, q.get().id(), p.revision(),
                        p.passcodeRevision(), next.kind())) {
                    throw new ClaimTakenBack();
                }
                return q;
            });
        } catch (ClaimTakenBack e) {
            return; // a sweep took the claim back as stale: nothing was queued, the next step queues it
        } catch (io.keyward.cloud.management.TrustRefused e) {
            // issue 15: the lock entered trust mode since needed() read it; the sweep steps the row again, to a request
            people.release(personId, lockId);
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
        changed(p);
        // the lock may have answered before the row named the command: settle it now if so
        requests.answered(lockId, queued.get().id()).ifPresent(this::answered);
    }

    /**
     * Issue 15: the command waits, exactly as it would be sent, for an owner's device to sign it (PENDING, why
     * SIGNATURE). A request for the same wish stays; a newer wish (schedule, code) replaces it.
     */
    private void awaitSignature(People.Person p, People.PersonLock r, Next next, OffsetDateTime now) {
        boolean same = r.signatureId() != null && next.kind().equals(r.signatureKind())
                && r.signatureRevision() != null && r.signatureRevision() == p.revision()
                && r.signaturePasscode() != null && r.signaturePasscode() == p.passcodeRevision()
                && signatures.exists(r.signatureId());
        if (!same) {
            UUID request = signatures.record(r.lockId(), p.ownerId(), next.command());
            if (!people.awaitSignature(p.id(), r.lockId(), r.signatureId(), request, p.revision(), p.passcodeRevision(), next.kind())) {
                signatures.drop(request); // another thread or node recorded it first, or the row moved on
                return;
            }
            signatures.drop(r.signatureId());
            log.info("person {} on lock {}: {} waits for an owner's device to sign it", p.id(), r.lockId(), next.kind());
        }
        if (!same || !People.PENDING.equals(r.state())) {
            people.state(p.id(), r.lockId(), People.PENDING, null, null, now);
            changed(p);
        }
    }

    /**
     * A newer wish for a row whose device-signed command has not been sent yet (the lock away): the command is
     * taken back, so the device signs the latest wish rather than the lock getting both. True when it was.
     */
    private boolean replacedUnsent(People.Person p, People.PersonLock r) {
        boolean behind = r.removing() || r.commandRevision() != null && r.commandRevision() < p.revision()
                || r.commandPasscode() != null && r.commandPasscode() < p.passcodeRevision();
        if (!behind || !(ADD.equals(r.commandKind()) || changesUser(r.commandKind()))
                || !signatures.withdraw(r.lockId(), r.commandId())) {
            return false;
        }
        people.settle(p.id(), r.lockId(), r.commandId());
        log.info("person {} on lock {}: the unsent signed {} is replaced by a newer change", p.id(), r.lockId(), r.commandKind());
        return true;
    }

    /**
     * An owner's device signed the row's request (POST /api/people/{id}/signatures): it must be exactly the
     * recorded command (SignatureRequests.queue: 400 DEVICE_COMMAND_MISMATCH, nothing queued), and then the row
     * follows it as any command in flight: its answer makes it ON_LOCK or FAILED, and the next command follows.
     */
    void signed(People.Person p, People.PersonLock r, DeviceSignature signature) {
        UUID token = UUID.randomUUID();
        if (!r.awaitingSignature() || !people.claimSigned(p.id(), r.lockId(), r.signatureId(), token, OffsetDateTime.now(clock))) {
            throw SignatureRequests.gone();
        }
        LockRequests.Queued queued;
        try {
            queued = inOneTransaction(() -> {
                LockRequests.Queued q = signatures.queue(r.signatureId(), p.ownerId(), signature);
                if (!people.queuedSigned(p.id(), r.lockId(), token, q.id(), r.signatureRevision(), r.signaturePasscode(),
                        r.signatureKind())) {
                    throw SignatureRequests.gone(); // the claim was taken back as stale: sign the request again
                }
                return q;
            });
        } catch (RuntimeException e) {
            people.release(p.id(), r.lockId()); // still waiting for a good signature
            throw e;
        }
        changed(p);
        requests.answered(r.lockId(), queued.id()).ifPresent(this::answered);
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
        } else if (!answer.accepted() && SIGN_AGAIN.contains(answer.reason())) {
            signAgain(p, r, answer);
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

    /**
     * Issue 15: the command cannot be obeyed as it was sent, but the person is not refused: freed of it (still
     * PENDING), the row waits for a new signature. After EXPIRED at once; after DEVICE_SIGNATURE_REQUIRED at the
     * sweep, once the lock's report told the cloud of its trust mode (else it would be sent unsigned again).
     */
    private void signAgain(People.Person p, People.PersonLock r, CommandAnswered answer) {
        if (!people.settle(r.personId(), r.lockId(), answer.commandId())) {
            return;
        }
        log.info("person {} on lock {}: {} answered {}; it waits for a signature again", p.id(), r.lockId(), r.commandKind(),
                answer.reason());
        if ("EXPIRED".equals(answer.reason())) {
            step(r.personId(), r.lockId());
        }
        changed(p);
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
