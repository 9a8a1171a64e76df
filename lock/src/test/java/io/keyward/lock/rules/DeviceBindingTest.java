package io.keyward.lock.rules;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.panel.PanelState;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.SignedCommand;
import io.keyward.protocol.pairing.PairingPayload;
import io.keyward.protocol.trust.BindPayload;
import io.keyward.protocol.trust.BindProof;
import io.keyward.protocol.trust.DeviceSigner;
import io.keyward.protocol.visitor.VisitorCode;
import io.keyward.protocol.visitor.VisitorSecret;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.keyward.lock.rules.BindingSteps.bind;
import static io.keyward.lock.rules.BindingSteps.bound;
import static io.keyward.lock.rules.BindingSteps.doorQr;
import static io.keyward.lock.rules.BindingSteps.factoryReset;
import static io.keyward.lock.rules.BindingSteps.showDoorQr;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding owner devices at the lock (issue 15, docs/trust.md §4, §5, §6): BIND_DEVICE with a proof made
 * by a bind secret the lock showed on its own screen, through the cloud's signed link and the panel's
 * unsigned one alike; the visitor secret sealed to the device; every refusal changes nothing.
 */
@DisplayName("issue 15, trust design §4-§6: binding owner devices")
class DeviceBindingTest {

    static final String SERIAL = "KW-TEST";
    private static final KeyPair CLOUD = CommandSigning.newKeyPair();
    /** The visitor secret the cloud made at pairing: the cloud knows it. */
    private static final VisitorSecret CLOUDS_SECRET = VisitorSecret.of(new byte[32]);

    @TempDir
    Path dir;

    /** A lock with an administrator, paired with the cloud through its pairing QR; returns the QR's bind secret. */
    static String pair(TestLock t) {
        PanelState s = t.lock.holdSet(3, false);
        PairingPayload qr = PairingPayload.parse(s.screen().qr());
        t.lock.pairingCompleted(CommandSigning.encode(CLOUD.getPublic()), "tcp://127.0.0.1:0", "pw",
                CLOUDS_SECRET.toBase64Url());
        assertThat(t.lastEvent().kind()).isEqualTo(LockEvent.PAIRED);
        return qr.bind();
    }

    /** The visitor secret the lock stores now, read from its data. */
    static String storedVisitorSecret(TestLock t) {
        Matcher m = Pattern.compile("\"c\":\"visitorSecret\",\"secret\":\"([^\"]+)\"").matcher(t.lock.canonicalData());
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }

    /** Checks an accepted bind's reply: the device's id, a secret sealed to it, and the lock's MAC under the bind secret. */
    static String opened(CommandReply reply, DeviceSigner device, String bindSecret) {
        assertThat(reply.accepted()).as(String.valueOf(reply.message())).isTrue();
        assertThat(reply.data()).containsOnlyKeys("deviceId", "sealedVisitorSecret", "mac");
        assertThat(reply.data().get("deviceId")).isEqualTo(device.deviceId());
        String sealed = reply.data().get("sealedVisitorSecret");
        assertThat(BindProof.verifyReply(reply.data().get("mac"), bindSecret, SERIAL, device.deviceId(), sealed)).isTrue();
        return device.openSealed(sealed, SERIAL);
    }

