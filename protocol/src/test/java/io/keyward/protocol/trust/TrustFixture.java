package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.B64;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.RevokedKeys;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A lock KW-0001 with one owner device, a manager and a member it granted, and a stranger device:
 * the cast of the trust tests (design §2). Each test takes a fresh one, so revocations do not leak.
 */
final class TrustFixture {

    static final String SERIAL = "KW-0001";
    static final Instant NOW = Instant.parse("2026-12-06T05:00:00Z");
    static final Instant DAY_AGO = NOW.minus(Duration.ofDays(1));
    static final Instant IN_30_DAYS = NOW.plus(Duration.ofDays(30));

    final DeviceSigner owner = DeviceSigner.generate();
    final DeviceSigner manager = DeviceSigner.generate();
    final DeviceSigner member = DeviceSigner.generate();
    final DeviceSigner stranger = DeviceSigner.generate();
    final Map<String, ECPublicKey> owners = new HashMap<>(Map.of(owner.deviceId(), owner.publicKey()));
    final Function<String, ECPublicKey> ownerKeys = owners::get;
    final RevokedKeys revoked = new RevokedKeys();

    /** The owner's grant of a MANAGER to the manager device, a day ago to 30 days on. */
    final DeviceGrant managerGrant = owner.grantOf(SERIAL, manager.deviceKey(), "bob@example.com", KeyRole.MANAGER,
            DAY_AGO, IN_30_DAYS, DAY_AGO);
    final String managerToken = owner.sign(managerGrant);

    /** The manager's grant of a MEMBER to the member device, within the manager's. */
    final DeviceGrant memberGrant = manager.grantOf(SERIAL, member.deviceKey(), "carol@example.com", KeyRole.MEMBER,
            DAY_AGO, NOW.plus(Duration.ofDays(7)), DAY_AGO);
    final String memberToken = manager.sign(memberGrant);

    DeviceGrant grant(DeviceSigner signer, DeviceSigner holder, KeyRole role, Instant from, Instant until) {
        return signer.grantOf(SERIAL, holder.deviceKey(), "someone", role, from, until, DAY_AGO);
    }

    /** The token with line i of its payload replaced, signed again by signer: a well-signed variant. */
    static String resigned(String token, int line, String value, DeviceSigner signer) {
        String[] parts = token.split("\\.");
        String[] lines = new String(B64.decode(parts[1]), StandardCharsets.UTF_8).split("\n", -1);
        lines[line] = value;
        return resignedPayload(parts[0], String.join("\n", lines), signer);
    }

    /** A token of any payload text, validly signed by signer (to show the reader, not the signature, refuses it). */
    static String resignedPayload(String prefix, String payload, DeviceSigner signer) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return prefix + "." + B64.encode(bytes) + "." + B64.encode(
                io.keyward.protocol.bluetooth.DeviceKeys.sign(signer.signingKey(), bytes));
    }

    static String payload(String token) {
        return new String(B64.decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }
}
