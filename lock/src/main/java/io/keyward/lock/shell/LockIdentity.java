package io.keyward.lock.shell;

import io.keyward.lock.core.LockEvent;
import io.keyward.protocol.event.Result;
import io.keyward.protocol.trust.LockKey;
import io.keyward.protocol.trust.SyncStatement;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.UUID;

/**
 * The lock's Ed25519 identity key (protocol {@code DeviceIdentity}, kept in {@code DeviceKeyFile}) as a
 * linked lock uses it (issue 15, trust design §9): the key and its MAC under the visitor secret, for the
 * reported state and the panel, and the signed statement ({@code kwsu1}) an UNLOCK OK from outside carries
 * to the cloud. Signing happens here, where the key lives, not in the deterministic core.
 */
public final class LockIdentity {

    private final KeyPair pair;
    private final String lockKey;

    public LockIdentity(KeyPair pair) {
        this.pair = pair;
        this.lockKey = LockKey.encode(pair.getPublic());
    }

    /** The public key, SPKI DER b64u. */
    public String lockKey() {
        return lockKey;
    }

    /** The key's MAC under the visitor secret's text; null without a visitor secret (not paired). */
    public String lockKeyMac(String serial, String visitorSecret) {
        return visitorSecret == null ? null : LockKey.mac(visitorSecret, serial, lockKey);
    }

    /**
     * The signed statement of an UNLOCK OK from outside (F2), else null. Its id is derived from the event
     * (serial, sequence number, time), so the statement of an event sent again after a reconnection is the
     * same token: a linked lock refuses it REPLAYED (or EXPIRED), it never opens twice.
     */
    public String statement(String serial, LockEvent e) {
        if (!LockEvent.UNLOCK.equals(e.kind()) || !Result.OK.name().equals(e.result())
                || !SyncStatement.opensFromOutside(e.method())) {
            return null;
        }
        String id = UUID.nameUUIDFromBytes(("keyward-sync-unlock-v1|" + serial + "|" + e.seq() + "|"
                + e.at().toEpochMilli()).getBytes(StandardCharsets.UTF_8)).toString();
        return new SyncStatement(serial, id, e.at(), e.method()).sign(pair.getPrivate());
    }
}
