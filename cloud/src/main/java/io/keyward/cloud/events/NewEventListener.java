package io.keyward.cloud.events;

import java.util.UUID;

import io.keyward.protocol.link.LinkMessages;

/**
 * Told of an event the one time it is newly stored, never of a resent copy (alerts, SPEC H4, hang on
 * this). Called inside the storing transaction: a listener that throws undoes the store, so the lock's
 * event stays unacknowledged and comes again, rather than being kept without its consequences.
 */
public interface NewEventListener {

    void newEvent(UUID lockId, LinkMessages.EventMessage event);
}
