package io.keyward.protocol.bluetooth;

/**
 * Why one side of the Bluetooth protocol, or a lock checking a device-signed token (issue 15,
 * docs/trust.md), refused a message (SPEC C5, E3). {@link #code()} is the reason code the design
 * names and the lock logs; it is the constant's name except for FORGED_TOKEN ("FORGED").
 */
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
    NOT_PAIRED,
    /** Issue 15: a chain's top signer is not a current owner device of the lock (never bound, or removed), or a parent's holder is not the leaf's signer. */
    UNKNOWN_SIGNER,
    /** Issue 15: more than two grants in a chain (leaf and one parent at most). */
    CHAIN_TOO_LONG,
    /** Issue 15: a grant's role above its signer's, a leaf valid outside its parent, or a role not enough for what it asks. */
    ROLE_NOT_ALLOWED,
    /** Issue 15: a device command's lifetime is too long or empty, or it was issued in the lock's future. */
    BAD_VALIDITY,
    /** Issue 15: a device command id the lock has already obeyed. */
    REPLAYED,
    /** Issue 15: a cloud-signed Bluetooth key (kwbk1) offered to a lock in trust mode. */
    CLOUD_KEY_NOT_TRUSTED,
    /**
     * SPEC D7: a cloud-signed key issued before the cloud bound the lock as it is now bound: a key of an earlier
     * binding, from before a factory reset (the same cloud signs both, so the signature alone does not tell).
     */
    ISSUED_BEFORE_PAIRING;

    /** The reason code of the design and the lock's log: FORGED for FORGED_TOKEN, the name otherwise. */
    public String code() {
        return this == FORGED_TOKEN ? "FORGED" : name();
    }
}
