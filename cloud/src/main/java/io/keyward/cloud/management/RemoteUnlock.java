package io.keyward.cloud.management;

import java.util.UUID;

import io.keyward.cloud.signing.CloudSigningKey;
import io.keyward.cloud.link.LockAnswers;
import io.keyward.cloud.link.LockLink;
import io.keyward.cloud.locks.LockResets;
import io.keyward.cloud.locks.Locks;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.SignedCommand;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * SPEC C6: opening the door from the app. The command is signed, carries a nonce and is valid for a
 * few seconds; the lock checks all three and whether remote unlock is on. It is never queued: a lock
 * that is offline fails the request at once, and one that does not answer in time lets it expire.
 */
@Service
class RemoteUnlock {

    /** Valid this long after signing: enough for a round trip over a slow link, too short to keep. */
    static final long LIFETIME_SECONDS = CloudSigningKey.UNLOCK_LIFETIME_SECONDS;
    /**
     * Its command ids are not UUIDs: the queue's ids are (lock_commands.id), so {@link CommandQueue#replied}
     * tells a remote unlock's reply from a queued command's without a database round trip, on every
     * node the reply reaches (issue 11 item 5). The lock takes any id; it only echoes it.
     */
    static final String ID_PREFIX = "unlock-";

    private final LockLink link;
    private final CloudSigningKey signingKey;
    private final Replies replies;
    private final LockResets resets;

    RemoteUnlock(LockLink link, CloudSigningKey signingKey, Replies replies, LockResets resets) {
        this.resets = resets;
        this.link = link;
        this.signingKey = signingKey;
        this.replies = replies;
    }

    /** @return the lock's acceptance; throws 409 reset, 409 "lock offline", 409 with the lock's refusal (LockRefused), or 504 */
    LinkMessages.Reply unlock(UUID lockId, String account) {
        Locks.Target lock = resets.bound(lockId); // one read; D7: 409, the lock was reset at the door
        if (!lock.online() || !link.connected()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "lock offline");
        }
        SignedCommand command = signingKey.sign(lock.serial(), ID_PREFIX + UUID.randomUUID(),
                LockCommands.write(new LockCommand.RemoteUnlock(account)), LIFETIME_SECONDS);
        var reply = replies.expect(command.serial(), command.id());
        try {
            link.send(command);
            LinkMessages.Reply answer = LockAnswers.await(reply, LIFETIME_SECONDS, HttpStatus.GATEWAY_TIMEOUT,
                    "the lock did not answer in time; the command has expired and will not open later");
            if (!answer.accepted()) {
                throw new LockRefused(answer.reason(), null);
            }
            return answer;
        } finally {
            replies.forget(command.serial(), command.id());
        }
    }
}
