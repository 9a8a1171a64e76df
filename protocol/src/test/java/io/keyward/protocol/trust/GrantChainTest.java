package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.Refusal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.keyward.protocol.trust.TrustFixture.DAY_AGO;
import static io.keyward.protocol.trust.TrustFixture.IN_30_DAYS;
import static io.keyward.protocol.trust.TrustFixture.NOW;
import static io.keyward.protocol.trust.TrustFixture.SERIAL;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("trust: a lock checks a chain of device grants in the design's order (design §2, issue 15)")
class GrantChainTest {

    private final TrustFixture f = new TrustFixture();

    private Outcome<DeviceGrant> check(String... chain) {
        return GrantChain.check(List.of(chain), SERIAL, NOW, f.ownerKeys, f.revoked);
    }

    private Refusal reason(String... chain) {
        return check(chain).reason();
    }

    @Test
    @DisplayName("accepted: an owner's self-grant, a grant the owner signed, a MEMBER a MANAGER granted")
    void acceptedChains() {
        String self = f.owner.selfGrant(SERIAL, "alice@example.com", NOW);
        DeviceGrant selfGrant = check(self).value();
        assertThat(selfGrant.role()).isEqualTo(KeyRole.OWNER);
        assertThat(selfGrant.isSelfGrant()).isTrue();
        assertThat(selfGrant.holderId()).isEqualTo(f.owner.deviceId());
        assertThat(check(f.managerToken).value()).isEqualTo(f.managerGrant);
        assertThat(check(f.memberToken, f.managerToken).value()).isEqualTo(f.memberGrant);
    }

    @Test
    @DisplayName("MALFORMED: no grant, an empty or unreadable grant anywhere in the chain")
    void malformed() {
        assertThat(GrantChain.check(List.of(), SERIAL, NOW, f.ownerKeys, f.revoked).reason()).isEqualTo(Refusal.MALFORMED);
        assertThat(GrantChain.check(null, SERIAL, NOW, f.ownerKeys, f.revoked).reason()).isEqualTo(Refusal.MALFORMED);
        assertThat(reason("")).isEqualTo(Refusal.MALFORMED);
        assertThat(reason(f.memberToken, "kwdg1.x.y")).isEqualTo(Refusal.MALFORMED);
        assertThat(reason(f.memberToken.replace("kwdg1", "kwbk1"), f.managerToken)).isEqualTo(Refusal.MALFORMED);
    }

    @Test
    @DisplayName("CHAIN_TOO_LONG: three grants, even when each is valid, and before reading them")
    void chainTooLong() {
        DeviceSigner visitor = DeviceSigner.generate();
        String visitorToken = f.member.sign(f.grant(f.member, visitor, KeyRole.VISITOR, DAY_AGO, NOW.plusSeconds(60)));
        assertThat(reason(visitorToken, f.memberToken, f.managerToken)).isEqualTo(Refusal.CHAIN_TOO_LONG);
        assertThat(reason("x", "y", "z")).isEqualTo(Refusal.CHAIN_TOO_LONG);
    }

    @Test
    @DisplayName("WRONG_LOCK: a grant of the chain names another serial")
    void wrongLock() {
        String other = f.owner.sign(new DeviceGrant("KW-0002", f.managerGrant.grantId(), f.manager.deviceKey(),
                "bob", KeyRole.MANAGER, DAY_AGO, IN_30_DAYS, DAY_AGO, f.owner.deviceId()));
        assertThat(reason(other)).isEqualTo(Refusal.WRONG_LOCK);
        assertThat(reason(f.memberToken, other)).isEqualTo(Refusal.WRONG_LOCK);
        assertThat(GrantChain.check(List.of(f.managerToken), "KW-0002", NOW, f.ownerKeys, f.revoked).reason())
                .isEqualTo(Refusal.WRONG_LOCK);
    }

