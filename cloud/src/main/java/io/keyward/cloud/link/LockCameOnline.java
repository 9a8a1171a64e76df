package io.keyward.cloud.link;

import java.util.UUID;

/**
 * A lock came back online (its report after being offline, or the first report a node hears of it):
 * the moment to send what was asked while it was away (SPEC B2). Not raised by the reports a lock
 * sends after every change.
 */
public record LockCameOnline(UUID lockId, String serial) {
}
