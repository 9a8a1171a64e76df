package io.keyward.protocol.visitor;

import io.keyward.protocol.visitor.VisitorCodeCheck.Outcome;
import io.keyward.protocol.visitor.VisitorCodeCheck.Result;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("protocol: offline visitor passcodes (SPEC E1, E2, E4)")
class VisitorCodeCheckTest {

    private static final VisitorSecret SECRET = VisitorSecret.fromBase64Url("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
    /** 2026-03-10T14:00Z. */
    private static final long START = VisitorCode.hourOf(Instant.parse("2026-03-10T14:00:00Z"));

    private static Instant at(long hour, int minutes) {
        return VisitorCode.startOf(hour).plus(Duration.ofMinutes(minutes));
    }

    /** Checks and keeps the table, like the lock does. */
    private static final class Lock {
        SeenCodes seen = SeenCodes.empty();

        Result type(VisitorCode code, Instant now) {
            return type(code.digits(), now);
        }

        Result type(String digits, Instant now) {
            Result r = VisitorCodeCheck.check(SECRET, now, digits, seen);
            seen = r.seen();
            return r;
        }
    }

    @Test
    @DisplayName("E1: a one-time code opens once; typed again it is refused USED")
    void oneTimeOpensOnce() {
        Lock lock = new Lock();
        VisitorCode code = VisitorCode.oneTime(SECRET, START);
        Result first = lock.type(code, at(START, 10));
        assertThat(first.outcome()).isEqualTo(Outcome.ACCEPT);
        assertThat(first.opens()).isTrue();
        assertThat(first.id()).isEqualTo(code.id());
        assertThat(first.kind()).contains(VisitorKind.ONE_TIME);
        assertThat(lock.type(code, at(START, 11)).outcome()).isEqualTo(Outcome.USED);
        assertThat(lock.type(code, at(START + 5, 59)).outcome()).isEqualTo(Outcome.USED);
        assertThat(lock.type(code, at(START + 6, 0)).outcome()).isEqualTo(Outcome.EXPIRED);
    }

    @Test
    @DisplayName("E1: an unused one-time code is good for 6 hours from its start hour, then EXPIRED")
    void oneTimeExpires() {
        VisitorCode code = VisitorCode.oneTime(SECRET, START);
        assertThat(code.untilHour()).isEqualTo(START + 6);
        assertThat(new Lock().type(code, at(START + 5, 59)).outcome()).isEqualTo(Outcome.ACCEPT);
        assertThat(new Lock().type(code, at(START + 6, 0)).outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(new Lock().type(code, at(START + 100, 0)).outcome()).isEqualTo(Outcome.EXPIRED);
    }

    @Test
    @DisplayName("E1: a one-time code typed before its start hour is NOT_YET")
    void oneTimeNotYet() {
        VisitorCode code = VisitorCode.oneTime(SECRET, START);
        Lock lock = new Lock();
        assertThat(lock.type(code, at(START - 1, 59)).outcome()).isEqualTo(Outcome.NOT_YET);
        assertThat(lock.type(code, at(START - 100, 0)).outcome()).isEqualTo(Outcome.NOT_YET);
        assertThat(lock.type(code, at(START, 0)).outcome()).isEqualTo(Outcome.ACCEPT);
    }

    @Test
    @DisplayName("E1: one-time codes for the same hour differ by serial and are used independently")
    void serials() {
        Set<String> digits = new HashSet<>();
        Lock lock = new Lock();
        for (int serial = 0; serial < VisitorCode.ONE_TIME_SERIALS; serial++) {
            VisitorCode code = VisitorCode.oneTime(SECRET, START, serial);
            digits.add(code.digits());
            assertThat(lock.type(code, at(START + 1, serial)).outcome()).isEqualTo(Outcome.ACCEPT);
        }
        assertThat(digits).hasSize(VisitorCode.ONE_TIME_SERIALS);
        assertThatThrownBy(() -> VisitorCode.oneTime(SECRET, START, 16)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("E2: a periodic code is NOT_YET before its start, opens again and again inside, EXPIRED after its end")
    void periodicPeriod() {
        VisitorCode code = VisitorCode.periodic(SECRET, START, START + 72);
        assertThat(code.untilHour()).isEqualTo(START + 72);
        Lock lock = new Lock();
        assertThat(lock.type(code, at(START - 1, 30)).outcome()).isEqualTo(Outcome.NOT_YET);
        assertThat(lock.type(code, at(START + 2, 0)).outcome()).isEqualTo(Outcome.ACCEPT);
        assertThat(lock.type(code, at(START + 2, 1)).outcome()).isEqualTo(Outcome.ACCEPT);
        assertThat(lock.type(code, at(START + 50, 0)).outcome()).isEqualTo(Outcome.ACCEPT);
        assertThat(lock.type(code, at(START + 71, 59)).outcome()).isEqualTo(Outcome.ACCEPT);
        assertThat(lock.type(code, at(START + 72, 0)).outcome()).isEqualTo(Outcome.EXPIRED);
    }

    @Test
    @DisplayName("E2: a periodic code not used within 24 hours of its start is refused FIRST_USE_TOO_LATE")
    void periodicFirstUseTooLate() {
        VisitorCode code = VisitorCode.periodic(SECRET, START, START + 7 * 24);
        assertThat(new Lock().type(code, at(START + 23, 59)).outcome()).isEqualTo(Outcome.ACCEPT);
        assertThat(new Lock().type(code, at(START + 24, 0)).outcome()).isEqualTo(Outcome.FIRST_USE_TOO_LATE);
        assertThat(new Lock().type(code, at(START + 100, 0)).outcome()).isEqualTo(Outcome.FIRST_USE_TOO_LATE);
    }

    @Test
    @DisplayName("E2: a year-long periodic code keeps opening months after its first use (found in the table)")
    void longPeriodic() {
        VisitorCode code = VisitorCode.periodic(SECRET, START, START + 365 * 24);
        Lock lock = new Lock();
        assertThat(lock.type(code, at(START + 3, 0)).outcome()).isEqualTo(Outcome.ACCEPT);
        assertThat(lock.type(code, at(START + 200 * 24, 0)).outcome()).isEqualTo(Outcome.ACCEPT);
        assertThat(lock.type(code, at(START + 365 * 24 - 1, 59)).outcome()).isEqualTo(Outcome.ACCEPT);
        assertThat(lock.type(code, at(START + 365 * 24, 0)).outcome()).isIn(Outcome.EXPIRED, Outcome.UNKNOWN);
        assertThat(lock.seen.size()).isZero();
    }

    @Test
    @DisplayName("E2: a period is rounded down to the longest allowed duration and never lengthened")
    void periodRounding() {
        assertThat(VisitorCode.effectiveEnd(START, START + 13)).isEqualTo(START + 12);
        assertThat(VisitorCode.effectiveEnd(START, START + 24 * 40)).isEqualTo(START + 24 * 30);
        assertThat(VisitorCode.effectiveEnd(START, START + 24 * 9999)).isEqualTo(START + 24 * 365);
        assertThat(VisitorCode.periodic(SECRET, START, START + 13).untilHour()).isEqualTo(START + 12);
        assertThatThrownBy(() -> VisitorCode.periodic(SECRET, START, START)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("revoke: a one-time code revoked before its first use is refused REVOKED; the revoke code never opens")
    void revokeOneTime() {
        VisitorCode code = VisitorCode.oneTime(SECRET, START + 3, 5);
        VisitorCode revoke = VisitorCode.revoke(SECRET, code, START);
        assertThat(revoke.kind()).isEqualTo(VisitorKind.REVOKE);
        assertThat(revoke.id().target()).isEqualTo(code.id());
        Lock lock = new Lock();
        Result r = lock.type(revoke, at(START, 5));
        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPT);
        assertThat(r.opens()).isFalse();
        assertThat(r.revokedTarget()).contains(code.id());
        assertThat(lock.type(code, at(START + 3, 0)).outcome()).isEqualTo(Outcome.REVOKED);
        assertThat(lock.type(revoke, at(START, 6)).outcome()).isEqualTo(Outcome.ACCEPT);
        assertThat(lock.type(VisitorCode.oneTime(SECRET, START + 3, 4), at(START + 3, 1)).outcome()).isEqualTo(Outcome.ACCEPT);
    }

    @Test
    @DisplayName("revoke: a periodic code revoked before its first use is REVOKED; after its use too")
    void revokePeriodic() {
        VisitorCode code = VisitorCode.periodic(SECRET, START + 20, START + 20 + 24 * 30, 1);
        Lock lock = new Lock();
        assertThat(lock.type(VisitorCode.revoke(SECRET, code.id(), START), at(START, 0)).accepted()).isTrue();
        assertThat(lock.type(code, at(START + 20, 0)).outcome()).isEqualTo(Outcome.REVOKED);

        VisitorCode other = VisitorCode.periodic(SECRET, START, START + 24 * 30);
        Lock second = new Lock();
        assertThat(second.type(other, at(START, 0)).outcome()).isEqualTo(Outcome.ACCEPT);
        assertThat(second.type(VisitorCode.revoke(SECRET, other, START + 48), at(START + 48, 0)).accepted()).isTrue();
        assertThat(second.type(other, at(START + 49, 0)).outcome()).isEqualTo(Outcome.REVOKED);
        assertThat(second.type(other, at(START + 24 * 20, 0)).outcome()).isEqualTo(Outcome.REVOKED);
    }

    @Test
    @DisplayName("revoke: a revoke code is good for 24 hours from its hour (NOT_YET before, EXPIRED after)")
    void revokeWindow() {
        VisitorCode code = VisitorCode.oneTime(SECRET, START + 30);
        VisitorCode revoke = VisitorCode.revoke(SECRET, code, START);
        assertThat(new Lock().type(revoke, at(START - 1, 0)).outcome()).isEqualTo(Outcome.NOT_YET);
        assertThat(new Lock().type(revoke, at(START + 24, 0)).outcome()).isEqualTo(Outcome.EXPIRED);
        assertThatThrownBy(() -> VisitorCode.revoke(SECRET, VisitorCode.oneTime(SECRET, START + 200), START))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sync");
        assertThatThrownBy(() -> VisitorCode.revoke(SECRET, revoke, START)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("revoke: a revocation received by sync works like a revoke code")
    void revokeBySync() {
        VisitorCode code = VisitorCode.periodic(SECRET, START + 500, START + 600);
        Lock lock = new Lock();
        lock.seen = lock.seen.withRevoked(code.id(), lock.seen.keepUntilForRevoked(code.id())).orElseThrow();
        assertThat(lock.type(code, at(START + 500, 0)).outcome()).isEqualTo(Outcome.REVOKED);
    }

    @Test
    @DisplayName("E4: a code made with another lock's secret is UNKNOWN (a wrong passcode)")
    void otherLock() {
        VisitorSecret other = VisitorSecret.generate();
        Lock lock = new Lock();
        assertThat(lock.type(VisitorCode.oneTime(other, START), at(START, 1)).outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(lock.type(VisitorCode.periodic(other, START, START + 48), at(START, 1)).outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(lock.type(VisitorCode.revoke(other, VisitorCode.oneTime(SECRET, START), START), at(START, 1)).outcome())
                .isEqualTo(Outcome.UNKNOWN);
        assertThat(lock.seen.size()).isZero();
    }

    @Test
    @DisplayName("E4: anything but 12 digits is UNKNOWN")
    void malformed() {
        Lock lock = new Lock();
        String good = VisitorCode.oneTime(SECRET, START).digits();
        for (String typed : new String[]{"", "12345", good.substring(1), good + "0", "0" + good,
                good.substring(0, 11) + "x", null}) {
            assertThat(lock.type(typed, at(START, 1)).outcome()).as(String.valueOf(typed)).isEqualTo(Outcome.UNKNOWN);
        }
    }

    @Test
    @DisplayName("a code typed more than 128 hours before its start cannot be told from the clock: UNKNOWN")
    void tooFarAhead() {
        VisitorCode code = VisitorCode.oneTime(SECRET, START + 129);
        assertThat(new Lock().type(code, at(START, 0)).outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(new Lock().type(code, at(START + 1, 0)).outcome()).isEqualTo(Outcome.NOT_YET);
    }

    @Test
    @DisplayName("SeenCodes: pruning drops a used one-time code only once it would be EXPIRED anyway")
    void pruningOneTime() {
        VisitorCode code = VisitorCode.oneTime(SECRET, START);
        Lock lock = new Lock();
        lock.type(code, at(START + 1, 0));
        assertThat(lock.seen.pruned(START + 5).size()).isEqualTo(1);
        assertThat(lock.seen.pruned(START + 6).size()).isZero();
        assertThat(lock.type(code, at(START + 5, 59)).outcome()).isEqualTo(Outcome.USED);
        assertThat(lock.type(code, at(START + 6, 0)).outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(lock.seen.size()).isZero();
    }

    @Test
    @DisplayName("SeenCodes: a periodic code in use is kept to its end; a revocation until the code could not open anyway")
    void pruningPeriodicAndRevoked() {
        VisitorCode used = VisitorCode.periodic(SECRET, START, START + 240);
        VisitorCode revoked = VisitorCode.periodic(SECRET, START + 10, START + 24 * 30);
        Lock lock = new Lock();
        lock.type(used, at(START, 0));
        lock.type(VisitorCode.revoke(SECRET, revoked, START), at(START, 0));
        assertThat(lock.seen.get(used.id()).orElseThrow().keepUntilHour()).isEqualTo(START + 240);
        assertThat(lock.seen.get(revoked.id()).orElseThrow().keepUntilHour()).isEqualTo(START + 10 + 24);
        assertThat(lock.seen.pruned(START + 34).entries()).extracting(SeenCodes.Entry::id).containsExactly(used.id());
        assertThat(lock.type(revoked, at(START + 34, 0)).outcome()).isEqualTo(Outcome.FIRST_USE_TOO_LATE);
        assertThat(lock.type(used, at(START + 239, 0)).outcome()).isEqualTo(Outcome.ACCEPT);
    }

    @Test
    @DisplayName("SeenCodes: a full table refuses a new code (TABLE_FULL) rather than forget a used one")
    void tableFull() {
        Lock lock = new Lock();
        lock.seen = SeenCodes.empty(2);
        assertThat(lock.type(VisitorCode.oneTime(SECRET, START, 0), at(START, 0)).accepted()).isTrue();
        assertThat(lock.type(VisitorCode.oneTime(SECRET, START, 1), at(START, 0)).accepted()).isTrue();
        Result full = lock.type(VisitorCode.oneTime(SECRET, START, 2), at(START, 0));
        assertThat(full.outcome()).isEqualTo(Outcome.TABLE_FULL);
        assertThat(full.opens()).isFalse();
        assertThat(lock.type(VisitorCode.oneTime(SECRET, START, 0), at(START, 1)).outcome()).isEqualTo(Outcome.USED);
        assertThat(lock.type(VisitorCode.oneTime(SECRET, START + 6, 2), at(START + 6, 0)).accepted()).isTrue();
    }

    @Test
    @DisplayName("SeenCodes: the table round-trips through its stored entries")
    void storedEntries() {
        Lock lock = new Lock();
        lock.type(VisitorCode.oneTime(SECRET, START), at(START, 0));
        lock.type(VisitorCode.periodic(SECRET, START, START + 48), at(START, 0));
        assertThat(SeenCodes.of(lock.seen.entries(), lock.seen.capacity())).isEqualTo(lock.seen);
    }

    @Test
    @DisplayName("the secret: 256 bits in base64url, never printed")
    void secret() {
        VisitorSecret s = VisitorSecret.generate();
        assertThat(VisitorSecret.fromBase64Url(s.toBase64Url())).isEqualTo(s);
        assertThat(s.toBase64Url()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(s.toString()).doesNotContain(s.toBase64Url());
        assertThatThrownBy(() -> VisitorSecret.fromBase64Url("AAEC")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VisitorSecret.fromBase64Url("not base64!")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("A2 does not apply: generated codes are 12 digits, repeats and runs allowed")
    void exemptFromA2() {
        Set<String> codes = new HashSet<>();
        for (long h = START; h < START + 1000; h++) {
            String d = VisitorCode.oneTime(SECRET, h).digits();
            assertThat(d).matches("[0-9]{12}");
            codes.add(d);
        }
        assertThat(codes).hasSize(1000);
    }

    @Test
    @DisplayName("E4: of 200 000 random 12-digit strings none opens and almost all are UNKNOWN (fixed seed)")
    void randomDigitsRate() {
        Random random = new Random(20261127);
        SeenCodes seen = SeenCodes.empty();
        int known = 0;
        for (int i = 0; i < 200_000; i++) {
            String typed = String.format("%012d", Math.floorMod(random.nextLong(), VisitorCodec.SPACE));
            Result r = VisitorCodeCheck.check(SECRET, at(START, 0), typed, seen);
            assertThat(r.opens()).isFalse();
            if (r.outcome() != Outcome.UNKNOWN) {
                known++;
            }
        }
        // expected 200 000 * 8.4e-6 = 1.7 (almost all of them revoke codes naming no real code)
        assertThat(known).isLessThanOrEqualTo(10);
    }
}
