package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.Refusal;
import io.keyward.protocol.bluetooth.RevokedKeys;

import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A grant revocation (kwdr1) signed by a device that is not an owner device (design §2 kwdr1, §8
 * "Revocations by a manager", rule T7 of docs/rules.md): accepted when it comes with the signer's own
 * chain, checked as any chain and ending in an OWNER or MANAGER leaf the signer holds, and with the
 * revoked grant itself, so the lock sees what it revokes. The kwdr1 stays byte for byte what an owner
 * device signs; the chain and the grant travel beside it ({@link Proof}).
 * <p>
 * A MANAGER revokes only MEMBER and VISITOR grants, so the revoked grant's role must be genuine: its
 * signature is checked under a current owner device's key, or under the revoking manager's own key (a
 * manager revokes what it granted). A grant another manager signed cannot be checked without that
 * manager's chain: UNKNOWN_SIGNER (an owner device, or the manager who signed it, revokes it).
 * Grant ids are chosen by their signer, so a manager could sign a MEMBER grant reusing the id of someone
 * else's grant; what a manager revokes of its own grants is therefore kept under {@link #scopedId}
 * (grant id and signer), which names only grants that manager signed. An OWNER-role chain may revoke any
 * grant: the grant needs only to read and be the one revoked, of this lock.
 */
public final class ManagerRevocation {

    /** The separator of the carried form ({@link #carried}), as in a "~"-joined chain. */
    public static final String SEPARATOR = GrantChain.SEPARATOR;

    private ManagerRevocation() {
    }

    /**
     * What a non-owner device's revocation carries beside its kwdr1: the signer's chain, leaf first, and
     * the revoked grant's kwdg1. {@link #NONE} for an owner device's revocation (the old forms).
     */
    public record Proof(List<String> chain, String grant) {
        public static final Proof NONE = new Proof(List.of(), null);

        public Proof {
            chain = chain == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(chain));
        }

