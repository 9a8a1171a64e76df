package io.keyward.lock.core;

import io.keyward.protocol.command.Setting;

/**
 * Whether the lock may be on the network now, and if not why (SPEC C10, H6, D7). Its link to the
 * cloud follows this rule after every step: without power there are no electronics and no radio,
 * with Wi-Fi switched off only the local paths work (keypad, biometrics, Bluetooth), and a lock
 * without a cloud binding (never paired, or factory-reset) has no login to use.
 */
public final class NetworkRule {

    /** No power (battery out or flat, no USB power): the link drops as a cable pulled would. */
    public static final String NO_POWER = "NO_POWER";
    /** The WIFI setting is off: the lock says goodbye and leaves the network. */
    public static final String WIFI_OFF = "WIFI_OFF";
    /** No cloud binding (a factory reset clears it). */
    public static final String NOT_PAIRED = "NOT_PAIRED";

    private NetworkRule() {
    }

    /** Null while the lock may be connected, else one of the reasons above (power first). */
    public static String offline(boolean powered, LockData data) {
        if (data.cloud() == null) {
            return NOT_PAIRED;
        }
        if (!powered) {
            return NO_POWER;
        }
        return data.flag(Setting.WIFI) ? null : WIFI_OFF;
    }
}
