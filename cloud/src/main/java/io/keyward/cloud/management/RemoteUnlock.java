package io.keyward.cloud.management;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

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
 * <p>
 * Two steps, so that a request may wait for the lock's answer either on its own thread ({@link #unlock},
 * Spring MVC's handler) or not at all ({@link #send}, the fast path of {@link RemoteUnlockFastPath}, answered
 * on the thread that reads the reply): {@link #prepare} makes every check and signs, and can only refuse;
 * {@link #send} publishes and can no longer refuse.
 */
@Service
class RemoteUnlock {

    /** Valid this long after signing: enough for a round trip over a slow link, too short to keep. */
    static final long LIFETIME_SECONDS = CloudSigningKey.UNLOCK_LIFETIME_SECONDS;
    /** The 504's words when the lock stays silent for the command's lifetime. */
    static final String LATE = "the lock did not answer in time; the command has expired and will not open later";
    /**
     * Its command ids are not UUIDs: the queue's ids are (lock_commands.id), so {@link CommandQueue#replied}
     * tells a remote unlock's reply from a queued command's without a database round trip, on every
     * node the reply reaches (issue 11 item 5). The lock takes any id; it only echoes it.
     */
    static final String ID_PREFIX = "unlock-";

    /** A remote unlock checked and signed, not yet sent. */
    record Prepared(SignedCommand command) {
    }

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
        Prepared prepared = prepare(lockId, account, signature);
        SignedCommand command = prepared.command();
        var reply = replies.expect(command.serial(), command.id());
        try {
            link.send(command);
            return accepted(LockAnswers.await(reply, LIFETIME_SECONDS, HttpStatus.GATEWAY_TIMEOUT, LATE));
        } finally {
            replies.forget(command.serial(), command.id());
        }
    }

    /**
     * Every check before anything leaves, then the signature: 404 when the lock was removed, 409 when it was
     * reset (D7) or is offline, 400/428 for a device's signature (issue 15). Nothing is sent and nothing is
     * kept: a request refused here may be asked again from the start.
     */
    Prepared prepare(UUID lockId, String account, DeviceSignature signature) {
        Locks.Target lock = resets.bound(lockId); // one read; D7: 409, the lock was reset at the door
        LockCommand asked = new LockCommand.RemoteUnlock(account);
        DeviceSignedCommands.Outgoing out = DeviceSignedCommands.outgoing(lock.serial(), lock.trustMode(), asked,
                signature.command(), signature.chain());
        if (!lock.online() || !link.connected()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "lock offline");
        }
        return new Prepared(signingKey.sign(lock.serial(),
                out.deviceSigned() ? out.id().toString() : ID_PREFIX + UUID.randomUUID(),
                LockCommands.write(out.command()), LIFETIME_SECONDS));
    }

    /**
     * Publishes a prepared unlock and returns its answer to come, without waiting: completed on the thread
     * that reads the lock's reply (link.ReplyWaiter), or with a 504 {@link ResponseStatusException} when the
     * command's lifetime passes first; exceptionally with {@link LockRefused} when the lock refuses.
     */
    CompletableFuture<LinkMessages.Reply> send(Prepared prepared) {
        SignedCommand command = prepared.command();
        CompletableFuture<LinkMessages.Reply> answer = replies
                .expectWithin(command.serial(), command.id(), Duration.ofSeconds(LIFETIME_SECONDS))
                .handle((accepted, error) -> {
                    replies.forget(command.serial(), command.id());
                    if (error instanceof TimeoutException) {
                        throw new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, LATE);
                    }
                    if (error != null) {
                        throw new IllegalStateException(error);
                    }
                    return accepted(accepted);
                });
        link.send(command);
        return answer;
    }

    /** The lock's answer if it obeyed; its refusal as a 409 (LockRefused). */
    private static LinkMessages.Reply accepted(LinkMessages.Reply answer) {
        if (!answer.accepted()) {
            throw new LockRefused(answer.reason(), null);
        }
        return answer;
    }
}