        public boolean isEmpty() {
            return chain.isEmpty() && grant == null;
        }
    }

    /** An accepted revocation and the id the lock's revoked set keeps for it until grantUntil. */
    public record Accepted(GrantRevocation revocation, String revokedId) {
    }

    /** A carried text split into its kwdr1 and what came beside it. */
    public record Carried(String token, Proof proof) {
    }

    /**
     * The lock's check of a revocation, whoever signed it. A current owner device's: MALFORMED,
     * WRONG_LOCK, FORGED (the proof is not needed and not read). Anyone else's, in order: MALFORMED,
     * WRONG_LOCK, UNKNOWN_SIGNER (no chain), the chain's own refusals ({@link GrantChain#signerOf}:
     * UNKNOWN_SIGNER when its leaf is another device's, REVOKED or EXPIRED for a manager whose grant is),
     * FORGED (the revocation), ROLE_NOT_ALLOWED (a MEMBER or VISITOR leaf); then the revoked grant:
     * MALFORMED (none, unreadable, another grant id), WRONG_LOCK; for a MANAGER UNKNOWN_SIGNER (signed
     * neither by an owner device nor by the manager), FORGED, ROLE_NOT_ALLOWED (an OWNER or MANAGER
     * grant); last BAD_VALIDITY (grantUntil before the grant's end: the lock would forget too early).
     */
    public static Outcome<Accepted> verify(String token, Proof proof, String serial, Instant now,
                                           Function<String, ECPublicKey> ownerDeviceKey, RevokedKeys revoked) {
        Objects.requireNonNull(ownerDeviceKey, "ownerDeviceKey");
        Proof carried = proof == null ? Proof.NONE : proof;
        Outcome<TrustText.Opened> opened = GrantRevocation.open(token);
        Outcome<GrantRevocation> read = opened.isOk() ? GrantRevocation.read(opened.value().lines()) : opened.refusal();
        if (!read.isOk()) {
            return read.refusal();
        }
        GrantRevocation r = read.value();
        if (!r.serial().equals(serial)) {
            return Outcome.refused(Refusal.WRONG_LOCK, "revocation for another lock");
        }
        ECPublicKey ownerKey = ownerDeviceKey.apply(r.signerId());
        if (ownerKey != null) {
            return opened.value().signedBy(ownerKey) ? Outcome.ok(new Accepted(r, r.grantId()))
                    : Outcome.refused(Refusal.FORGED_TOKEN, "revocation not signed by its signer");
        }
        if (carried.chain().isEmpty()) {
            return Outcome.refused(Refusal.UNKNOWN_SIGNER, "revocation signed neither by an owner device nor with a grant chain");
        }
        Outcome<Signer> signer = GrantChain.signerOf(r.signerId(), carried.chain(), serial, now, ownerDeviceKey, revoked);
        if (!signer.isOk()) {
            return signer.refusal();
        }
        if (!opened.value().signedBy(signer.value().key())) {
            return Outcome.refused(Refusal.FORGED_TOKEN, "revocation not signed by its signer");
        }
        if (!signer.value().mayManage()) {
            return Outcome.refused(Refusal.ROLE_NOT_ALLOWED, "a " + signer.value().role() + " cannot revoke");
        }
        return ofGrant(r, signer.value(), carried.grant(), serial, ownerDeviceKey);
    }

    /** The id a manager's revocation of a grant it signed itself keeps: it names no one else's grant. */
    public static String scopedId(String grantId, String signerId) {
        return grantId + "/" + signerId;
    }

    /**
     * The form a revocation is carried in over Bluetooth and listed in by the cloud: the kwdr1 alone
     * for an owner device's, else {@code kwdr1~grant~leaf[~parent]} (design §8).
     */
    public static String carried(String token, Proof proof) {
        if (proof == null || proof.isEmpty()) {
            return token;
        }
        List<String> parts = new ArrayList<>();
        parts.add(token);
        parts.add(proof.grant() == null ? "" : proof.grant());
        parts.addAll(proof.chain());
        return String.join(SEPARATOR, parts);
    }

    /** The parts of a carried text; an empty part stays (it is then refused MALFORMED, not ignored). */
    public static Carried split(String carried) {
        if (carried == null) {
            return new Carried(null, Proof.NONE);
        }
        // a limit keeps a long text cheap; more parts than a chain of 2 allows stay a chain too long
        String[] parts = carried.split(SEPARATOR, GrantChain.MAX_GRANTS + 3);
        if (parts.length == 1) {
            return new Carried(parts[0], Proof.NONE);
        }
        List<String> chain = List.of(parts).subList(2, parts.length);
        return new Carried(parts[0], new Proof(chain, parts[1]));
    }

    /** The revoked grant's checks; the signer's chain has verified already. */
    private static Outcome<Accepted> ofGrant(GrantRevocation r, Signer signer, String grantToken, String serial,
                                             Function<String, ECPublicKey> ownerDeviceKey) {
        Outcome<TrustText.Opened> opened = grantToken == null
                ? Outcome.refused(Refusal.MALFORMED, "no revoked grant beside the revocation") : DeviceGrant.open(grantToken);
        Outcome<DeviceGrant> read = opened.isOk() ? DeviceGrant.read(opened.value().lines()) : opened.refusal();
        if (!read.isOk()) {
            return read.refusal();
        }
        DeviceGrant g = read.value();
        if (!g.grantId().equals(r.grantId())) {
            return Outcome.refused(Refusal.MALFORMED, "the grant carried is not the one revoked");
        }
        if (!g.serial().equals(serial)) {
            return Outcome.refused(Refusal.WRONG_LOCK, "the revoked grant is for another lock");
        }
        String revokedId = r.grantId();
        if (signer.role() == KeyRole.MANAGER) {
            ECPublicKey key = ownerDeviceKey.apply(g.signerId());
            if (key == null && g.signerId().equals(signer.deviceId())) {
                key = signer.key();
                revokedId = scopedId(g.grantId(), g.signerId());
            }
            if (key == null) {
                return Outcome.refused(Refusal.UNKNOWN_SIGNER, "a manager revokes grants signed by an owner device or by itself");
            }
            if (!opened.value().signedBy(key)) {
                return Outcome.refused(Refusal.FORGED_TOKEN, "the revoked grant is not signed by its signer");
            }
            if (g.role() != KeyRole.MEMBER && g.role() != KeyRole.VISITOR) {
                return Outcome.refused(Refusal.ROLE_NOT_ALLOWED, "a MANAGER cannot revoke a " + g.role() + " grant");
            }
        }
        if (r.grantUntil().isBefore(g.validUntil())) {
            return Outcome.refused(Refusal.BAD_VALIDITY, "grantUntil is before the revoked grant's end");
        }
        return Outcome.ok(new Accepted(r, revokedId));
    }
}
