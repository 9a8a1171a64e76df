package io.keyward.cloud.accounts;

import java.util.UUID;

/**
 * Application event: some authority an account had may be gone (issue 10 finding 7). Published after
 * the change is committed by whatever took it away - sign-out and token revocation (the account's
 * credentials), a share removed or its role changed (the account on one lock), a lock removed or
 * re-bound (everyone on it). Long-lived responses listen (sharing.StreamGrants) and re-check their
 * request's authority at once. {@code null} means "any": an account-wide or lock-wide change.
 */
public record AccessRevoked(UUID account, UUID lock) {

    public static AccessRevoked ofAccount(UUID account) {
        return new AccessRevoked(account, null);
    }

    public static AccessRevoked ofShare(UUID account, UUID lock) {
        return new AccessRevoked(account, lock);
    }

    public static AccessRevoked ofLock(UUID lock) {
        return new AccessRevoked(null, lock);
    }

    /**
     * Whether a grant of this account, on this lock ({@code null}: on no lock, e.g. the alert stream),
     * may be affected. A change on one lock leaves account-wide grants alone.
     */
    public boolean concerns(UUID grantAccount, UUID grantLock) {
        boolean accountMatches = account == null || account.equals(grantAccount);
        boolean lockMatches = lock == null || lock.equals(grantLock);
        return accountMatches && lockMatches;
    }
}
