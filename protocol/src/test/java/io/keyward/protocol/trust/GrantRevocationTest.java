package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.Refusal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.keyward.protocol.trust.TrustFixture.NOW;
import static io.keyward.protocol.trust.TrustFixture.SERIAL;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("trust: revocations of grants signed by an owner device (kwdr1, design §2, issue 15)")
class GrantRevocationTest {

    private final TrustFixture f = new TrustFixture();

    @Test
    @DisplayName("an owner device's revocation is accepted and enters the revoked set until the grant's end; the chain then fails REVOKED")
    void accepted() {
        String token = f.owner.revocation(SERIAL, f.managerGrant.grantId(), f.managerGrant.validUntil(), NOW);
        GrantRevocation r = GrantRevocation.apply(token, SERIAL, f.ownerKeys, f.revoked).value();
        assertThat(r).isEqualTo(GrantRevocation.of(f.managerGrant, f.owner.deviceId(), NOW));
        assertThat(GrantRevocation.decode(token).value()).isEqualTo(r);
        assertThat(f.revoked.isRevoked(f.managerGrant.grantId())).isTrue();
        assertThat(GrantChain.check(java.util.List.of(f.memberToken, f.managerToken), SERIAL, NOW, f.ownerKeys, f.revoked)
                .reason()).isEqualTo(Refusal.REVOKED);
        f.revoked.prune(f.managerGrant.validUntil());
        assertThat(f.revoked.isRevoked(f.managerGrant.grantId())).as("forgotten once the grant expired").isFalse();
    }

    @Test
    @DisplayName("refused in order, nothing revoked: MALFORMED, WRONG_LOCK, UNKNOWN_SIGNER (a manager, in this step), FORGED")
    void refused() {
        String id = f.memberGrant.grantId();
        assertThat(GrantRevocation.apply("kwdr1.a.b", SERIAL, f.ownerKeys, f.revoked).reason()).isEqualTo(Refusal.MALFORMED);
        String other = f.stranger.revocation("KW-0002", id, NOW, NOW);
        assertThat(GrantRevocation.apply(other, SERIAL, f.ownerKeys, f.revoked).reason()).isEqualTo(Refusal.WRONG_LOCK);
        String byManager = f.manager.revocation(SERIAL, id, NOW.plusSeconds(60), NOW);
        assertThat(GrantRevocation.apply(byManager, SERIAL, f.ownerKeys, f.revoked).reason()).isEqualTo(Refusal.UNKNOWN_SIGNER);
        String forged = f.stranger.sign(new GrantRevocation(SERIAL, id, NOW, NOW, f.owner.deviceId()));
        assertThat(GrantRevocation.apply(forged, SERIAL, f.ownerKeys, f.revoked).reason()).isEqualTo(Refusal.FORGED_TOKEN);
        String notUuid = TrustFixture.resigned(f.owner.revocation(SERIAL, id, NOW, NOW), 2, id.toUpperCase(), f.owner);
        assertThat(GrantRevocation.apply(notUuid, SERIAL, f.ownerKeys, f.revoked).reason()).isEqualTo(Refusal.MALFORMED);
        assertThat(f.revoked.ids()).isEmpty();
    }
}
