package io.keyward.cloud.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.keyward.cloud.browser.ModulePage;
import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.RevokedKeys;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.trust.BindProof;
import io.keyward.protocol.trust.DeviceCommand;
import io.keyward.protocol.trust.DeviceGrant;
import io.keyward.protocol.trust.DeviceIds;
import io.keyward.protocol.trust.GrantChain;
import io.keyward.protocol.trust.GrantRevocation;
import io.keyward.protocol.trust.SealedSecret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, trust design §1-§5: the web app's trust.js (WebCrypto) and the protocol's Java
 * (io.keyward.protocol.trust) speak the same bytes, in a real headless Chromium. What the browser signs
 * (kwdc1, kwdg1, kwdr1) the Java side verifies with the lock's own checks; the device id, fingerprint,
 * bind proof and reply MAC are the same on both sides; a secret Java seals to the browser's agree key
 * opens in the browser. And lock-commands.js builds the LockCommand JSON that LockCommands reads into
 * the very record the cloud's endpoint builds (the cloud's equals check, design §2 HTTP).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("issue 15: trust.js against the Java trust formats (design §1-§5)")
class TrustCrossCheckBrowserTest {

    static final String SERIAL = "KW-TRUST-JS-1";
    static final JsonMapper JSON = JsonMapper.builder().build();

    ModulePage page;

    @BeforeAll
    void start() throws IOException {
        page = ModulePage.start("trust harness");
    }

    @AfterAll
    void stop() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    @DisplayName("§1 the device's id and fingerprint are DeviceIds'; both private keys are non-extractable and stay across a reload")
    void identifiers() {
        String deviceKey = (String) script("return await trust.deviceKey();");
        String agreeKey = (String) script("return await trust.agreeKey();");
        assertThat(script("return await trust.deviceId();")).isEqualTo(DeviceIds.idOf(deviceKey));
        assertThat(script("return await trust.fingerprint();")).isEqualTo(DeviceIds.fingerprint(DeviceIds.idOf(deviceKey)));
        assertThat(DeviceIds.idOf(agreeKey)).as("the agree key is P-256 SPKI too").hasSize(DeviceIds.LENGTH);
        assertThat(agreeKey).isNotEqualTo(deviceKey);
        assertThat(script("return [(await trust.agreeKeyPair()).privateKey.extractable,"
                + " (await import('/app/bluetooth.js').then((b) => b.deviceKey())).privateKey.extractable].join();"))
                .isEqualTo("false,false");
        page.browser.driver.navigate().refresh();
        assertThat(script("return await trust.deviceKey();")).as("kept in IndexedDB").isEqualTo(deviceKey);
        assertThat(script("return await trust.agreeKey();")).as("kept in IndexedDB").isEqualTo(agreeKey);
    }

    @Test
    @DisplayName("§1-§5 the Java vectors (protocol trust-vectors.json) hold in the browser: ids, tokens verify (a changed one does not), "
            + "bind proof, reply MAC, the sealed secret opens with the vector's agree key, the QRs read")
    void javaVectors() throws Exception {
        String vectors = Files.readString(Path.of("../protocol/src/test/resources/trust-vectors.json"), StandardCharsets.UTF_8);
        Object answer = script("const v = " + vectors + "; const out = [];"
                + " out.push(await trust.deviceIdOf(v.device.spki) === v.device.deviceId);"
                + " out.push(trust.fingerprintOf(v.device.deviceId) === v.device.fingerprint);"
                + " for (const t of [v.grant.token, v.command.token, v.revocation.token, v.signedByWebCrypto.grant,"
                + "   v.signedByWebCrypto.command, v.signedByWebCrypto.revocation]) { out.push(await trust.verify(t, v.device.spki)); }"
                + " out.push(trust.decode(v.grant.token).lines.join('\\n') === v.grant.payload);"
                + " out.push(trust.decode(v.command.token).lines.join('\\n') === v.command.payload);"
                + " const parts = v.command.token.split('.'); const sig = parts[2];"
                + " const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);"
                + " out.push(await trust.verify(parts[0] + '.' + parts[1] + '.' + flipped, v.device.spki) === false);"
                + " out.push(await trust.verify(v.grant.token, v.agree.spki) === false);"
                + " out.push(await trust.bindProofFor(v.bind.secret, v.serial, v.device.spki, v.agree.spki, v.bind.name) === v.bind.proof);"
                + " out.push(await trust.checkReplyMac(v.bind.secret, v.serial, v.device.deviceId, v.bind.sealedVisitorSecret, v.bind.replyMac));"
                + " const der = Uint8Array.from(atob(v.agree.pkcs8.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));"
                + " const agree = await crypto.subtle.importKey('pkcs8', der, {name: 'ECDH', namedCurve: 'P-256'}, false, ['deriveBits']);"
                + " out.push(await trust.openSealedWith(agree, v.bind.sealedVisitorSecret, v.serial, v.device.deviceId) === v.bind.visitorSecret);"
                + " const split = trust.splitPairing(v.pairingQr);"
                + " out.push(split.bind === v.bind.secret && !split.pairing.includes('bind='));"
                + " const door = trust.parseBindCode(v.bindQr);"
                + " out.push(door.serial === v.serial && door.bind === v.bind.secret && door.expires === 1796000300);"
                + " return out.join();");
        assertThat(answer).isEqualTo(String.join(",", java.util.Collections.nCopies(17, "true")));
    }

