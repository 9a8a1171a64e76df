package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.Refusal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.keyward.protocol.trust.TrustFixture.NOW;
import static io.keyward.protocol.trust.TrustFixture.SERIAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("trust: a lock checks a device-signed command (kwdc1) in the design's order (design §2, issue 15)")
class DeviceCommandTest {

    static final String UNLOCK = "{\"type\":\"REMOTE_UNLOCK\",\"askedBy\":\"alice@example.com\"}";
    static final String ADD_USER = "{\"type\":\"ADD_USER\",\"name\":\"Dora\",\"role\":\"USER\"}";

    private final TrustFixture f = new TrustFixture();
    private final Set<String> obeyed = new HashSet<>();

    private Outcome<DeviceCommand.Checked> check(String token, String envelopeId, Instant now, String... chain) {
        return DeviceCommand.check(token, List.of(chain), SERIAL, envelopeId, now, obeyed::contains, f.ownerKeys, f.revoked);
    }

    private DeviceCommand command(DeviceSigner signer, String json, Instant issued, Duration lifetime) {
        return new DeviceCommand(SERIAL, UUID.randomUUID().toString(), issued, issued.plus(lifetime), signer.deviceId(), json);
    }

    @Test
    @DisplayName("accepted: an owner device with no chain (OWNER), a member with its chain (MEMBER); the JSON comes back exactly")
    void accepted() {
        DeviceCommand c = command(f.owner, UNLOCK, NOW, Duration.ofSeconds(30));
        DeviceCommand.Checked checked = check(f.owner.sign(c), c.commandId(), NOW).value();
        assertThat(checked.command()).isEqualTo(c);
        assertThat(checked.command().commandJson()).isEqualTo(UNLOCK);
        assertThat(checked.command().commandType()).isEqualTo("REMOTE_UNLOCK");
        assertThat(checked.signer().role()).isEqualTo(KeyRole.OWNER);
        String token = f.member.command(SERIAL, UNLOCK, NOW, Duration.ofSeconds(10));
        DeviceCommand decoded = DeviceCommand.decode(token).value();
        DeviceCommand.Checked byMember = check(token, decoded.commandId(), NOW, f.memberToken, f.managerToken).value();
        assertThat(byMember.signer().role()).isEqualTo(KeyRole.MEMBER);
        assertThat(byMember.signer().deviceId()).isEqualTo(f.member.deviceId());
        assertThat(DeviceCommand.verify(token, f.member.publicKey()).value()).isEqualTo(decoded);
        assertThat(check(token, null, NOW, f.memberToken, f.managerToken).isOk()).as("no envelope id to compare").isTrue();
    }

    @Test
    @DisplayName("MALFORMED: unreadable token, an unreadable chain, the cloud's envelope id is not the commandId")
    void malformed() {
        DeviceCommand c = command(f.owner, UNLOCK, NOW, Duration.ofSeconds(30));
        String token = f.owner.sign(c);
        assertThat(check("kwdc1.a.b", c.commandId(), NOW).reason()).isEqualTo(Refusal.MALFORMED);
        assertThat(check(null, c.commandId(), NOW).reason()).isEqualTo(Refusal.MALFORMED);
        assertThat(check(token, UUID.randomUUID().toString(), NOW).reason()).isEqualTo(Refusal.MALFORMED);
        String memberToken = f.member.command(SERIAL, UNLOCK, NOW, Duration.ofSeconds(10));
        assertThat(check(memberToken, null, NOW, "kwdg1.x.y", f.managerToken).reason()).isEqualTo(Refusal.MALFORMED);
    }

