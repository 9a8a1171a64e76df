package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.Refusal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.keyward.protocol.trust.TrustFixture.DAY_AGO;
import static io.keyward.protocol.trust.TrustFixture.IN_30_DAYS;
import static io.keyward.protocol.trust.TrustFixture.NOW;
import static io.keyward.protocol.trust.TrustFixture.SERIAL;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("trust: revocations signed by a manager's device with its chain and the revoked grant (design §2 kwdr1, §8, SPEC T7, issue 15)")
class ManagerRevocationTest {

    private final TrustFixture f = new TrustFixture();
    private final List<String> managerChain = List.of(f.managerToken);

    private Outcome<ManagerRevocation.Accepted> verify(String token, List<String> chain, String grant) {
        return ManagerRevocation.verify(token, new ManagerRevocation.Proof(chain, grant), SERIAL, NOW, f.ownerKeys, f.revoked);
    }

    private String byManager(DeviceGrant revoked) {
        return f.manager.revocation(SERIAL, revoked.grantId(), revoked.validUntil(), NOW);
    }

    private void apply(ManagerRevocation.Accepted a) {
        f.revoked.revoke(a.revokedId(), a.revocation().grantUntil());
    }

    @Test
    @DisplayName("SPEC T7: a manager revokes a MEMBER grant it signed: accepted, kept under the grant id and its signer; the member's chain is then REVOKED, the manager's own still stands")
    void managerRevokesItsMember() {
        Outcome<ManagerRevocation.Accepted> a = verify(byManager(f.memberGrant), managerChain, f.memberToken);
        assertThat(a.isOk()).as("%s", a).isTrue();
        assertThat(a.value().revocation()).isEqualTo(GrantRevocation.of(f.memberGrant, f.manager.deviceId(), NOW));
        assertThat(a.value().revokedId()).isEqualTo(f.memberGrant.grantId() + "/" + f.manager.deviceId());
        apply(a.value());
        assertThat(GrantChain.check(List.of(f.memberToken, f.managerToken), SERIAL, NOW, f.ownerKeys, f.revoked).reason())
                .isEqualTo(Refusal.REVOKED);
        assertThat(GrantChain.check(managerChain, SERIAL, NOW, f.ownerKeys, f.revoked).isOk()).isTrue();
    }

    @Test
    @DisplayName("SPEC T7: a manager revokes a VISITOR grant an owner device signed (kept under its grant id); an OWNER-role chain revokes a MANAGER grant")
    void ownerSignedGrantsAndOwnerRole() {
        DeviceGrant visitor = f.grant(f.owner, f.stranger, KeyRole.VISITOR, DAY_AGO, NOW.plus(Duration.ofDays(2)));
        Outcome<ManagerRevocation.Accepted> a = verify(byManager(visitor), managerChain, f.owner.sign(visitor));
        assertThat(a.value().revokedId()).isEqualTo(visitor.grantId());

        DeviceSigner deputy = DeviceSigner.generate();
        DeviceGrant deputyGrant = f.grant(f.owner, deputy, KeyRole.OWNER, DAY_AGO, IN_30_DAYS);
        String byDeputy = deputy.revocation(SERIAL, f.managerGrant.grantId(), f.managerGrant.validUntil(), NOW);
        Outcome<ManagerRevocation.Accepted> b = verify(byDeputy, List.of(f.owner.sign(deputyGrant)), f.managerToken);
        assertThat(b.value().revokedId()).isEqualTo(f.managerGrant.grantId());
    }

    @Test
    @DisplayName("an owner device's revocation needs nothing beside it (the old forms), and what is beside it is not read")
    void ownerDeviceAsBefore() {
        String token = f.owner.revocation(SERIAL, f.managerGrant.grantId(), f.managerGrant.validUntil(), NOW);
        assertThat(verify(token, List.of(), null).value().revokedId()).isEqualTo(f.managerGrant.grantId());
        assertThat(verify(token, List.of("junk"), "junk").isOk()).isTrue();
        String forged = f.stranger.sign(new GrantRevocation(SERIAL, f.memberGrant.grantId(), NOW, NOW, f.owner.deviceId()));
        assertThat(verify(forged, managerChain, f.memberToken).reason()).isEqualTo(Refusal.FORGED_TOKEN);
    }

