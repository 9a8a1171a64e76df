package io.keyward.lock.core;

import io.keyward.lock.hardware.FaceCapture;
import io.keyward.lock.hardware.FingerprintCapture;
import io.keyward.lock.hardware.Key;
import io.keyward.protocol.command.LockCommand;

/** Everything that can happen to the lock: what its hardware ports and links report. */
public sealed interface Input {

    /** Time passed: timers due by now fire (keypad timeout, relock, lockout end, alarms). */
    record Tick() implements Input {
    }

    /** A hand on the keypad area (wakes the lock). */
    record Touch() implements Input {
    }

    record KeyPress(Key key) implements Input {
    }

    /** A key held down (D6: holding 0 mutes once). */
    record KeyHold(Key key, double seconds) implements Input {
    }

    /** The rear SET button held; insertBattery: while putting the removed battery back (D7). */
    record SetButtonHold(double seconds, boolean insertBattery) implements Input {
    }

    record FingerPlaced(FingerprintCapture capture) implements Input {
    }

    record FaceSeen(FaceCapture capture) implements Input {
    }

    /** fits: the key's bitting matches the cylinder (only the original does). */
    record MechanicalKeyTurned(boolean fits) implements Input {
    }

    /** The rear handle: lift = lock from inside, push = open from inside (C11). */
    record HandleMoved(boolean lift) implements Input {
    }

    record DoorMoved(boolean open) implements Input {
    }

    /** The simulated bolt motor jams (a fault: grit, a worn gear) or runs freely again; it stalls in both directions. */
    record MotorJammed(boolean jammed) implements Input {
    }

    /** A door pressed against the thrown bolt (a warped leaf, someone leaning on it) binds it: it cannot retract. */
    record DoorPressed(boolean pressed) implements Input {
    }

    record BatteryLevel(int percent) implements Input {
    }

    record BatteryInserted(boolean inserted) implements Input {
    }

    record UsbPower(boolean connected) implements Input {
    }

    record Tamper() implements Input {
    }

    /** A management command from the app's link (cloud or Bluetooth). */
    record Command(LockCommand command) implements Input {
    }

    /** A command from a link that could not be read: refused and logged (never acted on). */
    record MalformedCommand(String reason) implements Input {
    }

    /** A signed command from the cloud (remote unlock, remote management): checked before it is obeyed. */
    record SignedCommand(io.keyward.protocol.link.SignedCommand command) implements Input {
    }

    /**
     * The pairing handshake with the cloud finished: the lock keeps the cloud's key and its broker login
     * (A3), the visitor passcode secret (E1, E2) when the cloud sent one, and when the cloud bound it (D7).
     */
    record PairingCompleted(String cloudPublicKey, String brokerUri, String brokerPassword, String visitorSecret,
                            java.time.Instant boundAt) implements Input {

        /** From a cloud that shares no visitor secret (an older cloud): the lock keeps the one it has. */
        public PairingCompleted(String cloudPublicKey, String brokerUri, String brokerPassword) {
            this(cloudPublicKey, brokerUri, brokerPassword, null, null);
        }

        /** From a cloud that does not say when it bound the lock (an older cloud): no key is refused for its age. */
        public PairingCompleted(String cloudPublicKey, String brokerUri, String brokerPassword, String visitorSecret) {
            this(cloudPublicKey, brokerUri, brokerPassword, visitorSecret, null);
        }
    }

    /** The cloud has stored every event from {@code from} to {@code seq} (one event: from == seq); H5. */
    record EventAcknowledged(long from, long seq) implements Input {
        public EventAcknowledged(long seq) {
            this(seq, seq);
        }
    }

    /**
     * The radio refused a Bluetooth handshake or record (SPEC C5, C9): logged as a refused unlock by
     * BLUETOOTH. reason: a {@code bluetooth.Refusal} name; keyId and account: of the key the hello
     * carried when its signature verified, else null; detail: the protocol's text (no key material).
     */
    record BluetoothRefused(String reason, String keyId, String account, String detail, boolean grant) implements Input {
        /** A refusal of a cloud-signed key's session (grant: issue 15, the key is a device grant's leaf). */
        public BluetoothRefused(String reason, String keyId, String account, String detail) {
            this(reason, keyId, account, detail, false);
        }
    }

    /**
     * One request of a phone over an established Bluetooth session (SPEC C5, E3, B2), under the key
     * the handshake verified; the key is checked again (validity, revocation) before the lock acts.
     * The core answers with exactly one {@link Output.BluetoothResponse}. chain (issue 15): the device
     * grant chain the session runs under ("~"-joined, leaf first; key is its leaf), checked again
     * against the owner devices before the lock acts; null for a cloud-signed key.
     */
    record BluetoothRequest(io.keyward.protocol.bluetooth.BluetoothKey key, String chain,
                            io.keyward.protocol.bluetooth.RadioRequest request) implements Input {
        public BluetoothRequest(io.keyward.protocol.bluetooth.BluetoothKey key,
                                io.keyward.protocol.bluetooth.RadioRequest request) {
            this(key, null, request);
        }
    }

    /**
     * What a paired remote controller's button transmits (SPEC G2, C7): its id, a counter one above its
     * last press, and the rolling code for both ({@link RemoteCode}). Anyone nearby may hear and replay it.
     */
    record RemoteButton(String accessory, long counter, String code) implements Input {
    }

    /**
     * A LOCK or UNLOCK command heard on the home broker (SPEC C12, docs/home-assistant.md); detail: what
     * the event log keeps of who sent it (the broker does not say, so the topic's words).
     */
    record HomeCommand(boolean unlock, String detail) implements Input {
    }
}
