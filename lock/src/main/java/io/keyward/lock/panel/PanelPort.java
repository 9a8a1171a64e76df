package io.keyward.lock.panel;

import io.keyward.lock.hardware.Key;
import io.keyward.lock.hardware.Pose;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;

import java.util.List;

/**
 * The panel's port: what the panel HTTP server drives, one simulated lock as a person at the door
 * touches it (the shell's {@code SimulatedLock} implements it; the lock's own hardware ports are in
 * {@code io.keyward.lock.hardware}). Every action returns the new state once the lock has handled
 * it, or throws {@link PanelRefusal} (HTTP 400) and changes nothing. Implementations are thread-safe.
 */
public interface PanelPort {

    enum HandleAction { LIFT, PUSH }

    enum DoorPosition { OPEN, CLOSED }

    PanelState state();

    PanelState touch();

    PanelState keys(List<Key> keys);

    PanelState holdKey(Key key, double seconds);

    PanelState holdSet(double seconds, boolean insertBattery);

    PanelState finger(String finger, double quality);

    /** face null: the person walks away. */
    PanelState face(String face, Pose pose, boolean obstructed);

    PanelState mechanicalKey(String key);

    PanelState handle(HandleAction action);

    PanelState door(DoorPosition position);

    /** G2: presses the button of the paired remote controller with this id; PanelRefusal when there is none. */
    default PanelState remoteController(String remote) {
        throw new PanelRefusal("no paired remote controller \"" + remote + "\"");
    }

    /** G2: the same press, answering also the frame the remote transmitted (issue 10 finding 12). */
    default RemotePressed remoteControllerPressed(String remote) {
        return new RemotePressed(remoteController(remote), null);
    }

    /**
     * G2: a remote controller's frame heard over the air, such as a recorded press sent again
     * (base64url, see core.RemoteFrame); PanelRefusal with the reason when it is not a frame.
     */
    default PanelState remoteControllerFrame(String frame) {
        throw new PanelRefusal("this lock hears no remote controllers");
    }

    /** Either or both may be null (not changed). */
    PanelState battery(Integer percent, Boolean inserted);

    PanelState usbPower(boolean connected);

    /** Addition (issue 12): the simulated bolt motor jams, or is freed. */
    default PanelState motorJam(boolean jammed) {
        throw new PanelRefusal("this lock has no simulated motor fault");
    }

    /** Addition (issue 12): the door pressed against the bolt, or let go. */
    default PanelState doorPress(boolean pressed) {
        throw new PanelRefusal("this lock has no simulated door pressure");
    }

    PanelState tamper();

    /** Only on a manual clock; otherwise throws PanelRefusal. */
    PanelState advanceClock(long seconds);

    List<PanelEvent> eventsAfter(long seq);

    /**
     * A lock command as the app's link (cloud or Bluetooth) would deliver it. An addition to the
     * panel contract for tests and scripts, delivered as the cloud and Bluetooth links deliver them.
     */
    CommandReply command(LockCommand command);

    /** A command that could not be read: the lock logs the refusal (and acts on nothing). */
    default void malformedCommand(String reason) {
    }

    /** The lock's simulated Bluetooth radio (docs/bluetooth.md), or null when it has none. */
    default io.keyward.lock.bluetooth.BluetoothRadio radio() {
        return null;
    }

    /** Whether phones are within Bluetooth range (an addition to the panel contract). */
    default PanelState bluetoothRange(boolean inRange) {
        if (radio() == null) {
            throw new PanelRefusal("this lock has no Bluetooth radio");
        }
        radio().inRange(inRange);
        return state();
    }

    /** An addition for tests and scripts: the outdoor camera's picture now, as JPEG bytes (H7, D8). */
    default byte[] cameraSnapshot() {
        throw new PanelRefusal("this lock has no camera");
    }
}