    @Test
    @DisplayName("§2 kwdc1 a remote unlock signed in the browser passes the lock's whole check (owner device, empty chain)")
    void commandPassesTheLocksCheck() throws Exception {
        String deviceKey = (String) script("return await trust.deviceKey();");
        ECPublicKey key = DeviceKeys.decode(deviceKey);
        String id = DeviceIds.idOf(deviceKey);
        String json = LockCommands.write(new LockCommand.RemoteUnlock("ann@example.org"));
        Map<?, ?> signed = JSON.readValue((String) script("return JSON.stringify(await trust.signCommand('" + SERIAL + "', "
                + JSON.writeValueAsString(json) + ", 25000));"), Map.class);
        String token = (String) signed.get("token");
        assertThat(token).startsWith("kwdc1.");

        Outcome<DeviceCommand.Checked> checked = DeviceCommand.check(token, List.of(), SERIAL, (String) signed.get("commandId"),
                Instant.now(), commandId -> false, signer -> signer.equals(id) ? key : null, new RevokedKeys());
        assertThat(checked.isOk()).as(String.valueOf(checked)).isTrue();
        DeviceCommand command = checked.value().command();
        assertThat(command.commandJson()).isEqualTo(json);
        assertThat(command.signerId()).isEqualTo(id);
        assertThat(LockCommands.parse(command.commandJson())).isEqualTo(new LockCommand.RemoteUnlock("ann@example.org"));
        assertThat(checked.value().signer().role()).isEqualTo(KeyRole.OWNER);

        // refusals: another lock, and the same command signed by a device the lock does not hold
        assertThat(DeviceCommand.check(token, List.of(), "KW-OTHER", command.commandId(), Instant.now(), c -> false,
                signer -> key, new RevokedKeys()).isOk()).isFalse();
        assertThat(DeviceCommand.check(token, List.of(), SERIAL, command.commandId(), Instant.now(), c -> false,
                signer -> null, new RevokedKeys()).isOk()).as("not an owner device").isFalse();
        // the app refuses, before signing, an unlock that would live over 30 s (the lock would say BAD_VALIDITY)
        assertThat(script("try { await trust.signCommand('" + SERIAL + "', " + JSON.writeValueAsString(json)
                + ", 31000); return 'signed'; } catch (e) { return e.reason; }")).isEqualTo("BAD_VALIDITY");
    }

