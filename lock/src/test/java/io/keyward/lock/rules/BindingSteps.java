package io.keyward.lock.rules;

import io.keyward.lock.hardware.Key;
import io.keyward.lock.panel.PanelState;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.trust.BindPayload;
import io.keyward.protocol.trust.DeviceSigner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The arrange steps the binding tests (issue 15, trust design §4) repeat on a {@link TestLock} of serial
 * {@link DeviceBindingTest#SERIAL}: a BIND_DEVICE with a proof under a bind secret, asking for the door's
 * bind QR (hold ✓ 3 s, the administrator's passcode), and the factory reset that must forget it all.
 */
final class BindingSteps {

    private BindingSteps() {
    }

    /** A BIND_DEVICE for device named name, proved with secret. */
    static LockCommand.BindDevice bind(DeviceSigner device, String secret, String name) {
        return new LockCommand.BindDevice(device.deviceKey(), device.agreeKey(), name,
                device.bindProof(secret, DeviceBindingTest.SERIAL, name));
    }

    /** Binds device with secret and checks the lock accepted it. */
    static CommandReply bound(TestLock t, DeviceSigner device, String secret, String name) {
        CommandReply reply = t.command(bind(device, secret, name));
        assertThat(reply.accepted()).as(String.valueOf(reply.message())).isTrue();
        return reply;
    }

    /** The lock's answer to a new phone ("Bob's phone") binding with secret. */
    static CommandReply newPhone(TestLock t, String secret) {
        return t.command(bind(DeviceSigner.generate(), secret, "Bob's phone"));
    }

    /** After the keypad settled, ✓ held 3 s: the lock asks for the administrator's passcode. */
    static PanelState holdToBind(TestLock t) {
        t.settle();
        return t.lock.holdKey(Key.OK, 3);
    }

    /** Shows the door's bind QR with the administrator's passcode and returns its bind secret. */
    static String showDoorQr(TestLock t) {
        t.lock.holdKey(Key.OK, 3);
        assertThat(t.lastPrompt()).isEqualTo("ENTER_ADMIN_PASSCODE");
        t.type(TestLock.ADMIN_PASSCODE);
        assertThat(t.lastPrompt()).isEqualTo("SCAN_TO_BIND");
        return BindPayload.parse(t.state().screen().qr()).bind();
    }

    /** {@link #showDoorQr} once the keypad settled from the last step. */
    static String doorQr(TestLock t) {
        t.settle();
        return showDoorQr(t);
    }

    /** A factory reset (D7): on USB power only, SET held 5 s, confirmed with ✓. */
    static void factoryReset(TestLock t) {
        t.lock.battery(null, false);
        t.lock.holdSet(5, true);
        t.press("OK");
    }
}
