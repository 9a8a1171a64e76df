package io.keyward.cloud.visitors;

import java.time.Instant;

import io.keyward.protocol.visitor.CodeId;
import io.keyward.protocol.visitor.VisitorCode;
import io.keyward.protocol.visitor.VisitorKind;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The rules for a code the app made (issue 15, trust design §5): the cloud cannot see the digits, so it
 * checks that the id names one real code exactly (a start on a whole hour, a variant of the kind, an end
 * that is the variant's period) and that it can still open: it stores only what the app really made.
 */
final class AppCodeRequest {

    /** A checked id, and the name to list it under (null: none). */
    record Checked(CodeId id, String name) {
    }

    private AppCodeRequest() {
    }

    static Checked check(AppMadeVisitorCodesController.MadeInApp request, Instant now) {
        long startHour = wholeHour(request.start());
        VisitorKind kind = VisitorKind.valueOf(request.kind());
        CodeId id;
        try {
            id = new CodeId(kind, startHour, request.variant());
        } catch (IllegalArgumentException e) {
            throw bad("variant: " + (kind == VisitorKind.ONE_TIME ? "a ONE_TIME serial is 0..15"
                    : "a PERIODIC variant is duration class * 2 + serial, 0..63"));
        }
        if (kind == VisitorKind.ONE_TIME && request.end() != null
                && !request.end().equals(VisitorCode.startOf(id.untilHour()))) {
            throw bad("end: a ONE_TIME code is good for 6 hours from its start; send no end or exactly start + 6 hours");
        }
        if (kind == VisitorKind.PERIODIC) {
            if (request.end() == null) {
                throw bad("end: required for a PERIODIC code");
            }
            if (!request.end().equals(VisitorCode.startOf(id.untilHour()))) {
                throw bad("end: must be the end of the variant's period, " + VisitorCode.startOf(id.untilHour()));
            }
        }
        long lastHour = kind == VisitorKind.PERIODIC
                ? Math.min(id.untilHour(), startHour + VisitorCode.FIRST_USE_HOURS) : id.untilHour();
        if (!VisitorCode.startOf(lastHour).isAfter(now)) {
            throw bad("start: this code could no longer open (its first use would be too late)");
        }
        return new Checked(id, name(request.name()));
    }

    private static long wholeHour(Instant start) {
        if (start.isBefore(VisitorCode.EPOCH)) {
            throw bad("start: must be at or after " + VisitorCode.EPOCH);
        }
        long hour = VisitorCode.hourOf(start);
        if (hour > VisitorCode.MAX_HOUR - 366 * 24) {
            throw bad("start: too far in the future");
        }
        if (!VisitorCode.startOf(hour).equals(start)) {
            throw bad("start: must be the whole UTC hour the code was made for, such as " + VisitorCode.startOf(hour));
        }
        return hour;
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String stripped = name.strip();
        if (stripped.codePoints().anyMatch(Character::isISOControl)) {
            throw bad("name: no control characters");
        }
        return stripped;
    }

    private static ResponseStatusException bad(String reason) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, reason);
    }
}
