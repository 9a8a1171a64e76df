package io.keyward.cloud.events;

import java.time.Instant;

/** An event as the API shows it: what the lock sent, and when the cloud received it. */
record StoredEvent(long seq, Instant at, String kind, String method, String result, Integer user, String credential,
                   String reason, String alarm, String detail, Instant receivedAt) {
}
