package io.keyward.lock.rules;

import io.keyward.lock.core.Input;
import io.keyward.lock.core.LockEvent;
import io.keyward.lock.core.RemoteCode;
import io.keyward.lock.panel.PanelPort.DoorPosition;
import io.keyward.lock.panel.PanelRefusal;
import io.keyward.lock.panel.PanelState;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommand.AccessoryKind;
import io.keyward.protocol.command.Setting;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("SPEC G1, G2, C7, C8: Bluetooth accessories (door sensor, remote controller) paired from the app")
class AccessoriesTest {

    @TempDir
    Path dir;

    private static CommandReply pair(TestLock t, AccessoryKind kind, String name) {
        return t.command(new LockCommand.PairAccessory(kind, name));
    }

    private static String pairRemote(TestLock t, String name) {
        CommandReply r = pair(t, AccessoryKind.REMOTE_CONTROLLER, name);
        assertThat(r.accepted()).as(r.message()).isTrue();
        List<PanelState.Accessory> all = t.state().accessories();
        return all.get(all.size() - 1).id();
    }

    @Test
    @DisplayName("G1, G2: pairing adds accessories (state, log); limits: 1 door sensor, 4 remotes; bad kind/name refused")
    void pairAndLimits() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            assertThat(pair(t, AccessoryKind.DOOR_SENSOR, "Front door").accepted()).isTrue();
            assertThat(t.lastEvent().kind()).isEqualTo(LockEvent.ACCESSORY_PAIRED);
            assertThat(t.lastEvent().credential()).isEqualTo("door-sensor-1");
            assertThat(pair(t, AccessoryKind.DOOR_SENSOR, "Second").reason()).isEqualTo("TOO_MANY_ACCESSORIES");
            for (int i = 1; i <= 4; i++) {
                assertThat(pairRemote(t, "Remote " + i)).isEqualTo("remote-" + i);
            }
            String before = t.dataWithoutEvents();
            assertThat(pair(t, AccessoryKind.REMOTE_CONTROLLER, "Fifth").reason()).isEqualTo("TOO_MANY_ACCESSORIES");
            assertThat(pair(t, null, "No kind").reason()).isEqualTo("BAD_KIND");
            assertThat(pair(t, AccessoryKind.REMOTE_CONTROLLER, " ").reason()).isEqualTo("BAD_NAME");
            assertThat(pair(t, AccessoryKind.REMOTE_CONTROLLER, "x".repeat(41)).reason()).isEqualTo("BAD_NAME");
            assertThat(t.dataWithoutEvents()).as("refusals change nothing").isEqualTo(before);
            assertThat(t.lastEvent().kind()).isEqualTo(LockEvent.COMMAND_REFUSED);
            assertThat(t.state().accessories()).extracting(PanelState.Accessory::kind)
                    .containsExactly("DOOR_SENSOR", "REMOTE_CONTROLLER", "REMOTE_CONTROLLER", "REMOTE_CONTROLLER", "REMOTE_CONTROLLER");
            assertThat(t.lock.reportedState().accessories()).hasSize(5);
            assertThat(t.lock.reportedState().toString()).doesNotContain(secretOf(t, "remote-1"));
        }
    }

    @Test
    @DisplayName("G2: removing a remote frees its place; its button no longer exists; unknown id refused")
    void remove() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            String remote = pairRemote(t, "Car");
            assertThat(t.command(new LockCommand.RemoveAccessory("remote-9")).reason()).isEqualTo("UNKNOWN_ACCESSORY");
            assertThat(t.command(new LockCommand.RemoveAccessory(remote)).accepted()).isTrue();
            assertThat(t.lastEvent().kind()).isEqualTo(LockEvent.ACCESSORY_REMOVED);
            assertThat(t.state().accessories()).isEmpty();
            assertThatThrownBy(() -> t.lock.remoteController(remote)).isInstanceOf(PanelRefusal.class);
        }
    }

    @Test
    @DisplayName("C7, G2: the remote's button unlocks, logged UNLOCK REMOTE_CONTROLLER OK with the remote's id and name; relocks (C8)")
    void remoteUnlocks() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            String remote = pairRemote(t, "Car");
            t.lock.remoteController(remote);
            assertThat(t.unlocked()).isTrue();
            LockEvent e = t.lastEvent(LockEvent.UNLOCK);
            assertThat(e.method()).isEqualTo("REMOTE_CONTROLLER");
            assertThat(e.result()).isEqualTo("OK");
            assertThat(e.credential()).isEqualTo(remote);
            assertThat(e.detail()).isEqualTo("Car");
            t.advance(10);
            assertThat(t.unlocked()).isFalse();
            t.lock.remoteController(remote); // the next press has a higher counter: opens again
            assertThat(t.unlocked()).isTrue();
        }
    }

    @Test
    @DisplayName("G2: a recorded press played again is refused (REPLAYED) and logged; a forged code is refused")
    void replayRefused() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            String remote = pairRemote(t, "Car");
            Input.RemoteButton recorded = t.lock.remoteTransmits(remote);
            assertThat(t.unlocked()).isTrue();
            t.settle();
            t.lock.remoteMessageHeard(recorded);
            assertThat(t.unlocked()).isFalse();
            LockEvent e = t.lastEvent(LockEvent.UNLOCK);
            assertThat(e.result()).isEqualTo("REFUSED");
            assertThat(e.reason()).isEqualTo("REPLAYED");
            assertThat(e.method()).isEqualTo("REMOTE_CONTROLLER");

            t.lock.remoteMessageHeard(new Input.RemoteButton(remote, recorded.counter() + 5, "0123456789abcdef"));
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("WRONG_CREDENTIAL");
            // a code made with another key (a remote of another lock, or a removed one) is wrong too
            String otherKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);
            t.lock.remoteMessageHeard(new Input.RemoteButton(remote, 100, RemoteCode.of(otherKey, remote, 100)));
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("WRONG_CREDENTIAL");
            t.lock.remoteMessageHeard(new Input.RemoteButton("remote-3", 1, "0123456789abcdef"));
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("UNKNOWN_ACCESSORY");
            assertThat(t.unlocked()).isFalse();
        }
    }

    // ---- threat suite (docs/security.md): rolling codes as an attacker with a radio tries them ----

    @Test
    @DisplayName("threat: presses recorded earlier (an older counter, and the latest) are refused once a later press was accepted: REPLAYED")
    void threat31_oldCounterRefused() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            String remote = pairRemote(t, "Car");
            Input.RemoteButton first = t.lock.remoteTransmits(remote); // heard: opens
            t.settle();
            List<Input.RemoteButton> older = List.of(first);
            Input.RemoteButton latest = t.lock.remoteTransmits(remote);
            assertThat(latest.counter()).isGreaterThan(first.counter());
            t.settle();
            for (Input.RemoteButton old : older) {
                t.lock.remoteMessageHeard(old);
                assertThat(t.unlocked()).isFalse();
                assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("REPLAYED");
            }
            t.lock.remoteMessageHeard(latest);
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("REPLAYED");
            assertThat(t.unlocked()).isFalse();
        }
    }

    @Test
    @DisplayName("threat: forged frames with a counter far ahead (up to Long.MAX_VALUE) are refused and do not move the lock's counter, so the real remote's next press (counter 1) still opens")
    void threat32_counterFarAheadNeedsTheKey() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            String remote = pairRemote(t, "Car");
            int tried = 0;
            for (long counter : new long[] {2, 1_000, 1L << 40, Long.MAX_VALUE}) {
                t.lock.remoteMessageHeard(new Input.RemoteButton(remote, counter, "00000000000000" + String.format("%02x", tried)));
                assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("WRONG_CREDENTIAL");
                tried++;
            }
            assertThat(t.unlocked()).isFalse();
            Input.RemoteButton next = t.lock.remoteTransmits(remote);
            assertThat(next.counter()).isEqualTo(1);
            assertThat(t.lastEvent(LockEvent.UNLOCK).result()).isEqualTo("OK");
            System.out.println("threats: rolling-code frames far ahead tried " + tried);
        }
    }

    @Test
    @DisplayName("threat: a frame of one remote presented as another paired remote (id swapped) is refused: the code covers the remote's id and key")
    void threat33_frameOfAnotherRemoteRefused() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            String car = pairRemote(t, "Car");
            String bike = pairRemote(t, "Bike");
            Input.RemoteButton carPress = t.lock.remoteTransmits(car);
            t.settle();
            t.lock.remoteMessageHeard(new Input.RemoteButton(bike, carPress.counter() + 1, carPress.code()));
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("WRONG_CREDENTIAL");
            t.lock.remoteMessageHeard(new Input.RemoteButton(bike, carPress.counter(), carPress.code()));
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("WRONG_CREDENTIAL");
            assertThat(t.unlocked()).isFalse();
        }
    }

    @Test
    @DisplayName("D4 + G2: in privacy mode the remote is refused (PRIVACY_MODE, logged) and that press cannot be replayed later")
    void privacyMode() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            String remote = pairRemote(t, "Car");
            t.set(Setting.PRIVACY_MODE, "true");
            Input.RemoteButton press = t.lock.remoteTransmits(remote);
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("PRIVACY_MODE");
            t.set(Setting.PRIVACY_MODE, "false");
            t.lock.remoteMessageHeard(press);
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("REPLAYED");
        }
    }

    @Test
    @DisplayName("D1 + G2: during a trial-and-error lockout the remote still opens (a Bluetooth unlock, which D1 keeps working)")
    void lockoutDoesNotStopRemote() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            String remote = pairRemote(t, "Car");
            for (int i = 0; i < 5; i++) {
                t.type("999999");
            }
            assertThat(t.state().lockout().active()).isTrue();
            t.lock.remoteController(remote);
            assertThat(t.unlocked()).isTrue();
        }
    }

    @Test
    @DisplayName("G1 + C8: on a body without sensor, a paired door sensor makes the door known and the lock relocks once the door has closed again")
    void doorSensor() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.set(Setting.BODY_TYPE, "WITHOUT_SENSOR");
            t.settle();
            assertThat(t.state().door()).isEqualTo("UNKNOWN");
            assertThat(pair(t, AccessoryKind.DOOR_SENSOR, "Front door").accepted()).isTrue();
            assertThat(t.state().door()).isEqualTo("CLOSED");
            assertThat(t.lock.reportedState().door()).isEqualTo("CLOSED");

            t.type(TestLock.ADMIN_PASSCODE);
            t.lock.door(DoorPosition.OPEN);
            assertThat(t.state().door()).isEqualTo("OPEN");
            t.advance(60);
            assertThat(t.unlocked()).as("the door is still open: no relock").isTrue();
            t.lock.door(DoorPosition.CLOSED);
            assertThat(t.unlocked()).as("relocked once the door closed again").isFalse();
            assertThat(t.lastEvent(LockEvent.LOCK).detail()).isEqualTo("AUTO_RELOCK");

            assertThat(t.command(new LockCommand.RemoveAccessory("door-sensor-1")).accepted()).isTrue();
            assertThat(t.state().door()).isEqualTo("UNKNOWN");
        }
    }

    @Test
    @DisplayName("G1, G2 + storage: accessories, keys and the remote's counter survive a restart; D7 factory reset wipes them")
    void persistedAndWipedByReset() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            String remote = pairRemote(t, "Car");
            pair(t, AccessoryKind.DOOR_SENSOR, "Front door");
            Input.RemoteButton recorded = t.lock.remoteTransmits(remote);
            t.settle();
            t.reboot();
            assertThat(t.state().accessories()).extracting(PanelState.Accessory::id).containsExactly(remote, "door-sensor-1");
            t.lock.remoteMessageHeard(recorded);
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).as("the counter survived").isEqualTo("REPLAYED");
            t.lock.remoteController(remote);
            assertThat(t.unlocked()).as("the remote goes on from its counter").isTrue();
            t.settle();

            t.lock.battery(null, false);
            t.lock.holdSet(5, true);
            t.press("OK");
            assertThat(t.lastEvent().kind()).isEqualTo(LockEvent.FACTORY_RESET);
            assertThat(t.state().accessories()).isEmpty();
            assertThatThrownBy(() -> t.lock.remoteController(remote)).isInstanceOf(PanelRefusal.class);
            t.reboot();
            assertThat(t.state().accessories()).isEmpty();
        }
    }

    private static String secretOf(TestLock t, String id) {
        String data = t.lock.canonicalData();
        int at = data.indexOf("\"id\":\"" + id + "\"");
        int s = data.indexOf("\"secret\":\"", at) + 10;
        return data.substring(s, data.indexOf('"', s));
    }
}
