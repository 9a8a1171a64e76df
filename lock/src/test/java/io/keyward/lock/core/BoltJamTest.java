package io.keyward.lock.core;

import io.keyward.lock.biometrics.SensorBiometrics;
import io.keyward.lock.hardware.Key;
import io.keyward.protocol.event.AlarmKind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, SPEC D9, H4: the bolt motor's jam, decided in the core. A stall is tried again once after
 * {@link PowerAndBolt#BOLT_RETRY}; a second stall leaves the bolt where it stuck, reports it jammed and
 * raises BOLT_JAMMED (alerted to every account by the cloud); a later successful move clears it.
 */
class BoltJamTest {

    private static final String PASSCODE = "135792";
    private static final Instant T = Instant.parse("2026-01-05T08:00:00Z");

    private final Random random = new Random(12);
    private final LockCore core = new LockCore("KW-JAM", new LockData(), new SensorBiometrics(), n -> {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }, T);
    private Instant now = T;
    private final List<Output> outputs = new ArrayList<>();

    BoltJamTest() {
        step(new Input.Touch()); // "Create a New Administrator": OK, then the passcode twice
        step(new Input.KeyPress(Key.OK));
        typePasscode();
        typePasscode();
        assertThat(core.data().hasAdministrator()).isTrue();
        outputs.clear();
    }

    @Test
    @DisplayName("SPEC D9 H4 issue 12: a stalled unlock waits, tries once more after a second and opens when the door was let go")
    void theRetryOnceOpens() {
        step(new Input.DoorPressed(true));
        long before = core.data().nextSeq();
        typePasscode();
        assertThat(moves()).as("the motor stalled: no bolt movement").isEmpty();
        assertThat(core.view().boltLocked()).isTrue();
        assertThat(core.view().boltJammed()).isFalse();
        assertThat(core.data().eventsAfter(before - 1)).as("nothing logged on the first stall").isEmpty();
        assertThat(core.nextDeadline()).isEqualTo(now.plus(PowerAndBolt.BOLT_RETRY));

        step(new Input.DoorPressed(false));
        later(PowerAndBolt.BOLT_RETRY);
        assertThat(moves()).containsExactly(new Output.MoveBolt(false));
        assertThat(core.view().boltLocked()).isFalse();
        assertThat(core.view().boltJammed()).isFalse();
        assertThat(kinds(before)).containsExactly("UNLOCK/OK");
    }

    @Test
    @DisplayName("SPEC D9 H4 issue 12: the second stall jams the bolt: BOLT_JAMMED alarm (UNLOCKING), no siren, no third try")
    void theSecondFailureJams() {
        step(new Input.DoorPressed(true));
        long before = core.data().nextSeq();
        typePasscode();
        later(PowerAndBolt.BOLT_RETRY.minusMillis(1));
        assertThat(core.view().boltJammed()).as("not before the retry").isFalse();
        later(Duration.ofMillis(1));

        assertThat(moves()).isEmpty();
        assertThat(outputs).noneMatch(o -> o instanceof Output.Siren);
        LockView view = core.view();
        assertThat(view.boltJammed()).isTrue();
        assertThat(view.boltLocked()).as("the bolt stays where it stuck").isTrue();
        assertThat(view.alarms()).extracting(LockView.AlarmView::kind).containsExactly("BOLT_JAMMED");
        List<LockEvent> logged = core.data().eventsAfter(before - 1);
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0).kind()).isEqualTo(LockEvent.ALARM);
        assertThat(logged.get(0).alarm()).isEqualTo(AlarmKind.BOLT_JAMMED.name());
        assertThat(logged.get(0).detail()).isEqualTo("UNLOCKING");
        later(Duration.ofSeconds(30));
        assertThat(core.data().eventsAfter(before - 1)).as("no third try").hasSize(1);
        assertThat(core.view().boltJammed()).isTrue();
    }

    @Test
    @DisplayName("SPEC D9 H4 issue 12: a later successful unlock clears the jam")
    void aLaterUnlockClears() {
        step(new Input.DoorPressed(true));
        typePasscode();
        later(PowerAndBolt.BOLT_RETRY);
        assertThat(core.view().boltJammed()).isTrue();

        step(new Input.DoorPressed(false));
        long before = core.data().nextSeq();
        typePasscode();
        assertThat(moves()).containsExactly(new Output.MoveBolt(false));
        assertThat(core.view().boltJammed()).isFalse();
        assertThat(core.view().boltLocked()).isFalse();
        assertThat(kinds(before)).containsExactly("UNLOCK/OK");
    }

    @Test
    @DisplayName("SPEC D9 H4 issue 12: a jammed motor stalls the relock too (LOCKING); the key by hand still turns the bolt and clears it")
    void aJammedMotorJamsTheRelockAndTheKeyClears() {
        step(new Input.MotorJammed(true));
        step(new Input.MechanicalKeyTurned(true)); // C4: by hand, jam or not
        assertThat(core.view().boltLocked()).isFalse();
        long before = core.data().nextSeq();
        later(Duration.ofSeconds(core.data().seconds(io.keyward.protocol.command.Setting.RELOCK_SECONDS)));
        assertThat(core.view().boltLocked()).as("the relock stalled").isFalse();
        later(PowerAndBolt.BOLT_RETRY);
        assertThat(core.view().boltJammed()).isTrue();
        assertThat(core.data().eventsAfter(before - 1)).extracting(LockEvent::alarm, LockEvent::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("BOLT_JAMMED", "LOCKING"));

        step(new Input.HandleMoved(true)); // C11: the inside handle lifted throws the bolt by hand
        assertThat(core.view().boltLocked()).isTrue();
        assertThat(core.view().boltJammed()).isFalse();
    }

    @Test
    @DisplayName("SPEC D9 issue 12: a door pressed against the bolt binds only a thrown bolt's retraction; locking still works")
    void pressureDoesNotStopLocking() {
        step(new Input.MechanicalKeyTurned(true));
        step(new Input.DoorPressed(true));
        later(Duration.ofSeconds(core.data().seconds(io.keyward.protocol.command.Setting.RELOCK_SECONDS)));
        assertThat(moves()).containsExactly(new Output.MoveBolt(false), new Output.MoveBolt(true));
        assertThat(core.view().boltLocked()).isTrue();
        assertThat(core.view().boltJammed()).isFalse();
    }

    @Test
    @DisplayName("SPEC D9 issue 12: a power cut forgets a retry waiting in RAM")
    void powerCutDropsTheRetry() {
        step(new Input.DoorPressed(true));
        typePasscode();
        step(new Input.BatteryInserted(false));
        later(PowerAndBolt.BOLT_RETRY);
        assertThat(core.view().boltJammed()).isFalse();
        assertThat(core.nextDeadline()).isNull();
    }

    // ------------------------------------------------------------------ gestures

    private void typePasscode() {
        step(new Input.Touch());
        for (char c : PASSCODE.toCharArray()) {
            step(new Input.KeyPress(Key.fromPanelName(String.valueOf(c))));
        }
        step(new Input.KeyPress(Key.OK));
    }

    private void later(Duration d) {
        now = now.plus(d);
        step(new Input.Tick());
    }

    private void step(Input input) {
        outputs.addAll(core.handle(input, now));
    }

    private List<Output> moves() {
        return outputs.stream().filter(o -> o instanceof Output.MoveBolt).toList();
    }

    private List<String> kinds(long fromSeq) {
        return core.data().eventsAfter(fromSeq - 1).stream().map(e -> e.kind() + "/" + e.result()).toList();
    }
}
