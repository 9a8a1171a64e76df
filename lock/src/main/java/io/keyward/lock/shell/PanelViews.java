package io.keyward.lock.shell;

import io.keyward.lock.core.Accessory;
import io.keyward.lock.core.LockEvent;
import io.keyward.lock.core.LockView;
import io.keyward.lock.panel.PanelEvent;
import io.keyward.lock.panel.PanelState;
import io.keyward.lock.sim.SimulatedScreen;
import io.keyward.lock.sim.SimulatedSpeaker;

import java.util.List;

/** Turns what the core and the simulated parts know into the panel API's shapes. */
final class PanelViews {

    private PanelViews() {
    }

    static PanelState state(LockView v, SimulatedScreen screen, List<SimulatedSpeaker.Said> said, boolean online,
                            PanelState.Bluetooth bluetooth, List<Accessory> accessories, PanelState.Motor motor,
                            String homeMqtt, boolean administrator, List<io.keyward.lock.core.OwnerDevice> devices,
                            String lockKey, String lockKeyMac) {
        return new PanelState(
                v.serial(),
                v.powered(),
                v.boltLocked() ? "LOCKED" : "UNLOCKED",
                v.lockedFromInside(),
                v.door(),
                new PanelState.Keypad(v.awake(), v.lit(), v.maskedInput(), v.faceLight()),
                new PanelState.Screen(screen.text(), screen.qr()),
                said.stream().map(s -> new PanelState.Prompt(s.prompt().name(), s.text(), s.at(), s.silent())).toList(),
                v.muted(),
                new PanelState.Battery(v.batteryPercent(), v.batteryLow(), v.batteryInserted(), v.usbPower()),
                new PanelState.Modes(v.privacy(), v.leavingHome()),
                new PanelState.Lockout(v.lockoutActive(), v.lockoutUntil()),
                v.alarms().stream().map(a -> new PanelState.Alarm(a.kind(), a.at(), a.active())).toList(),
                online,
                v.time(),
                v.enrolment() == null ? null : new PanelState.Enrolment(v.enrolment().user(), v.enrolment().kind(),
                        v.enrolment().duress(), v.enrolment().step(), v.enrolment().steps()),
                bluetooth, accessories.stream().map(a -> new PanelState.Accessory(a.id(), a.kind().name(), a.name())).toList(),
                motor, homeMqtt, pairing(screen.qr(), v.time()), administrator,
                devices.stream().map(d -> new PanelState.Device(d.deviceId(), d.name(), d.boundAt(), d.how())).toList(),
                lockKey, lockKeyMac);
    }

    /** The QR's own expiry (the payload the app reads), so the panel's countdown and the app agree. */
    static PanelState.Pairing pairing(String qr, java.time.Instant now) {
        if (qr == null || !qr.startsWith("keyward://pair")) {
            return null; // a bind QR at the door (issue 15) is no pairing mode
        }
        try {
            java.time.Instant expires = io.keyward.protocol.pairing.PairingPayload.parse(qr).expires();
            return new PanelState.Pairing(expires, Math.max(0, java.time.Duration.between(now, expires).toSeconds()));
        } catch (IllegalArgumentException unreadable) {
            return null; // the lock made it, so this does not happen; the QR text is still shown
        }
    }

    static PanelEvent event(LockEvent e) {
        return new PanelEvent(e.seq(), e.at(), e.kind(), e.method(), e.result(), e.user(), e.credential(),
                e.reason(), e.alarm(), e.detail());
    }
}
