package io.keyward.lock.core;

import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.event.UnlockMethod;

/**
 * Home MQTT on the lock (docs/home-assistant.md): its settings from the app, and the LOCK and UNLOCK
 * commands heard on the home broker (SPEC C12). Unlock from home is off unless the owner allowed it,
 * and, stricter than remote unlock (C6, D1), refused in privacy mode (D4) and during a trial-and-error
 * lockout: the home broker's login is no signed command, so a lock under attack does not open for it.
 */
final class HomeCommands {

    static final UnlockMethod HOME = UnlockMethod.HOME_MQTT; // C12

    private final Effects fx;
    private final PowerAndBolt power;
    private final Unlocking unlocking;

    HomeCommands(Effects fx, PowerAndBolt power, Unlocking unlocking) {
        this.fx = fx;
        this.power = power;
        this.unlocking = unlocking;
    }

    /** The app's SET_HOME_MQTT: checked, stored (with the password) and logged (without it). */
    CommandReply configure(LockCommand.SetHomeMqtt c) {
        String problem = c.problem();
        if (problem != null) {
            return CommandReply.refused("BAD_VALUE", problem);
        }
        HomeMqtt stored = fx.data().homeMqtt();
        HomeMqtt wanted = c.enabled() ? HomeMqtt.of(c, stored) : null;
        if (java.util.Objects.equals(wanted, stored)) {
            return CommandReply.ok();
        }
        fx.commit(new Change.HomeMqttSet(wanted));
        fx.record(Event.ok(LockEvent.SETTING_CHANGED).detail("HOME_MQTT=" + (wanted == null ? "off" : wanted)));
        return CommandReply.ok();
    }

    /** UNLOCK from the home broker (C12): opens only when allowed, not in privacy mode, not during a lockout. */
    void unlock(String detail) {
        HomeMqtt home = fx.data().homeMqtt();
        String refusal = home == null || !home.allowUnlock() ? "HOME_UNLOCK_OFF"
                : fx.data().flag(Setting.PRIVACY_MODE) ? "PRIVACY_MODE"
                : unlocking.lockedOut() ? "LOCKED_OUT" : null;
        if (refusal != null) {
            fx.record(Event.unlock(HOME).refused(refusal).detail(detail));
            return;
        }
        power.unlock(Event.unlock(HOME).ok().detail(detail));
    }

    /** LOCK from the home broker: throws the bolt whenever Home MQTT is on, unless the door stands open. */
    void lock(String detail) {
        if (fx.data().homeMqtt() == null) {
            return; // a command left on a broker the lock no longer uses
        }
        if ("OPEN".equals(power.doorView())) {
            fx.record(Event.refused(LockEvent.LOCK, "DOOR_OPEN").method(HOME).detail(detail));
        } else if (!power.boltLocked()) {
            power.lock(Event.lock(HOME).detail(detail));
        }
    }
}
