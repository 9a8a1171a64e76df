package io.keyward.protocol.command;

/**
 * How much a lock holds (SPEC B7): the lock refuses beyond these, and the cloud, which knows what a lock
 * reported and what it has queued for it, refuses before sending when it can tell (docs/people.md).
 */
public final class LockLimits {

    /** Lock users, administrators included. */
    public static final int USERS_PER_LOCK = 100;
    /** Credentials of one kind (faces, fingerprints, passcodes) on one lock. */
    public static final int PER_KIND_PER_LOCK = 50;

    private LockLimits() {
    }
}
