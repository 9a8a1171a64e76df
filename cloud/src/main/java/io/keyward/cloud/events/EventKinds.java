package io.keyward.cloud.events;

import java.util.Set;

/**
 * The kinds of event a lock reports (the lock's {@code io.keyward.lock.core.LockEvent} constants; the
 * cloud does not depend on the lock module, so they are repeated here). Storing accepts any kind, so a
 * newer lock's events are never lost; only the query's filter is held to the kinds known here, to tell
 * a typo from "no such events".
 */
final class EventKinds {

    static final Set<String> KNOWN = Set.of(
            "UNLOCK", "LOCK", "ALARM", "USER_ADDED", "USER_DELETED", "VALIDITY_CHANGED", "CREDENTIAL_ADDED",
            "CREDENTIAL_DELETED", "ENROLMENT_FAILED", "SETTING_CHANGED", "LOCKOUT_LIFTED", "COMMAND_REFUSED",
            "DOORBELL", "PAIRING_MODE", "FACTORY_RESET", "PAIRED", "VISITOR_CODE_REVOKED",
            "BLUETOOTH_KEY_REVOKED");

    private EventKinds() {
    }
}
