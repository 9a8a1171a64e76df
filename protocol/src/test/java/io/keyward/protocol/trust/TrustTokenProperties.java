package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.Refusal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.keyward.protocol.trust.TrustFixture.NOW;
import static io.keyward.protocol.trust.TrustFixture.SERIAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Property tests of the device-signed tokens (design §2, issue 15): strict, canonical, tamper-evident. */
class TrustTokenProperties {

    private static final TrustFixture F = new TrustFixture();
    private static final String GRANT = F.managerToken;
    private static final String COMMAND = F.owner.command(SERIAL, DeviceCommandTest.UNLOCK, NOW, Duration.ofSeconds(30));
    private static final String REVOCATION = F.owner.revocation(SERIAL, F.memberGrant.grantId(), NOW, NOW);
    /** A manager's revocation of the member's grant as carried (design §8, T7): kwdr1~grant~chain. */
    private static final String CARRIED = ManagerRevocation.carried(
            F.manager.revocation(SERIAL, F.memberGrant.grantId(), F.memberGrant.validUntil(), NOW),
            new ManagerRevocation.Proof(List.of(F.managerToken), F.memberToken));
    private static final String CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/~ \n";

    @Property(tries = 300)
    @Label("any single character changed in a grant, command or revocation token: refused (MALFORMED or FORGED)")
    void oneCharacterChanged(@ForAll @IntRange(min = 0, max = 2) int kind, @ForAll @IntRange(min = 0, max = 4095) int at,
                             @ForAll @IntRange(min = 0, max = 1000) int with) {
        String token = kind == 0 ? GRANT : kind == 1 ? COMMAND : REVOCATION;
        int i = at % token.length();
        char pick = CHARS.charAt(with % CHARS.length());
        char c = pick == token.charAt(i) ? CHARS.charAt((with + 1) % CHARS.length()) : pick;
        String changed = token.substring(0, i) + c + token.substring(i + 1);
        Refusal reason = switch (kind) {
            case 0 -> GrantChain.check(List.of(changed), SERIAL, NOW, F.ownerKeys, F.revoked).reason();
            case 1 -> DeviceCommand.verify(changed, F.owner.publicKey()).reason();
            default -> GrantRevocation.verify(changed, SERIAL, F.ownerKeys).reason();
        };
        assertThat(reason).as("%s at %d", c, i).isIn(Refusal.MALFORMED, Refusal.FORGED_TOKEN, Refusal.WRONG_LOCK,
                Refusal.UNKNOWN_SIGNER);
        assertThat(ManagerRevocation.verify(REVOCATION, ManagerRevocation.Proof.NONE, SERIAL, NOW, F.ownerKeys, F.revoked)
                .isOk()).as("the unchanged revocation verifies").isTrue();
        if (kind == 0) {
            assertThat(DeviceGrant.verify(changed, F.owner.publicKey()).isOk()).isFalse();
        }
    }

    @Property(tries = 300)
    @Label("SPEC T7: any single character changed in a manager's carried revocation (kwdr1~grant~chain): refused with a reason, never accepted")
    void managerRevocationChanged(@ForAll @IntRange(min = 0, max = 4095) int at, @ForAll @IntRange(min = 0, max = 1000) int with) {
        assertThat(verifyCarried(CARRIED).isOk()).as("the unchanged one verifies").isTrue();
        int i = at % CARRIED.length();
        char pick = CHARS.charAt(with % CHARS.length());
        char c = pick == CARRIED.charAt(i) ? CHARS.charAt((with + 1) % CHARS.length()) : pick;
        Outcome<ManagerRevocation.Accepted> o = verifyCarried(CARRIED.substring(0, i) + c + CARRIED.substring(i + 1));
        assertThat(o.isOk()).as("%s at %d", c, i).isFalse();
        assertThat(o.reason()).isNotNull();
    }

    private static Outcome<ManagerRevocation.Accepted> verifyCarried(String carried) {
        ManagerRevocation.Carried parts = ManagerRevocation.split(carried);
        return ManagerRevocation.verify(parts.token(), parts.proof(), SERIAL, NOW, F.ownerKeys, new io.keyward.protocol.bluetooth.RevokedKeys());
    }