    @Test
    @DisplayName("§2 kwdg1 the browser's self-grant and a grant it signs for another device verify in Java, and chain to it")
    void grants() throws Exception {
        String deviceKey = (String) script("return await trust.deviceKey();");
        ECPublicKey key = DeviceKeys.decode(deviceKey);
        String id = DeviceIds.idOf(deviceKey);
        String self = (String) script("return await trust.selfGrant('" + SERIAL + "', 'ann@example.org');");
        Outcome<DeviceGrant> selfGrant = DeviceGrant.verify(self, key);
        assertThat(selfGrant.isOk()).as(String.valueOf(selfGrant)).isTrue();
        assertThat(selfGrant.value().isSelfGrant()).isTrue();
        assertThat(selfGrant.value().role()).isEqualTo(KeyRole.OWNER);

        String other = DeviceKeys.encode(DeviceKeys.newKeyPair().getPublic());
        long now = System.currentTimeMillis();
        String token = (String) script("return await trust.grant({serial: '" + SERIAL + "', holderKey: '" + other
                + "', account: 'bob@example.org', role: 'MEMBER', validFrom: " + (now - 60_000) + ", validUntil: " + (now + 3_600_000) + "});");
        Outcome<DeviceGrant> leaf = GrantChain.check(List.of(token), SERIAL, Instant.now(),
                signer -> signer.equals(id) ? key : null, new RevokedKeys());
        assertThat(leaf.isOk()).as(String.valueOf(leaf)).isTrue();
        assertThat(leaf.value().holderKey()).isEqualTo(other);
        assertThat(leaf.value().account()).isEqualTo("bob@example.org");
        assertThat(leaf.value().role()).isEqualTo(KeyRole.MEMBER);
        assertThat(leaf.value().signerId()).isEqualTo(id);

        // kwdr1: the browser revokes that grant; the lock accepts it from its owner device
        String revocation = (String) script("return await trust.revocation('" + SERIAL + "', '" + leaf.value().grantId()
                + "', " + leaf.value().validUntil().toEpochMilli() + ");");
        Outcome<GrantRevocation> revoked = GrantRevocation.verify(revocation, SERIAL, signer -> signer.equals(id) ? key : null);
        assertThat(revoked.isOk()).as(String.valueOf(revoked)).isTrue();
        assertThat(revoked.value().grantId()).isEqualTo(leaf.value().grantId());
    }

    @Test
    @DisplayName("§4 the bind proof and the reply MAC are BindProof's; a wrong MAC is refused")
    void bindProofAndReplyMac() {
        String deviceKey = (String) script("return await trust.deviceKey();");
        String agreeKey = (String) script("return await trust.agreeKey();");
        String secret = "AAECAwQFBgcICQoLDA0ODw";
        String name = "Ann’s phone 手机";
        assertThat(script("return await trust.bindProof('" + secret + "', '" + SERIAL + "', '" + name + "');"))
                .isEqualTo(BindProof.of(secret, SERIAL, deviceKey, agreeKey, name));
        String id = DeviceIds.idOf(deviceKey);
        String mac = BindProof.replyMac(secret, SERIAL, id, "sealed-text");
        assertThat(script("return await trust.checkReplyMac('" + secret + "', '" + SERIAL + "', '" + id + "', 'sealed-text', '" + mac + "');"))
                .isEqualTo(true);
        assertThat(script("return await trust.checkReplyMac('" + secret + "', '" + SERIAL + "', '" + id + "', 'sealed-other', '" + mac + "');"))
                .as("the MAC covers the sealed secret").isEqualTo(false);
        assertThat(script("try { await trust.bindRequest('" + secret + "', '" + SERIAL + "', ''); return 'sent'; } catch (e) { return e.reason; }"))
                .as("an empty name is refused before anything is sent").isEqualTo("BAD_NAME");
    }

    @Test
    @DisplayName("§5 a visitor secret Java seals to the browser's agree key opens there and is kept per lock; another device's seal does not open")
    void sealedSecret() {
        String deviceKey = (String) script("return await trust.deviceKey();");
        String agreeKey = (String) script("return await trust.agreeKey();");
        String id = DeviceIds.idOf(deviceKey);
        String sealed = SealedSecret.seal("visitor-secret-text-42", agreeKey, SERIAL, id);
        assertThat(script("const s = await trust.openSealed('" + sealed + "', '" + SERIAL + "');"
                + " await trust.keepVisitorSecret('" + SERIAL + "', s); return await trust.visitorSecret('" + SERIAL + "');"))
                .isEqualTo("visitor-secret-text-42");
        assertThat(script("try { await trust.openSealed('" + sealed + "', 'KW-OTHER'); return 'opened'; } catch (e) { return e.reason; }"))
                .as("bound to the serial through HKDF's info").isEqualTo("NOT_SEALED");
        String notMine = SealedSecret.seal("x", DeviceKeys.encode(DeviceKeys.newKeyPair().getPublic()), SERIAL, id);
        assertThat(script("try { await trust.openSealed('" + notMine + "', '" + SERIAL + "'); return 'opened'; } catch (e) { return e.reason; }"))
                .isEqualTo("NOT_SEALED");
    }

