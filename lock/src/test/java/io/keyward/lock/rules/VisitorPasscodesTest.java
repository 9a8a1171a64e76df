package io.keyward.lock.rules;

import io.keyward.lock.core.Change;
import io.keyward.lock.core.LockData;
import io.keyward.lock.core.LockEvent;
import io.keyward.lock.shell.LockStorage;
import io.keyward.lock.sim.ManualClock;
import io.keyward.lock.storage.FileRecordStore;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.visitor.VisitorCode;
import io.keyward.protocol.visitor.VisitorSecret;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC E1, E2, E4 on the lock: offline visitor passcodes typed on the keypad (docs/visitor-passcodes.md). */
@DisplayName("SPEC E1, E2, E4: offline visitor passcodes on the keypad")
class VisitorPasscodesTest {

    private static final VisitorSecret SECRET = VisitorSecret.of(new byte[32]);
    /** The hour of the test clock's start (2026-01-05T08:00Z). */
    private static final long NOW = VisitorCode.hourOf(ManualClock.START);
    private static final long HOUR = 3600;

    @TempDir
    Path dir;

    /** A lock with an administrator and the visitor secret stored as pairing stores it, without any cloud link. */
    private TestLock lockWithSecret() throws IOException {
        TestLock t = TestLock.withAdministrator(dir);
        t.lock.close();
        try (LockStorage storage = new LockStorage(FileRecordStore.open(dir))) {
            LockData data = storage.load();
            Change change = new Change.VisitorSecretSet(SECRET.toBase64Url());
            data.apply(change);
            storage.persist(List.of(change), data);
        }
        t.reboot();
        assertThat(t.lock.cloud()).as("no cloud link at all").isNull();
        t.settle();
        return t;
    }

    private static void opened(TestLock t, VisitorCode code) {
        t.type(code.digits());
        assertThat(t.unlocked()).as("opens").isTrue();
        LockEvent e = t.lastEvent(LockEvent.UNLOCK);
        assertThat(e.method()).isEqualTo("VISITOR_PASSCODE");
        assertThat(e.result()).isEqualTo("OK");
        assertThat(e.detail()).isEqualTo(code.kind() + "/" + code.fromHour() + "/" + code.id().variant());
        t.settle();
    }

    private static void refused(TestLock t, VisitorCode code, String reason) {
        t.type(code.digits());
        assertThat(t.unlocked()).as("stays locked").isFalse();
        assertThat(t.lastPrompt()).as("the same prompt as a wrong passcode").isEqualTo("VERIFICATION_FAILED");
        LockEvent e = t.lastEvent(LockEvent.UNLOCK);
        assertThat(e.result()).isEqualTo("REFUSED");
        assertThat(e.reason()).isEqualTo(reason);
        t.settle();
    }

    @Test
    @DisplayName("E1: a one-time code made offline opens once; typed again it is refused (VISITOR_USED), without any cloud link")
    void oneTimeOpensOnce() throws Exception {
        try (TestLock t = lockWithSecret()) {
            VisitorCode code = VisitorCode.oneTime(SECRET, NOW);
            opened(t, code);
            refused(t, code, "VISITOR_USED");
            assertThat(t.lastEvent(LockEvent.UNLOCK).detail()).isEqualTo("ONE_TIME/" + NOW + "/0");
        }
    }

    @Test
    @DisplayName("E1: a one-time code unused within its 6-hour window is refused (VISITOR_EXPIRED)")
    void oneTimeExpires() throws Exception {
        try (TestLock t = lockWithSecret()) {
            VisitorCode code = VisitorCode.oneTime(SECRET, NOW, 3);
            t.advance(6 * HOUR);
            refused(t, code, "VISITOR_EXPIRED");
        }
    }

    @Test
    @DisplayName("E2: a periodic code is refused before its period, opens again and again inside it, is refused after")
    void periodic() throws Exception {
        try (TestLock t = lockWithSecret()) {
            VisitorCode code = VisitorCode.periodic(SECRET, NOW + 2, NOW + 2 + 48);
            refused(t, code, "VISITOR_NOT_YET");
            t.advance(2 * HOUR);
            opened(t, code);
            t.advance(20 * HOUR);
            opened(t, code);
            t.advance(29 * HOUR); // past start + 48 h
            refused(t, code, "VISITOR_EXPIRED");
        }
    }

    @Test
    @DisplayName("E1: a revoke code typed on the keypad is logged and confirmed; the revoked code is refused (VISITOR_REVOKED)")
    void revokeOnKeypad() throws Exception {
        try (TestLock t = lockWithSecret()) {
            VisitorCode code = VisitorCode.oneTime(SECRET, NOW + 1, 5);
            VisitorCode revoke = VisitorCode.revoke(SECRET, code, NOW);
            t.type(revoke.digits());
            assertThat(t.unlocked()).as("a revoke code never opens").isFalse();
            assertThat(t.lastPrompt()).isEqualTo("OPERATION_SUCCESSFUL");
            LockEvent e = t.lastEvent();
            assertThat(e.kind()).isEqualTo(LockEvent.VISITOR_CODE_REVOKED);
            assertThat(e.detail()).isEqualTo("ONE_TIME/" + (NOW + 1) + "/5");
            t.advance(HOUR);
            refused(t, code, "VISITOR_REVOKED");
        }
    }

