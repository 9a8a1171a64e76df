package io.keyward.cloud.people;

import java.util.Optional;
import java.util.UUID;

import io.keyward.cloud.management.LockRequests;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockUserRole;
import org.springframework.stereotype.Component;

/**
 * The one place in the cloud that sends a person's passcode to a lock (docs/people.md): the code is
 * opened from its seal here and handed to the lock's command queue inside ADD_USER (or REPLACE_PASSCODE,
 * a code changed in place), which seals it again at rest and opens it only for the signed message. The
 * trust issue will sign it end to end from the owner's device here, and nowhere else.
 */
@Component
class PasscodeSender {

    private final LockRequests requests;

    PasscodeSender(LockRequests requests) {
        this.requests = requests;
    }

    /** Queues the lock user with the passcode; empty when the lock was reset at the door (D7). */
    Optional<LockRequests.Queued> addWithPasscode(UUID lockId, UUID owner, String ownerEmail, String name,
                                                  LockCommand.Validity validity, String passcode) {
        return requests.enqueue(lockId, owner, ownerEmail,
                new LockCommand.AddUser(name, LockUserRole.USER, validity, passcode));
    }

    /** Queues the person's new code for their lock user (PUT .../passcode); empty when the lock was reset at the door. */
    Optional<LockRequests.Queued> replace(UUID lockId, UUID owner, int lockUser, String passcode) {
        return requests.enqueue(lockId, owner, null, new LockCommand.ReplacePasscode(lockUser, passcode));
    }
}