    @Property(tries = 200)
    @Label("grants and commands of any valid fields survive their text form and verify under the signer's key")
    void roundTrip(@ForAll("fields") String account, @ForAll KeyRole role, @ForAll @LongRange(min = 0, max = 4_102_444_800_000L) long from,
                   @ForAll @LongRange(min = 1, max = 10L * 365 * 24 * 3600 * 1000) long length,
                   @ForAll("serials") String serial, @ForAll("json") String json) {
        DeviceGrant g = new DeviceGrant(serial, UUID.randomUUID().toString(), F.member.deviceKey(), account, role,
                Instant.ofEpochMilli(from), Instant.ofEpochMilli(from + length), Instant.ofEpochMilli(from), F.owner.deviceId());
        String token = g.sign(F.owner.signingKey());
        assertThat(DeviceGrant.decode(token).value()).isEqualTo(g);
        assertThat(DeviceGrant.verify(token, F.owner.publicKey()).value()).isEqualTo(g);
        assertThat(DeviceGrant.verify(token, F.stranger.publicKey()).reason()).isEqualTo(Refusal.FORGED_TOKEN);
        DeviceCommand c = new DeviceCommand(serial, UUID.randomUUID().toString(), Instant.ofEpochMilli(from),
                Instant.ofEpochMilli(from + length), F.owner.deviceId(), json);
        String ct = F.owner.sign(c);
        assertThat(DeviceCommand.decode(ct).value()).isEqualTo(c);
        assertThat(DeviceCommand.verify(ct, F.owner.publicKey()).value()).isEqualTo(c);
    }

    @Property(tries = 200)
    @Label("a non-canonical text of a grant, well signed, is refused MALFORMED: one canonical text per token")
    void nonCanonicalRefused(@ForAll("nonCanonical") String[] change) {
        int line = Integer.parseInt(change[0]);
        // the fixture's keys are fresh each run: a key without '-' or '_' has no base64 (non-url) form to differ by
        Assume.that(!change[1].equals(TrustFixture.payload(GRANT).split("\n", -1)[line]));
        String token = TrustFixture.resigned(GRANT, line, change[1], F.owner);
        assertThat(DeviceGrant.decode(token).reason()).as("line %d = %s", line, change[1]).isEqualTo(Refusal.MALFORMED);
        assertThat(GrantChain.check(List.of(token), SERIAL, NOW, F.ownerKeys, F.revoked).reason()).isEqualTo(Refusal.MALFORMED);
    }

    @Property(tries = 100)
    @Label("a well signed token with padding, a missing or extra line, or another prefix is refused MALFORMED")
    void framingRefused(@ForAll @IntRange(min = 0, max = 5) int kind) {
        String payload = TrustFixture.payload(GRANT);
        String token = switch (kind) {
            case 0 -> GRANT + "=";
            case 1 -> TrustFixture.resignedPayload("kwdg1", payload + "\n", F.owner);
            case 2 -> TrustFixture.resignedPayload("kwdg1", payload.substring(0, payload.lastIndexOf('\n')), F.owner);
            case 3 -> TrustFixture.resignedPayload("kwdg2", payload, F.owner);
            case 4 -> TrustFixture.resignedPayload("kwdg1", payload.replace("\n", "\r\n"), F.owner);
            default -> TrustFixture.resignedPayload("kwdc1", payload, F.owner);
        };
        assertThat(DeviceGrant.decode(token).reason()).isEqualTo(Refusal.MALFORMED);
    }

