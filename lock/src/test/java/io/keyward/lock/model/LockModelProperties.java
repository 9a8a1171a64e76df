package io.keyward.lock.model;

import io.keyward.protocol.visitor.VisitorCode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 10 item 4: the lock core against a reference model ({@link LockModel}). jqwik makes random
 * sequences of panel actions (keys, finger, face, mechanical key, handle, door, battery, USB power,
 * tamper, clock) and of the app's commands (users, validity, enrolment, credentials, settings,
 * lockout, signed remote unlock); after each step the simulated lock and the model must show the
 * same bolt, lockout, modes and power, and log the same events. Deterministic: the seed is fixed
 * (see {@link ModelRuns}); a failure shrinks to a short numbered story of steps.
 */
class LockModelProperties {

    static final int MAX_ACTIONS = 80; // uniform 1-80: about 40 actions a sequence
    private static final long S = DoorLock.START_HOUR;
    private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");

    /** Passcodes people choose: A2-valid, none inside another or the administrator's 135792. */
    private static final List<String> PASSCODES = List.of("246813", "508172", "917364", "380461");
    private static final List<String> FINGERS = List.of("ann-thumb", "bob-index", "eve-ring");
    private static final List<String> FACES = List.of("ann", "bob", "eve");

    private static final VisitorCode ONE_TIME = VisitorCode.oneTime(DoorLock.VISITOR_SECRET, S, 1);
    private static final VisitorCode PERIODIC = VisitorCode.periodic(DoorLock.VISITOR_SECRET, S, S + 2);
    private static final VisitorCode LATER = VisitorCode.periodic(DoorLock.VISITOR_SECRET, S + 3, S + 5, 1);
    private static final String NO_VISITOR_CODE = "480259316702";

    static Map<String, VisitorSpec> visitorCodes() {
        Map<String, VisitorSpec> codes = new LinkedHashMap<>();
        codes.put(ONE_TIME.digits(), new VisitorSpec("one-time", true, S, S + 6, "one-time"));
        codes.put(PERIODIC.digits(), new VisitorSpec("periodic", false, S, S + 2, "periodic"));
        codes.put(LATER.digits(), new VisitorSpec("periodic later", false, S + 3, S + 5, "later"));
        return codes;
    }

    @Property
    @AddLifecycleHook(ModelRuns.class)
    @Label("SPEC B1-B8, C3-C11, D1, D4, D5, E1, E2, E4: the lock and the reference model agree after every step")
    void lockAgreesWithTheModel(@ForAll("sequences") List<Action> actions) {
        Harness h = new Harness(7, visitorCodes());
        for (Action a : actions) {
            a.run(h);
            ModelRuns.ACTIONS.incrementAndGet();
        }
        ModelRuns.STEPS.addAndGet(h.steps);
        ModelRuns.SEQUENCES.incrementAndGet();
    }

    @Provide
    Arbitrary<List<Action>> sequences() {
        return action().list().ofMinSize(1).ofMaxSize(MAX_ACTIONS).withSizeDistribution(RandomDistribution.uniform());
    }

    static Arbitrary<Action> action() {
        return Arbitraries.frequencyOf(
                Tuple.of(14, typing()),
                Tuple.of(5, Arbitraries.of(FINGERS).map(f -> (Action) new Action.Finger(f, false))),
                Tuple.of(1, Arbitraries.of(FINGERS).map(f -> (Action) new Action.Finger(f, true))),
                Tuple.of(4, Arbitraries.of(FACES).map(f -> (Action) new Action.Face(f))),
                Tuple.of(3, Arbitraries.of("BACK", "HOME", "BELL").map(k -> (Action) new Action.Press(k))),
                Tuple.of(1, Arbitraries.just(new Action.Touch())),
                Tuple.of(6, enrolment()),
                Tuple.of(8, command()),
                Tuple.of(2, Arbitraries.just(new Action.MechanicalKey())),
                Tuple.of(2, Arbitraries.of(true, false).map(l -> (Action) new Action.Handle(l))),
                Tuple.of(3, Arbitraries.of(true, false).map(o -> (Action) new Action.Door(o))),
                Tuple.of(2, power()),
                Tuple.of(1, Arbitraries.just(new Action.Tamper())),
                Tuple.of(3, Arbitraries.of(false, false, true).map(r -> (Action) new Action.Remote(r))),
                Tuple.of(10, Arbitraries.of(1L, 4L, 9L, 11L, 21L, 31L, 61L, 181L, 301L, 1800L, 3600L)
                        .map(s -> (Action) new Action.Advance(s))));
    }

