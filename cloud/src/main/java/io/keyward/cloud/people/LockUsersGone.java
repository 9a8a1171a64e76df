package io.keyward.cloud.people;

import java.util.UUID;

import io.keyward.cloud.events.NewEventListener;
import io.keyward.protocol.event.EventKind;
import io.keyward.protocol.link.LinkMessages;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The lock stays the authority (docs/people.md): a lock user deleted at the lock reaches the cloud as the
 * lock's USER_DELETED event, and a person who was that user turns FAILED USER_GONE at once, not at the
 * next change. Called inside the event's storing transaction (pushes and alerts go after its commit).
 * A deletion the cloud asked for (removing the person) is the person's REMOVE answer's business.
 */
@Component
class LockUsersGone implements NewEventListener {

    /** Looked up when an event comes: PersonSync reaches the command queue, which needs the event store built first. */
    private final ObjectProvider<PersonSync> sync;

    LockUsersGone(ObjectProvider<PersonSync> sync) {
        this.sync = sync;
    }

    @Override
    public void newEvent(UUID lockId, LinkMessages.EventMessage event) {
        if (EventKind.USER_DELETED.name().equals(event.kind()) && "OK".equals(event.result()) && event.user() != null) {
            sync.getObject().goneAtLock(lockId, event.user(), event.seq());
        }
    }
}