    @Property(tries = 300)
    @Label("any text read as a token, chain, bind QR or sealed secret: a value or a refusal with a reason, never another exception")
    void anyTextIsRefusedCleanly(@ForAll("texts") String text) {
        for (Outcome<?> o : List.<Outcome<?>>of(DeviceGrant.decode(text), DeviceCommand.decode(text), GrantRevocation.decode(text),
                GrantChain.check(GrantChain.split(text), SERIAL, NOW, F.ownerKeys, F.revoked),
                GrantRevocation.verify(text, SERIAL, F.ownerKeys), verifyCarried(text),
                ManagerRevocation.verify(text, new ManagerRevocation.Proof(GrantChain.split(text), text), SERIAL, NOW, F.ownerKeys, F.revoked),
                DeviceCommand.check(text, GrantChain.split(text), SERIAL, null, NOW, id -> false, F.ownerKeys, F.revoked))) {
            assertThat(o.isOk() || o.reason() != null).isTrue();
        }
        assertThatCode(() -> {
            try {
                BindPayload.parse(text);
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
            try {
                F.owner.openSealed(text, SERIAL);
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }).doesNotThrowAnyException();
    }

    @Property(tries = 300)
    @Label("a grant that reads is canonical: signing what was read gives back the very payload bytes")
    void whatReadsIsCanonical(@ForAll("mixedLines") List<String> lines) {
        String token = TrustFixture.resignedPayload("kwdg1", String.join("\n", lines), F.owner);
        Outcome<DeviceGrant> read = DeviceGrant.decode(token);
        if (read.isOk()) {
            assertThat(TrustFixture.payload(read.value().sign(F.owner.signingKey()))).isEqualTo(TrustFixture.payload(token));
        } else {
            assertThat(read.reason()).isEqualTo(Refusal.MALFORMED);
        }
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> b64 = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                .ofMaxLength(400);
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.of("kwdg1.", "kwdc1.", "kwdr1.").flatMap(p -> b64.list().ofSize(2).map(l -> p + l.get(0) + "." + l.get(1))),
                Arbitraries.of(GRANT, COMMAND, REVOCATION, GRANT + "~" + GRANT, CARRIED, "keyward://bind?v=1&serial=KW-0001&bind=AAECAwQFBgcICQoLDA0ODw&expires=1")
                        .flatMap(t -> Arbitraries.integers().between(0, t.length()).map(i -> t.substring(0, i))));
    }

    /** Lines of a grant, each either its valid value or a near miss, sometimes one line more or less. */
    @Provide
    Arbitrary<List<String>> mixedLines() {
        String[] valid = TrustFixture.payload(GRANT).split("\n", -1);
        String[][] nearMisses = nonCanonicalLines();
        List<Arbitrary<String>> perLine = new java.util.ArrayList<>();
        for (int i = 0; i < valid.length; i++) {
            List<String> choices = new java.util.ArrayList<>(List.of(valid[i], valid[i], valid[i]));
            for (String[] miss : nearMisses) {
                if (Integer.parseInt(miss[0]) == i) {
                    choices.add(miss[1]);
                }
            }
            perLine.add(Arbitraries.of(choices));
        }
        Arbitrary<List<String>> lines = net.jqwik.api.Combinators.combine(perLine).as(l -> l);
        return lines.flatMap(l -> Arbitraries.integers().between(0, 9).map(k -> k == 0 ? l.subList(0, l.size() - 1)
                : k == 1 ? java.util.stream.Stream.concat(l.stream(), java.util.stream.Stream.of("x")).toList() : l));
    }

    @Provide
    Arbitrary<String[]> nonCanonical() {
        return Arbitraries.of(nonCanonicalLines());
    }

    private static String[][] nonCanonicalLines() {
        DeviceGrant g = F.managerGrant;
        String from = Long.toString(g.validFrom().toEpochMilli());
        return new String[][]{
                new String[]{"0", "keyward-device-grant-v2"},
                new String[]{"1", ""},
                new String[]{"1", "KW\t0001"},
                new String[]{"2", g.grantId().toUpperCase()},
                new String[]{"2", g.grantId().replace("-", "")},
                new String[]{"2", "{" + g.grantId() + "}"},
                new String[]{"3", g.holderKey() + "="},
                new String[]{"3", g.holderKey().replace('-', '+').replace('_', '/')},
                new String[]{"3", "MFkw"},
                new String[]{"4", ""},
                new String[]{"4", "x".repeat(129)},
                new String[]{"5", "manager"},
                new String[]{"5", "MANAGER "},
                new String[]{"5", "ADMIN"},
                new String[]{"6", "0" + from},
                new String[]{"6", "+" + from},
                new String[]{"6", from + ".0"},
                new String[]{"6", "-1"},
                new String[]{"6", ""},
                new String[]{"7", from},
                new String[]{"8", "1e3"},
                new String[]{"9", g.signerId() + "A"},
                new String[]{"9", g.signerId().substring(0, 21) + "B"},
                new String[]{"9", g.signerId() + "\u2028"}};
    }

    @Provide
    Arbitrary<String> fields() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars("éü王小明€").ofMinLength(1).ofMaxLength(128);
    }

    @Provide
    Arbitrary<String> serials() {
        return Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9').withChars('-').ofMinLength(1).ofMaxLength(32);
    }

    @Provide
    Arbitrary<String> json() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars("王€").ofMinLength(0).ofMaxLength(200)
                .map(s -> "{\"type\":\"ADD_USER\",\"name\":" + "\"" + s.replace("\\", "").replace("\"", "") + "\"}");
    }
}
