package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.Refusal;
import io.keyward.protocol.bluetooth.RevokedKeys;

import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A grant (design §2, kwdg1): one device's access to one lock, signed by a device, not the cloud.
 * Text form {@code kwdg1.b64u(payload).b64u(r||s)}, payload lines {@code keyward-device-grant-v1,
 * serial, grantId, holderKey, account, role, validFrom-ms, validUntil-ms, issuedAt-ms, signerId}.
 * An owner device's self-grant has holder = signer = itself and role OWNER. Checking a chain of
 * grants against the lock's owner devices is {@link GrantChain}'s part.
 */
public record DeviceGrant(String serial, String grantId, String holderKey, String account, KeyRole role,
                          Instant validFrom, Instant validUntil, Instant issuedAt, String signerId) {

    public static final String PREFIX = "kwdg1";
    static final String HEADER = "keyward-device-grant-v1";
    private static final int LINES = 10;
    /** A self-grant's validity: an owner device is one until it is removed (design §4). */
    public static final Duration SELF_GRANT_VALIDITY = Duration.ofDays(3650);
    /** A self-grant starts a little before now, so a phone's clock ahead of the lock's does not matter. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    public DeviceGrant {
        Objects.requireNonNull(role, "role");
        TrustText.requireField(serial, "serial");
        TrustText.requireUuid(grantId, "grantId");
        TrustText.requireField(account, "account");
        if (holderKey == null || DeviceKeys.decode(holderKey) == null) {
            throw new IllegalArgumentException("holderKey is not a P-256 SPKI in base64url");
        }
        if (!DeviceIds.isId(signerId)) {
            throw new IllegalArgumentException("signerId is not a deviceId");
        }
        validFrom = TrustText.requireInstant(validFrom, "validFrom");
        validUntil = TrustText.requireInstant(validUntil, "validUntil");
        issuedAt = TrustText.requireInstant(issuedAt, "issuedAt");
        if (!validUntil.isAfter(validFrom)) {
            throw new IllegalArgumentException("validity must be a non-empty period");
        }
    }

    /** The owner device's self-grant (holder = signer = the device, role OWNER, about 10 years). */
    public static DeviceGrant self(String serial, String deviceKey, String account, Instant now) {
        Instant from = now.minus(CLOCK_SKEW);
        return new DeviceGrant(serial, UUID.randomUUID().toString(), deviceKey, account, KeyRole.OWNER,
                from.isBefore(Instant.EPOCH) ? Instant.EPOCH : from, now.plus(SELF_GRANT_VALIDITY), now,
                DeviceIds.idOf(deviceKey));
    }

    /** The holder's deviceId. */
    public String holderId() {
        return DeviceIds.idOf(holderKey);
    }

    /** The holder's public key. */
    public ECPublicKey holderPublicKey() {
        return DeviceKeys.decode(holderKey);
    }

    /** Whether the holder signed it for itself (an owner device's self-grant). */
    public boolean isSelfGrant() {
        return holderId().equals(signerId);
    }

    /** The token, signed by the signer device's ECDSA private key (whose id must be signerId). */
    public String sign(PrivateKey signerKey) {
        return TrustText.sign(PREFIX, List.of(HEADER, serial, grantId, holderKey, account, role.name(),
                TrustText.millis(validFrom), TrustText.millis(validUntil), TrustText.millis(issuedAt), signerId),
                signerKey, TrustText.MAX_TOKEN_LENGTH);
    }

    /** The grant of a token without checking its signature (for the app that holds it, and to find the signer). */
    public static Outcome<DeviceGrant> decode(String token) {
        Outcome<TrustText.Opened> opened = open(token);
        return opened.isOk() ? read(opened.value().lines()) : opened.refusal();
    }

    /** The grant of a token signed by signerKey: MALFORMED or FORGED_TOKEN otherwise. */
    public static Outcome<DeviceGrant> verify(String token, ECPublicKey signerKey) {
        Objects.requireNonNull(signerKey, "signerKey");
        Outcome<TrustText.Opened> opened = open(token);
        if (!opened.isOk()) {
            return opened.refusal();
        }
        Outcome<DeviceGrant> grant = read(opened.value().lines());
        if (grant.isOk() && !opened.value().signedBy(signerKey)) {
            return Outcome.refused(Refusal.FORGED_TOKEN, "grant " + grant.value().grantId() + " not signed by its signer");
        }
        return grant;
    }

    /** NOT_YET_VALID, EXPIRED or REVOKED at now; this grant otherwise. */
    Outcome<DeviceGrant> admits(Instant now, RevokedKeys revoked) {
        if (now.isBefore(validFrom)) {
            return Outcome.refused(Refusal.NOT_YET_VALID, "grant " + grantId + " is valid from " + validFrom);
        }
        if (!now.isBefore(validUntil)) {
            return Outcome.refused(Refusal.EXPIRED, "grant " + grantId + " expired at " + validUntil);
        }
        // a manager's revocation of a grant it signed is kept under the grant id and its signer (ManagerRevocation)
        if (revoked != null && (revoked.isRevoked(grantId) || revoked.isRevoked(ManagerRevocation.scopedId(grantId, signerId)))) {
            return Outcome.refused(Refusal.REVOKED, "grant " + grantId + " is revoked");
        }
        return Outcome.ok(this);
    }

    static Outcome<TrustText.Opened> open(String token) {
        return TrustText.open(PREFIX, HEADER, LINES, token, TrustText.MAX_TOKEN_LENGTH);
    }

    static Outcome<DeviceGrant> read(String[] f) {
        Instant from = TrustText.instant(f[6]);
        Instant until = TrustText.instant(f[7]);
        Instant issued = TrustText.instant(f[8]);
        KeyRole role = role(f[5]);
        if (from == null || until == null || issued == null || role == null) {
            return Outcome.refused(Refusal.MALFORMED, "a field of the grant does not read");
        }
        try {
            return Outcome.ok(new DeviceGrant(f[1], f[2], f[3], f[4], role, from, until, issued, f[9]));
        } catch (IllegalArgumentException e) {
            return Outcome.refused(Refusal.MALFORMED, e.getMessage());
        }
    }

    static KeyRole role(String text) {
        for (KeyRole r : KeyRole.values()) {
            if (r.name().equals(text)) {
                return r;
            }
        }
        return null;
    }
}