    @Test
    @DisplayName("UNKNOWN_SIGNER: a stranger's grant, a removed owner device's, a parent not held by the leaf's signer")
    void unknownSigner() {
        String strangers = f.stranger.sign(f.grant(f.stranger, f.member, KeyRole.MEMBER, DAY_AGO, IN_30_DAYS));
        assertThat(reason(strangers)).isEqualTo(Refusal.UNKNOWN_SIGNER);
        // the leaf is the manager's, but the parent shown is the member's own grant
        String memberFromOwner = f.owner.sign(f.grant(f.owner, f.member, KeyRole.MANAGER, DAY_AGO, IN_30_DAYS));
        assertThat(reason(f.memberToken, memberFromOwner)).isEqualTo(Refusal.UNKNOWN_SIGNER);
        // a grant whose chain ends at a removed owner device stops working (design §4)
        f.owners.remove(f.owner.deviceId());
        assertThat(reason(f.managerToken)).isEqualTo(Refusal.UNKNOWN_SIGNER);
        assertThat(reason(f.memberToken, f.managerToken)).isEqualTo(Refusal.UNKNOWN_SIGNER);
    }

    @Test
    @DisplayName("FORGED: a grant claiming an owner device but signed by another key, leaf or parent")
    void forged() {
        String claimed = f.stranger.sign(f.grant(f.owner, f.member, KeyRole.MEMBER, DAY_AGO, IN_30_DAYS));
        assertThat(reason(claimed)).isEqualTo(Refusal.FORGED_TOKEN);
        assertThat(Refusal.FORGED_TOKEN.code()).isEqualTo("FORGED");
        String leafForged = f.stranger.sign(f.grant(f.manager, f.member, KeyRole.MEMBER, DAY_AGO, NOW.plusSeconds(60)));
        assertThat(reason(leafForged, f.managerToken)).isEqualTo(Refusal.FORGED_TOKEN);
        String parentForged = f.stranger.sign(f.managerGrant);
        assertThat(reason(f.memberToken, parentForged)).isEqualTo(Refusal.FORGED_TOKEN);
    }

    @Test
    @DisplayName("NOT_YET_VALID and EXPIRED at the lock's clock, for the leaf and the parent; the end is exclusive")
    void validity() {
        Instant tomorrow = NOW.plus(Duration.ofDays(1));
        assertThat(reason(f.owner.sign(f.grant(f.owner, f.member, KeyRole.MEMBER, tomorrow, IN_30_DAYS))))
                .isEqualTo(Refusal.NOT_YET_VALID);
        assertThat(reason(f.owner.sign(f.grant(f.owner, f.member, KeyRole.MEMBER, DAY_AGO, NOW))))
                .isEqualTo(Refusal.EXPIRED);
        assertThat(reason(f.owner.sign(f.grant(f.owner, f.member, KeyRole.MEMBER, DAY_AGO, NOW.plusMillis(1)))))
                .isNull();
        assertThat(GrantChain.check(List.of(f.memberToken, f.managerToken), SERIAL, IN_30_DAYS, f.ownerKeys, f.revoked)
                .reason()).as("both expired then").isEqualTo(Refusal.EXPIRED);
        String expiredParent = f.owner.sign(f.grant(f.owner, f.manager, KeyRole.MANAGER, DAY_AGO.minusSeconds(60), NOW));
        assertThat(reason(f.memberToken, expiredParent)).isEqualTo(Refusal.EXPIRED);
    }

    @Test
    @DisplayName("REVOKED: the leaf's or the parent's grant id is in the lock's revoked set")
    void revoked() {
        f.revoked.revoke(f.managerGrant.grantId(), f.managerGrant.validUntil());
        assertThat(reason(f.managerToken)).isEqualTo(Refusal.REVOKED);
        assertThat(reason(f.memberToken, f.managerToken)).as("the parent revoked").isEqualTo(Refusal.REVOKED);
        TrustFixture g = new TrustFixture();
        g.revoked.revoke(g.memberGrant.grantId(), g.memberGrant.validUntil());
        assertThat(GrantChain.check(List.of(g.memberToken, g.managerToken), SERIAL, NOW, g.ownerKeys, g.revoked)
                .reason()).isEqualTo(Refusal.REVOKED);
    }

