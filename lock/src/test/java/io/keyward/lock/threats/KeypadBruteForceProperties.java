package io.keyward.lock.threats;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.hardware.Pose;
import io.keyward.lock.model.DoorLock;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.visitor.VisitorCode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threat: keypad brute force with every credential type interleaved (SPEC D1, E4, C3; issue 10
 * finding 8 and "What to build" 1). On a real simulated lock (panel-level gestures, manual clock):
 * wrong passcodes of up to 20 digits (up to 15 six-digit anti-peeping windows each), unknown fingers
 * and faces, visitor codes expired, used up, not yet valid or unknown, mixed in any order with
 * successes a guesser could have (the right administrator passcode, a lock user's face, a valid
 * visitor code, the mechanical key, remote unlock, a remote controller's button) and the clock moving
 * on: the lockout comes at exactly the 5th failure inside 5 minutes, the 6th try is refused
 * LOCKED_OUT whatever it is, the key, remote unlock and the remote controller still open, and the
 * lockout holds for exactly 3 minutes.
 */
class KeypadBruteForceProperties {

    private static final long S = DoorLock.START_HOUR;
    private static final VisitorCode VALID = VisitorCode.periodic(DoorLock.VISITOR_SECRET, S, S + 48);
    private static final VisitorCode USED = VisitorCode.oneTime(DoorLock.VISITOR_SECRET, S, 3);
    private static final VisitorCode EXPIRED = VisitorCode.oneTime(DoorLock.VISITOR_SECRET, S - 7, 4);
    private static final VisitorCode NOT_YET = VisitorCode.periodic(DoorLock.VISITOR_SECRET, S + 3, S + 5, 1);
    private static final String REMOTE_UNLOCK = LockCommands.write(new LockCommand.RemoteUnlock("guesser@example.com"));
    private static final AtomicLong TRIES = new AtomicLong();
    private static final AtomicLong ACTIONS = new AtomicLong();

    /** One thing done at the door; failure: whether D1 must count it. */
    record Act(String name, boolean failure, String arg) {
        @Override
        public String toString() {
            return name + (arg == null ? "" : " " + arg);
        }
    }

    @Property(tries = 60, seed = "20261008")
    @Label("D1, E4, C3: with any interleaving of credential types, the lockout comes at the 5th failure and holds 3 minutes")
    void lockoutAtTheFifthFailureWhateverIsInterleaved(@ForAll("interleavings") List<Act> acts,
                                                       @ForAll("sixthTries") Act sixth) throws Exception {
        try (DoorLock d = prepared()) {
            int failures = 0;
            Instant fifthAt = null;
            for (Act a : acts) {
                boolean lockedBefore = d.lockedOut();
                long before = lastSeq(d);
                act(d, a);
                ACTIONS.incrementAndGet();
                List<LockEvent> logged = d.lock.events(before);
                if (a.failure()) {
                    failures++;
                    assertThat(logged.stream().filter(e -> LockEvent.UNLOCK.equals(e.kind())))
                            .as("%s is one refused attempt, however many anti-peeping windows it held", a).hasSize(1)
                            .allMatch(e -> "REFUSED".equals(e.result()));
                    if (failures == 5) {
                        fifthAt = d.lock.now();
                    }
                } else if (!lockedBefore && !a.name().equals("wait")) {
                    assertThat(d.lastEvent().result()).as("%s opens before the lockout", a).isEqualTo("OK");
                }
                assertThat(d.lockedOut()).as("locked out after %d failures (%s)", failures, a).isEqualTo(failures >= 5);
            }
            assertThat(d.events().stream().filter(e -> "SYSTEM_LOCKED".equals(e.alarm()))).hasSize(1);

            long before = lastSeq(d);
            act(d, sixth);
            assertThat(d.lock.events(before)).as("the 6th try (%s) is refused", sixth)
                    .anyMatch(e -> LockEvent.UNLOCK.equals(e.kind()) && "LOCKED_OUT".equals(e.reason()));
            for (Act keyed : List.of(new Act("mechanical key", false, null), new Act("remote unlock", false, null),
                    new Act("remote controller", false, null))) {
                act(d, keyed);
                assertThat(d.lastEvent(LockEvent.UNLOCK).result()).as("%s works during the lockout (D1)", keyed).isEqualTo("OK");
            }

            long elapsed = java.time.Duration.between(fifthAt, d.lock.now()).getSeconds();
            d.lock.advanceClock(179 - elapsed);
            assertThat(d.lockedOut()).as("still locked 179 s after the 5th failure").isTrue();
            d.lock.advanceClock(1);
            assertThat(d.lockedOut()).as("over 3 minutes after the 5th failure").isFalse();
            d.type(DoorLock.ADMIN_PASSCODE);
            assertThat(d.lastEvent(LockEvent.UNLOCK).result()).isEqualTo("OK");
        }
        TRIES.incrementAndGet();
    }

    @AfterProperty
    void counts() {
        System.out.printf("keypad brute force: %d interleavings, %d actions at the door%n", TRIES.get(), ACTIONS.get());
    }

    /** Paired lock; Ann (a lock user) with her face; remote unlock on; a remote controller; USED used once. */
    private static DoorLock prepared() throws Exception {
        DoorLock d = DoorLock.paired(10);
        CommandReply ann = d.lock.command(new LockCommand.AddUser("Ann", LockUserRole.USER, null));
        d.lock.command(new LockCommand.StartEnrolment(ann.user(), LockCommand.CredentialKind.FACE, false));
        for (Pose pose : Pose.values()) {
            d.lock.face("ann", pose, false);
        }
        d.lock.command(new LockCommand.ChangeSetting(Setting.REMOTE_UNLOCK, "true"));
        d.lock.command(new LockCommand.PairAccessory(LockCommand.AccessoryKind.REMOTE_CONTROLLER, "Car"));
        d.type(USED.digits());
        assertThat(d.lastEvent(LockEvent.UNLOCK).result()).isEqualTo("OK");
        d.lock.advanceClock(25);
        return d;
    }

    private static long lastSeq(DoorLock d) {
        return d.lastEvent().seq();
    }

    private static void act(DoorLock d, Act a) {
        switch (a.name()) {
            case "wrong passcode", "visitor code", "administrator passcode" -> d.type(a.arg());
            case "unknown finger" -> d.lock.finger(a.arg(), 0.95);
            case "unknown face", "lock user's face" -> d.lock.face(a.arg(), Pose.FRONT, false);
            case "mechanical key" -> d.lock.mechanicalKey("original");
            case "remote unlock" -> d.lock.signedCommand(d.signed(REMOTE_UNLOCK));
            case "remote controller" -> d.lock.remoteController("remote-1");
            case "wait" -> d.lock.advanceClock(Long.parseLong(a.arg()));
            default -> throw new IllegalArgumentException(a.name());
        }
    }

    @Provide
    Arbitrary<List<Act>> interleavings() {
        Arbitrary<List<Act>> failures = failure().list().ofSize(5);
        Arbitrary<List<Act>> others = Arbitraries.oneOf(success(), wait(10)).list().ofMaxSize(20);
        Arbitrary<List<Integer>> slots = Arbitraries.integers().between(0, 25).list().ofSize(5);
        return Combinators.combine(failures, others, slots).as((f, o, at) -> {
            List<Act> all = new ArrayList<>(o);
            for (int i = 0; i < 5; i++) {
                all.add(Math.min(at.get(i), all.size()), f.get(i));
            }
            while (!all.get(all.size() - 1).failure()) {
                all.remove(all.size() - 1); // the run ends at the 5th failure; the 6th try comes after
            }
            return all;
        });
    }

    @Provide
    Arbitrary<Act> sixthTries() {
        return Arbitraries.oneOf(failure(), Arbitraries.of(
                new Act("administrator passcode", false, DoorLock.ADMIN_PASSCODE),
                new Act("administrator passcode", false, "48" + DoorLock.ADMIN_PASSCODE + "07"),
                new Act("visitor code", false, VALID.digits()),
                new Act("lock user's face", false, "ann")));
    }

    /** At most 10 s a wait and 20 of them: every failure stays inside one 5-minute window. */
    private static Arbitrary<Act> wait(int seconds) {
        return Arbitraries.integers().between(1, seconds).map(s -> new Act("wait", false, Long.toString(s)));
    }

    private static Arbitrary<Act> failure() {
        Arbitrary<Act> guess = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20)
                .filter(g -> !g.contains(DoorLock.ADMIN_PASSCODE))
                .map(g -> new Act("wrong passcode", true, g));
        return Arbitraries.oneOf(guess,
                Arbitraries.of("mallory-thumb", "mallory-index").map(f -> new Act("unknown finger", true, f)),
                Arbitraries.just(new Act("unknown face", true, "mallory")),
                Arbitraries.of(USED.digits(), EXPIRED.digits(), NOT_YET.digits(), "480259316702")
                        .map(v -> new Act("visitor code", true, v)));
    }

    private static Arbitrary<Act> success() {
        return Arbitraries.of(
                new Act("administrator passcode", false, DoorLock.ADMIN_PASSCODE),
                new Act("administrator passcode", false, "9" + DoorLock.ADMIN_PASSCODE + "4418"),
                new Act("visitor code", false, VALID.digits()),
                new Act("lock user's face", false, "ann"),
                new Act("mechanical key", false, null),
                new Act("remote unlock", false, null),
                new Act("remote controller", false, null));
    }
}