    @Test
    @DisplayName("FORGED: signed by another key than the owner device's or the leaf holder's; before WRONG_LOCK")
    void forged() {
        DeviceCommand c = new DeviceCommand("KW-0002", UUID.randomUUID().toString(), NOW, NOW.plusSeconds(10),
                f.owner.deviceId(), UNLOCK);
        assertThat(check(f.stranger.sign(c), c.commandId(), NOW).reason()).isEqualTo(Refusal.FORGED_TOKEN);
        DeviceCommand m = command(f.member, UNLOCK, NOW, Duration.ofSeconds(10));
        assertThat(check(f.stranger.sign(m), m.commandId(), NOW, f.memberToken, f.managerToken).reason())
                .isEqualTo(Refusal.FORGED_TOKEN);
        assertThat(DeviceCommand.verify(f.stranger.sign(m), f.member.publicKey()).reason()).isEqualTo(Refusal.FORGED_TOKEN);
    }

    @Test
    @DisplayName("UNKNOWN_SIGNER: no owner device and no chain, or a chain held by another device")
    void unknownSigner() {
        DeviceCommand c = command(f.stranger, UNLOCK, NOW, Duration.ofSeconds(10));
        assertThat(check(f.stranger.sign(c), c.commandId(), NOW).reason()).isEqualTo(Refusal.UNKNOWN_SIGNER);
        assertThat(check(f.stranger.sign(c), c.commandId(), NOW, f.memberToken, f.managerToken).reason())
                .isEqualTo(Refusal.UNKNOWN_SIGNER);
        DeviceCommand m = command(f.manager, UNLOCK, NOW, Duration.ofSeconds(10));
        assertThat(check(f.manager.sign(m), m.commandId(), NOW).reason()).as("a manager without its grant")
                .isEqualTo(Refusal.UNKNOWN_SIGNER);
    }

    @Test
    @DisplayName("WRONG_LOCK before the id mismatch, and the id mismatch before BAD_VALIDITY")
    void wrongLockThenId() {
        DeviceCommand c = new DeviceCommand("KW-0002", UUID.randomUUID().toString(), NOW, NOW.plus(Duration.ofDays(9)),
                f.owner.deviceId(), UNLOCK);
        assertThat(check(f.owner.sign(c), "other", NOW).reason()).isEqualTo(Refusal.WRONG_LOCK);
        DeviceCommand d = command(f.owner, UNLOCK, NOW, Duration.ofDays(9));
        assertThat(check(f.owner.sign(d), "other", NOW).reason()).isEqualTo(Refusal.MALFORMED);
    }

    @Test
    @DisplayName("BAD_VALIDITY: REMOTE_UNLOCK over 30 s, others over 7 days, empty lifetime, issued over 5 s ahead")
    void badValidity() {
        assertThat(reasonOf(command(f.owner, UNLOCK, NOW, Duration.ofSeconds(31)))).isEqualTo(Refusal.BAD_VALIDITY);
        assertThat(reasonOf(command(f.owner, UNLOCK, NOW, Duration.ofSeconds(30)))).isNull();
        assertThat(reasonOf(command(f.owner, ADD_USER, NOW, Duration.ofDays(7)))).isNull();
        assertThat(reasonOf(command(f.owner, ADD_USER, NOW, Duration.ofDays(7).plusMillis(1)))).isEqualTo(Refusal.BAD_VALIDITY);
        assertThat(reasonOf(command(f.owner, ADD_USER, NOW, Duration.ZERO))).isEqualTo(Refusal.BAD_VALIDITY);
        assertThat(reasonOf(command(f.owner, ADD_USER, NOW, Duration.ofSeconds(-1)))).isEqualTo(Refusal.BAD_VALIDITY);
        assertThat(reasonOf(command(f.owner, UNLOCK, NOW.plusSeconds(5), Duration.ofSeconds(30)))).isNull();
        assertThat(reasonOf(command(f.owner, UNLOCK, NOW.plusMillis(5001), Duration.ofSeconds(30))))
                .isEqualTo(Refusal.BAD_VALIDITY);
        assertThat(reasonOf(command(f.owner, "{\"no\":1}", NOW, Duration.ofDays(1)))).as("no type: the 7-day rule").isNull();
        DeviceCommand twice = command(f.owner, "{\"type\":\"ADD_USER\",\"type\":\"REMOTE_UNLOCK\"}", NOW, Duration.ofDays(1));
        assertThat(twice.commandType()).as("a type given twice is none (LockCommands refuses the command)").isNull();
        assertThat(command(f.owner, "not json", NOW, Duration.ofDays(1)).commandType()).isNull();
    }

