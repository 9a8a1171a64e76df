package io.keyward.cloud.people;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.keyward.cloud.locks.Locks;
import io.keyward.cloud.management.RefusalReasons;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.Setting;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A person as the API and the live stream show them (docs/people.md): who, their schedule, and per lock
 * the sync state with its reason in plain words, and the credentials the lock reports for that lock user
 * (fingerprints and faces stay enrolled lock by lock). Never the passcode, nor its hash.
 */
@Component
class PersonViews {

    record Credential(String id, String kind, boolean duress) {
    }

    /**
     * state: ON_LOCK, PENDING or FAILED; version: the lock's command version that confirmed the person
     * (ON_LOCK); since: when the state began; why: PENDING's SIGNATURE (an owner's device is to sign the next
     * command, issue 15), OFFLINE or WAITING_TURN; reason: FAILED's code
     * (the lock's, RefusalReasons) and words its plain words; removing: the person is being taken off it.
     */
    record LockState(UUID lockId, String lockName, String timeZone, boolean online, Integer lockUser, String state,
                     Long version, OffsetDateTime since, String why, String reason, String words, boolean removing,
                     List<Credential> credentials) {
    }

    record PersonView(UUID id, String name, String contact, LockCommand.Validity validity, long revision,
                      boolean removing, boolean removed, List<LockState> locks) {
    }

    private final People people;
    private final Locks locks;
    private final ObjectMapper json;

    PersonViews(People people, Locks locks, ObjectMapper json) {
        this.people = people;
        this.locks = locks;
        this.json = json;
    }

    PersonView view(People.Person p) {
        List<LockState> states = new ArrayList<>();
        for (People.PersonLock r : people.locksOf(p.id())) {
            Locks.Lock lock = locks.byId(r.lockId()).orElse(null);
            if (lock == null) {
                continue;
            }
            JsonNode reported = lock.reported() == null ? null : json.readTree(lock.reported());
            String why = !People.PENDING.equals(r.state()) ? null
                    : r.awaitingSignature() ? "SIGNATURE" : lock.online() ? "WAITING_TURN" : "OFFLINE";
            String words = People.FAILED.equals(r.state()) ? RefusalReasons.words(r.reason()) : null;
            states.add(new LockState(lock.id(), lock.name(), timeZone(lock, reported), lock.online(), r.lockUser(), r.state(),
                    People.ON_LOCK.equals(r.state()) ? r.confirmedVersion() : null, r.since(), why, r.reason(), words,
                    r.removing(), credentials(reported, r.lockUser())));
        }
        return new PersonView(p.id(), p.name(), p.contact(), validity(p), p.revision(), p.removing(), false, states);
    }

    /** The credentials the lock last reported for the lock user: passcode, fingerprints and faces alike. */
    private static List<Credential> credentials(JsonNode reported, Integer lockUser) {
        List<Credential> out = new ArrayList<>();
        if (reported == null || lockUser == null || !reported.path("users").isArray()) {
            return out;
        }
        for (JsonNode user : reported.path("users")) {
            if (user.path("id").asInt() == lockUser) {
                for (JsonNode c : user.path("credentials")) {
                    out.add(new Credential(c.path("id").asString(), c.path("kind").asString(), c.path("duress").asBoolean()));
                }
            }
        }
        return out;
    }

    /** SPEC B10: the zone the lock reports, else the one asked for, else UTC (as GET /api/locks shows it). */
    String timeZone(Locks.Lock lock, JsonNode reported) {
        JsonNode zone = reported == null ? null : reported.at("/settings/" + Setting.TIME_ZONE.name());
        if (zone != null && zone.isString() && !zone.asString().isBlank()) {
            return zone.asString();
        }
        return locks.timeZone(lock.id()).orElse("UTC");
    }

    LockCommand.Validity validity(People.Person p) {
        return p.validity() == null ? null : json.readValue(p.validity(), LockCommand.Validity.class);
    }

    String validityJson(LockCommand.Validity v) {
        return v == null ? null : json.writeValueAsString(v);
    }

    /** What a removed person looks like last: gone from every lock and from the cloud. */
    static PersonView removed(People.Person p) {
        return new PersonView(p.id(), p.name(), p.contact(), null, p.revision(), true, true, List.of());
    }
}
