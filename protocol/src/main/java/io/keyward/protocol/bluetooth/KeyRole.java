package io.keyward.protocol.bluetooth;

/**
 * The role a Bluetooth key carries, signed by the cloud: its holder's role on the lock's account side
 * when the key was issued. The lock lets only some of them manage it (SPEC B2). Not a lock user's role
 * ({@code LockUserRole}); the wire strings are the constants' names.
 */
public enum KeyRole {
    /** The account that paired the lock (A3): opens in privacy mode and manages nearby (B2, D4). */
    OWNER,
    /** An account the owner named manager (H3): as the owner on the lock (B2). */
    MANAGER,
    /** A family member the lock is shared with (H3): opens, does not manage (C5). */
    MEMBER,
    /** A visitor's key from a pairing code (E3): opens within its period, obeys lockout (E4). */
    VISITOR
}
