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
        return unlock(lockId, account, DeviceSignature.NONE);
    }

    /**
     * As {@link #unlock(UUID, String)}, with a device's signature (issue 15, trust design §2, §3): the kwdc1 is
     * read only when the request carries one (the fast path stays one read of the lock); it must ask exactly
     * this remote unlock, and travels in the DEVICE_SIGNED envelope under its own commandId. A lock in trust
     * mode gets no unsigned remote unlock: 428, nothing sent.
     */
    LinkMessages.Reply unlock(UUID lockId, String account, DeviceSignature signature) {
        Locks.Target lock = resets.bound(lockId); // one read; D7: 409, the lock was reset at the door
        LockCommand asked = new LockCommand.RemoteUnlock(account);
        DeviceSignedCommands.Outgoing out = DeviceSignedCommands.outgoing(lock.serial(), lock.trustMode(), asked,
                signature.command(), signature.chain());
        if (!lock.online() || !link.connected()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "lock offline");
        }
        SignedCommand command = signingKey.sign(lock.serial(),
                out.deviceSigned() ? out.id().toString() : ID_PREFIX + UUID.randomUUID(),
                LockCommands.write(out.command()), LIFETIME_SECONDS);
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
