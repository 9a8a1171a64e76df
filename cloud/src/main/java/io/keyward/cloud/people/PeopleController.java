package io.keyward.cloud.people;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.locks.Locks;
import io.keyward.cloud.management.RefusalReasons;
import io.keyward.cloud.secrets.SecretBox;
import io.keyward.cloud.sharing.Access;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.cloud.sharing.RequiresRole;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockLimits;
import io.keyward.protocol.command.PasscodeDigits;
import io.keyward.protocol.command.WeeklySchedule;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * People across locks (issue 13, docs/people.md, SPEC B11): an owner's person with one passcode, an
 * optional schedule, on several of the locks the account owns or manages; each change acts on every lock
 * of the person in one request. The answers come at once with each lock's sync state (PENDING at first);
 * the lock's answers move them, pushed live as event {@code person} on GET /api/alerts/stream.
 * What the cloud can tell is refused before anything is sent or changed: 4xx {error, reason, lockId}.
 */
@RestController
class PeopleController {

    static final int MAX_LOCKS = 20;

    record Window(@NotNull List<Integer> days, int fromMinute, int untilMinute) {
    }

    /** from/until: instants (ISO-8601); weekly: wall-clock windows read in each lock's time zone (SPEC B10). */
    record Schedule(Instant from, Instant until, @Size(max = WeeklySchedule.MAX_WINDOWS) List<@Valid @NotNull Window> weekly) {
        LockCommand.Validity toLock() {
            if (from == null && until == null && (weekly == null || weekly.isEmpty())) {
                return null; // always
            }
            return new LockCommand.Validity(from, until, weekly == null || weekly.isEmpty() ? null : weekly.stream()
                    .map(w -> new LockCommand.WeeklyWindow(w.days(), w.fromMinute(), w.untilMinute())).toList());
        }
    }

    /** A person's new passcode, 6-10 digits (SPEC A2): replaces the code on every lock of the person. */
    record NewPasscode(@NotNull @Size(max = 20) String passcode) {
    }

    /** A new person: passcode 6-10 digits (SPEC A2), typed once; locks: ids of locks I own or manage. */
    record NewPerson(@NotBlank @Size(max = 40) String name, @Size(max = 200) String contact,
                     @NotNull @Size(max = 20) String passcode, @Valid Schedule schedule,
                     @NotNull @Size(max = MAX_LOCKS) List<@NotNull UUID> locks) {

        @Override
        public String toString() {
            return "NewPerson[name=" + name + ", passcode=(secret), locks=" + locks + "]";
        }
    }

    /** More locks for the person; passcode: needed only once the cloud keeps just its hash (docs/people.md). */
    record MoreLocks(@NotNull @Size(min = 1, max = MAX_LOCKS) List<@NotNull UUID> locks, @Size(max = 20) String passcode) {

        @Override
        public String toString() {
            return "MoreLocks[locks=" + locks + ", passcode=" + (passcode == null ? "none" : "(secret)") + "]";
        }
    }

    private final People people;
    private final PersonSync sync;
    private final PersonViews views;
    private final PasscodeHashes hashes;
    private final SecretBox box;
    private final Access access;
    private final Locks locks;
    private final ObjectMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;

    PeopleController(People people, PersonSync sync, PersonViews views, PasscodeHashes hashes, SecretBox box, Access access,
                     Locks locks, ObjectMapper json, TransactionTemplate transaction, Clock clock) {
        this.people = people;
        this.sync = sync;
        this.views = views;
        this.hashes = hashes;
        this.box = box;
        this.access = access;
        this.locks = locks;
        this.json = json;
        this.transaction = transaction;
        this.clock = clock;
    }

    @ApiDoc(summary = "My people, each with their sync state on every lock (B11)")
    @GetMapping("/api/people")
    List<PersonViews.PersonView> list(@AuthenticationPrincipal AccountPrincipal me) {
        return people.of(me.accountId()).stream().map(views::view).toList();
    }

    @ApiDoc(summary = "One person with their sync state on every lock (B11)", answers = {404})
    @GetMapping("/api/people/{personId}")
    PersonViews.PersonView get(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String personId) {
        return views.view(mine(me, personId));
    }

