package io.keyward.cloud.sharing;

/**
 * What an account may do with a lock (SPEC H3, B2). Ordered from most to least: an owner may do all
 * a manager may, a manager all a member may.
 */
public enum AccountRole {
    /** Paired the lock; shares it, removes it, and everything below. */
    OWNER,
    /** Manages lock users, credentials and settings (B2, H6). */
    MANAGER,
    /** Unlocks and sees events and alerts. */
    MEMBER;

    public boolean atLeast(AccountRole minimum) {
        return ordinal() <= minimum.ordinal();
    }
}
