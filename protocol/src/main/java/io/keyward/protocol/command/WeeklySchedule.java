package io.keyward.protocol.command;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;

/**
 * When a lock user's weekly windows (SPEC B1, beyond the manual) let them in, read in the home's time
 * zone with its daylight-saving rules (SPEC B10, docs/people.md), and which validities are usable. The
 * lock opens by it; the cloud checks a person's schedule with it before anything is sent: one rule.
 *
 * <p>A window is wall-clock time on its days ("Tue 09:00-13:00"). Two nights a year the wall clock is
 * not a plain line, and a careful lock maker decides:
 * <ul>
 * <li>Spring forward (the clocks skip, say, 02:00-03:00): a window whose start does not exist that night
 * starts at the first instant after the gap. A window lying wholly in the gap is not lost: it opens at
 * the first instant after the gap for its usual length (a cleaner's 02:15-02:45 becomes 03:00-03:30).</li>
 * <li>Fall back (the clocks repeat, say, 02:00-03:00): the window is wall-clock time, so both
 * occurrences of a repeated time count (02:15-02:45 opens twice that night, 30 minutes each).</li>
 * </ul>
 */
public final class WeeklySchedule {

    /** At most this many windows per validity. */
    public static final int MAX_WINDOWS = 7;
    public static final int MINUTES_PER_DAY = 24 * 60;

    private WeeklySchedule() {
    }

    /** The zone stored in a lock's TIME_ZONE setting, or UTC when it is missing or unreadable. */
    public static ZoneId zone(String id) {
        if (id == null || id.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** Whether an instant falls in any of the windows, read in the zone (no windows: always). */
    public static boolean open(Instant at, ZoneId zone, List<LockCommand.WeeklyWindow> windows) {
        if (windows == null || windows.isEmpty()) {
            return true;
        }
        ZonedDateTime local = at.atZone(zone);
        int day = local.getDayOfWeek().getValue();
        int minute = local.getHour() * 60 + local.getMinute();
        for (LockCommand.WeeklyWindow w : windows) {
            if (w.days().contains(day) && minute >= w.fromMinute() && minute < w.untilMinute()) {
                return true; // wall-clock time: both occurrences of a repeated hour count
            }
            // a gap at the end of a day (Asia/Dhaka, 19 June 2009: 23:00 became 00:00) moves that day's
            // swallowed window into the next date, so yesterday's windows are asked too
            if (inSkippedWindow(at, local.toLocalDate(), zone, w)
                    || inSkippedWindow(at, local.toLocalDate().minusDays(1), zone, w)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Spring forward: a window of this date whose wall-clock span the gap swallowed whole (its end lies
     * in the gap or at its end) opens at the first instant after the gap, for its usual length.
     */
    private static boolean inSkippedWindow(Instant at, LocalDate date, ZoneId zone, LockCommand.WeeklyWindow w) {
        if (!w.days().contains(date.getDayOfWeek().getValue())) {
            return false;
        }
        LocalDateTime start = date.atStartOfDay().plusMinutes(w.fromMinute());
        ZoneOffsetTransition gap = zone.getRules().getTransition(start);
        if (gap == null || !gap.isGap()) {
            return false;
        }
        LocalDateTime end = date.atStartOfDay().plusMinutes(w.untilMinute());
        if (end.isAfter(gap.getDateTimeAfter())) {
            return false; // the wall-clock rule already opens it from the gap's end to its own end
        }
        Instant opens = gap.getInstant();
        Instant closes = opens.plusSeconds(60L * (w.untilMinute() - w.fromMinute()));
        return !at.isBefore(opens) && at.isBefore(closes);
    }

    /** Why the validity cannot be used, or null: what the lock refuses as BAD_VALIDITY. */
    public static String problem(LockCommand.Validity v) {
        if (v == null) {
            return null;
        }
        if (v.from() != null && v.until() != null && !v.from().isBefore(v.until())) {
            return "validity must start before it ends";
        }
        if (v.weekly() != null) {
            if (v.weekly().size() > MAX_WINDOWS) {
                return "at most " + MAX_WINDOWS + " weekly windows";
            }
            for (LockCommand.WeeklyWindow w : v.weekly()) {
                if (w == null || w.days() == null || w.days().isEmpty()
                        || w.days().stream().anyMatch(d -> d == null || d < DayOfWeek.MONDAY.getValue() || d > DayOfWeek.SUNDAY.getValue())) {
                    return "weekly window days must be 1 (Monday) to 7 (Sunday)";
                }
                if (w.fromMinute() < 0 || w.untilMinute() > MINUTES_PER_DAY || w.fromMinute() >= w.untilMinute()) {
                    return "weekly window minutes must satisfy 0 <= from < until <= 1440";
                }
            }
        }
        return null;
    }

    /**
     * Stricter, for a schedule a person writes in the app (docs/people.md): besides {@link #problem}, no
     * day twice in one window and no two windows overlapping on a day (one of them is then a mistake).
     */
    public static String scheduleProblem(LockCommand.Validity v) {
        String problem = problem(v);
        if (problem != null || v == null || v.weekly() == null) {
            return problem;
        }
        List<LockCommand.WeeklyWindow> windows = v.weekly();
        for (int i = 0; i < windows.size(); i++) {
            LockCommand.WeeklyWindow a = windows.get(i);
            if (a.days().stream().distinct().count() != a.days().size()) {
                return "a weekly window names a day twice";
            }
            for (int j = i + 1; j < windows.size(); j++) {
                LockCommand.WeeklyWindow b = windows.get(j);
                boolean sameDay = a.days().stream().anyMatch(b.days()::contains);
                if (sameDay && a.fromMinute() < b.untilMinute() && b.fromMinute() < a.untilMinute()) {
                    return "weekly windows " + (i + 1) + " and " + (j + 1) + " overlap on " + DayOfWeek.of(
                            a.days().stream().filter(b.days()::contains).findFirst().orElseThrow());
                }
            }
        }
        return null;
    }

    /** "Tue 09:00-13:00", for messages. */
    public static String describe(LockCommand.WeeklyWindow w) {
        return w.days() + " " + LocalTime.MIN.plusMinutes(w.fromMinute()) + "-"
                + (w.untilMinute() == MINUTES_PER_DAY ? "24:00" : LocalTime.MIN.plusMinutes(w.untilMinute()).toString());
    }
}
