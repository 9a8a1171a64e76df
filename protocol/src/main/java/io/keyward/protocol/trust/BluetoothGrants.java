package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.GrantCheck;
import io.keyward.protocol.bluetooth.LockSide;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.PhoneSide;
import io.keyward.protocol.bluetooth.RevokedKeys;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Device grants over Bluetooth (issue 15, design §2 and §3's Bluetooth sentence): a phone's hello
 * carries its grant chain ("kwdg1...~kwdg1...", leaf first) where it carried a cloud-signed key
 * before. The session then runs under the leaf, seen as a {@link BluetoothKey} whose keyId is the
 * grant id (the same fields: holder key, account, role, validity), so the radio's session, records
 * and the proof of possession (by the leaf holder's key) are unchanged.
 */
public final class BluetoothGrants {

    private BluetoothGrants() {
    }

    /** The lock's side of one connection: cloud keys refused in trust mode, chains checked against ownerDeviceKey. */
    public static LockSide lockSide(String serial, PublicKey cloudKey, RevokedKeys revoked, boolean trustMode,
                                    Function<String, ECPublicKey> ownerDeviceKey) {
        return new LockSide(serial, cloudKey, revoked, trustMode, check(ownerDeviceKey));
    }

    /** {@link GrantChain#check} for the hello, the leaf given as the session's key. */
    public static GrantCheck check(Function<String, ECPublicKey> ownerDeviceKey) {
        Objects.requireNonNull(ownerDeviceKey, "ownerDeviceKey");
        return new GrantCheck() {
            @Override
            public Outcome<BluetoothKey> check(String chain, String serial, Instant now, RevokedKeys revoked) {
                return admits(chain, serial, now, ownerDeviceKey, revoked);
            }

            @Override
            public BluetoothKey leaf(String chain) {
                return BluetoothGrants.leaf(chain);
            }
        };
    }

    /**
     * Whether the chain admits its leaf's holder to the lock serial at now (the design's reasons in
     * its order), the leaf as a session key. The lock asks again before each request of a session.
     */
    public static Outcome<BluetoothKey> admits(String chain, String serial, Instant now,
                                               Function<String, ECPublicKey> ownerDeviceKey, RevokedKeys revoked) {
        Outcome<DeviceGrant> leaf = GrantChain.check(GrantChain.split(chain), serial, now, ownerDeviceKey, revoked);
        return leaf.isOk() ? Outcome.ok(sessionKey(leaf.value())) : leaf.refusal();
    }

    /** The phone's side presenting a chain held with the leaf holder's device key pair: MALFORMED when it does not read or is another device's. */
    public static Outcome<PhoneSide> phone(String chain, KeyPair deviceKey) {
        List<String> grants = GrantChain.split(chain);
        if (grants.isEmpty()) {
            return Outcome.refused(io.keyward.protocol.bluetooth.Refusal.MALFORMED, "no grant");
        }
        Outcome<DeviceGrant> leaf = DeviceGrant.decode(grants.get(0));
        if (!leaf.isOk()) {
            return leaf.refusal();
        }
        return PhoneSide.start(chain, sessionKey(leaf.value()), deviceKey);
    }

    /** The leaf of a chain read without any check, as a session key; null when it does not read. */
    public static BluetoothKey leaf(String chain) {
        List<String> grants = GrantChain.split(chain);
        Outcome<DeviceGrant> leaf = grants.isEmpty() ? null : DeviceGrant.decode(grants.get(0));
        return leaf != null && leaf.isOk() ? sessionKey(leaf.value()) : null;
    }

    /** A grant seen as the session's key: keyId = grantId, deviceKey = the holder's. */
    public static BluetoothKey sessionKey(DeviceGrant g) {
        return new BluetoothKey(g.serial(), g.grantId(), g.holderKey(), g.account(), g.role(),
                g.validFrom(), g.validUntil(), g.issuedAt());
    }
}
