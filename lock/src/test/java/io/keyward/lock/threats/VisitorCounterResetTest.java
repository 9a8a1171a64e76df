package io.keyward.lock.threats;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.model.DoorLock;
import io.keyward.protocol.visitor.VisitorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 finding 8: a success must not erase the wrong tries counted in the window (SPEC D1, E4, C3).
 * The rule (docs/lock.md "Trial-and-error"): a failure counts for 5 minutes after it was made,
 * whoever opens the door meanwhile; only the window's end (or a lockout, or an administrator's lift)
 * forgets it.
 */
@DisplayName("SPEC D1, E4, C3: a success does not reset the wrong-try count (issue 10 finding 8)")
class VisitorCounterResetTest {

    /** 20 digits: 15 six-digit windows (and the 7- to 10-digit ones) tried in one entry (C3). */
    private static final String GUESS = "90817263544536271809";

    @Test
    @DisplayName("finding 8: four wrong guesses, the visitor's own code, repeated: the 5th wrong guess still locks")
    void finding08_visitorCodeDoesNotResetTheWrongTryCount() throws Exception {
        try (DoorLock d = DoorLock.paired(8)) {
            VisitorCode visitor = VisitorCode.periodic(DoorLock.VISITOR_SECRET, DoorLock.START_HOUR, DoorLock.START_HOUR + 48);
            int wrong = 0;
            for (int round = 0; round < 3 && !d.lockedOut(); round++) {
                for (int i = 0; i < 4 && !d.lockedOut(); i++) {
                    d.type(GUESS);
                    wrong++;
                    d.lock.advanceClock(5);
                }
                if (!d.lockedOut()) {
                    d.type(visitor.digits());
                    assertThat(d.unlocked()).as("the visitor's code opens").isTrue();
                    d.lock.advanceClock(11); // relocks
                }
            }
            assertThat(d.lockedOut()).as("locked out after " + wrong + " wrong guesses with the visitor code in between")
                    .isTrue();
            assertThat(wrong).as("the 5th wrong guess in the window locks").isEqualTo(5);
            assertThat(d.events()).anyMatch(e -> "SYSTEM_LOCKED".equals(e.alarm()));
            d.type(visitor.digits());
            assertThat(d.unlocked()).as("E4: the visitor's code obeys the lockout").isFalse();
            assertThat(d.lastEvent().reason()).isEqualTo("LOCKED_OUT");
        }
    }

    @Test
    @DisplayName("finding 8: the owner's typo then the right passcode opens; the typo is forgotten 5 minutes after it was made")
    void finding08_ownersTypoThenSuccessOpensAndIsForgottenAfterTheWindow() throws Exception {
        try (DoorLock d = DoorLock.paired(8)) {
            d.type("135782"); // a typo of 135792
            assertThat(d.unlocked()).isFalse();
            d.type(DoorLock.ADMIN_PASSCODE);
            assertThat(d.unlocked()).as("a typo then the right code opens").isTrue();
            assertThat(d.lastEvent().result()).isEqualTo("OK");
            d.lock.advanceClock(60);

            // within the typo's 5 minutes it still counts: 4 more wrong tries make the 5th failure
            for (int i = 0; i < 3; i++) {
                d.type(GUESS);
            }
            assertThat(d.lockedOut()).isFalse();
            d.lock.advanceClock(239); // the typo was 299 s ago: still inside its window
            d.type(GUESS);
            assertThat(d.lockedOut()).as("the typo still counts inside its 5 minutes").isTrue();
        }
        try (DoorLock d = DoorLock.paired(8)) {
            d.type("135782");
            d.type(DoorLock.ADMIN_PASSCODE);
            assertThat(d.unlocked()).isTrue();
            d.lock.advanceClock(301); // the typo's window is over: it is forgotten
            for (int i = 0; i < 4; i++) {
                d.type(GUESS);
            }
            assertThat(d.lockedOut()).as("not one try from lockout for the rest of the day: 4 fresh tries are free")
                    .isFalse();
            d.type(DoorLock.ADMIN_PASSCODE);
            assertThat(d.unlocked()).isTrue();
            assertThat(d.events()).noneMatch(e -> "SYSTEM_LOCKED".equals(e.alarm()));
            assertThat(d.events().stream().filter(e -> LockEvent.UNLOCK.equals(e.kind()) && "OK".equals(e.result())))
                    .hasSize(2);
        }
    }
}