    /**
     * Creates the person and sends them to every lock in one step: 201 with each lock PENDING; a code
     * breaking A2, a code another of my people has on one of the locks, a full lock, a bad schedule, a lock
     * I do not own or manage, or the same lock twice: 4xx, nothing created.
     */
    @ApiDoc(summary = "Add a person with one passcode and schedule to several locks at once (B11)",
            answers = {201, 400, 403, 404, 409})
    @PostMapping(path = "/api/people", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PersonViews.PersonView> create(@AuthenticationPrincipal AccountPrincipal me,
                                                  @Valid @RequestBody NewPerson request) {
        String name = request.name().strip();
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw PersonRefused.bad("BAD_NAME", RefusalReasons.words("BAD_NAME"));
        }
        LockCommand.Validity validity = checkedSchedule(request.schedule());
        checkPasscode(request.passcode());
        List<UUID> lockIds = managed(me, request.locks());
        UUID id = UUID.randomUUID();
        String hash = hashes.hash(me.accountId(), request.passcode());
        checkNoConflict(me.accountId(), hash, lockIds, id);
        lockIds.forEach(this::checkRoom);
        OffsetDateTime now = OffsetDateTime.now(clock);
        transaction.executeWithoutResult(status -> {
            people.insert(new People.Person(id, me.accountId(), name, blankToNull(request.contact()), hash,
                    box.seal(request.passcode(), PasscodeHashes.sealedIdentity(id)), views.validityJson(validity), 1, false, now, 0));
            lockIds.forEach(lock -> people.addLock(id, lock, now));
        });
        lockIds.forEach(lock -> sync.step(id, lock));
        return ResponseEntity.created(URI.create("/api/people/" + id)).body(views.view(people.person(id).orElseThrow()));
    }

    /** A new schedule for every lock of the person in one step; a lock that refused the person before tries again. */
    @ApiDoc(summary = "Change a person's schedule on every lock at once (B10, B11)", answers = {400, 404, 409})
    @PutMapping(path = "/api/people/{personId}/schedule", consumes = MediaType.APPLICATION_JSON_VALUE)
    PersonViews.PersonView schedule(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String personId,
                                    @Valid @RequestBody Schedule request) {
        People.Person p = notRemoving(mine(me, personId));
        LockCommand.Validity validity = checkedSchedule(request);
        OffsetDateTime now = OffsetDateTime.now(clock);
        transaction.executeWithoutResult(status -> {
            people.schedule(p.id(), views.validityJson(validity));
            // a lock user gone from the lock needs the code again once the cloud forgot it: sent again by POST .../locks
            people.locksOf(p.id()).stream().filter(r -> r.lockUser() != null || p.passcodeSealed() != null)
                    .forEach(r -> people.retry(p.id(), r.lockId(), now));
        });
        people.locksOf(p.id()).forEach(r -> sync.step(p.id(), r.lockId()));
        return views.view(people.person(p.id()).orElseThrow());
    }

    /**
     * Changes the person's code in place on every lock (docs/people.md "Changing the passcode"): checked as at
     * creation, sealed until every lock confirmed it, then only its keyed hash stays. A lock that failed the
     * person tries again with the new code. The same code again changes nothing.
     */
    @ApiDoc(summary = "Change a person's passcode on every lock at once (A2, B11)", answers = {400, 404, 409})
    @PutMapping(path = "/api/people/{personId}/passcode", consumes = MediaType.APPLICATION_JSON_VALUE)
    PersonViews.PersonView passcode(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String personId,
                                    @Valid @RequestBody NewPasscode request) {
        People.Person p = notRemoving(mine(me, personId));
        checkPasscode(request.passcode());
        String hash = hashes.hash(me.accountId(), request.passcode());
        if (hash.equals(p.passcodeHash())) {
            return views.view(p);
        }
        List<UUID> lockIds = people.locksOf(p.id()).stream().filter(r -> !r.removing()).map(People.PersonLock::lockId).toList();
        checkNoConflict(me.accountId(), hash, lockIds, p.id());
        OffsetDateTime now = OffsetDateTime.now(clock);
        transaction.executeWithoutResult(status -> {
            people.passcode(p.id(), hash, box.seal(request.passcode(), PasscodeHashes.sealedIdentity(p.id())));
            lockIds.forEach(lock -> people.retry(p.id(), lock, now));
        });
        lockIds.forEach(lock -> sync.step(p.id(), lock));
        return views.view(people.person(p.id()).orElseThrow());
    }

