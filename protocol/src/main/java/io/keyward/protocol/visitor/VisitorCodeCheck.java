package io.keyward.protocol.visitor;

import javax.crypto.Mac;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lock's side of visitor passcodes (SPEC E1, E2, E4), offline, pure and deterministic: from the
 * secret, the lock's clock, the typed digits and its {@link SeenCodes} table it tells whether the
 * digits are a code of this lock and whether that code opens now, and returns the table to keep.
 * It needs no list of issued codes: it undoes the keyed permutation, resolves the start hour in the
 * window around now (or finds it in the table for a periodic code in use) and recomputes the tag.
 *
 * Privacy mode and the lockout (E4, D1) are the caller's: an UNKNOWN result is a wrong passcode and
 * counts toward the lockout; the other refusals name a code of this lock and say why it does not open.
 */
public final class VisitorCodeCheck {

    public enum Outcome {
        /** A code of this lock that is good now (a revoke code: the revocation is recorded). */
        ACCEPT,
        /** Not a code of this lock (or not one that can be told from the clock): a wrong passcode. */
        UNKNOWN,
        /** Before its start hour. */
        NOT_YET,
        /** Past its window (one-time, revoke) or its end (periodic). */
        EXPIRED,
        /** A one-time code that already opened. */
        USED,
        /** Revoked before use (by a revoke code or by sync). */
        REVOKED,
        /** A periodic code not used within 24 hours of its start. */
        FIRST_USE_TOO_LATE,
        /** The table of seen codes is full of entries that still matter: refused rather than forgotten. */
        TABLE_FULL
    }

    /**
     * @param outcome what the lock does
     * @param id      the code, null when UNKNOWN
     * @param seen    the table to keep from now on (pruned; with the new first use or revocation)
     */
    public record Result(Outcome outcome, CodeId id, SeenCodes seen) {

        public boolean accepted() {
            return outcome == Outcome.ACCEPT;
        }

        /** Whether the door opens: an accepted one-time or periodic code (a revoke code never opens). */
        public boolean opens() {
            return accepted() && id.kind() != VisitorKind.REVOKE;
        }

        public Optional<VisitorKind> kind() {
            return Optional.ofNullable(id).map(CodeId::kind);
        }

        /** For an accepted revoke code: the code it revoked. */
        public Optional<CodeId> revokedTarget() {
            return accepted() && id.kind() == VisitorKind.REVOKE ? Optional.of(id.target()) : Optional.empty();
        }
    }

    private VisitorCodeCheck() {
    }

    public static Result check(VisitorSecret secret, Instant now, String digits, SeenCodes seen) {
        if (now.isBefore(VisitorCode.EPOCH)) {
            return new Result(Outcome.UNKNOWN, null, seen);
        }
        long nowHour = VisitorCode.hourOf(now);
        SeenCodes table = seen.pruned(nowHour);
        CodeId id = identify(secret, nowHour, digits, table);
        if (id == null) {
            return new Result(Outcome.UNKNOWN, null, table);
        }
        return switch (id.kind()) {
            case ONE_TIME -> oneTime(id, now, nowHour, table);
            case PERIODIC -> periodic(id, now, nowHour, table);
            case REVOKE -> revoke(id, nowHour, table);
        };
    }

    /** The code the digits are, or null: the tag must match for the resolved or a remembered start hour. */
    static CodeId identify(VisitorSecret secret, long nowHour, String digits, SeenCodes table) {
        VisitorCodec.Decoded d = VisitorCodec.decode(secret, digits);
        if (d == null) {
            return null;
        }
        List<Long> starts = new ArrayList<>(table.startHours(d.kind(), d.variant(), d.startMod()));
        long resolved = VisitorCodec.resolve(nowHour, d.startMod());
        if (!starts.contains(resolved)) {
            starts.add(resolved);
        }
        Mac tagMac = secret.tagMac();
        for (long start : starts) {
            if (start < 0 || start > VisitorCode.MAX_HOUR) {
                continue;
            }
            CodeId candidate = new CodeId(d.kind(), start, d.variant());
            if (VisitorCodec.tag(tagMac, candidate) == d.tag()) {
                if (candidate.kind() == VisitorKind.REVOKE && VisitorCodec.unpackTarget(start, d.variant()) == null) {
                    return null;
                }
                return candidate;
            }
        }
        return null;
    }

    private static Result oneTime(CodeId id, Instant now, long nowHour, SeenCodes table) {
        Optional<SeenCodes.Entry> entry = table.get(id);
        if (entry.map(SeenCodes.Entry::revoked).orElse(false)) {
            return new Result(Outcome.REVOKED, id, table);
        }
        if (entry.map(e -> e.firstUse() != null).orElse(false)) {
            return new Result(Outcome.USED, id, table);
        }
        Outcome timing = timing(id, nowHour);
        if (timing != null) {
            return new Result(timing, id, table);
        }
        return table.withFirstUse(id, now, id.untilHour())
                .map(t -> new Result(Outcome.ACCEPT, id, t))
                .orElseGet(() -> new Result(Outcome.TABLE_FULL, id, table));
    }

    private static Result periodic(CodeId id, Instant now, long nowHour, SeenCodes table) {
        Optional<SeenCodes.Entry> entry = table.get(id);
        if (entry.map(SeenCodes.Entry::revoked).orElse(false)) {
            return new Result(Outcome.REVOKED, id, table);
        }
        Outcome timing = timing(id, nowHour);
        if (timing != null) {
            return new Result(timing, id, table);
        }
        if (entry.map(e -> e.firstUse() != null).orElse(false)) {
            return new Result(Outcome.ACCEPT, id, table);
        }
        if (nowHour >= id.startHour() + VisitorCode.FIRST_USE_HOURS) {
            return new Result(Outcome.FIRST_USE_TOO_LATE, id, table);
        }
        return table.withFirstUse(id, now, id.untilHour())
                .map(t -> new Result(Outcome.ACCEPT, id, t))
                .orElseGet(() -> new Result(Outcome.TABLE_FULL, id, table));
    }

    private static Result revoke(CodeId id, long nowHour, SeenCodes table) {
        Outcome timing = timing(id, nowHour);
        if (timing != null) {
            return new Result(timing, id, table);
        }
        CodeId target = id.target();
        long keep = table.keepUntilForRevoked(target);
        if (keep <= nowHour) {
            // the target can no longer open anyway: nothing to remember
            return new Result(Outcome.ACCEPT, id, table);
        }
        return table.withRevoked(target, keep)
                .map(t -> new Result(Outcome.ACCEPT, id, t))
                .orElseGet(() -> new Result(Outcome.TABLE_FULL, id, table));
    }

    private static Outcome timing(CodeId id, long nowHour) {
        if (nowHour < id.fromHour()) {
            return Outcome.NOT_YET;
        }
        if (nowHour >= id.untilHour()) {
            return Outcome.EXPIRED;
        }
        return null;
    }
}
