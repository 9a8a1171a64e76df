package io.keyward.cloud.events;

import java.time.Instant;

/**
 * An event as the API shows it: what the lock sent, and when the cloud received it. truncated names the
 * fields that were cut (or had a NUL replaced) to be stored, e.g. "alarm:366" (EventFields); null when none.
 * names: the people's names for its user, account, visitor and credential ({@link EventNames}).
 */
record StoredEvent(long seq, Instant at, String kind, String method, String result, Integer user, String credential,
                   String reason, String alarm, String detail, String truncated, Instant receivedAt, EventNames.Names names) {

    /** What the event names by code, as people named it (issue 14); added beside the lock's fields. */
    EventNames.Subject subject() {
        return new EventNames.Subject(user, method, credential, detail);
    }

    StoredEvent named(EventNames.Names given) {
        return new StoredEvent(seq, at, kind, method, result, user, credential, reason, alarm, detail, truncated, receivedAt, given);
    }
}
