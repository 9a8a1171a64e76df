package io.keyward.protocol.command;

/** The lock's settings (SPEC H6) that a command can change, with the values each accepts. */
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
    WIFI
}
