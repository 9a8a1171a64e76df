package io.keyward.protocol.visitor;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * A visitor passcode (SPEC E1, E2) as the cloud/app makes it, offline, from the lock's
 * {@link VisitorSecret}: 12 digits that only that lock's secret turns back into a kind, a validity
 * and an id. Time is whole hours since {@link #EPOCH}. Generated codes are exempt from SPEC A2
 * (repeated digits and runs may occur). See docs/visitor-passcodes.md.
 *
 * @param digits what the visitor types
 * @param id     what the cloud stores and what a revoke names
 */
public record VisitorCode(String digits, CodeId id) {

    /** Hour 0 of visitor time. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    /** The last start hour a code can carry (far beyond any lock's life). */
    public static final long MAX_HOUR = Integer.MAX_VALUE;
    /** A one-time code is good for this many hours from its start hour (E1). */
    public static final int ONE_TIME_HOURS = 6;
    /** A periodic code must be used for the first time within this many hours of its start (E2). */
    public static final int FIRST_USE_HOURS = 24;
    /** A revoke code is good for this many hours from its hour. */
    public static final int REVOKE_HOURS = 24;
    /** Distinct one-time codes with the same start hour. */
    public static final int ONE_TIME_SERIALS = 16;
    /** Distinct periodic codes with the same start hour and duration. */
    public static final int PERIODIC_SERIALS = 2;
    /** The periods a periodic code can have, in hours: 16 hour classes then 16 day classes. */
    static final int[] DURATION_HOURS = {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 18, 20,
            24, 2 * 24, 3 * 24, 4 * 24, 5 * 24, 6 * 24, 7 * 24, 10 * 24,
            14 * 24, 21 * 24, 30 * 24, 60 * 24, 90 * 24, 180 * 24, 270 * 24, 365 * 24};

    public VisitorCode {
        if (digits == null || !digits.matches("[0-9]{12}")) {
            throw new IllegalArgumentException("a visitor code is 12 digits");
        }
        if (id == null) {
            throw new IllegalArgumentException("id is required");
        }
    }

    public VisitorKind kind() {
        return id.kind();
    }

    public long fromHour() {
        return id.fromHour();
    }

    public long untilHour() {
        return id.untilHour();
    }

    /** The whole hour (since EPOCH) that contains the instant; instants before EPOCH are refused. */
    public static long hourOf(Instant instant) {
        if (instant.isBefore(EPOCH)) {
            throw new IllegalArgumentException("visitor time starts at " + EPOCH);
        }
        return Duration.between(EPOCH, instant).toHours();
    }

    public static Instant startOf(long hour) {
        return EPOCH.plus(Duration.ofHours(hour));
    }

    /** The periods a periodic code can have, in hours, shortest first. */
    public static int[] durationsHours() {
        return DURATION_HOURS.clone();
    }

    /**
     * The longest allowed period that does not go past endHour (the app shows the user the end it
     * really gets); refused if endHour is less than one hour after startHour.
     */
    public static long effectiveEnd(long startHour, long endHour) {
        return startHour + DURATION_HOURS[durationClass(startHour, endHour)];
    }

    private static int durationClass(long startHour, long endHour) {
        long wanted = endHour - startHour;
        if (wanted < 1) {
            throw new IllegalArgumentException("a period ends at least one hour after it starts");
        }
        int i = Arrays.binarySearch(DURATION_HOURS, (int) Math.min(wanted, Integer.MAX_VALUE));
        return i >= 0 ? i : -i - 2;
    }

    /** The one-time code with serial 0 for this start hour. */
    public static VisitorCode oneTime(VisitorSecret secret, long startHour) {
        return oneTime(secret, startHour, 0);
    }

    /**
     * A one-time code good from startHour for {@link #ONE_TIME_HOURS} hours, opening once. Codes for the
     * same hour differ by serial (0..15); the cloud hands out serials not yet used for that hour.
     */
    public static VisitorCode oneTime(VisitorSecret secret, long startHour, int serial) {
        if (serial < 0 || serial >= ONE_TIME_SERIALS) {
            throw new IllegalArgumentException("serial is 0.." + (ONE_TIME_SERIALS - 1));
        }
        return of(secret, new CodeId(VisitorKind.ONE_TIME, startHour, serial));
    }

    /** The periodic code with serial 0; see {@link #periodic(VisitorSecret, long, long, int)}. */
    public static VisitorCode periodic(VisitorSecret secret, long startHour, long endHour) {
        return periodic(secret, startHour, endHour, 0);
    }

    /**
     * A periodic code good from startHour until {@link #effectiveEnd}(startHour, endHour), to be used
     * for the first time within {@link #FIRST_USE_HOURS} hours of its start.
     */
    public static VisitorCode periodic(VisitorSecret secret, long startHour, long endHour, int serial) {
        if (serial < 0 || serial >= PERIODIC_SERIALS) {
            throw new IllegalArgumentException("serial is 0.." + (PERIODIC_SERIALS - 1));
        }
        int variant = durationClass(startHour, endHour) * PERIODIC_SERIALS + serial;
        return of(secret, new CodeId(VisitorKind.PERIODIC, startHour, variant));
    }

    /** A revoke code for the target, good for {@link #REVOKE_HOURS} hours from revokeHour. */
    public static VisitorCode revoke(VisitorSecret secret, VisitorCode target, long revokeHour) {
        return revoke(secret, target.id(), revokeHour);
    }

    /**
     * A revoke code naming the target by id, good for {@link #REVOKE_HOURS} hours from revokeHour. The
     * target must start at most 128 hours before or 127 hours after revokeHour (the reach of the keypad
     * revoke); beyond that, make the revoke code later or let the cloud revoke by sync.
     */
    public static VisitorCode revoke(VisitorSecret secret, CodeId target, long revokeHour) {
        return of(secret, new CodeId(VisitorKind.REVOKE, revokeHour, VisitorCodec.packTarget(target, revokeHour)));
    }

    /** The code with this id. */
    public static VisitorCode of(VisitorSecret secret, CodeId id) {
        return new VisitorCode(VisitorCodec.encode(secret, id), id);
    }
}
