package io.keyward.cloud.locks;

import java.util.UUID;

import io.keyward.cloud.broker.LockCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * SPEC D7, issue 10 finding 3: a lock factory-reset at the door forgets its cloud binding and login
 * and says so on its link before leaving (docs/link.md). The cloud then marks it reset, revokes the
 * broker login it had, and refuses remote unlock and management with a reason the app shows, until
 * an account adds the lock again with its new pairing QR.
 */
@Service
public class LockResets {

    /** The words the app shows on a reset lock (GET /api/locks...) and in each 409. */
    public static final String MESSAGE = "This lock was reset at the door; add it again with its new pairing QR";

    private static final Logger log = LoggerFactory.getLogger(LockResets.class);

    private final Locks locks;
    private final LockCredentials credentials;

    LockResets(Locks locks, LockCredentials credentials) {
        this.locks = locks;
        this.credentials = credentials;
    }

    /** The lock's own goodbye said RESET (authenticated as every message of its login is). */
    @EventListener
    void lockSaysReset(LockWasReset reset) {
        String serial = reset.serial();
        locks.markReset(serial, reset.at());
        try {
            credentials.revoke(serial); // the lock forgot it; nobody else may use it
        } catch (RuntimeException e) {
            log.warn("{}: reset, but its broker login could not be revoked now: {}", serial, e.getMessage());
        }
        log.info("{}: the lock was reset at the door; shown as reset until it is added again", serial);
    }

    /** 409 with the reason when the lock was reset: nothing can reach a lock that forgot this cloud. */
    public void requireBound(UUID lockId) {
        locks.resetAt(lockId).ifPresent(LockResets::refuse);
    }

    /**
     * The lock's serial and presence, read once; 409 with the reason when it was reset (as
     * {@link #requireBound}), 404 when it was removed since the request's access check.
     */
    public Locks.Target bound(UUID lockId) {
        Locks.Target target = locks.target(lockId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such lock"));
        if (target.resetAt() != null) {
            refuse(target.resetAt());
        }
        return target;
    }

    private static void refuse(java.time.OffsetDateTime at) {
        throw new ResponseStatusException(HttpStatus.CONFLICT, MESSAGE + " (reset at " + at + ")");
    }
}
