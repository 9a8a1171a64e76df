package io.keyward.cloud.events;

import java.time.Instant;

/**
 * An event as the API shows it: what the lock sent, and when the cloud received it. truncated names the
 * fields that were cut (or had a NUL replaced) to be stored, e.g. "alarm:366" (EventFields); null when none.
 */
record StoredEvent(long seq, Instant at, String kind, String method, String result, Integer user, String credential,
                   String reason, String alarm, String detail, String truncated, Instant receivedAt) {
}
