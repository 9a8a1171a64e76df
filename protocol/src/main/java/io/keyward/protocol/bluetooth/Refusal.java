package io.keyward.protocol.bluetooth;

/** Why one side of the Bluetooth protocol refused a message (SPEC C5, E3). */
public enum Refusal {
    /** The token's signature is not the cloud's over exactly these fields (another key, any field changed). */
    FORGED_TOKEN,
    /** The token, or a revocation, names another lock. */
    WRONG_LOCK,
    /** The lock's clock is before the key's validity starts. */
    NOT_YET_VALID,
    /** The lock's clock is at or past the key's end of validity. */
    EXPIRED,
    /** The key id is in the lock's revoked keys. */
    REVOKED,
    /** The phone's proof of possession of the device key does not verify over this session's transcript. */
    BAD_PROOF,
    /** A record whose counter is not above the last one accepted: a replay or a reordering. */
    REPLAYED_RECORD,
    /** A record that does not authenticate under the session key (tampered, truncated, or another session's). */
    BAD_RECORD,
    /** Bytes that do not read as the expected message, or a message out of turn. */
    MALFORMED,
    /** The session has failed or ended before; nothing more goes through it. */
    CLOSED,
    /** The lock holds no cloud key (never paired, or factory reset): it can check no Bluetooth key. */
    NOT_PAIRED
}