    @Test
    @DisplayName("ROLE_NOT_ALLOWED: a MEMBER or VISITOR signs; a MANAGER grants OWNER or MANAGER; a leaf outside its parent")
    void roleNotAllowed() {
        String memberFromOwner = f.owner.sign(f.grant(f.owner, f.member, KeyRole.MEMBER, DAY_AGO, IN_30_DAYS));
        DeviceSigner visitor = DeviceSigner.generate();
        String byMember = f.member.sign(f.grant(f.member, visitor, KeyRole.VISITOR, DAY_AGO, NOW.plusSeconds(60)));
        assertThat(reason(byMember, memberFromOwner)).isEqualTo(Refusal.ROLE_NOT_ALLOWED);
        String visitorFromOwner = f.owner.sign(f.grant(f.owner, f.member, KeyRole.VISITOR, DAY_AGO, IN_30_DAYS));
        assertThat(reason(byMember, visitorFromOwner)).isEqualTo(Refusal.ROLE_NOT_ALLOWED);
        for (KeyRole role : new KeyRole[]{KeyRole.OWNER, KeyRole.MANAGER}) {
            String up = f.manager.sign(f.grant(f.manager, visitor, role, DAY_AGO, NOW.plusSeconds(60)));
            assertThat(reason(up, f.managerToken)).as(role.name()).isEqualTo(Refusal.ROLE_NOT_ALLOWED);
        }
        String visitorByManager = f.manager.sign(f.grant(f.manager, visitor, KeyRole.VISITOR, DAY_AGO, NOW.plusSeconds(60)));
        assertThat(check(visitorByManager, f.managerToken).value().role()).isEqualTo(KeyRole.VISITOR);
        String tooLong = f.manager.sign(f.grant(f.manager, visitor, KeyRole.MEMBER, DAY_AGO, IN_30_DAYS.plusMillis(1)));
        assertThat(reason(tooLong, f.managerToken)).isEqualTo(Refusal.ROLE_NOT_ALLOWED);
        String tooEarly = f.manager.sign(f.grant(f.manager, visitor, KeyRole.MEMBER, DAY_AGO.minusMillis(1), NOW.plusSeconds(9)));
        assertThat(reason(tooEarly, f.managerToken)).isEqualTo(Refusal.ROLE_NOT_ALLOWED);
        // an OWNER grant held by another device may sign anything, within its own validity
        String ownerGrant = f.owner.sign(f.grant(f.owner, f.manager, KeyRole.OWNER, DAY_AGO, IN_30_DAYS));
        String managerByOwnerGrant = f.manager.sign(f.grant(f.manager, visitor, KeyRole.MANAGER, DAY_AGO, NOW.plusSeconds(60)));
        assertThat(check(managerByOwnerGrant, ownerGrant).value().role()).isEqualTo(KeyRole.MANAGER);
    }