    @Test
    @DisplayName("SPEC T7 refusals of the signer: no chain UNKNOWN_SIGNER; another device's chain UNKNOWN_SIGNER; chain for another lock WRONG_LOCK; revocation forged FORGED; a MEMBER revoking ROLE_NOT_ALLOWED")
    void signerRefused() {
        String token = byManager(f.memberGrant);
        assertThat(verify(token, List.of(), f.memberToken).reason()).isEqualTo(Refusal.UNKNOWN_SIGNER);
        assertThat(verify(token, List.of(f.memberToken, f.managerToken), f.memberToken).reason()).isEqualTo(Refusal.UNKNOWN_SIGNER);
        DeviceGrant elsewhere = f.owner.grantOf("KW-0002", f.manager.deviceKey(), "bob", KeyRole.MANAGER, DAY_AGO, IN_30_DAYS, DAY_AGO);
        assertThat(verify(token, List.of(f.owner.sign(elsewhere)), f.memberToken).reason()).isEqualTo(Refusal.WRONG_LOCK);
        String forged = f.stranger.sign(GrantRevocation.of(f.memberGrant, f.manager.deviceId(), NOW));
        assertThat(verify(forged, managerChain, f.memberToken).reason()).isEqualTo(Refusal.FORGED_TOKEN);
        DeviceGrant other = f.grant(f.manager, f.stranger, KeyRole.VISITOR, DAY_AGO, NOW.plus(Duration.ofDays(2)));
        String byMember = f.member.revocation(SERIAL, other.grantId(), other.validUntil(), NOW);
        assertThat(verify(byMember, List.of(f.memberToken, f.managerToken), f.manager.sign(other)).reason())
                .isEqualTo(Refusal.ROLE_NOT_ALLOWED);
        assertThat(f.revoked.ids()).isEmpty();
    }

    @Test
    @DisplayName("SPEC T7: a manager whose own grant is revoked (REVOKED) or expired (EXPIRED) revokes nothing")
    void managerNoLongerOne() {
        String token = byManager(f.memberGrant);
        f.revoked.revoke(f.managerGrant.grantId(), f.managerGrant.validUntil());
        assertThat(verify(token, managerChain, f.memberToken).reason()).isEqualTo(Refusal.REVOKED);
        TrustFixture g = new TrustFixture();
        String late = g.manager.revocation(SERIAL, g.memberGrant.grantId(), g.memberGrant.validUntil(), IN_30_DAYS);
        assertThat(ManagerRevocation.verify(late, new ManagerRevocation.Proof(List.of(g.managerToken), g.memberToken),
                SERIAL, IN_30_DAYS.plusSeconds(1), g.ownerKeys, g.revoked).reason()).isEqualTo(Refusal.EXPIRED);
    }

    @Test
    @DisplayName("SPEC T7 refusals of the revoked grant: none or unreadable MALFORMED, another grant id MALFORMED, another lock WRONG_LOCK, grantUntil before its end BAD_VALIDITY")
    void grantRefused() {
        String token = byManager(f.memberGrant);
        assertThat(verify(token, managerChain, null).reason()).isEqualTo(Refusal.MALFORMED);
        assertThat(verify(token, managerChain, "kwdg1.a.b").reason()).isEqualTo(Refusal.MALFORMED);
        DeviceGrant another = f.grant(f.manager, f.stranger, KeyRole.MEMBER, DAY_AGO, NOW.plus(Duration.ofDays(2)));
        assertThat(verify(token, managerChain, f.manager.sign(another)).reason()).isEqualTo(Refusal.MALFORMED);
        String otherLock = TrustFixture.resigned(f.memberToken, 1, "KW-0002", f.manager);
        assertThat(verify(token, managerChain, otherLock).reason()).isEqualTo(Refusal.WRONG_LOCK);
        String early = f.manager.revocation(SERIAL, f.memberGrant.grantId(), NOW.plusSeconds(60), NOW);
        assertThat(verify(early, managerChain, f.memberToken).reason()).isEqualTo(Refusal.BAD_VALIDITY);
        assertThat(f.revoked.ids()).isEmpty();
    }

