package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.bluetooth.KeyRole;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A device for Java clients (tests, the bench, the fleet): what a browser profile holds in the app,
 * an ECDSA P-256 key pair that signs and an ECDH P-256 key pair that receives the sealed visitor
 * secret (design §1). Makes the design's tokens and proofs; never leaves the process.
 */
public final class DeviceSigner {

    private final KeyPair signing;
    private final KeyPair agreement;
    private final String deviceKey;
    private final String agreeKey;
    private final String deviceId;

    private DeviceSigner(KeyPair signing, KeyPair agreement) {
        this.signing = Objects.requireNonNull(signing, "signing");
        this.agreement = Objects.requireNonNull(agreement, "agreement");
        this.deviceKey = DeviceKeys.encode(signing.getPublic());
        this.agreeKey = DeviceKeys.encode(agreement.getPublic());
        this.deviceId = DeviceIds.idOf(deviceKey);
    }

    /** A new device with fresh keys. */
    public static DeviceSigner generate() {
        return new DeviceSigner(DeviceKeys.newKeyPair(), DeviceKeys.newKeyPair());
    }

    /** A device of given P-256 key pairs (fixed keys of test vectors). */
    public static DeviceSigner of(KeyPair signing, KeyPair agreement) {
        return new DeviceSigner(signing, agreement);
    }

    public String deviceKey() {
        return deviceKey;
    }

    public String agreeKey() {
        return agreeKey;
    }

    public String deviceId() {
        return deviceId;
    }

    public String fingerprint() {
        return DeviceIds.fingerprint(deviceId);
    }

    public ECPublicKey publicKey() {
        return (ECPublicKey) signing.getPublic();
    }

    /** The ECDSA private key (a Java phone proves possession with it in a Bluetooth session). */
    public PrivateKey signingKey() {
        return signing.getPrivate();
    }

    /** This device's self-grant token (kwdg1), as an owner device presents it. */
    public String selfGrant(String serial, String account, Instant now) {
        return DeviceGrant.self(serial, deviceKey, account, now).sign(signing.getPrivate());
    }

    /** A grant token (kwdg1) for another holder device, signed by this device. */
    public String grant(String serial, String holderKey, String account, KeyRole role, Instant validFrom,
                        Instant validUntil, Instant now) {
        return grantOf(serial, holderKey, account, role, validFrom, validUntil, now).sign(signing.getPrivate());
    }

    /** The grant record (with a fresh id) that {@link #grant} signs; sign it with {@link #sign(DeviceGrant)}. */
    public DeviceGrant grantOf(String serial, String holderKey, String account, KeyRole role, Instant validFrom,
                               Instant validUntil, Instant now) {
        return new DeviceGrant(serial, UUID.randomUUID().toString(), holderKey, account, role, validFrom, validUntil,
                now, deviceId);
    }

    public String sign(GrantRevocation revocation) {
        return revocation.sign(signing.getPrivate());
    }

    public String sign(DeviceGrant grant) {
        return grant.sign(signing.getPrivate());
    }

    /** A command token (kwdc1) with a fresh uuid, issued now, expiring after lifetime. */
    public String command(String serial, String commandJson, Instant now, Duration lifetime) {
        return new DeviceCommand(serial, UUID.randomUUID().toString(), now, now.plus(lifetime), deviceId, commandJson)
                .sign(signing.getPrivate());
    }

    public String sign(DeviceCommand command) {
        return command.sign(signing.getPrivate());
    }

    /** A revocation token (kwdr1) of the grant grantId, which would have expired at grantUntil. */
    public String revocation(String serial, String grantId, Instant grantUntil, Instant now) {
        return new GrantRevocation(serial, grantId, grantUntil, now, deviceId).sign(signing.getPrivate());
    }

    /** The proof of a BIND_DEVICE command, for this device's keys and name. */
    public String bindProof(String secret, String serial, String name) {
        return BindProof.of(secret, serial, deviceKey, agreeKey, name);
    }

    /** The BIND_DEVICE command JSON (design §4) for this device. */
    public String bindCommandJson(String secret, String serial, String name) {
        return "{\"type\":\"BIND_DEVICE\",\"deviceKey\":\"" + deviceKey + "\",\"agreeKey\":\"" + agreeKey
                + "\",\"name\":" + quote(name) + ",\"proof\":\"" + bindProof(secret, serial, name) + "\"}";
    }

    /** The visitor secret the lock sealed to this device. */
    public String openSealed(String sealed, String serial) {
        return SealedSecret.open(sealed, agreement.getPrivate(), serial, deviceId);
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Never prints keys. */
    @Override
    public String toString() {
        return "DeviceSigner[" + fingerprint() + "]";
    }
}
