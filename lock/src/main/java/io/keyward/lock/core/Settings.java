package io.keyward.lock.core;

import io.keyward.protocol.command.Setting;

import java.util.EnumMap;
import java.util.Map;

/** The lock's settings (SPEC H6): defaults, and which values each accepts. Values are kept as text. */
public final class Settings {

    private static final Map<Setting, String> DEFAULTS = new EnumMap<>(Setting.class);

    static {
        DEFAULTS.put(Setting.BODY_TYPE, "WITH_SENSOR");
        DEFAULTS.put(Setting.LANGUAGE, "EN");
        DEFAULTS.put(Setting.FACE_TRIGGER, "AUTO");
        DEFAULTS.put(Setting.RELOCK_SECONDS, "10");
        DEFAULTS.put(Setting.REMOTE_UNLOCK, "false");
        DEFAULTS.put(Setting.TRIAL_AND_ERROR_LOCK, "true");
        DEFAULTS.put(Setting.PRIVACY_MODE, "false");
        DEFAULTS.put(Setting.LEAVING_HOME, "false");
        DEFAULTS.put(Setting.SYNCHRONIZED_UNLOCK, "false");
        DEFAULTS.put(Setting.SYNCHRONIZATION_SECONDS, "10");
        DEFAULTS.put(Setting.WIFI, "true");
        DEFAULTS.put(Setting.TIME_ZONE, "UTC"); // until the app sets the home's zone (docs/people.md)
    }

    private Settings() {
    }

    public static String defaultOf(Setting setting) {
        return DEFAULTS.get(setting);
    }

    /** The value in its stored form, or IllegalArgumentException saying what the setting accepts (checked in protocol, shared with the cloud). */
    public static String normalize(Setting setting, String value) {
        return setting.normalize(value);
    }
}
