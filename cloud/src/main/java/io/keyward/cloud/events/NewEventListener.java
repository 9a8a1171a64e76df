package io.keyward.cloud.events;

import java.util.Collection;
import java.util.UUID;

import io.keyward.protocol.link.LinkMessages;

/**
 * Told of an event the one time it is newly stored, never of a resent copy (alerts, SPEC H4, hang on
 * this). Called inside the storing transaction: a listener that throws undoes the store, so the lock's
 * event stays unacknowledged and comes again, rather than being kept without its consequences.
 */
public interface NewEventListener {

    void newEvent(UUID lockId, LinkMessages.EventMessage event);

    /**
     * Before a batch's new events (in the same transaction): the locks they are of, so a listener can
     * look up in one query what it needs of each lock (remembered with {@code TransactionMemo}) instead
     * of one query a lock. Under load a batch holds many locks, and each round trip delayed its commit,
     * so its acks (issue 11, bench ingest).
     */
    default void beforeBatch(Collection<UUID> lockIds) {
    }
}
