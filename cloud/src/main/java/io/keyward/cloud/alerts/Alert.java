package io.keyward.cloud.alerts;

import java.time.Instant;
import java.util.UUID;

import io.keyward.cloud.events.EventNames;

/**
 * An alert as one account sees it (SPEC H4), in the list and on the live stream alike.
 *
 * @param kind     TAMPER, DURESS, SYSTEM_LOCKED, LOW_BATTERY, LEAVING_HOME_INSIDE_OPENING or DOORBELL
 *                 (or another alarm a newer lock raises: see {@link AlertRaiser})
 * @param seq      the event's sequence number: its details are at GET /api/locks/{lockId}/events
 * @param at       when it happened, on the lock's clock
 * @param user     the lock user concerned, if any (whose duress credential was used)
 * @param raisedAt when the cloud raised it: the order of the list
 * @param names    what the event names by code, as people named it ({@link EventNames}): whose duress
 *                 credential, which account's key
 * @param snapshot a DOORBELL alert's picture (D8): GET this path for the JPEG (404 while it has not
 *                 arrived, or when the lock was offline at the press); null for other kinds
 */
public record Alert(UUID id, UUID lockId, String lockName, long seq, String kind, Instant at, Integer user,
                    boolean read, Instant raisedAt, String snapshot, EventNames.Names names) {

    /** The same alert with the names people gave (issue 14: the event list's names, from one resolver). */
    Alert named(EventNames.Names given) {
        return new Alert(id, lockId, lockName, seq, kind, at, user, read, raisedAt, snapshot, given);
    }

    /** The link to the snapshot of a DOORBELL alert, else null. */
    static String snapshotLink(UUID id, String kind) {
        return AlertRaiser.DOORBELL.equals(kind) ? "/api/alerts/" + id + "/snapshot" : null;
    }
}
