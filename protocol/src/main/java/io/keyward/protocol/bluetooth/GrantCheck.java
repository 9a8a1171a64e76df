package io.keyward.protocol.bluetooth;

import java.time.Instant;

/**
 * How a lock in trust mode checks the device grant chain a phone's hello carries (issue 15,
 * docs/trust-design §2): the chain's verification lives in {@code protocol.trust}, which builds on
 * this package, so the session asks through this interface (no cycle between the two packages).
 * {@code trust.BluetoothGrants.check(ownerDeviceKey)} is the implementation.
 */
public interface GrantCheck {

    /**
     * The chain's leaf as the session's key (keyId = the grant id, deviceKey = the holder's key,
     * account, role and validity the leaf's) when the chain admits its holder to the lock serial at
     * now; else a refusal with the design's reasons (MALFORMED, WRONG_LOCK, UNKNOWN_SIGNER,
     * FORGED_TOKEN, NOT_YET_VALID, EXPIRED, REVOKED, ROLE_NOT_ALLOWED, CHAIN_TOO_LONG).
     *
     * @param chain the grants leaf first, joined by "~" as the hello carries them
     */
    Outcome<BluetoothKey> check(String chain, String serial, Instant now, RevokedKeys revoked);

    /** The chain's leaf read without any check (for the lock's log once its signatures verified), or null. */
    BluetoothKey leaf(String chain);
}
