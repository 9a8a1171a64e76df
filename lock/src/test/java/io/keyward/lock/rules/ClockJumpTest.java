package io.keyward.lock.rules;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.panel.PanelServer;
import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.bluetooth.RadioClient;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.SignedCommand;
import io.keyward.protocol.visitor.VisitorCode;
import io.keyward.protocol.visitor.VisitorSecret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, fault injection 4: the lock's hardware clock jumps back and forward. The rule
 * (docs/lock.md "Time"): the lock's time never runs back; a backward jump is absorbed and the lock's
 * time then runs at half speed until the clock has caught up; a forward jump is taken at once. So
 * timers (relock, lockout, enrolment) keep running, no lockout is lifted early by a jump back, and
 * nothing that expired (a visitor code, a Bluetooth key, a signed command) comes back.
 */
@DisplayName("Faults: the lock's clock jumps (SPEC D1, C8, E1, E2, C5, C6)")
class ClockJumpTest {

    private static final KeyPair CLOUD = CommandSigning.newKeyPair();
    private static final KeyPair DEVICE = DeviceKeys.newKeyPair();
    private static final Duration HOUR = Duration.ofHours(1);
    private static int faults;

    @TempDir
    Path dir;

    @AfterAll
    static void counts() {
        System.out.println("faults: " + faults + " clock jumps injected on the lock");
    }

    private static void jump(JumpingClock clock, Duration delta) {
        clock.jump(delta);
        faults++;
    }

    @Test
    @DisplayName("C8: after the clock jumps back an hour, an opened lock still relocks after its relock time")
    void fault01_relockTimerRunsAfterTheClockJumpsBack() throws Exception {
        JumpingClock clock = new JumpingClock();
        try (TestLock t = TestLock.withAdministrator(dir, clock)) {
            t.settle();
            jump(clock, HOUR.negated());
            t.type("9" + TestLock.ADMIN_PASSCODE);
            assertThat(t.unlocked()).isTrue();
            t.advance(30); // relock time 10 s, even at half speed well within 30 s
            assertThat(t.unlocked()).as("relocked after the jump back").isFalse();
        }
    }

    @Test
    @DisplayName("D1: a jump back neither lifts a lockout nor stretches it by the jump; a jump forward is time gone by")
    void fault02_lockoutKeepsItsLengthWhenTheClockJumpsBack() throws Exception {
        JumpingClock clock = new JumpingClock();
        try (TestLock t = TestLock.withAdministrator(dir, clock)) {
            t.settle();
            lockOut(t);
            jump(clock, Duration.ofMinutes(3));
            t.lock.touch();
            assertThat(t.state().lockout().active()).as("3 minutes ahead: the lockout's time is over").isFalse();
            t.settle();

            lockOut(t);
            jump(clock, HOUR.negated());
            t.type(TestLock.ADMIN_PASSCODE);
            assertThat(t.unlocked()).as("not lifted by the jump back").isFalse();
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("LOCKED_OUT");
            t.advance(60);
            assertThat(t.state().lockout().active()).as("a minute later (half speed), still locked out").isTrue();
            t.advance(9 * 60);
            assertThat(t.state().lockout().active()).as("not stretched by the hour of the jump").isFalse();
            t.type(TestLock.ADMIN_PASSCODE);
            assertThat(t.unlocked()).isTrue();

        }
    }

    private static void lockOut(TestLock t) {
        for (int i = 0; i < 5; i++) {
            t.type("000000");
        }
        assertThat(t.state().lockout().active()).isTrue();
    }

    @Test
    @DisplayName("E1: a one-time visitor code used once is refused after the clock jumps back, also across a reboot")
    void clockJump_oneTimeVisitorCodeNotReusable() throws Exception {
        VisitorSecret secret = VisitorSecret.of(new byte[32]);
        JumpingClock clock = new JumpingClock();
        try (TestLock t = TestLock.withAdministrator(dir, clock)) {
            t.lock.holdSet(3, false);
            t.lock.pairingCompleted(CommandSigning.encode(CLOUD.getPublic()), "tcp://127.0.0.1:0", "pw",
                    secret.toBase64Url());
            t.settle();
            VisitorCode code = VisitorCode.oneTime(secret, VisitorCode.hourOf(clock.now()));
            t.type(code.digits());
            assertThat(t.unlocked()).isTrue();
            t.settle();
            jump(clock, Duration.ofHours(-2));
            t.type(code.digits());
            assertThat(t.unlocked()).as("used once, whatever the clock says").isFalse();
            t.settle();

            JumpingClock behind = new JumpingClock();
            jump(behind, Duration.ofHours(-3));
            t.reboot(behind);
            t.type(code.digits());
            assertThat(t.unlocked()).as("after a reboot onto a clock that is behind").isFalse();
            long opened = t.events().stream().filter(e -> LockEvent.UNLOCK.equals(e.kind()) && "OK".equals(e.result())
                    && "VISITOR_PASSCODE".equals(e.method())).count();
            assertThat(opened).as("the code's use logged once").isEqualTo(1);
        }
    }

    @Test
    @DisplayName("C5: a Bluetooth key that expired stays expired after the clock jumps back")
    void fault03_expiredBluetoothKeyStaysExpiredAfterAJumpBack() throws Exception {
        JumpingClock clock = new JumpingClock();
        try (TestLock t = TestLock.pairedWith(dir, CLOUD, clock);
             PanelServer server = PanelServer.start(t.lock, 0)) {
            t.lock.radioUrl(server.baseUrl());
            RadioClient radio = new RadioClient(server.baseUrl());
            Instant now = t.state().time();
            BluetoothKey key = new BluetoothKey("KW-TEST", "key-jump", DeviceKeys.encode(DEVICE.getPublic()),
                    "member@example.com", KeyRole.MEMBER, now.minus(HOUR), now.plusSeconds(60), now.minus(HOUR));
            assertThat(radio.connect(key.sign(CLOUD.getPrivate()), DEVICE).ok()).isTrue();
            t.advance(120);
            assertThat(radio.connect(key.sign(CLOUD.getPrivate()), DEVICE).reason()).isEqualTo("EXPIRED");
            jump(clock, Duration.ofMinutes(-10));
            RadioClient.Handshake again = radio.connect(key.sign(CLOUD.getPrivate()), DEVICE);
            assertThat(again.ok()).as("the expired key came back after the jump").isFalse();
            assertThat(again.reason()).isEqualTo("EXPIRED");
        }
    }

    @Test
    @DisplayName("C6: a signed command obeyed once is not obeyed again when the clock jumps forward and back")
    void clockJump_signedCommandNotObeyedTwice() throws Exception {
        JumpingClock clock = new JumpingClock();
        SignedReplies replies = new SignedReplies();
        try (TestLock t = TestLock.pairedWith(dir, CLOUD, clock)) {
            t.lock.listen(replies);
            t.set(Setting.REMOTE_UNLOCK, "true");
            SignedCommand unlock = CommandSigning.sign(CLOUD.getPrivate(), "KW-TEST",
                    LockCommands.write(new LockCommand.RemoteUnlock("alice@example.com")), t.state().time(), 10);
            t.lock.signedCommand(unlock);
            assertThat(replies.byId.get(unlock.id()).accepted()).isTrue();
            t.settle();
            jump(clock, HOUR);
            t.lock.touch(); // the lock forgets nonces of commands that expired
            jump(clock, HOUR.negated());
            replies.byId.clear();
            t.lock.signedCommand(unlock);
            assertThat(replies.byId.get(unlock.id()).accepted()).as("replayed after forward and back").isFalse();
            assertThat(t.unlocked()).isFalse();
        }
    }
}
