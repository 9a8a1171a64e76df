package io.keyward.lock.sim;

import io.keyward.lock.core.Input;
import io.keyward.lock.hardware.DoorSensor;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.hardware.Keypad;
import io.keyward.lock.hardware.PowerSupply;
import io.keyward.lock.hardware.RearPanel;
import io.keyward.lock.hardware.TamperSwitch;

import java.util.function.Consumer;

/**
 * The simulated input hardware of one lock: keypad, door sensor, power supply, tamper switch and
 * rear panel, each turning what a person does into the core's {@link Input}s. On a real lock the
 * same ports are fed by interrupts of the keypad controller, the reed switch and so on.
 */
public final class SimulatedInputs implements Keypad, DoorSensor, PowerSupply, TamperSwitch, RearPanel {

    private final Consumer<Input> lock;

    public SimulatedInputs(Consumer<Input> lock) {
        this.lock = lock;
    }

    @Override
    public void touch() {
        lock.accept(new Input.Touch());
    }

    @Override
    public void press(Key key) {
        lock.accept(new Input.KeyPress(key));
    }

    @Override
    public void hold(Key key, double seconds) {
        lock.accept(new Input.KeyHold(key, seconds));
    }

    @Override
    public void doorMoved(boolean open) {
        lock.accept(new Input.DoorMoved(open));
    }

    /** The bolt motor's simulated fault: it stalls until freed (issue 12). */
    public void motorJammed(boolean jammed) {
        lock.accept(new Input.MotorJammed(jammed));
    }

    /** Someone leans on the door, or lets go: a thrown bolt under the leaf's weight will not retract. */
    public void doorPressed(boolean pressed) {
        lock.accept(new Input.DoorPressed(pressed));
    }

    @Override
    public void batteryLevel(int percent) {
        lock.accept(new Input.BatteryLevel(percent));
    }

    @Override
    public void batteryInserted(boolean inserted) {
        lock.accept(new Input.BatteryInserted(inserted));
    }

    @Override
    public void usbPower(boolean connected) {
        lock.accept(new Input.UsbPower(connected));
    }

    @Override
    public void tripped() {
        lock.accept(new Input.Tamper());
    }

    @Override
    public void setButtonHeld(double seconds, boolean whileInsertingBattery) {
        lock.accept(new Input.SetButtonHold(seconds, whileInsertingBattery));
    }

    @Override
    public void handleMoved(boolean lift) {
        lock.accept(new Input.HandleMoved(lift));
    }

    @Override
    public void keyTurned(boolean fits) {
        lock.accept(new Input.MechanicalKeyTurned(fits));
    }
}
