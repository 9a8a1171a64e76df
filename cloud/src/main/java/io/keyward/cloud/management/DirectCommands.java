package io.keyward.cloud.management;

import io.keyward.cloud.link.LockAnswers;
import io.keyward.cloud.link.LockLink;
import io.keyward.cloud.locks.Locks;
import io.keyward.cloud.signing.CloudSigningKey;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.SignedCommand;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * A command sent straight to an online lock and waited for, never queued (issue 15: binding and removing
 * an owner device, as remote unlock, C6): offline answers at once, a late answer lets the command expire.
 * The cloud's own envelope (SPEC C6) around it, under the id the lock must echo.
 */
@Service
class DirectCommands {

    /** How long such a command is valid and waited for: as a queued command's (a slow link, a busy lock). */
    static final long LIFETIME_SECONDS = CommandQueue.LIFETIME_SECONDS;

    private final LockLink link;
    private final CloudSigningKey signingKey;
    private final Replies replies;

    DirectCommands(LockLink link, CloudSigningKey signingKey, Replies replies) {
        this.link = link;
        this.signingKey = signingKey;
        this.replies = replies;
    }

    /** @return the lock's answer, accepted or not; throws 409 LOCK_OFFLINE, or 504 when it did not answer in time */
    LinkMessages.Reply call(Locks.Target lock, String id, String body) {
        if (!lock.online() || !link.connected()) {
            throw new TrustRefused(HttpStatus.CONFLICT, "LOCK_OFFLINE", "lock offline: the lock must be online for this");
        }
        SignedCommand command = signingKey.sign(lock.serial(), id, body, LIFETIME_SECONDS);
        var reply = replies.expect(command.serial(), command.id());
        try {
            link.send(command);
            return LockAnswers.await(reply, LIFETIME_SECONDS, HttpStatus.GATEWAY_TIMEOUT,
                    "the lock did not answer in time; the command has expired and will not be obeyed later");
        } finally {
            replies.forget(command.serial(), command.id());
        }
    }
}
