package io.keyward.cloud.alerts;

import java.time.Instant;
import java.util.UUID;

/**
 * An alert as one account sees it (SPEC H4), in the list and on the live stream alike.
 *
 * @param kind     TAMPER, DURESS, SYSTEM_LOCKED, LOW_BATTERY, LEAVING_HOME_INSIDE_OPENING or DOORBELL
 *                 (or another alarm a newer lock raises: see {@link AlertRaiser})
 * @param seq      the event's sequence number: its details are at GET /api/locks/{lockId}/events
 * @param at       when it happened, on the lock's clock
 * @param user     the lock user concerned, if any (whose duress credential was used)
 * @param raisedAt when the cloud raised it: the order of the list
 */
public record Alert(UUID id, UUID lockId, String lockName, long seq, String kind, Instant at, Integer user,
                    boolean read, Instant raisedAt) {
}