    @Test
    @DisplayName("SPEC T7: a MANAGER may not revoke an OWNER or MANAGER grant (ROLE_NOT_ALLOWED), nor through a forged 'MEMBER' grant (FORGED), nor a grant another manager signed (UNKNOWN_SIGNER)")
    void managerLimits() {
        assertThat(verify(byManager(f.managerGrant), managerChain, f.managerToken).reason()).isEqualTo(Refusal.ROLE_NOT_ALLOWED);
        DeviceSigner deputy = DeviceSigner.generate();
        DeviceGrant ownerRole = f.grant(f.owner, deputy, KeyRole.OWNER, DAY_AGO, IN_30_DAYS);
        assertThat(verify(byManager(ownerRole), managerChain, f.owner.sign(ownerRole)).reason()).isEqualTo(Refusal.ROLE_NOT_ALLOWED);
        // the manager's own grant, its role rewritten to MEMBER and "signed" by the owner: the owner never signed it
        String fake = TrustFixture.resigned(f.managerToken, 5, "MEMBER", f.manager);
        assertThat(verify(byManager(f.managerGrant), managerChain, fake).reason()).isEqualTo(Refusal.FORGED_TOKEN);
        DeviceSigner second = DeviceSigner.generate();
        DeviceGrant byOther = f.grant(second, f.stranger, KeyRole.MEMBER, DAY_AGO, NOW.plus(Duration.ofDays(2)));
        assertThat(verify(byManager(byOther), managerChain, second.sign(byOther)).reason()).isEqualTo(Refusal.UNKNOWN_SIGNER);
    }

    @Test
    @DisplayName("SPEC T7: a MEMBER grant a manager signs with someone else's grant id revokes only that id under its own name: the other grant still stands")
    void collidingIdRevokesNoOneElse() {
        DeviceGrant colliding = f.manager.grantOf(SERIAL, f.stranger.deviceKey(), "x", KeyRole.MEMBER, DAY_AGO,
                f.managerGrant.validUntil(), DAY_AGO);
        colliding = new DeviceGrant(SERIAL, f.managerGrant.grantId(), colliding.holderKey(), "x", KeyRole.MEMBER,
                DAY_AGO, f.managerGrant.validUntil(), DAY_AGO, f.manager.deviceId());
        Outcome<ManagerRevocation.Accepted> a = verify(byManager(colliding), managerChain, f.manager.sign(colliding));
        assertThat(a.isOk()).isTrue();
        apply(a.value());
        assertThat(GrantChain.check(managerChain, SERIAL, NOW, f.ownerKeys, f.revoked).isOk()).as("the owner's grant of the manager").isTrue();
        assertThat(GrantChain.check(List.of(f.manager.sign(colliding), f.managerToken), SERIAL, NOW, f.ownerKeys, f.revoked)
                .reason()).isEqualTo(Refusal.REVOKED);
    }

    @Test
    @DisplayName("the carried form: kwdr1 alone for an owner device's, kwdr1~grant~leaf[~parent] otherwise; split gives the parts back, an empty part stays")
    void carriedForm() {
        String token = byManager(f.memberGrant);
        ManagerRevocation.Proof proof = new ManagerRevocation.Proof(managerChain, f.memberToken);
        String carried = ManagerRevocation.carried(token, proof);
        assertThat(carried).isEqualTo(token + "~" + f.memberToken + "~" + f.managerToken);
        assertThat(ManagerRevocation.split(carried)).isEqualTo(new ManagerRevocation.Carried(token, proof));
        assertThat(ManagerRevocation.carried(token, ManagerRevocation.Proof.NONE)).isEqualTo(token);
        assertThat(ManagerRevocation.split(token)).isEqualTo(new ManagerRevocation.Carried(token, ManagerRevocation.Proof.NONE));
        ManagerRevocation.Carried empty = ManagerRevocation.split(token + "~~" + f.managerToken);
        assertThat(empty.proof().grant()).isEmpty();
        assertThat(ManagerRevocation.verify(empty.token(), empty.proof(), SERIAL, NOW, f.ownerKeys, f.revoked).reason())
                .isEqualTo(Refusal.MALFORMED);
        ManagerRevocation.Carried long3 = ManagerRevocation.split(carried + "~" + f.managerToken + "~x~y");
        assertThat(ManagerRevocation.verify(long3.token(), long3.proof(), SERIAL, NOW, f.ownerKeys, f.revoked).reason())
                .isEqualTo(Refusal.CHAIN_TOO_LONG);
    }
}
