package io.keyward.lock.core;

import io.keyward.protocol.command.Setting;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

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
    }

    private Settings() {
    }

    public static String defaultOf(Setting setting) {
        return DEFAULTS.get(setting);
    }

    /** The value in its stored form, or IllegalArgumentException saying what the setting accepts. */
    public static String normalize(Setting setting, String value) {
        if (value == null) {
            throw new IllegalArgumentException(setting + " needs a value");
        }
        String v = value.trim();
        return switch (setting) {
            case BODY_TYPE -> oneOf(setting, v.toUpperCase(), Set.of("WITH_SENSOR", "WITHOUT_SENSOR"));
            case LANGUAGE -> oneOf(setting, v.toUpperCase(), Set.of("EN", "ZH"));
            case FACE_TRIGGER -> oneOf(setting, v.toUpperCase(), Set.of("AUTO", "MANUAL"));
            case RELOCK_SECONDS -> wholeNumber(setting, v, 5, 120);
            case SYNCHRONIZATION_SECONDS -> wholeNumber(setting, v, 5, 60);
            case REMOTE_UNLOCK, TRIAL_AND_ERROR_LOCK, PRIVACY_MODE, LEAVING_HOME, SYNCHRONIZED_UNLOCK, WIFI ->
                    oneOf(setting, v.toLowerCase(), Set.of("true", "false"));
        };
    }

    private static String oneOf(Setting setting, String v, Set<String> allowed) {
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException(setting + " must be one of " + allowed);
        }
        return v;
    }

    private static String wholeNumber(Setting setting, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return Integer.toString(n);
            }
        } catch (NumberFormatException ignored) {
            // falls through to the refusal
        }
        throw new IllegalArgumentException(setting + " must be whole seconds from " + min + " to " + max);
    }
}