    @ApiDoc(summary = "Give a person more locks, or send them again to a lock they failed on, with the same passcode and schedule (B11)", answers = {400, 403, 404, 409})
    @PostMapping(path = "/api/people/{personId}/locks", consumes = MediaType.APPLICATION_JSON_VALUE)
    PersonViews.PersonView addLocks(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String personId,
                                    @Valid @RequestBody MoreLocks request) {
        People.Person p = notRemoving(mine(me, personId));
        List<UUID> lockIds = managed(me, request.locks());
        // a lock the person failed on (e.g. USER_GONE: deleted at the lock) may be given again: that sends them again
        Set<UUID> again = new HashSet<>();
        for (People.PersonLock r : people.locksOf(p.id())) {
            if (!lockIds.contains(r.lockId())) {
                continue;
            }
            if (!People.FAILED.equals(r.state()) || r.removing()) {
                throw new PersonRefused(HttpStatus.BAD_REQUEST, "SAME_LOCK_TWICE", "the person is on this lock already", r.lockId());
            }
            again.add(r.lockId());
        }
        String sealed = p.passcodeSealed();
        if (sealed == null) {
            // every lock had it, so the cloud forgot the code: it comes again, and must be the same one
            if (request.passcode() == null || !hashes.hash(me.accountId(), request.passcode()).equals(p.passcodeHash())) {
                throw PersonRefused.bad("PASSCODE_NEEDED",
                        "type the person's passcode again: the cloud keeps only a keyed hash of it once every lock has it");
            }
            sealed = box.seal(request.passcode(), PasscodeHashes.sealedIdentity(p.id()));
        }
        checkNoConflict(me.accountId(), p.passcodeHash(), lockIds, p.id());
        lockIds.forEach(this::checkRoom);
        OffsetDateTime now = OffsetDateTime.now(clock);
        String toKeep = sealed;
        transaction.executeWithoutResult(status -> {
            people.sealedPasscode(p.id(), toKeep);
            for (UUID lock : lockIds) {
                if (again.contains(lock)) {
                    people.retry(p.id(), lock, now);
                } else {
                    people.addLock(p.id(), lock, now);
                }
            }
        });
        lockIds.forEach(lock -> sync.step(p.id(), lock));
        return views.view(people.person(p.id()).orElseThrow());
    }

    /** The lock's rule as everywhere (sharing.RequiresRole): an owner or manager of the lock, else 404/403. */
    @ApiDoc(summary = "Take a person off one lock (B11)", answers = {404})
    @DeleteMapping("/api/people/{personId}/locks/{lockId}")
    PersonViews.PersonView removeLock(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String personId,
                                      @RequiresRole(AccountRole.MANAGER) UUID lockId) {
        People.Person p = mine(me, personId);
        UUID lock = lockId;
        if (people.row(p.id(), lock).isEmpty()) {
            throw notOnLock();
        }
        people.markRemoving(p.id(), lock);
        sync.step(p.id(), lock);
        return views.view(people.person(p.id()).orElseThrow());
    }

    /**
     * Removes the person from every lock in one step: 202 with each lock PENDING removal; the person is
     * gone (event person with removed true) once every lock confirmed.
     */
    @ApiDoc(summary = "Remove a person from every lock at once (B11)", answers = {202, 404})
    @DeleteMapping("/api/people/{personId}")
    ResponseEntity<PersonViews.PersonView> remove(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String personId) {
        People.Person p = mine(me, personId);
        people.markPersonRemoving(p.id());
        List<UUID> lockIds = people.locksOf(p.id()).stream().map(People.PersonLock::lockId).toList();
        lockIds.forEach(lock -> sync.step(p.id(), lock));
        if (people.person(p.id()).isEmpty()) {
            return ResponseEntity.accepted().body(PersonViews.removed(p));
        }
        sync.goneIfNoLock(p.id()); // no lock at all, or the last one let go meanwhile: deleted, and the page hears it
        return ResponseEntity.accepted().body(people.person(p.id()).map(views::view)
                .orElse(PersonViews.removed(p)));
    }

    // ---------------------------------------------------------------- checks before anything is sent

