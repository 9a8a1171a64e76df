package io.keyward.lock.core;

import io.keyward.lock.sim.SimulatedFaceCamera;
import io.keyward.lock.hardware.FingerprintCapture;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.hardware.Pose;
import io.keyward.lock.biometrics.SensorBiometrics;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.Setting;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/lock.md, "Shape": inputs + clock -> state + outputs. Any sequence of inputs, fed twice to two cores,
 * gives the same outputs and the same state; no sequence makes the core throw; and replaying the
 * changes it asked to store rebuilds exactly the data it holds.
 */
class LockCoreDeterminismProperties {

    private static final SensorBiometrics BIOMETRICS = new SensorBiometrics();
    private static final float[] FACE = new SimulatedFaceCamera(1).look("alice", Pose.FRONT, false).features();

    @Property(tries = 60)
    @Label("the core is deterministic, never throws, and its stored changes rebuild its data")
    void deterministic(@ForAll("sessions") List<Input> inputs) {
        Run a = run(inputs);
        Run b = run(inputs);
        assertThat(a.outputs).isEqualTo(b.outputs);
        assertThat(a.view).isEqualTo(b.view);
        LockData rebuilt = new LockData();
        a.stored.forEach(rebuilt::apply);
        assertThat(rebuilt.asChanges().toString()).isEqualTo(a.data.asChanges().toString());
        assertThat(rebuilt.counters()).isEqualTo(a.data.counters());
    }

    private record Run(List<String> outputs, LockView view, LockData data, List<Change> stored) {
    }

    private static Run run(List<Input> inputs) {
        Random random = new Random(5);
        LockData data = new LockData();
        Instant t = Instant.parse("2026-01-05T08:00:00Z");
        LockCore core = new LockCore("KW-PROP", data, BIOMETRICS, n -> {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        }, t);
        List<String> outputs = new ArrayList<>();
        List<Change> stored = new ArrayList<>();
        for (Input input : inputs) {
            t = t.plusSeconds(input instanceof Input.Tick ? 7 : 1);
            for (Output o : core.handle(input, t)) {
                outputs.add(o.toString());
                if (o instanceof Output.Persist p) {
                    stored.addAll(p.changes());
                }
            }
        }
        return new Run(outputs, core.view(), data, stored);
    }

    @Provide
    Arbitrary<List<Input>> sessions() {
        List<Input> admin = new ArrayList<>(List.of(new Input.Touch(), new Input.KeyPress(Key.OK)));
        for (int i = 0; i < 2; i++) {
            "135792".chars().forEach(c -> admin.add(new Input.KeyPress(Key.fromPanelName(String.valueOf((char) c)))));
            admin.add(new Input.KeyPress(Key.OK));
        }
        Arbitrary<Input> any = Arbitraries.oneOf(
                Arbitraries.of(Key.values()).map(Input.KeyPress::new),
                Arbitraries.of(Key.values()).map(Input.KeyPress::new),
                Arbitraries.just(new Input.Touch()),
                Arbitraries.just(new Input.Tick()),
                Arbitraries.just(new Input.Tamper()),
                Arbitraries.of(true, false).map(Input.HandleMoved::new),
                Arbitraries.of(true, false).map(Input.DoorMoved::new),
                Arbitraries.of(true, false).map(Input.MechanicalKeyTurned::new),
                Arbitraries.integers().between(0, 100).map(Input.BatteryLevel::new),
                Arbitraries.of(true, false).map(Input.BatteryInserted::new),
                Arbitraries.of(true, false).map(Input.UsbPower::new),
                Arbitraries.doubles().between(0, 6).map(s -> new Input.SetButtonHold(s, false)),
                Arbitraries.doubles().between(0, 6).map(s -> new Input.SetButtonHold(s, true)),
                Arbitraries.doubles().between(0, 4).map(s -> new Input.KeyHold(Key.D0, s)),
                Arbitraries.doubles().between(0, 4).map(s -> new Input.KeyHold(Key.OK, s)), // issue 15: bind at the door
                Arbitraries.just(new Input.FingerPlaced(FingerprintCapture.poorPress())),
                Arbitraries.of(Pose.values()).map(p -> new Input.FaceSeen(new io.keyward.lock.hardware.FaceCapture(FACE, p, false))),
                Arbitraries.of(Setting.values()).map(s -> new Input.Command(new LockCommand.ChangeSetting(s, "true"))),
                Arbitraries.integers().between(0, 4).map(u -> new Input.Command(new LockCommand.AddUser("U" + u, LockUserRole.USER, null))),
                Arbitraries.integers().between(0, 4).map(u -> new Input.Command(new LockCommand.DeleteUser(u))),
                Arbitraries.of(LockCommand.CredentialKind.values()).map(k -> new Input.Command(new LockCommand.StartEnrolment(2, k, false))),
                Arbitraries.just(new Input.Command(new LockCommand.LiftLockout())),
                Arbitraries.just(new Input.Command(new LockCommand.CancelEnrolment())));
        return any.list().ofMinSize(1).ofMaxSize(80).map(rest -> {
            List<Input> all = new ArrayList<>(admin);
            all.addAll(rest);
            return all;
        });
    }
}
