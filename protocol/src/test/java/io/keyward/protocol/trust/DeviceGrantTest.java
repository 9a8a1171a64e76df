package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.B64;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.Refusal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.keyward.protocol.trust.TrustFixture.NOW;
import static io.keyward.protocol.trust.TrustFixture.SERIAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("trust: grants as a device signs them (kwdg1, design §2, issue 15)")
class DeviceGrantTest {

    private final TrustFixture f = new TrustFixture();

    @Test
    @DisplayName("a self-grant: holder = signer = the device, OWNER, from 5 minutes before now for 3650 days; the lock admits it")
    void selfGrant() {
        String token = f.owner.selfGrant(SERIAL, "alice@example.com", NOW);
        DeviceGrant g = DeviceGrant.verify(token, f.owner.publicKey()).value();
        assertThat(g.isSelfGrant()).isTrue();
        assertThat(g.holderKey()).isEqualTo(f.owner.deviceKey());
        assertThat(g.signerId()).isEqualTo(f.owner.deviceId()).isEqualTo(g.holderId());
        assertThat(g.role()).isEqualTo(KeyRole.OWNER);
        assertThat(g.validFrom()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
        assertThat(g.validUntil()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
        assertThat(g.issuedAt()).isEqualTo(NOW);
        assertThat(GrantChain.check(List.of(token), SERIAL, NOW.minus(Duration.ofMinutes(4)), f.ownerKeys, f.revoked).isOk())
                .as("a lock clock 4 minutes behind the phone's").isTrue();
        assertThat(token.length()).isLessThan(1024);
    }

    @Test
    @DisplayName("a grant is made only of valid fields: a lower-case uuid, a P-256 holder key, a deviceId signer, a non-empty period")
    void strictFields() {
        String id = UUID.randomUUID().toString();
        String key = f.member.deviceKey();
        String signer = f.owner.deviceId();
        Instant until = NOW.plusSeconds(60);
        assertThatThrownBy(() -> new DeviceGrant(SERIAL, id.toUpperCase(), key, "a", KeyRole.MEMBER, NOW, until, NOW, signer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grantId");
        assertThatThrownBy(() -> new DeviceGrant(SERIAL, id, "MFkw", "a", KeyRole.MEMBER, NOW, until, NOW, signer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holderKey");
        assertThatThrownBy(() -> new DeviceGrant(SERIAL, id, key, "a", KeyRole.MEMBER, NOW, until, NOW, signer + "A"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signerId");
        assertThatThrownBy(() -> new DeviceGrant(SERIAL, id, key, "a", KeyRole.MEMBER, NOW, NOW, NOW, signer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period");
        assertThatThrownBy(() -> new DeviceGrant(SERIAL, id, key, "a\nb", KeyRole.MEMBER, NOW, until, NOW, signer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("account");
        assertThatThrownBy(() -> new DeviceGrant(SERIAL, id, key, "a", KeyRole.MEMBER, Instant.EPOCH.minusMillis(1), until, NOW, signer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validFrom");
        DeviceGrant g = new DeviceGrant(SERIAL, id, key, "a", KeyRole.MEMBER, NOW.plusNanos(999_999), until, NOW, signer);
        assertThat(g.validFrom()).as("kept to the millisecond, as the token carries it").isEqualTo(NOW);
    }

    @Test
    @DisplayName("verify: the signer's key only (FORGED otherwise); decode reads without a key; the token is prefix.payload.sig")
    void verifyAndDecode() {
        String[] parts = f.managerToken.split("\\.");
        assertThat(parts[0]).isEqualTo("kwdg1");
        assertThat(B64.decode(parts[2])).hasSize(64);
        assertThat(TrustFixture.payload(f.managerToken)).startsWith("keyward-device-grant-v1\nKW-0001\n" + f.managerGrant.grantId())
                .endsWith("\n" + f.owner.deviceId());
        assertThat(DeviceGrant.decode(f.managerToken).value()).isEqualTo(f.managerGrant);
        assertThat(DeviceGrant.verify(f.managerToken, f.manager.publicKey()).reason()).isEqualTo(Refusal.FORGED_TOKEN);
        assertThat(DeviceGrant.verify("kwdg1." + "A".repeat(2100), f.owner.publicKey()).reason()).isEqualTo(Refusal.MALFORMED);
    }

    @Test
    @DisplayName("a Java device never prints its keys")
    void signerToString() {
        assertThat(f.owner.toString()).isEqualTo("DeviceSigner[" + f.owner.fingerprint() + "]")
                .doesNotContain(f.owner.deviceKey());
    }
}
