package io.keyward.lock.core;

import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.LockCommand.Validity;
import io.keyward.protocol.command.LockCommand.WeeklyWindow;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** A person enrolled on this lock (SPEC B1): a number, a name, a role and an optional validity. */
public record LockUser(int id, String name, LockUserRole role, Validity validity) {

    public boolean isAdministrator() {
        return role == LockUserRole.ADMINISTRATOR;
    }

    /**
     * Whether the user's credentials may open at this instant. Weekly windows are read in UTC:
     * the simulated lock's clock has no time zone setting yet (documented in docs/lock.md).
     */
    public boolean validAt(Instant now) {
        if (validity == null) {
            return true;
        }
        if (validity.from() != null && now.isBefore(validity.from())) {
            return false;
        }
        if (validity.until() != null && !now.isBefore(validity.until())) {
            return false;
        }
        return validity.weekly() == null || validity.weekly().isEmpty() || inAnyWindow(now);
    }

    private boolean inAnyWindow(Instant now) {
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        int day = t.getDayOfWeek().getValue();
        int minute = t.getHour() * 60 + t.getMinute();
        for (WeeklyWindow w : validity.weekly()) {
            if (w.days().contains(day) && minute >= w.fromMinute() && minute < w.untilMinute()) {
                return true;
            }
        }
        return false;
    }

    /** Checks a validity from a command; returns the reason it is unusable, or null. */
    static String checkValidity(Validity v) {
        if (v == null) {
            return null;
        }
        if (v.from() != null && v.until() != null && !v.from().isBefore(v.until())) {
            return "validity must start before it ends";
        }
        if (v.weekly() != null) {
            if (v.weekly().size() > 7) {
                return "at most 7 weekly windows";
            }
            for (WeeklyWindow w : v.weekly()) {
                if (w.days() == null || w.days().isEmpty()
                        || w.days().stream().anyMatch(d -> d == null || d < DayOfWeek.MONDAY.getValue() || d > DayOfWeek.SUNDAY.getValue())) {
                    return "weekly window days must be 1 (Monday) to 7 (Sunday)";
                }
                if (w.fromMinute() < 0 || w.untilMinute() > 1440 || w.fromMinute() >= w.untilMinute()) {
                    return "weekly window minutes must satisfy 0 <= from < until <= 1440";
                }
            }
        }
        return null;
    }
}
