package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.Refusal;
import io.keyward.protocol.bluetooth.RevokedKeys;

import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A device's signed word that one grant of one lock is revoked (design §2, kwdr1). Carried by the
 * cloud (REVOKE_GRANT) and by any app over Bluetooth: the lock trusts the signature, not the
 * messenger. grantUntil lets the lock forget it once the grant would have expired anyway.
 * Payload lines {@code keyward-device-revocation-v1, serial, grantId, grantUntil-ms, issuedAt-ms, signerId}.
 * {@link #verify} accepts a current owner device's signature; a revocation signed by a manager (or
 * another holder of an OWNER/MANAGER grant) is checked with its chain and the revoked grant carried
 * beside it by {@link ManagerRevocation#verify}, the token itself unchanged.
 */
public record GrantRevocation(String serial, String grantId, Instant grantUntil, Instant issuedAt, String signerId) {

    public static final String PREFIX = "kwdr1";
    static final String HEADER = "keyward-device-revocation-v1";
    private static final int LINES = 6;

    public GrantRevocation {
        TrustText.requireField(serial, "serial");
        TrustText.requireUuid(grantId, "grantId");
        grantUntil = TrustText.requireInstant(grantUntil, "grantUntil");
        issuedAt = TrustText.requireInstant(issuedAt, "issuedAt");
        if (!DeviceIds.isId(signerId)) {
            throw new IllegalArgumentException("signerId is not a deviceId");
        }
    }

    /** The revocation of a grant, to be signed by the device signerId. */
    public static GrantRevocation of(DeviceGrant grant, String signerId, Instant now) {
        return new GrantRevocation(grant.serial(), grant.grantId(), grant.validUntil(), now, signerId);
    }

    public String sign(PrivateKey signerKey) {
        return TrustText.sign(PREFIX, List.of(HEADER, serial, grantId, TrustText.millis(grantUntil),
                TrustText.millis(issuedAt), signerId), signerKey, TrustText.MAX_TOKEN_LENGTH);
    }

    /** The revocation without checking its signature (for the cloud's list). */
    public static Outcome<GrantRevocation> decode(String token) {
        Outcome<TrustText.Opened> opened = open(token);
        return opened.isOk() ? read(opened.value().lines()) : opened.refusal();
    }

    static Outcome<TrustText.Opened> open(String token) {
        return TrustText.open(PREFIX, HEADER, LINES, token, TrustText.MAX_TOKEN_LENGTH);
    }

    /** MALFORMED, WRONG_LOCK, UNKNOWN_SIGNER (not a current owner device), FORGED_TOKEN; the revocation otherwise. */
    public static Outcome<GrantRevocation> verify(String token, String serial,
                                                  Function<String, ECPublicKey> ownerDeviceKey) {
        Objects.requireNonNull(ownerDeviceKey, "ownerDeviceKey");
        Outcome<TrustText.Opened> opened = open(token);
        if (!opened.isOk()) {
            return opened.refusal();
        }
        Outcome<GrantRevocation> read = read(opened.value().lines());
        if (!read.isOk()) {
            return read;
        }
        GrantRevocation r = read.value();
        if (!r.serial().equals(serial)) {
            return Outcome.refused(Refusal.WRONG_LOCK, "revocation for another lock");
        }
        ECPublicKey key = ownerDeviceKey.apply(r.signerId());
        if (key == null) {
            return Outcome.refused(Refusal.UNKNOWN_SIGNER, "revocation not signed by an owner device");
        }
        if (!opened.value().signedBy(key)) {
            return Outcome.refused(Refusal.FORGED_TOKEN, "revocation not signed by its signer");
        }
        return read;
    }

    /** Verifies and, when accepted, adds the grant id to the lock's revoked set until grantUntil. */
    public static Outcome<GrantRevocation> apply(String token, String serial,
                                                 Function<String, ECPublicKey> ownerDeviceKey, RevokedKeys revoked) {
        Outcome<GrantRevocation> r = verify(token, serial, ownerDeviceKey);
        if (r.isOk()) {
            revoked.revoke(r.value().grantId(), r.value().grantUntil());
        }
        return r;
    }

    static Outcome<GrantRevocation> read(String[] f) {
        Instant until = TrustText.instant(f[3]);
        Instant issued = TrustText.instant(f[4]);
        if (until == null || issued == null) {
            return Outcome.refused(Refusal.MALFORMED, "a field of the revocation does not read");
        }
        try {
            return Outcome.ok(new GrantRevocation(f[1], f[2], until, issued, f[5]));
        } catch (IllegalArgumentException e) {
            return Outcome.refused(Refusal.MALFORMED, e.getMessage());
        }
    }
}