    private static Arbitrary<Action> typing() {
        Arbitrary<Action> own = Arbitraries.of(join(List.of("135792"), PASSCODES))
                .map(p -> new Action.Type(p, "a passcode"));
        Arbitrary<Action> peeping = Arbitraries.of(join(List.of("135792"), PASSCODES))
                .map(p -> new Action.Type("48" + p + "07", "anti-peeping around a passcode"));
        Arbitrary<Action> wrong = Arbitraries.of("90817263544536271809", "97531864", "1357", "123456")
                .map(d -> new Action.Type(d, "wrong"));
        Arbitrary<Action> visitor = Arbitraries.of(ONE_TIME.digits(), PERIODIC.digits(), LATER.digits(), NO_VISITOR_CODE)
                .map(d -> new Action.Type(d, "visitor code"));
        return Arbitraries.oneOf(own, peeping, wrong, visitor);
    }

    private static List<String> join(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Arbitrary<Integer> users() {
        return Arbitraries.integers().between(1, 5);
    }

    private static Arbitrary<Action> enrolment() {
        Arbitrary<String> passcodes = Arbitraries.of(join(PASSCODES, List.of("123456", "135792")));
        Arbitrary<Action> passcode = net.jqwik.api.Combinators.combine(users(), passcodes, Arbitraries.of(true, false, false, false),
                        Arbitraries.of(true, true, true, false))
                .as((u, p, duress, same) -> new Action.EnrolPasscode(u, p, same ? p : "917364", duress));
        Arbitrary<Action> finger = net.jqwik.api.Combinators.combine(users(), Arbitraries.of(FINGERS), Arbitraries.of(true, false, false))
                .as(Action.EnrolFinger::new);
        Arbitrary<Action> face = net.jqwik.api.Combinators.combine(users(), Arbitraries.of(FACES), Arbitraries.of(-1, -1, -1, 2))
                .as(Action.EnrolFace::new);
        return Arbitraries.oneOf(passcode, finger, face);
    }

    private static Arbitrary<Action> command() {
        Arbitrary<Command> validity = net.jqwik.api.Combinators.combine(users(), Arbitraries.integers().between(0, 3))
                .as((u, v) -> switch (v) {
                    case 0 -> Command.validity(u, null, null);
                    case 1 -> Command.validity(u, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"));
                    case 2 -> Command.validity(u, START.plusSeconds(7200), null);
                    default -> Command.validity(u, null, START.plusSeconds(1800));
                });
        Arbitrary<Command> settings = Arbitraries.of(
                Command.setting("PRIVACY_MODE", "true"), Command.setting("PRIVACY_MODE", "false"),
                Command.setting("LEAVING_HOME", "true"), Command.setting("LEAVING_HOME", "false"),
                Command.setting("REMOTE_UNLOCK", "true"), Command.setting("REMOTE_UNLOCK", "false"),
                Command.setting("TRIAL_AND_ERROR_LOCK", "true"), Command.setting("TRIAL_AND_ERROR_LOCK", "false"),
                Command.setting("BODY_TYPE", "WITHOUT_SENSOR"), Command.setting("BODY_TYPE", "WITH_SENSOR"),
                Command.setting("RELOCK_SECONDS", "5"), Command.setting("RELOCK_SECONDS", "30"),
                Command.setting("RELOCK_SECONDS", "500"));
        Arbitrary<Command> deleteCredential = net.jqwik.api.Combinators.combine(users(),
                        Arbitraries.of("passcode-1", "passcode-2", "passcode-3", "fingerprint-1", "fingerprint-2", "face-1", "face-2"))
                .as(Command::deleteCredential);
        Arbitrary<Command> any = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(true, false, false).map(Command::addUser)),
                Tuple.of(2, users().map(Command::deleteUser)),
                Tuple.of(2, validity),
                Tuple.of(2, deleteCredential),
                Tuple.of(5, settings),
                Tuple.of(2, Arbitraries.just(Command.of(Command.Type.LIFT_LOCKOUT))),
                Tuple.of(1, Arbitraries.just(Command.of(Command.Type.CANCEL_ENROLMENT))));
        return any.map(Action.App::new);
    }

    private static Arbitrary<Action> power() {
        return Arbitraries.oneOf(
                Arbitraries.of(0, 10, 15, 19, 20, 50, 100).map(p -> (Action) new Action.Battery(p)),
                Arbitraries.of(true, false).map(i -> (Action) new Action.BatteryInserted(i)),
                Arbitraries.of(true, false).map(u -> (Action) new Action.Usb(u)));
    }
}
