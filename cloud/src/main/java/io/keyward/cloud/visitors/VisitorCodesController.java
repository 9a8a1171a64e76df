package io.keyward.cloud.visitors;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.management.QueuedCommands;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.cloud.sharing.RequiresRole;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.visitor.CodeId;
import io.keyward.protocol.visitor.VisitorCode;
import io.keyward.protocol.visitor.VisitorKind;
import io.keyward.protocol.visitor.VisitorSecret;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * SPEC E1, E2: offline visitor passcodes made by the cloud from the lock's visitor secret (shared with
 * the lock at pairing), listed, and revoked with a revoke code to type on the keypad. Managers and the
 * owner only: the list shows the digits. See docs/visitor-passcodes.md, section "Wiring".
 * <p>
 * Time is whole hours (UTC): a start that is not on a whole hour is rounded down, and the answer says so
 * in {@code note}; a periodic end is shortened to the longest allowed period that does not pass it.
 */
@RestController
class VisitorCodesController {

    static final String NO_SUCH_CODE = "no such visitor code";

    record IssueRequest(@NotNull @Pattern(regexp = "ONE_TIME|PERIODIC", message = "must be ONE_TIME or PERIODIC") String kind,
                        @NotNull Instant start, Instant end, @Size(max = 100) String name) {
    }

    /**
     * An issued code. end: the effective end (one-time: start + 6 h); firstUseBefore: a periodic code
     * must be typed once before this or it never opens; codeId: kind/start hour/variant, as the lock's
     * events name it (detail of UNLOCK with method VISITOR_PASSCODE); firstUsedAt: when the lock reported
     * the code's first unlock (issue 14: a used one-time code shows Used, from the lock's events), else null.
     */
    record VisitorCodeView(UUID id, String kind, String code, OffsetDateTime start, OffsetDateTime end,
                           OffsetDateTime firstUseBefore, String name, UUID createdBy, OffsetDateTime createdAt,
                           OffsetDateTime revokedAt, String codeId, String note, OffsetDateTime firstUsedAt) {

        /** The code opens the door: never in a log (issue 10 item 5). */
        @Override
        public String toString() {
            return "VisitorCodeView[id=" + id + ", kind=" + kind + ", code=(secret)]";
        }

    }

    /**
     * revokeCode: 12 digits to type on the lock's keypad, or null when none is needed or possible (see note);
     * syncCommand: the management command that carries the revocation to the lock at its next sync (null when
     * the code has expired already, or when it was revoked before).
     */
    record Revocation(UUID id, String revokeCode, OffsetDateTime validFrom, OffsetDateTime validUntil,
                      OffsetDateTime revokedAt, String note, UUID syncCommand) {
    }

    private final VisitorCodes codes;
    private final Clock clock;
    private final QueuedCommands commands;
    private final io.keyward.cloud.management.LockRequests requests;

    VisitorCodesController(VisitorCodes codes, Clock clock, QueuedCommands commands,
                           io.keyward.cloud.management.LockRequests requests) {
        this.requests = requests;
        this.codes = codes;
        this.clock = clock;
        this.commands = commands;
    }

