package io.keyward.lock.core;

import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand.CredentialKind;

/** How many credentials a user and the lock may hold (SPEC B3, B4, B5, B7). */
final class Limits {

    static final int PER_LOCK = io.keyward.protocol.command.LockLimits.PER_KIND_PER_LOCK;
    static final int USERS_PER_LOCK = io.keyward.protocol.command.LockLimits.USERS_PER_LOCK;

    private Limits() {
    }

    static int perUser(CredentialKind kind) {
        return switch (kind) {
            case FACE -> 3;
            case FINGERPRINT -> 6;
            case PASSCODE -> 2;
        };
    }

    /** Why one more credential of this kind cannot be added, or null when it can. */
    static CommandReply refusal(LockData data, int user, CredentialKind kind, boolean duress) {
        if (duress && kind == CredentialKind.FACE) {
            return CommandReply.refused("DURESS_NOT_ALLOWED", "only a fingerprint or a passcode can be a duress credential");
        }
        long ofLock = data.credentials().stream().filter(c -> c.kind() == kind).count();
        long ofUser = data.credentials().stream().filter(c -> c.kind() == kind && c.user() == user).count();
        long duressOfUser = data.credentials().stream()
                .filter(c -> c.kind() == kind && c.user() == user && c.duress()).count();
        String what = kind.name().toLowerCase() + "s";
        if (ofLock >= PER_LOCK) {
            return CommandReply.refused("LOCK_FULL", "the lock already holds " + PER_LOCK + " " + what);
        }
        if (ofUser >= perUser(kind)) {
            return CommandReply.refused("USER_FULL", "this user already has " + perUser(kind) + " " + what);
        }
        if (duress && duressOfUser >= 1) {
            return CommandReply.refused("DURESS_FULL", "this user already has a duress " + kind.name().toLowerCase());
        }
        return null;
    }
}