    @Test
    @DisplayName("§4: the pairing QR carries a 22-character bind secret beside the pairing secret; the cloud's copy without it")
    void pairingQrCarriesBind() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            PairingPayload qr = PairingPayload.parse(t.lock.holdSet(3, false).screen().qr());
            assertThat(qr.bind()).hasSize(22).matches("[A-Za-z0-9_-]+").isNotEqualTo(qr.secret());
            assertThat(qr.encode()).contains("&bind=" + qr.bind());
            assertThat(qr.withoutBind().encode()).doesNotContain("bind");
            assertThat(t.state().pairing()).isNotNull(); // still pairing mode's QR (A3, issue 14)
        }
    }

    @Test
    @DisplayName("§4, §5, C6: the first phone binds through the cloud's signed link; its sealed secret is the lock's new visitor secret, codes of the cloud's copy stop opening")
    void firstPhoneThroughTheCloud() throws Exception {
        SignedReplies replies = new SignedReplies();
        try (TestLock t = TestLock.withAdministrator(dir)) {
            String bindSecret = pair(t);
            t.lock.listen(replies);
            t.settle();
            assertThat(storedVisitorSecret(t)).isEqualTo(CLOUDS_SECRET.toBase64Url());
            DeviceSigner alice = DeviceSigner.generate();
            SignedCommand c = CommandSigning.sign(CLOUD.getPrivate(), SERIAL,
                    LockCommands.write(bind(alice, bindSecret, "Alice's phone")), t.state().time(), 10);
            t.lock.signedCommand(c);

            String secret = opened(replies.byId.get(c.id()), alice, bindSecret);
            // a copy of the signed command (a broker's redelivery) gets the same answer, binds nothing more
            CommandReply first = replies.byId.get(c.id());
            replies.byId.clear();
            t.lock.signedCommand(c);
            assertThat(replies.byId.get(c.id())).isEqualTo(first);
            assertThat(t.events()).filteredOn(e -> LockEvent.DEVICE_BOUND.equals(e.kind())).hasSize(1);
            assertThat(secret).isEqualTo(storedVisitorSecret(t)).isNotEqualTo(CLOUDS_SECRET.toBase64Url());
            PanelState.Device device = t.state().devices().get(0);
            assertThat(t.state().devices()).hasSize(1);
            assertThat(device.deviceId()).isEqualTo(alice.deviceId());
            assertThat(device.name()).isEqualTo("Alice's phone");
            assertThat(device.how()).isEqualTo("PAIRING_QR");
            assertThat(device.boundAt()).isEqualTo(t.state().time());
            LockEvent bound = t.lastEvent(LockEvent.DEVICE_BOUND);
            assertThat(bound.detail()).isEqualTo(alice.deviceId() + " Alice's phone");
            LinkMessages.OwnerDevice reported = t.lock.reportedState().ownerDevices().get(0);
            assertThat(reported).isEqualTo(new LinkMessages.OwnerDevice(alice.deviceId(), "Alice's phone",
                    device.boundAt(), "PAIRING_QR"));

            long hour = VisitorCode.hourOf(t.state().time());
            t.type(VisitorCode.oneTime(CLOUDS_SECRET, hour).digits());
            assertThat(t.unlocked()).as("a code the cloud could make").isFalse();
            t.settle();
            t.type(VisitorCode.oneTime(VisitorSecret.fromBase64Url(secret), hour, 2).digits());
            assertThat(t.unlocked()).as("a code the phone makes with the sealed secret").isTrue();

        }
    }

    @Test
    @DisplayName("§4, §5: a phone bound later at the door gets the same visitor secret sealed to its own key; the lock's secret does not change")
    void secondPhoneSameSecret() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            String bindSecret = pair(t);
            DeviceSigner alice = DeviceSigner.generate();
            String first = opened(t.command(bind(alice, bindSecret, "Alice's phone")), alice, bindSecret);
            String doorSecret = doorQr(t);
            DeviceSigner bob = DeviceSigner.generate();
            String second = opened(t.command(bind(bob, doorSecret, "Bob's phone")), bob, doorSecret);
            assertThat(second).isEqualTo(first).isEqualTo(storedVisitorSecret(t));
            assertThat(t.state().devices()).extracting(PanelState.Device::how).containsExactly("PAIRING_QR", "DOOR");
            assertThat(t.state().devices()).extracting(PanelState.Device::deviceId)
                    .containsExactly(alice.deviceId(), bob.deviceId());
        }
    }

    /** Sends a bind that must be refused with reason, and checks nothing but the log changed. */
    private static void refused(TestLock t, LockCommand.BindDevice c, String reason) {
        String before = t.dataWithoutEvents();
        int devices = t.state().devices().size();
        CommandReply r = t.command(c);
        assertThat(r.accepted()).isFalse();
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.data()).isNull();
        assertThat(t.dataWithoutEvents()).isEqualTo(before);
        assertThat(t.state().devices()).hasSize(devices);
        LockEvent logged = t.lastEvent();
        assertThat(logged.kind()).isEqualTo(LockEvent.COMMAND_REFUSED);
        assertThat(logged.reason()).isEqualTo(reason);
    }

    @Test
    @DisplayName("§4: refused BAD_BIND_PROOF without a live secret, with a wrong proof, or a name changed after the proof; nothing changed, logged")
    void badProof() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            DeviceSigner alice = DeviceSigner.generate();
            refused(t, bind(alice, "AAAAAAAAAAAAAAAAAAAAAA", "Alice's phone"), "BAD_BIND_PROOF"); // none shown yet
            String bindSecret = pair(t);
            refused(t, bind(alice, "AAAAAAAAAAAAAAAAAAAAAA", "Alice's phone"), "BAD_BIND_PROOF");
            LockCommand.BindDevice good = bind(alice, bindSecret, "Alice's phone");
            refused(t, new LockCommand.BindDevice(good.deviceKey(), good.agreeKey(), "Mallory's phone", good.proof()),
                    "BAD_BIND_PROOF");
            DeviceSigner mallory = DeviceSigner.generate();
            refused(t, new LockCommand.BindDevice(mallory.deviceKey(), good.agreeKey(), good.name(), good.proof()),
                    "BAD_BIND_PROOF"); // another key under Alice's proof
            refused(t, new LockCommand.BindDevice(good.deviceKey(), good.agreeKey(), good.name(), null), "BAD_BIND_PROOF");
            assertThat(t.command(good).accepted()).as("the secret was not used up by the refusals").isTrue();
        }
    }

    @Test
    @DisplayName("§4: one use: the same secret refused for a second phone; the same phone again ALREADY_BOUND")
    void oneUse() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            String bindSecret = pair(t);
            DeviceSigner alice = DeviceSigner.generate();
            bound(t, alice, bindSecret, "Alice's phone");
            refused(t, bind(DeviceSigner.generate(), bindSecret, "Bob's phone"), "BAD_BIND_PROOF");
            refused(t, bind(alice, bindSecret, "Alice's phone"), "BAD_BIND_PROOF");
            String doorSecret = doorQr(t);
            refused(t, bind(alice, doorSecret, "Alice's phone"), "ALREADY_BOUND");
            assertThat(t.command(bind(DeviceSigner.generate(), doorSecret, "Bob's phone")).accepted())
                    .as("ALREADY_BOUND used nothing up").isTrue();
        }
    }

    @Test
    @DisplayName("§4: the pairing QR's bind secret binds until 10 minutes after it was shown, not at 10 minutes")
    void pairingSecretExpires() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            String bindSecret = pair(t);
            t.advance(599);
            DeviceSigner alice = DeviceSigner.generate();
            bound(t, alice, bindSecret, "Alice's phone");
        }
        try (TestLock t = TestLock.withAdministrator(dir.resolve("late"))) {
            String bindSecret = pair(t);
            t.advance(600);
            refused(t, bind(DeviceSigner.generate(), bindSecret, "Alice's phone"), "BAD_BIND_PROOF");
        }
    }

    @Test
    @DisplayName("§4: 8 owner devices at most: the 9th is refused TOO_MANY_DEVICES")
    void tooMany() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            String bindSecret = pair(t);
            bound(t, DeviceSigner.generate(), bindSecret, "phone 1");
            for (int i = 2; i <= 8; i++) {
                String door = doorQr(t);
                bound(t, DeviceSigner.generate(), door, "phone " + i);
            }
            String door = doorQr(t);
            refused(t, bind(DeviceSigner.generate(), door, "phone 9"), "TOO_MANY_DEVICES");
            assertThat(t.state().devices()).hasSize(8);
        }
    }

    @Test
    @DisplayName("§4: a name of 1 to 40 characters without control characters; keys must be P-256 SPKI; else refused, nothing changed")
    void badNameOrKeys() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            String bindSecret = pair(t);
            DeviceSigner alice = DeviceSigner.generate();
            List<String> badNames = new ArrayList<>(List.of("", "   ", "x".repeat(41), "Alice\nphone", "tab\there"));
            for (String name : badNames) {
                refused(t, bind(alice, bindSecret, name), "BAD_NAME");
            }
            refused(t, new LockCommand.BindDevice(null, alice.agreeKey(), "A", "p"), "BAD_DEVICE_KEY");
            refused(t, new LockCommand.BindDevice("AAAA", alice.agreeKey(), "A", "p"), "BAD_DEVICE_KEY");
            refused(t, new LockCommand.BindDevice(alice.deviceKey(), "not-a-key", "A", "p"), "BAD_DEVICE_KEY");
            String forty = "名".repeat(40);
            bound(t, alice, bindSecret, forty);
            assertThat(t.state().devices().get(0).name()).isEqualTo(forty);
        }
    }

    @Test
    @DisplayName("§4, D7: owner devices survive a restart, bind secrets do not; a factory reset forgets the devices")
    void restartAndReset() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            String bindSecret = pair(t);
            DeviceSigner alice = DeviceSigner.generate();
            bound(t, alice, bindSecret, "Alice's phone");
            String door = doorQr(t);
            t.reboot();
            assertThat(t.state().devices()).extracting(PanelState.Device::deviceId).containsExactly(alice.deviceId());
            assertThat(t.state().screen().qr()).as("the QR lived in RAM").isNull();
            refused(t, bind(DeviceSigner.generate(), door, "Bob's phone"), "BAD_BIND_PROOF");

            factoryReset(t);
            assertThat(t.lastEvent(LockEvent.FACTORY_RESET)).isNotNull();
            assertThat(t.state().devices()).isEmpty();
            assertThat(t.lock.reportedState().ownerDevices()).isEmpty();
            t.reboot();
            assertThat(t.state().devices()).isEmpty();
        }
    }

    @Test
    @DisplayName("§4, D7: a factory reset forgets a live bind secret too")
    void resetForgetsSecrets() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            String door = showDoorQr(t);
            factoryReset(t);
            assertThat(t.state().screen().qr()).isNull();
            t.createAdministrator(TestLock.ADMIN_PASSCODE);
            CommandReply r = t.command(bind(DeviceSigner.generate(), door, "Bob's phone"));
            assertThat(r.reason()).isEqualTo("BAD_BIND_PROOF");
        }
    }

    @Test
    @DisplayName("§4, E1: pairing again in trust mode keeps the lock's visitor secret, not the cloud's new one")
    void repairingKeepsTheSecret() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            String bindSecret = pair(t);
            DeviceSigner alice = DeviceSigner.generate();
            String secret = opened(t.command(bind(alice, bindSecret, "Alice's phone")), alice, bindSecret);
            t.settle();
            pair(t);
            assertThat(storedVisitorSecret(t)).isEqualTo(secret);
        }
    }

    @Test
    @DisplayName("§4: the door's bind QR is a BindPayload for this lock, not a pairing code")
    void doorQrIsABindPayload() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.lock.holdKey(Key.OK, 3);
            t.type(TestLock.ADMIN_PASSCODE);
            BindPayload qr = BindPayload.parse(t.state().screen().qr());
            assertThat(qr.serial()).isEqualTo(SERIAL);
            assertThat(t.state().pairing()).as("no pairing mode").isNull();
        }
    }
}