    @ApiDoc(summary = "Make a visitor passcode (E1, E2); a lock in trust mode: 409 VISITOR_CODES_IN_APP", answers = {201, 409})
    @PostMapping(path = "/api/locks/{lockId}/visitor-codes", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<VisitorCodeView> issue(@AuthenticationPrincipal AccountPrincipal me,
                                          @RequiresRole(AccountRole.MANAGER) UUID lock,
                                          @Valid @RequestBody IssueRequest request) {
        if (requests.trustMode(lock)) {
            // issue 15 (trust design §5): the lock made a new visitor secret when its first owner device was bound;
            // the cloud's copy makes codes that no longer open, so the owner's devices make them
            throw new io.keyward.cloud.management.TrustRefused(HttpStatus.CONFLICT, "VISITOR_CODES_IN_APP",
                    "this lock's visitor passcodes are made in the app on an owner's device, which holds the lock's visitor secret");
        }
        VisitorSecret secret = secretOf(lock);
        OffsetDateTime now = OffsetDateTime.now(clock);
        long startHour = hour("start", request.start());
        boolean rounded = !VisitorCode.startOf(startHour).equals(request.start());
        boolean periodic = request.kind().equals("PERIODIC");
        long endHour;
        if (periodic) {
            if (request.end() == null) {
                throw bad("end: required for a PERIODIC code");
            }
            long wanted = hour("end", request.end());
            if (wanted - startHour < 1) {
                throw bad("end: must be at least one hour after the start (both in whole hours, rounded down)");
            }
            endHour = VisitorCode.effectiveEnd(startHour, wanted);
        } else {
            if (request.end() != null) {
                throw bad("end: only a PERIODIC code has an end; a ONE_TIME code is good for 6 hours from its start");
            }
            endHour = startHour + VisitorCode.ONE_TIME_HOURS;
        }
        long lastHour = periodic ? Math.min(endHour, startHour + VisitorCode.FIRST_USE_HOURS) : endHour;
        if (!VisitorCode.startOf(lastHour).isAfter(now.toInstant())) {
            throw bad(periodic
                    ? "start: a periodic code must be used for the first time within 24 hours of its start, and that is past"
                    : "start: this one-time code's 6 hours are over already");
        }
        String name = request.name() == null || request.name().isBlank() ? null : request.name().strip();
        Set<Integer> taken = codes.variantsTaken(lock, request.kind(), startHour);
        int serials = periodic ? VisitorCode.PERIODIC_SERIALS : VisitorCode.ONE_TIME_SERIALS;
        for (int serial = 0; serial < serials; serial++) {
            VisitorCode code = periodic ? VisitorCode.periodic(secret, startHour, endHour, serial)
                    : VisitorCode.oneTime(secret, startHour, serial);
            if (taken.contains(code.id().variant())) {
                continue;
            }
            UUID id = UUID.randomUUID();
            if (!codes.insert(new VisitorCodes.NewCode(id, lock, request.kind(), startHour, code.id().variant(),
                    code.digits(), at(startHour), at(endHour), name, me.accountId(), now))) {
                continue; // the same variant was issued meanwhile: try the next
            }
            String note = rounded ? "start rounded down to the whole hour " + VisitorCode.startOf(startHour) : null;
            if (periodic && !VisitorCode.startOf(endHour).equals(request.end())) {
                note = (note == null ? "" : note + "; ") + "end set to " + VisitorCode.startOf(endHour)
                        + ", the longest allowed period that does not go past the end asked for";
            }
            VisitorCodeView view = view(find(lock, id), note, null);
            return ResponseEntity.created(URI.create("/api/locks/" + lock + "/visitor-codes/" + id)).body(view);
        }
        throw new ResponseStatusException(HttpStatus.CONFLICT, "all " + serials + " " + request.kind()
                + " codes that can start at " + VisitorCode.startOf(startHour) + " are issued: choose another start hour");
    }

    /** Newest first. */
    @ApiDoc(summary = "The lock's visitor passcodes")
    @GetMapping("/api/locks/{lockId}/visitor-codes")
    List<VisitorCodeView> list(@RequiresRole(AccountRole.MANAGER) UUID lock) {
        Map<String, OffsetDateTime> used = codes.firstUses(lock);
        return codes.of(lock).stream().map(r -> view(r, null, used.get(eventName(r.codeId())))).toList();
    }

    /**
     * Marks the code revoked, sends the revocation to the lock by sync (a management command: it waits for
     * the lock to be online, see docs/visitor-passcodes.md) and answers a revoke code to type on the lock's
     * keypad (good for 24 hours from the current hour), which works with the lock offline. Asking again
     * answers a revoke code again (typing it twice does no harm) and sends nothing more.
     */
    @ApiDoc(summary = "Revoke a visitor passcode before its first use", answers = {404, 409})
    @PostMapping("/api/locks/{lockId}/visitor-codes/{id}/revoke")
    Revocation revoke(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MANAGER) UUID lock,
                      @PathVariable String id) {
        UUID codeId;
        try {
            codeId = UUID.fromString(id);
        } catch (IllegalArgumentException notAUuid) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, NO_SUCH_CODE);
        }
        VisitorCodes.Row row = find(lock, codeId);
        OffsetDateTime now = OffsetDateTime.now(clock);
        boolean newlyRevoked = codes.revoke(codeId, now);
        OffsetDateTime revokedAt = find(lock, codeId).revokedAt();
        long nowHour = VisitorCode.hourOf(now.toInstant());
        CodeId target = row.codeId();
        if (target.untilHour() <= nowHour) {
            return new Revocation(codeId, null, null, null, revokedAt, "the code has expired already: nothing to type", null);
        }
        UUID sync = newlyRevoked
                ? commands.ask(lock, me.accountId(), new LockCommand.RevokeVisitorCode(eventName(target))) : null;
        long offset = target.startHour() - nowHour;
        if (offset < -128 || offset > 127) {
            return new Revocation(codeId, null, null, null, revokedAt, (offset > 0
                    ? "the code starts more than 127 hours from now: the lock learns of the revocation at its next sync"
                    : "the code started more than 128 hours ago: the lock learns of the revocation at its next sync")
                    + " (or ask for a revoke code again closer to the code's start)", sync);
        }
        VisitorCode revoke = VisitorCode.revoke(secretOf(lock), target, nowHour);
        return new Revocation(codeId, revoke.digits(), at(nowHour), at(nowHour + VisitorCode.REVOKE_HOURS), revokedAt,
                "the lock learns of the revocation at its next sync; with the lock offline, type the revoke code and \u2713"
                        + " on its keypad before " + VisitorCode.startOf(nowHour + VisitorCode.REVOKE_HOURS), sync);
    }

    /** kind/start hour/variant: how the lock's events and its REVOKE_VISITOR_CODE command name a code. */
    private static String eventName(CodeId id) {
        return id.kind() + "/" + id.startHour() + "/" + id.variant();
    }

    private VisitorSecret secretOf(UUID lock) {
        return codes.secretOf(lock).orElseThrow(() -> new ResponseStatusException(HttpStatus.CONFLICT,
                "this lock has no visitor secret: it was paired before visitor passcodes; pair it again"));
    }

    private VisitorCodes.Row find(UUID lock, UUID id) {
        return codes.find(lock, id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, NO_SUCH_CODE));
    }

    /** The row as the API shows it; the code is stored sealed (issue 10 item 5) and opened here. */
    private VisitorCodeView view(VisitorCodes.Row r, String note, OffsetDateTime firstUsedAt) {
        CodeId id = r.codeId();
        OffsetDateTime firstUse = id.kind() == VisitorKind.PERIODIC
                ? at(Math.min(id.untilHour(), id.startHour() + VisitorCode.FIRST_USE_HOURS)) : null;
        String digits = codes.digits(r);
        return new VisitorCodeView(r.id(), r.kind(), digits, utc(r.startsAt()), utc(r.endsAt()), firstUse,
                r.name(), r.createdBy(), utc(r.createdAt()), utc(r.revokedAt()),
                eventName(id), note, firstUsedAt == null ? null : utc(firstUsedAt));
    }

    private static long hour(String field, Instant instant) {
        if (instant.isBefore(VisitorCode.EPOCH)) {
            throw bad(field + ": must be at or after " + VisitorCode.EPOCH);
        }
        long hour = VisitorCode.hourOf(instant);
        if (hour > VisitorCode.MAX_HOUR - 366 * 24) {
            throw bad(field + ": too far in the future");
        }
        return hour;
    }

    private static OffsetDateTime at(long hour) {
        return VisitorCode.startOf(hour).atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime utc(OffsetDateTime t) {
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static ResponseStatusException bad(String reason) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, reason);
    }
}