    @Test
    @DisplayName("E1: what the lock remembers of visitor codes survives a reboot; a factory reset forgets the secret (D7)")
    void survivesReboot() throws Exception {
        try (TestLock t = lockWithSecret()) {
            VisitorCode code = VisitorCode.oneTime(SECRET, NOW, 1);
            opened(t, code);
            t.reboot();
            t.settle();
            refused(t, code, "VISITOR_USED");

            t.lock.battery(null, false);
            t.lock.holdSet(5, true);
            t.press("OK");
            assertThat(t.lastEvent().kind()).isEqualTo(LockEvent.FACTORY_RESET);
            assertThat(t.lock.canonicalData()).doesNotContain("visitorSecret");
        }
    }

    @Test
    @DisplayName("A3, E1: the secret comes with pairing; a code of this secret opens, one of another lock is a wrong passcode")
    void secretFromPairing() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.lock.holdSet(3, false);
            t.lock.pairingCompleted(CommandSigning.encode(CommandSigning.newKeyPair().getPublic()), "tcp://127.0.0.1:0",
                    "pw", SECRET.toBase64Url());
            assertThat(t.lastEvent().kind()).isEqualTo(LockEvent.PAIRED);
            t.settle();
            t.type(VisitorCode.oneTime(VisitorSecret.generate(), NOW).digits());
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("WRONG_CREDENTIAL");
            t.settle();
            opened(t, VisitorCode.oneTime(SECRET, NOW));
        }
    }

    @Test
    @DisplayName("E4, D4: privacy mode refuses a visitor code without using it up")
    void privacyMode() throws Exception {
        try (TestLock t = lockWithSecret()) {
            VisitorCode code = VisitorCode.oneTime(SECRET, NOW, 2);
            t.set(Setting.PRIVACY_MODE, "true");
            refused(t, code, "PRIVACY_MODE");
            t.set(Setting.PRIVACY_MODE, "false");
            opened(t, code);
        }
    }

    @Test
    @DisplayName("E4, D1: refused visitor codes count toward the lockout, and a lockout refuses a good visitor code")
    void lockout() throws Exception {
        try (TestLock t = lockWithSecret()) {
            VisitorCode used = VisitorCode.oneTime(SECRET, NOW, 4);
            opened(t, used);
            for (int i = 0; i < 5; i++) {
                t.type(used.digits());
                t.advance(10);
            }
            assertThat(t.state().lockout().active()).isTrue();
            t.type(VisitorCode.oneTime(SECRET, NOW, 6).digits());
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("LOCKED_OUT");
            t.advance(180);
            opened(t, VisitorCode.oneTime(SECRET, NOW, 6));
        }
    }

    @Test
    @DisplayName("E1, E2: a code revoked by sync before its first use is refused (VISITOR_REVOKED); the revocation survives a reboot")
    void revokeBySync() throws Exception {
        try (TestLock t = lockWithSecret()) {
            VisitorCode oneTime = VisitorCode.oneTime(SECRET, NOW + 1, 7);
            VisitorCode periodic = VisitorCode.periodic(SECRET, NOW, NOW + 48);
            for (VisitorCode code : List.of(oneTime, periodic)) {
                String id = code.kind() + "/" + code.fromHour() + "/" + code.id().variant();
                var reply = t.command(new io.keyward.protocol.command.LockCommand.RevokeVisitorCode(id));
                assertThat(reply.accepted()).as(reply.message()).isTrue();
                assertThat(t.lastEvent().kind()).isEqualTo(LockEvent.VISITOR_CODE_REVOKED);
                assertThat(t.lastEvent().detail()).isEqualTo(id);
            }
            t.reboot();
            t.settle();
            refused(t, periodic, "VISITOR_REVOKED");
            t.advance(HOUR);
            refused(t, oneTime, "VISITOR_REVOKED");
        }
    }

    @Test
    @DisplayName("E1, E2: a revocation by sync that does not name a visitor code is refused and changes nothing")
    void revokeBySyncRefusals() throws Exception {
        try (TestLock t = lockWithSecret()) {
            String before = t.dataWithoutEvents();
            for (String bad : new String[] {"", "ONE_TIME/1", "ONE_TIME/x/1", "REVOKE/" + NOW + "/1", "ONE_TIME/" + NOW + "/99",
                    "PERIODIC/-1/0", "one_time/" + NOW + "/1", null}) {
                var reply = t.command(new io.keyward.protocol.command.LockCommand.RevokeVisitorCode(bad));
                assertThat(reply.accepted()).as(bad).isFalse();
                assertThat(reply.reason()).isEqualTo("BAD_VISITOR_CODE");
            }
            assertThat(t.dataWithoutEvents()).isEqualTo(before);
            VisitorCode code = VisitorCode.oneTime(SECRET, NOW, 8);
            opened(t, code); // still opens: nothing was revoked
        }
    }
}