    @Test
    @DisplayName("EXPIRED at expiresAt (exclusive), after BAD_VALIDITY")
    void expired() {
        DeviceCommand c = command(f.owner, UNLOCK, NOW.minusSeconds(30), Duration.ofSeconds(30));
        assertThat(reasonOf(c)).isEqualTo(Refusal.EXPIRED);
        assertThat(reasonOf(command(f.owner, UNLOCK, NOW.minusSeconds(29), Duration.ofSeconds(30)))).isNull();
        assertThat(reasonOf(command(f.owner, UNLOCK, NOW.minusSeconds(60), Duration.ofSeconds(40))))
                .isEqualTo(Refusal.BAD_VALIDITY);
    }

    @Test
    @DisplayName("REPLAYED: a command id already obeyed, before the chain is checked")
    void replayed() {
        DeviceCommand c = command(f.member, UNLOCK, NOW, Duration.ofSeconds(30));
        String token = f.member.sign(c);
        assertThat(check(token, c.commandId(), NOW, f.memberToken, f.managerToken).isOk()).isTrue();
        obeyed.add(c.commandId());
        assertThat(check(token, c.commandId(), NOW, f.memberToken, f.managerToken).reason()).isEqualTo(Refusal.REPLAYED);
        f.revoked.revoke(f.memberGrant.grantId(), f.memberGrant.validUntil());
        assertThat(check(token, c.commandId(), NOW, f.memberToken, f.managerToken).reason()).isEqualTo(Refusal.REPLAYED);
    }

    @Test
    @DisplayName("the chain comes last: a revoked member, a removed owner device")
    void chainLast() {
        DeviceCommand c = command(f.member, UNLOCK, NOW, Duration.ofSeconds(30));
        f.revoked.revoke(f.managerGrant.grantId(), f.managerGrant.validUntil());
        assertThat(check(f.member.sign(c), c.commandId(), NOW, f.memberToken, f.managerToken).reason())
                .isEqualTo(Refusal.REVOKED);
        DeviceCommand o = command(f.owner, UNLOCK, NOW, Duration.ofSeconds(30));
        f.owners.remove(f.owner.deviceId());
        assertThat(check(f.owner.sign(o), o.commandId(), NOW).reason()).isEqualTo(Refusal.UNKNOWN_SIGNER);
    }

    @Test
    @DisplayName("the command line: JSON with spaces and Unicode survives; a newline, a control character or >4096 does not")
    void commandLine() {
        String json = "{\"type\":\"ADD_USER\",\"name\":\"王 小明\"}";
        String token = f.owner.command(SERIAL, json, NOW, Duration.ofDays(1));
        assertThat(DeviceCommand.decode(token).value().commandJson()).isEqualTo(json);
        assertThatThrownBy(() -> command(f.owner, "{\"a\":\n1}", NOW, Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> command(f.owner, "{\"a\":\"\t\"}", NOW, Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> command(f.owner, "", NOW, Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class);
        String big = "{\"type\":\"X\",\"a\":\"" + "a".repeat(3000) + "\"}";
        assertThatThrownBy(() -> f.owner.command(SERIAL, big, NOW, Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class);
        String withNewline = TrustFixture.resignedPayload("kwdc1", TrustFixture.payload(token) + "\n{}", f.owner);
        assertThat(DeviceCommand.decode(withNewline).reason()).isEqualTo(Refusal.MALFORMED);
    }

    private Refusal reasonOf(DeviceCommand c) {
        return check(f.owner.sign(c), c.commandId(), NOW).reason();
    }
}