    @Test
    @DisplayName("the order holds: the first failing check of the design's list is the one answered")
    void order() {
        DeviceSigner visitor = DeviceSigner.generate();
        // wrong lock and unknown signer and expired: WRONG_LOCK
        String all = f.stranger.sign(new DeviceGrant("KW-0002", java.util.UUID.randomUUID().toString(),
                visitor.deviceKey(), "x", KeyRole.OWNER, DAY_AGO.minusSeconds(9), DAY_AGO, DAY_AGO, f.stranger.deviceId()));
        assertThat(reason(all)).isEqualTo(Refusal.WRONG_LOCK);
        // unknown signer and expired: UNKNOWN_SIGNER
        String unknownExpired = f.stranger.sign(f.grant(f.stranger, visitor, KeyRole.MEMBER, DAY_AGO.minusSeconds(9), DAY_AGO));
        assertThat(reason(unknownExpired)).isEqualTo(Refusal.UNKNOWN_SIGNER);
        // forged and expired and revoked: FORGED
        DeviceGrant expired = f.grant(f.owner, visitor, KeyRole.MEMBER, DAY_AGO.minusSeconds(9), DAY_AGO);
        f.revoked.revoke(expired.grantId(), IN_30_DAYS);
        assertThat(reason(f.stranger.sign(expired))).isEqualTo(Refusal.FORGED_TOKEN);
        // expired and revoked: EXPIRED
        assertThat(reason(f.owner.sign(expired))).isEqualTo(Refusal.EXPIRED);
        // revoked and role above its signer: REVOKED
        DeviceGrant owners = f.grant(f.manager, visitor, KeyRole.OWNER, DAY_AGO, NOW.plusSeconds(60));
        f.revoked.revoke(owners.grantId(), IN_30_DAYS);
        assertThat(reason(f.manager.sign(owners), f.managerToken)).isEqualTo(Refusal.REVOKED);
        // too long before malformed
        assertThat(reason("", "", "")).isEqualTo(Refusal.CHAIN_TOO_LONG);
    }

    @Test
    @DisplayName("signerOf: an owner device with no chain acts as OWNER; otherwise the leaf must be the signer's")
    void signerOf() {
        Signer owner = GrantChain.signerOf(f.owner.deviceId(), List.of(), SERIAL, NOW, f.ownerKeys, f.revoked).value();
        assertThat(owner.role()).isEqualTo(KeyRole.OWNER);
        assertThat(owner.isOwnerDevice()).isTrue();
        assertThat(owner.key()).isEqualTo(f.owner.publicKey());
        Signer member = GrantChain.signerOf(f.member.deviceId(), List.of(f.memberToken, f.managerToken), SERIAL, NOW,
                f.ownerKeys, f.revoked).value();
        assertThat(member.role()).isEqualTo(KeyRole.MEMBER);
        assertThat(member.grant()).isEqualTo(f.memberGrant);
        assertThat(member.mayManage()).isFalse();
        assertThat(member.mayUnlockRemotely()).isTrue();
        assertThat(GrantChain.signerOf(f.manager.deviceId(), List.of(), SERIAL, NOW, f.ownerKeys, f.revoked).reason())
                .as("a manager's device is not an owner device").isEqualTo(Refusal.UNKNOWN_SIGNER);
        assertThat(GrantChain.signerOf(f.stranger.deviceId(), List.of(f.memberToken, f.managerToken), SERIAL, NOW,
                f.ownerKeys, f.revoked).reason()).as("another device's grant").isEqualTo(Refusal.UNKNOWN_SIGNER);
        assertThat(GrantChain.signerOf(f.member.deviceId(), List.of(f.memberToken), SERIAL, NOW,
                f.ownerKeys, f.revoked).reason()).as("the parent left out").isEqualTo(Refusal.UNKNOWN_SIGNER);
    }

    @Test
    @DisplayName("split: the ~-joined header form, empty for an owner device, an empty part stays a malformed grant")
    void split() {
        assertThat(GrantChain.split(null)).isEmpty();
        assertThat(GrantChain.split("")).isEmpty();
        assertThat(GrantChain.split(f.memberToken + "~" + f.managerToken)).containsExactly(f.memberToken, f.managerToken);
        assertThat(GrantChain.join(List.of(f.memberToken, f.managerToken))).isEqualTo(f.memberToken + "~" + f.managerToken);
        assertThat(GrantChain.split("a~")).containsExactly("a", "");
        assertThat(GrantChain.split("a~b~c~d~e~f")).hasSize(4);
        assertThat(reason(GrantChain.split("a~b~c~d~e~f").toArray(String[]::new))).isEqualTo(Refusal.CHAIN_TOO_LONG);
        assertThat(reason(GrantChain.split(f.managerToken + "~").toArray(String[]::new))).isEqualTo(Refusal.MALFORMED);
    }
}
