package io.keyward.protocol.command;

import java.util.Set;

/**
 * The lock's settings (SPEC H6) that a command can change, with the values each accepts. The lock
 * and the cloud check values with the same {@link #normalize}, so the cloud can refuse a value the lock
 * would refuse before anything is sent.
 */
public enum Setting {
    /** WITH_SENSOR | WITHOUT_SENSOR (A4). */
    BODY_TYPE,
    /** EN | ZH (A5). */
    LANGUAGE,
    /** AUTO | MANUAL (C1). */
    FACE_TRIGGER,
    /** whole seconds 5..120 (C8). */
    RELOCK_SECONDS,
    /** true | false (C6). */
    REMOTE_UNLOCK,
    /** true | false (D1). */
    TRIAL_AND_ERROR_LOCK,
    /** true | false (D4). */
    PRIVACY_MODE,
    /** true | false (D5). */
    LEAVING_HOME,
    /** true | false (F1). */
    SYNCHRONIZED_UNLOCK,
    /** whole seconds 5..60 (F2). */
    SYNCHRONIZATION_SECONDS,
    /** true | false. */
    WIFI,
    /**
     * The home's time zone, an IANA id such as Europe/Berlin (docs/people.md, SPEC B10): weekly windows of
     * lock users are read in it. Stored as java.time normalizes it; an unknown zone is refused.
     */
    TIME_ZONE;

    /** Longest zone id accepted (the longest IANA id is 32 characters). */
    public static final int MAX_ZONE = 64;

    /** The value in its stored form, or IllegalArgumentException saying what the setting accepts. */
    public String normalize(String value) {
        if (value == null) {
            throw new IllegalArgumentException(this + " needs a value");
        }
        String v = value.trim();
        return switch (this) {
            case BODY_TYPE -> oneOf(v.toUpperCase(), Set.of("WITH_SENSOR", "WITHOUT_SENSOR"));
            case LANGUAGE -> oneOf(v.toUpperCase(), Set.of("EN", "ZH"));
            case FACE_TRIGGER -> oneOf(v.toUpperCase(), Set.of("AUTO", "MANUAL"));
            case RELOCK_SECONDS -> wholeSeconds(v, 5, 120);
            case SYNCHRONIZATION_SECONDS -> wholeSeconds(v, 5, 60);
            case REMOTE_UNLOCK, TRIAL_AND_ERROR_LOCK, PRIVACY_MODE, LEAVING_HOME, SYNCHRONIZED_UNLOCK, WIFI ->
                    oneOf(v.toLowerCase(), Set.of("true", "false"));
            case TIME_ZONE -> zone(v);
        };
    }

    /** A region id (Europe/Berlin) or UTC, as java.time spells it; offsets and unknown names are refused. */
    private String zone(String v) {
        if (v.isEmpty() || v.length() > MAX_ZONE || !v.matches("[A-Za-z0-9/_+-]+")) {
            throw new IllegalArgumentException(this + " must be an IANA time zone such as Europe/Berlin");
        }
        try {
            java.time.ZoneId zone = java.time.ZoneId.of(v);
            if (zone instanceof java.time.ZoneOffset && !"UTC".equals(v) && !"Z".equals(v)) {
                throw new IllegalArgumentException(this + " must be an IANA time zone such as Europe/Berlin, not an offset");
            }
            return zone instanceof java.time.ZoneOffset ? "UTC" : zone.getId();
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException(this + " must be an IANA time zone such as Europe/Berlin; " + v + " is unknown");
        }
    }

    private String oneOf(String v, Set<String> allowed) {
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException(this + " must be one of " + allowed.stream().sorted().toList());
        }
        return v;
    }

    private String wholeSeconds(String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return Integer.toString(n);
            }
        } catch (NumberFormatException ignored) {
            // falls through to the refusal
        }
        throw new IllegalArgumentException(this + " must be whole seconds from " + min + " to " + max);
    }
}
