package io.keyward.protocol.command;

/**
 * A lock user's role on the lock (SPEC B1), as ADD_USER carries it and USER_ADDED's detail names it. Not
 * an account's role in the cloud (that is sharing's) nor a Bluetooth key's ({@code KeyRole}).
 */
public enum LockUserRole {
    /** Opens in privacy mode (D4) and cannot all be deleted (B6); no. 1 is made at the door (A1). */
    ADMINISTRATOR,
    /** Opens within its validity (B1), not in privacy mode (D4). */
    USER
}
