package io.keyward.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * SPEC B1, B10: weekly windows read in the home's time zone, daylight saving included, as the lock opens
 * by them and the cloud checks them (WeeklySchedule, the one rule of both).
 */
class WeeklyScheduleProperties {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZoneId.getAvailableZoneIds().stream().sorted().toList()).map(ZoneId::of);
    }

    @Provide
    Arbitrary<LocalDate> dates() {
        return Arbitraries.longs().between(LocalDate.of(2000, 1, 1).toEpochDay(), LocalDate.of(2040, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay);
    }

    @Property(tries = 500)
    @Label("SPEC B10 away from clock changes a window opens exactly at wall-clock times on its days, in the home's zone")
    void wallClockAwayFromTransitions(@ForAll("zones") ZoneId zone, @ForAll("dates") LocalDate date,
                                      @ForAll @IntRange(min = 0, max = 1439) int minute,
                                      @ForAll @IntRange(min = 0, max = 1380) int from, @ForAll @IntRange(min = 1, max = 60) int length) {
        LocalDateTime local = date.atStartOfDay().plusMinutes(minute);
        ZonedDateTime at = local.atZone(zone);
        if (!at.toLocalDateTime().equals(local) || nearTransition(zone, at.toInstant())) {
            return; // the named cases below cover clock changes
        }
        int day = date.getDayOfWeek().getValue();
        LockCommand.WeeklyWindow w = new LockCommand.WeeklyWindow(List.of(day), from, from + length);
        boolean inside = minute >= from && minute < from + length;
        assertThat(WeeklySchedule.open(at.toInstant(), zone, List.of(w))).isEqualTo(inside);
        LockCommand.WeeklyWindow otherDay = new LockCommand.WeeklyWindow(List.of(day % 7 + 1), from, from + length);
        assertThat(WeeklySchedule.open(at.toInstant(), zone, List.of(otherDay))).as("another day's window").isFalse();
    }

    @Property(tries = 300)
    @Label("SPEC B10 no window is lost on a spring-forward night: every window opens for at least part of its length, and for all of it when the gap swallowed it whole")
    void springForwardNeverLosesAWindow(@ForAll("zones") ZoneId zone, @ForAll("dates") LocalDate date,
                                        @ForAll @IntRange(min = 0, max = 1380) int from, @ForAll @IntRange(min = 1, max = 60) int length) {
        ZoneOffsetTransition t = zone.getRules().nextTransition(date.atStartOfDay(zone).toInstant());
        if (t == null || !t.isGap()) {
            return;
        }
        if (t.getDuration().toHours() >= 24) {
            // a day the zone skipped whole (Samoa and Tokelau crossed the date line on 30 December 2011):
            // that day never happens on the lock, and neither do its windows (B10, docs/people.md)
            return;
        }
        LocalDate night = t.getDateTimeBefore().toLocalDate();
        LockCommand.WeeklyWindow w = new LockCommand.WeeklyWindow(List.of(night.getDayOfWeek().getValue()), from,
                Math.min(1440, from + length));
        Instant dayStart = night.atStartOfDay(zone).toInstant();
        // a window the gap swallowed opens after the gap for its length, which may be past midnight when
        // the gap ends the day (Asia/Dhaka, 19 June 2009, 23:00 -> 00:00): count that hour too
        Instant dayEnd = night.plusDays(1).atStartOfDay(zone).toInstant().plusSeconds(3600);
        long openMinutes = 0;
        for (Instant i = dayStart; i.isBefore(dayEnd); i = i.plusSeconds(60)) {
            if (WeeklySchedule.open(i, zone, List.of(w))) {
                openMinutes++;
            }
        }
        assertThat(openMinutes).as("minutes open on %s in %s for %s", night, zone, WeeklySchedule.describe(w)).isPositive();
        LocalDateTime start = night.atStartOfDay().plusMinutes(w.fromMinute());
        LocalDateTime end = night.atStartOfDay().plusMinutes(w.untilMinute());
        boolean swallowed = !start.isBefore(t.getDateTimeBefore()) && !end.isAfter(t.getDateTimeAfter());
        if (swallowed) {
            assertThat(openMinutes).isEqualTo(w.untilMinute() - w.fromMinute());
        }
    }

    @Example
    @Label("SPEC B10 a window swallowed by a gap that ends the day (Asia/Dhaka 2009-06-19, 23:00 -> 00:00) opens at midnight for its length")
    void gapAtTheEndOfTheDay() {
        ZoneId zone = ZoneId.of("Asia/Dhaka");
        LockCommand.WeeklyWindow friday = new LockCommand.WeeklyWindow(List.of(5), 23 * 60, 23 * 60 + 30);
        Instant midnight = LocalDate.of(2009, 6, 20).atStartOfDay(zone).toInstant();
        assertThat(WeeklySchedule.open(midnight, zone, List.of(friday))).isTrue();
        assertThat(WeeklySchedule.open(midnight.plusSeconds(29 * 60), zone, List.of(friday))).isTrue();
        assertThat(WeeklySchedule.open(midnight.plusSeconds(30 * 60), zone, List.of(friday))).isFalse();
        assertThat(WeeklySchedule.open(midnight.minusSeconds(60), zone, List.of(friday))).as("22:59 Friday").isFalse();
    }

    @Property(tries = 300)
    @Label("SPEC B10 on a fall-back night both occurrences of a repeated wall-clock time open a window that contains it")
    void fallBackBothOccurrencesCount(@ForAll("zones") ZoneId zone, @ForAll("dates") LocalDate date,
                                      @ForAll @IntRange(min = 0, max = 59) int into) {
        ZoneOffsetTransition t = zone.getRules().nextTransition(date.atStartOfDay(zone).toInstant());
        if (t == null || !t.isOverlap()) {
            return;
        }
        LocalDateTime repeated = t.getDateTimeAfter().plusMinutes(into % Math.max(1, t.getDuration().abs().toMinutes()));
        List<java.time.ZoneOffset> offsets = zone.getRules().getValidOffsets(repeated);
        if (offsets.size() != 2) {
            return;
        }
        int minute = repeated.getHour() * 60 + repeated.getMinute();
        LockCommand.WeeklyWindow w = new LockCommand.WeeklyWindow(List.of(repeated.getDayOfWeek().getValue()), minute,
                minute + 1);
        for (java.time.ZoneOffset offset : offsets) {
            assertThat(WeeklySchedule.open(repeated.toInstant(offset), zone, List.of(w)))
                    .as("%s at offset %s", repeated, offset).isTrue();
        }
    }

    @Example
    @Label("SPEC B10 Europe/Berlin 29 March 2026: a window 02:30-04:00 opens at 03:00 CEST, the first instant after the gap, and closes at 04:00")
    void springWindowStartingInTheGap() {
        LockCommand.WeeklyWindow sunday = new LockCommand.WeeklyWindow(List.of(7), 150, 240);
        Instant gapEnd = Instant.parse("2026-03-29T01:00:00Z"); // 02:00 CET becomes 03:00 CEST
        assertThat(WeeklySchedule.open(gapEnd.minusSeconds(1), BERLIN, List.of(sunday))).isFalse();
        assertThat(WeeklySchedule.open(gapEnd, BERLIN, List.of(sunday))).isTrue();
        assertThat(WeeklySchedule.open(Instant.parse("2026-03-29T01:59:59Z"), BERLIN, List.of(sunday))).isTrue();
        assertThat(WeeklySchedule.open(Instant.parse("2026-03-29T02:00:00Z"), BERLIN, List.of(sunday))).isFalse();
    }

    @Example
    @Label("SPEC B10 Europe/Berlin 29 March 2026: a window 02:15-02:45 the clocks skip opens 03:00-03:30 CEST")
    void springWindowWhollyInTheGap() {
        LockCommand.WeeklyWindow sunday = new LockCommand.WeeklyWindow(List.of(7), 135, 165);
        assertThat(WeeklySchedule.open(Instant.parse("2026-03-29T00:59:00Z"), BERLIN, List.of(sunday))).isFalse();
        assertThat(WeeklySchedule.open(Instant.parse("2026-03-29T01:00:00Z"), BERLIN, List.of(sunday))).isTrue();
        assertThat(WeeklySchedule.open(Instant.parse("2026-03-29T01:29:59Z"), BERLIN, List.of(sunday))).isTrue();
        assertThat(WeeklySchedule.open(Instant.parse("2026-03-29T01:30:00Z"), BERLIN, List.of(sunday))).isFalse();
        // the next Sunday it is a plain wall-clock window again
        assertThat(WeeklySchedule.open(Instant.parse("2026-04-05T00:15:00Z"), BERLIN, List.of(sunday))).isTrue();
        assertThat(WeeklySchedule.open(Instant.parse("2026-04-05T01:00:00Z"), BERLIN, List.of(sunday))).isFalse();
    }

    @Example
    @Label("SPEC B10 America/New_York 1 November 2026: a window 01:15-01:45 opens in both 01:15s (EDT and EST), not between them")
    void fallBackRepeatedHour() {
        LockCommand.WeeklyWindow sunday = new LockCommand.WeeklyWindow(List.of(7), 75, 105);
        Instant firstOpen = Instant.parse("2026-11-01T05:15:00Z"); // 01:15 EDT
        Instant secondOpen = Instant.parse("2026-11-01T06:15:00Z"); // 01:15 EST
        assertThat(WeeklySchedule.open(firstOpen, NEW_YORK, List.of(sunday))).isTrue();
        assertThat(WeeklySchedule.open(firstOpen.plus(Duration.ofMinutes(35)), NEW_YORK, List.of(sunday)))
                .as("01:50 EDT, between the two").isFalse();
        assertThat(WeeklySchedule.open(secondOpen, NEW_YORK, List.of(sunday))).isTrue();
        assertThat(WeeklySchedule.open(secondOpen.plus(Duration.ofMinutes(30)), NEW_YORK, List.of(sunday))).isFalse();
    }

    @Example
    @Label("SPEC B10 the same instant is inside a Tue 09:00-13:00 window in Berlin and outside it in New York")
    void theZoneDecides() {
        LockCommand.WeeklyWindow tuesday = new LockCommand.WeeklyWindow(List.of(2), 9 * 60, 13 * 60);
        Instant tuesday10Berlin = Instant.parse("2026-12-08T09:00:00Z");
        assertThat(WeeklySchedule.open(tuesday10Berlin, BERLIN, List.of(tuesday))).isTrue();
        assertThat(WeeklySchedule.open(tuesday10Berlin, NEW_YORK, List.of(tuesday))).isFalse();
        assertThat(WeeklySchedule.open(tuesday10Berlin, WeeklySchedule.zone(null), List.of(tuesday))).as("UTC: 09:00").isTrue();
    }

    @Example
    @Label("SPEC B10 TIME_ZONE takes IANA ids as java.time spells them and refuses unknown zones and offsets")
    void timeZoneSetting() {
        assertThat(Setting.TIME_ZONE.normalize(" Europe/Berlin ")).isEqualTo("Europe/Berlin");
        assertThat(Setting.TIME_ZONE.normalize("UTC")).isEqualTo("UTC");
        assertThat(Setting.TIME_ZONE.normalize("Asia/Shanghai")).isEqualTo("Asia/Shanghai");
        for (String bad : new String[] {"Mars/Olympus", "+02:00", "", "Europe/Berlin; drop", "x".repeat(70)}) {
            assertThatThrownBy(() -> Setting.TIME_ZONE.normalize(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("TIME_ZONE must be an IANA time zone");
        }
    }

    @Example
    @Label("SPEC B1 B11 a person's schedule: empty, reversed, overlapping windows and a day twice are refused with the reason")
    void scheduleProblems() {
        assertThat(WeeklySchedule.scheduleProblem(validity(window(List.of(2), 540, 780)))).isNull();
        assertThat(WeeklySchedule.scheduleProblem(validity(window(List.of(), 540, 780)))).contains("days");
        assertThat(WeeklySchedule.scheduleProblem(validity(window(List.of(2), 780, 540)))).contains("from < until");
        assertThat(WeeklySchedule.scheduleProblem(validity(window(List.of(2), 600, 600)))).contains("from < until");
        assertThat(WeeklySchedule.scheduleProblem(validity(window(List.of(2, 2), 540, 780)))).contains("a day twice");
        assertThat(WeeklySchedule.scheduleProblem(validity(window(List.of(1, 2), 540, 780), window(List.of(2, 3), 700, 800))))
                .isEqualTo("weekly windows 1 and 2 overlap on TUESDAY");
        assertThat(WeeklySchedule.scheduleProblem(validity(window(List.of(2), 540, 600), window(List.of(2), 600, 660))))
                .as("touching is not overlapping").isNull();
        assertThat(WeeklySchedule.scheduleProblem(new LockCommand.Validity(Instant.parse("2026-12-02T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"), null))).isEqualTo("validity must start before it ends");
    }

    private static LockCommand.Validity validity(LockCommand.WeeklyWindow... windows) {
        return new LockCommand.Validity(null, null, new ArrayList<>(List.of(windows)));
    }

    private static LockCommand.WeeklyWindow window(List<Integer> days, int from, int until) {
        return new LockCommand.WeeklyWindow(days, from, until);
    }

    /** Within a day of a transition of the zone. */
    private static boolean nearTransition(ZoneId zone, Instant at) {
        ZoneOffsetTransition next = zone.getRules().nextTransition(at.minus(Duration.ofDays(1)));
        return next != null && Duration.between(at, next.getInstant()).abs().compareTo(Duration.ofDays(1)) < 0;
    }
}