    private People.Person mine(AccountPrincipal me, String personId) {
        UUID id = uuid(personId, noSuchPerson());
        return people.person(id).filter(p -> p.ownerId().equals(me.accountId())).orElseThrow(PeopleController::noSuchPerson);
    }

    private static UUID uuid(String text, PersonRefused noSuch) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw noSuch;
        }
    }

    private static People.Person notRemoving(People.Person p) {
        if (p.removing()) {
            throw new PersonRefused(HttpStatus.CONFLICT, "PERSON_REMOVING", "the person is being removed", null);
        }
        return p;
    }

    private static PersonRefused noSuchPerson() {
        return new PersonRefused(HttpStatus.NOT_FOUND, "NO_SUCH_PERSON", "no such person", null);
    }

    private static PersonRefused notOnLock() {
        return new PersonRefused(HttpStatus.NOT_FOUND, "NOT_ON_LOCK", "the person is not on that lock", null);
    }

    /** SPEC B1, B10: the rule the lock applies, plus what a person writes by mistake (overlaps, a day twice). */
    private static LockCommand.Validity checkedSchedule(Schedule schedule) {
        LockCommand.Validity validity = schedule == null ? null : schedule.toLock();
        String problem = WeeklySchedule.scheduleProblem(validity);
        if (problem != null) {
            throw PersonRefused.bad("BAD_VALIDITY", problem);
        }
        return validity;
    }

    /** SPEC A2, with the lock's own rule and words. */
    private static void checkPasscode(String passcode) {
        PasscodeDigits.Problem problem = PasscodeDigits.problem(passcode);
        if (problem != null) {
            String reason = "PASSCODE_" + problem.name();
            throw PersonRefused.bad(reason, RefusalReasons.words(reason));
        }
    }

    /** Locks I own or manage, each once: another's lock is 404 (as everywhere), a lock I only use is 403. */
    private List<UUID> managed(AccountPrincipal me, List<UUID> requested) {
        List<UUID> out = new ArrayList<>();
        for (UUID lock : requested) {
            if (out.contains(lock)) {
                throw new PersonRefused(HttpStatus.BAD_REQUEST, "SAME_LOCK_TWICE", "the same lock is given twice", lock);
            }
            AccountRole role = access.roleOf(me.accountId(), lock)
                    .orElseThrow(() -> new PersonRefused(HttpStatus.NOT_FOUND, "NO_SUCH_LOCK", "no such lock", lock));
            if (!role.atLeast(AccountRole.MANAGER)) {
                throw new PersonRefused(HttpStatus.FORBIDDEN, "NOT_MANAGER", "only the lock's owner or a manager can give access to it", lock);
            }
            out.add(lock);
        }
        return out;
    }

    /** A code another of my people has on one of these locks (keyed hashes compared, SPEC B11). */
    private void checkNoConflict(UUID owner, String hash, List<UUID> lockIds, UUID person) {
        List<UUID> taken = people.sameCodeOn(owner, hash, lockIds, person);
        if (!taken.isEmpty()) {
            throw new PersonRefused(HttpStatus.CONFLICT, "PASSCODE_ALREADY_ON_LOCK",
                    "another person already has this passcode on this lock: choose another", taken.get(0));
        }
    }

    /** SPEC B7: the users and passcodes the lock reported, and the people on their way to it, leave room. */
    private void checkRoom(UUID lockId) {
        Locks.Lock lock = locks.byId(lockId).orElseThrow();
        long users = 0;
        long passcodes = 0;
        if (lock.reported() != null) {
            JsonNode reported = json.readTree(lock.reported());
            for (JsonNode user : reported.path("users")) {
                users++;
                for (JsonNode c : user.path("credentials")) {
                    if ("PASSCODE".equals(c.path("kind").asString())) {
                        passcodes++;
                    }
                }
            }
        }
        long coming = people.waitingAdds(lockId);
        if (users + coming + 1 > LockLimits.USERS_PER_LOCK || passcodes + coming + 1 > LockLimits.PER_KIND_PER_LOCK) {
            throw new PersonRefused(HttpStatus.CONFLICT, "LOCK_FULL", "the lock holds no more people with a passcode ("
                    + LockLimits.USERS_PER_LOCK + " users, " + LockLimits.PER_KIND_PER_LOCK + " passcodes)", lockId);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
