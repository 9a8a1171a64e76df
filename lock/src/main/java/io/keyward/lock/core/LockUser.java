package io.keyward.lock.core;

import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.LockCommand.Validity;
import io.keyward.protocol.command.WeeklySchedule;

import java.time.Instant;
import java.time.ZoneId;

/** A person enrolled on this lock (SPEC B1): a number, a name, a role and an optional validity. */
public record LockUser(int id, String name, LockUserRole role, Validity validity) {

    public boolean isAdministrator() {
        return role == LockUserRole.ADMINISTRATOR;
    }

    /**
     * Whether the user's credentials may open at this instant: inside the validity period, and inside a
     * weekly window read in the home's time zone, daylight saving included (SPEC B1, B10; the rule is
     * shared with the cloud: {@link WeeklySchedule}).
     */
    public boolean validAt(Instant now, ZoneId zone) {
        if (validity == null) {
            return true;
        }
        if (validity.from() != null && now.isBefore(validity.from())) {
            return false;
        }
        if (validity.until() != null && !now.isBefore(validity.until())) {
            return false;
        }
        return WeeklySchedule.open(now, zone, validity.weekly());
    }

    /** Checks a validity from a command; returns the reason it is unusable, or null. */
    static String checkValidity(Validity v) {
        return WeeklySchedule.problem(v);
    }
}
