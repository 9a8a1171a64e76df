package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.Refusal;
import io.keyward.protocol.bluetooth.RevokedKeys;

import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The lock's check of a chain of grants, leaf first (design §2): {@code [leaf]} signed by an owner
 * device, or {@code [leaf, parent]} where the leaf's signer holds the parent (OWNER or MANAGER) and
 * the parent's signer is an owner device. Refusals in the design's order: MALFORMED,
 * CHAIN_TOO_LONG, WRONG_LOCK, UNKNOWN_SIGNER, FORGED, NOT_YET_VALID, EXPIRED, REVOKED, ROLE_NOT_ALLOWED.
 * Every step is a pure function of the tokens and the lock's state passed in.
 */
public final class GrantChain {

    /** Grants in a chain at most: a leaf and its parent. */
    public static final int MAX_GRANTS = 2;
    /** The separator of the header and Bluetooth form ("kwdg1...~kwdg1..."). */
    public static final String SEPARATOR = "~";

    private GrantChain() {
    }

    /**
     * The verified leaf of chain for the lock serial at now; ownerDeviceKey maps a deviceId to its key
     * when it is a current owner device of the lock, null otherwise.
     */
    public static Outcome<DeviceGrant> check(List<String> chain, String serial, Instant now,
                                             Function<String, ECPublicKey> ownerDeviceKey, RevokedKeys revoked) {
        if (chain == null || chain.isEmpty()) {
            return Outcome.refused(Refusal.MALFORMED, "no grant");
        }
        if (chain.size() > MAX_GRANTS) {
            return Outcome.refused(Refusal.CHAIN_TOO_LONG, chain.size() + " grants in a chain");
        }
        List<DeviceGrant> grants = new ArrayList<>();
        List<TrustText.Opened> opened = new ArrayList<>();
        for (String token : chain) {
            Outcome<TrustText.Opened> o = DeviceGrant.open(token);
            Outcome<DeviceGrant> g = o.isOk() ? DeviceGrant.read(o.value().lines()) : o.refusal();
            if (!g.isOk()) {
                return g;
            }
            opened.add(o.value());
            grants.add(g.value());
        }
        for (DeviceGrant g : grants) {
            if (!g.serial().equals(serial)) {
                return Outcome.refused(Refusal.WRONG_LOCK, "grant " + g.grantId() + " is for another lock");
            }
        }
        Outcome<List<ECPublicKey>> signers = signerKeys(grants, ownerDeviceKey);
        if (!signers.isOk()) {
            return signers.refusal();
        }
        for (int i = 0; i < grants.size(); i++) {
            if (!opened.get(i).signedBy(signers.value().get(i))) {
                return Outcome.refused(Refusal.FORGED_TOKEN, "grant " + grants.get(i).grantId() + " not signed by its signer");
            }
        }
        for (DeviceGrant g : grants) {
            Outcome<DeviceGrant> admitted = g.admits(now, revoked);
            if (!admitted.isOk()) {
                return admitted;
            }
        }
        return grants.size() == 1 ? Outcome.ok(grants.get(0)) : roles(grants.get(0), grants.get(1));
    }

    /**
     * Who signed a device command: an owner device with an empty chain acts as OWNER with its own key;
     * otherwise the chain's verified leaf must be held by signerDeviceId (UNKNOWN_SIGNER if not).
     */
    public static Outcome<Signer> signerOf(String signerDeviceId, List<String> chain, String serial, Instant now,
                                           Function<String, ECPublicKey> ownerDeviceKey, RevokedKeys revoked) {
        if (chain == null || chain.isEmpty()) {
            ECPublicKey key = signerDeviceId == null ? null : ownerDeviceKey.apply(signerDeviceId);
            return key == null ? Outcome.refused(Refusal.UNKNOWN_SIGNER, "not an owner device and no grant")
                    : Outcome.ok(new Signer(signerDeviceId, KeyRole.OWNER, key, null));
        }
        Outcome<DeviceGrant> leaf = check(chain, serial, now, ownerDeviceKey, revoked);
        if (!leaf.isOk()) {
            return leaf.refusal();
        }
        DeviceGrant g = leaf.value();
        if (!g.holderId().equals(signerDeviceId)) {
            return Outcome.refused(Refusal.UNKNOWN_SIGNER, "the grant is another device's");
        }
        return Outcome.ok(new Signer(signerDeviceId, g.role(), g.holderPublicKey(), g));
    }

    /** The grants of the "~"-joined form; empty for null or "" (an owner device); at most 2 are kept apart. */
    public static List<String> split(String joined) {
        if (joined == null || joined.isEmpty()) {
            return List.of();
        }
        // an empty part stays a (malformed) grant rather than vanishing; the limit keeps a long header cheap
        // and still shows a chain of three or more as too long
        String[] parts = joined.split(SEPARATOR, MAX_GRANTS + 2);
        return List.of(parts);
    }

    /** The "~"-joined form of a chain. */
    public static String join(List<String> chain) {
        return String.join(SEPARATOR, chain);
    }

    /** The key each grant's signature must verify under, or UNKNOWN_SIGNER. */
    private static Outcome<List<ECPublicKey>> signerKeys(List<DeviceGrant> grants,
                                                         Function<String, ECPublicKey> ownerDeviceKey) {
        DeviceGrant top = grants.get(grants.size() - 1);
        ECPublicKey topKey = ownerDeviceKey.apply(top.signerId());
        if (topKey == null) {
            return Outcome.refused(Refusal.UNKNOWN_SIGNER, "grant " + top.grantId() + " is not signed by an owner device");
        }
        if (grants.size() == 1) {
            return Outcome.ok(List.of(topKey));
        }
        DeviceGrant leaf = grants.get(0);
        if (!top.holderId().equals(leaf.signerId())) {
            return Outcome.refused(Refusal.UNKNOWN_SIGNER, "grant " + leaf.grantId() + " is not signed by its parent's holder");
        }
        return Outcome.ok(List.of(top.holderPublicKey(), topKey));
    }

    /** Only OWNER/MANAGER sign; a MANAGER signs MEMBER or VISITOR only; the leaf lies within its parent. */
    private static Outcome<DeviceGrant> roles(DeviceGrant leaf, DeviceGrant parent) {
        if (parent.role() != KeyRole.OWNER && parent.role() != KeyRole.MANAGER) {
            return Outcome.refused(Refusal.ROLE_NOT_ALLOWED, "a " + parent.role() + " cannot grant");
        }
        if (parent.role() == KeyRole.MANAGER && leaf.role() != KeyRole.MEMBER && leaf.role() != KeyRole.VISITOR) {
            return Outcome.refused(Refusal.ROLE_NOT_ALLOWED, "a MANAGER cannot grant " + leaf.role());
        }
        if (leaf.validFrom().isBefore(parent.validFrom()) || leaf.validUntil().isAfter(parent.validUntil())) {
            return Outcome.refused(Refusal.ROLE_NOT_ALLOWED, "grant " + leaf.grantId() + " is valid outside its parent");
        }
        return Outcome.ok(leaf);
    }
}
