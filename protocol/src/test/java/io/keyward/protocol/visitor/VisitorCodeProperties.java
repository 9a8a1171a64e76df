package io.keyward.protocol.visitor;

import io.keyward.protocol.visitor.VisitorCodeCheck.Outcome;
import io.keyward.protocol.visitor.VisitorCodeCheck.Result;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Property tests of offline visitor passcodes (SPEC E1, E2, E4). */
class VisitorCodeProperties {

    private static final VisitorSecret SECRET = VisitorSecret.fromBase64Url("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
    /** About 34 years of hours. */
    private static final long HOURS = 300_000;

    private static Instant at(long hour, int minute) {
        return VisitorCode.startOf(hour).plus(Duration.ofMinutes(minute));
    }

    @Property
    @Label("E1: a one-time code for any start hour and serial opens once anywhere in its 6 hours, then is USED")
    void oneTimeRoundTrip(@ForAll @LongRange(min = 0, max = HOURS) long start,
                          @ForAll @IntRange(min = 0, max = 15) int serial,
                          @ForAll @IntRange(min = 0, max = 6 * 60 - 1) int minute) {
        VisitorCode code = VisitorCode.oneTime(SECRET, start, serial);
        Result first = VisitorCodeCheck.check(SECRET, at(start, minute), code.digits(), SeenCodes.empty());
        assertThat(first.outcome()).isEqualTo(Outcome.ACCEPT);
        assertThat(first.id()).isEqualTo(code.id());
        assertThat(VisitorCodeCheck.check(SECRET, at(start, minute), code.digits(), first.seen()).outcome())
                .isEqualTo(Outcome.USED);
    }

    @Property
    @Label("E2: a periodic code for any start and duration opens on its first use within 24 hours and up to its end")
    void periodicRoundTrip(@ForAll @LongRange(min = 0, max = HOURS) long start,
                           @ForAll @IntRange(min = 0, max = 31) int durationClass,
                           @ForAll @IntRange(min = 0, max = 1) int serial,
                           @ForAll @IntRange(min = 0, max = 24 * 60 - 1) int firstMinute) {
        int hours = VisitorCode.durationsHours()[durationClass];
        VisitorCode code = VisitorCode.periodic(SECRET, start, start + hours, serial);
        assertThat(code.untilHour()).isEqualTo(start + hours);
        int minute = Math.min(firstMinute, hours * 60 - 1);
        Result first = VisitorCodeCheck.check(SECRET, at(start, minute), code.digits(), SeenCodes.empty());
        assertThat(first.outcome()).isEqualTo(Outcome.ACCEPT);
        assertThat(first.id()).isEqualTo(code.id());
        Result last = VisitorCodeCheck.check(SECRET, at(start + hours - 1, 59), code.digits(), first.seen());
        assertThat(last.outcome()).isEqualTo(Outcome.ACCEPT);
        Result after = VisitorCodeCheck.check(SECRET, at(start + hours, 0), code.digits(), last.seen());
        assertThat(after.opens()).isFalse();
    }

    @Property
    @Label("revoke: any code revoked before its first use is REVOKED when typed in its validity")
    void revokeRoundTrip(@ForAll @LongRange(min = 200, max = HOURS) long revokeHour,
                         @ForAll @IntRange(min = -128, max = 127) int offset,
                         @ForAll boolean periodic,
                         @ForAll @IntRange(min = 0, max = 15) int serial) {
        long start = revokeHour + offset;
        VisitorCode code = periodic ? VisitorCode.periodic(SECRET, start, start + 24 * 30, serial % 2)
                : VisitorCode.oneTime(SECRET, start, serial);
        VisitorCode revoke = VisitorCode.revoke(SECRET, code, revokeHour);
        Result r = VisitorCodeCheck.check(SECRET, at(revokeHour, 0), revoke.digits(), SeenCodes.empty());
        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPT);
        assertThat(r.opens()).isFalse();
        long useHour = Math.max(start, revokeHour);
        Outcome later = VisitorCodeCheck.check(SECRET, at(useHour, 0), code.digits(), r.seen()).outcome();
        if (useHour < code.id().startHour() + (periodic ? 24 : 6)) {
            assertThat(later).isEqualTo(Outcome.REVOKED);
        } else {
            assertThat(later).isNotEqualTo(Outcome.ACCEPT);
        }
    }

    @Property(tries = 2000)
    @Label("E4: random digits never open, and are either UNKNOWN or exactly the digits of the code they name")
    void randomDigits(@ForAll @NumericChars @StringLength(12) String typed,
                      @ForAll @LongRange(min = 0, max = HOURS) long hour) {
        Result r = VisitorCodeCheck.check(SECRET, at(hour, 0), typed, SeenCodes.empty());
        assertThat(r.opens()).isFalse();
        if (r.outcome() != Outcome.UNKNOWN) {
            assertThat(VisitorCode.of(SECRET, r.id()).digits()).isEqualTo(typed);
        }
    }

    @Property
    @Label("the permutation of the code space is a bijection: undoing it gives back any value")
    void permutationInverts(@ForAll @LongRange(min = 0, max = VisitorCodec.SPACE - 1) long value) {
        long code = VisitorCodec.permute(SECRET.permutationMac(), value, true);
        assertThat(code).isBetween(0L, VisitorCodec.SPACE - 1);
        assertThat(VisitorCodec.permute(SECRET.permutationMac(), code, false)).isEqualTo(value);
    }

    @Property
    @Label("a code of one lock is UNKNOWN to any other lock (independent secrets)")
    void otherSecret(@ForAll @LongRange(min = 0, max = HOURS) long start) {
        VisitorSecret other = VisitorSecret.generate();
        VisitorCode code = VisitorCode.oneTime(other, start);
        assertThat(VisitorCodeCheck.check(SECRET, at(start, 0), code.digits(), SeenCodes.empty()).opens()).isFalse();
    }
}