    @Test
    @DisplayName("§2 HTTP lock-commands.js builds JSON that LockCommands reads into the record the cloud's endpoint builds")
    void commandsEqualTheClouds() throws Exception {
        Map<String, LockCommand> expected = new java.util.LinkedHashMap<>();
        expected.put("c.remoteUnlock('ann@example.org')", new LockCommand.RemoteUnlock("ann@example.org"));
        expected.put("c.addUser(' Bob ', 'USER', null)", new LockCommand.AddUser("Bob", LockUserRole.USER, LockCommand.Validity.ALWAYS));
        expected.put("c.addUser('Cy', 'ADMINISTRATOR', {from: '2026-12-06T10:00:00Z'})", new LockCommand.AddUser("Cy",
                LockUserRole.ADMINISTRATOR, new LockCommand.Validity(Instant.parse("2026-12-06T10:00:00Z"), null, null)));
        expected.put("c.setValidity(3, {until: '2027-01-01T00:00:00Z', weekly: [{days: [1, 2], fromMinute: 60, untilMinute: 120}]})",
                new LockCommand.SetValidity(3, new LockCommand.Validity(null, Instant.parse("2027-01-01T00:00:00Z"),
                        List.of(new LockCommand.WeeklyWindow(List.of(1, 2), 60, 120)))));
        expected.put("c.setValidity('4', {})", new LockCommand.SetValidity(4, LockCommand.Validity.ALWAYS));
        expected.put("c.startEnrolment(2, 'FINGERPRINT', true)", new LockCommand.StartEnrolment(2, LockCommand.CredentialKind.FINGERPRINT, true));
        expected.put("c.liftLockout()", new LockCommand.LiftLockout());
        expected.put("c.replacePasscode(5, '258036')", new LockCommand.ReplacePasscode(5, "258036"));
        expected.put("c.changeSetting('REMOTE_UNLOCK', ' TRUE ')", new LockCommand.ChangeSetting(Setting.REMOTE_UNLOCK, "true"));
        expected.put("c.changeSetting('RELOCK_SECONDS', '007')", new LockCommand.ChangeSetting(Setting.RELOCK_SECONDS, "7"));
        expected.put("c.pairAccessory('DOOR_SENSOR', ' Back door ')", new LockCommand.PairAccessory(LockCommand.AccessoryKind.DOOR_SENSOR, "Back door"));
        expected.put("c.setHomeMqtt({enabled: false, host: 'x'})", new LockCommand.SetHomeMqtt(false, null, null, null, null, false));
        expected.put("c.setHomeMqtt({enabled: true, host: ' broker.lan ', port: 1884, username: 'u', allowUnlock: true})",
                new LockCommand.SetHomeMqtt(true, "broker.lan", 1884, "u", null, true));
        for (Map.Entry<String, LockCommand> e : expected.entrySet()) {
            String json = (String) script("const c = await import('/app/lock-commands.js'); return JSON.stringify(" + e.getKey() + ");");
            assertThat(LockCommands.parse(json)).as(e.getKey() + " → " + json).isEqualTo(e.getValue());
        }
        assertThat(script("const c = await import('/app/lock-commands.js'); return [c.needsSignature(c.changeSetting('PRIVACY_MODE', 'true')),"
                + " c.needsSignature(c.changeSetting('LANGUAGE', 'en')), c.needsSignature(c.remoteUnlock('a')),"
                + " c.needsSignature({type: 'DELETE_USER', user: 1})].join();"))
                .as("design §3: which commands need a device signature").isEqualTo("true,false,true,false");
    }

    private Object script(String body) {
        return page.run("trust.js", "trust", body);
    }
}
