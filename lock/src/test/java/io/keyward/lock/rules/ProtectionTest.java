package io.keyward.lock.rules;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.panel.PanelPort;
import io.keyward.lock.panel.PanelState;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.Setting;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("SPEC B8, D1-D8: protection and alarms")
class ProtectionTest {

    private static final String WRONG = "97531864";

    @TempDir
    Path dir;

    private static void wrongTry(TestLock t) {
        t.type(WRONG);
    }

    @Test
    @DisplayName("D1: the 5th wrong try inside 5 minutes locks face, fingerprint and passcode for 3 minutes, with alarm")
    void fiveWrongInsideFiveMinutes() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.enrolFingerprint(1, "admin-thumb", false);
            t.settle();
            for (int i = 0; i < 4; i++) {
                wrongTry(t);
                t.advance(74); // tries at 0, 74, 148, 222, 296 s: all inside 5 minutes
            }
            assertThat(t.state().lockout().active()).isFalse();
            wrongTry(t);
            PanelState s = t.state();
            assertThat(s.lockout().active()).isTrue();
            assertThat(s.alarms()).anyMatch(a -> a.kind().equals("SYSTEM_LOCKED") && a.active());
            assertThat(t.lastEvent(LockEvent.ALARM).alarm()).isEqualTo("SYSTEM_LOCKED");
            assertThat(t.lock.sirenSounding()).isTrue();

            t.type(TestLock.ADMIN_PASSCODE); // the 6th try, even the right passcode, is refused
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("LOCKED_OUT");
            t.lock.finger("admin-thumb", 0.9);
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("LOCKED_OUT");

            t.advance(179);
            assertThat(t.state().lockout().active()).isTrue();
            t.advance(1);
            assertThat(t.state().lockout().active()).as("lockout ends at 3 minutes").isFalse();
            t.type(TestLock.ADMIN_PASSCODE);
            assertThat(t.unlocked()).isTrue();
        }
    }

    @Test
    @DisplayName("D1: 5 wrong tries spread over 6 minutes do not lock")
    void fiveWrongSpreadOverSix() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            for (int i = 0; i < 5; i++) {
                wrongTry(t);
                t.advance(90); // tries at 0, 90, 180, 270, 360 s
            }
            assertThat(t.state().lockout().active()).isFalse();
            assertThat(t.events()).noneMatch(e -> "SYSTEM_LOCKED".equals(e.alarm()));
            t.type(TestLock.ADMIN_PASSCODE);
            assertThat(t.unlocked()).isTrue();
        }
    }

    @Test
    @DisplayName("D1: an administrator lifts the lockout from the app; switched off, it never locks")
    void liftAndSwitchOff() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            for (int i = 0; i < 5; i++) {
                wrongTry(t);
            }
            assertThat(t.state().lockout().active()).isTrue();
            assertThat(t.command(new LockCommand.LiftLockout()).accepted()).isTrue();
            assertThat(t.state().lockout().active()).isFalse();
            assertThat(t.lastEvent().kind()).isEqualTo(LockEvent.LOCKOUT_LIFTED);
            t.type(TestLock.ADMIN_PASSCODE);
            assertThat(t.unlocked()).isTrue();

            t.set(Setting.TRIAL_AND_ERROR_LOCK, "false");
            t.settle();
            for (int i = 0; i < 10; i++) {
                wrongTry(t);
            }
            assertThat(t.state().lockout().active()).isFalse();
        }
    }

    @Test
    @DisplayName("B8: a duress passcode opens exactly like a normal one, silently raising a duress alarm")
    void duress() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            int bob = t.addUser("Bob", LockUserRole.USER);
            t.enrolPasscode(bob, "246813", false);
            t.enrolPasscode(bob, "808142", true);
            t.settle();
            t.type("246813");
            PanelState normal = t.state();
            t.settle();
            t.type("808142");
            PanelState duress = t.state();
            assertThat(t.unlocked()).isTrue();
            assertThat(duress.alarms()).isEqualTo(normal.alarms());
            assertThat(duress.prompts().get(duress.prompts().size() - 1).id()).isEqualTo("DOOR_UNLOCKED");
            assertThat(duress.screen()).isEqualTo(normal.screen());
            assertThat(t.lastEvent(LockEvent.ALARM).alarm()).isEqualTo("DURESS");
            assertThat(t.lock.sirenSounding()).isFalse();
        }
    }

    @Test
    @DisplayName("D2: forced removal sounds an alarm for about one minute and logs it")
    void tamper() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.lock.tamper();
            assertThat(t.lastEvent(LockEvent.ALARM).alarm()).isEqualTo("TAMPER");
            assertThat(t.state().alarms()).anyMatch(a -> a.kind().equals("TAMPER") && a.active());
            assertThat(t.lock.sirenSounding()).isTrue();
            t.advance(59);
            assertThat(t.lock.sirenSounding()).isTrue();
            t.advance(1);
            assertThat(t.lock.sirenSounding()).isFalse();
            assertThat(t.state().alarms()).noneMatch(PanelState.Alarm::active);
        }
    }

    @Test
    @DisplayName("D3: below 20 % the indicator lights, each wake reminds, and the app is alerted once per drop")
    void lowBattery() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            t.lock.battery(20, null);
            assertThat(t.state().battery().low()).isFalse();
            t.lock.battery(19, null);
            assertThat(t.state().battery().low()).isTrue();
            t.lock.battery(15, null);
            assertThat(t.events().stream().filter(e -> "LOW_BATTERY".equals(e.alarm()))).hasSize(1);
            t.lock.touch();
            assertThat(t.lastPrompt()).isEqualTo("LOW_BATTERY");
            t.settle();
            t.lock.touch();
            assertThat(t.lastPrompt()).isEqualTo("LOW_BATTERY");
            t.lock.battery(80, null);
            t.lock.battery(10, null);
            assertThat(t.events().stream().filter(e -> "LOW_BATTERY".equals(e.alarm()))).hasSize(2);
        }
    }

    @Test
    @DisplayName("D4: privacy mode refuses a user but not an administrator, and mutes the lock")
    void privacyMode() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            int bob = t.addUser("Bob", LockUserRole.USER);
            t.enrolPasscode(bob, "246813", false);
            t.set(Setting.PRIVACY_MODE, "true");
            t.settle();
            assertThat(t.state().muted()).isTrue();
            assertThat(t.state().modes().privacy()).isTrue();
            t.type("246813");
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("PRIVACY_MODE");
            assertThat(t.state().prompts().get(t.state().prompts().size() - 1).silent()).isTrue();
            t.type(TestLock.ADMIN_PASSCODE);
            assertThat(t.unlocked()).isTrue();
        }
    }

    @Test
    @DisplayName("D5: 🏡 toggles leaving-home mode; opening from inside then raises an alarm")
    void leavingHome() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            t.lock.handle(PanelPort.HandleAction.PUSH);
            assertThat(t.events()).noneMatch(e -> "LEAVING_HOME_INSIDE_OPENING".equals(e.alarm()));
            t.settle();
            t.press("HOME");
            assertThat(t.state().modes().leavingHome()).isTrue();
            assertThat(t.lastPrompt()).isEqualTo("LEAVING_HOME_ON");
            t.lock.handle(PanelPort.HandleAction.PUSH);
            assertThat(t.lastEvent(LockEvent.ALARM).alarm()).isEqualTo("LEAVING_HOME_INSIDE_OPENING");
            t.settle();
            t.press("HOME");
            assertThat(t.state().modes().leavingHome()).isFalse();
        }
    }

    @Test
    @DisplayName("D6: holding 0 mutes the lock until it sleeps")
    void oneTimeMute() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            t.lock.touch();
            t.lock.holdKey(io.keyward.lock.hardware.Key.D0, 3);
            assertThat(t.state().muted()).isTrue();
            t.type(TestLock.ADMIN_PASSCODE);
            assertThat(t.unlocked()).isTrue();
            assertThat(t.state().prompts().get(t.state().prompts().size() - 1).silent()).isTrue();
            t.advance(20);
            assertThat(t.state().muted()).isFalse();
        }
    }

    @Test
    @DisplayName("D7: battery out, hold SET 5 s while putting it back, ✓ restores factory settings")
    void factoryReset() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            int bob = t.addUser("Bob", LockUserRole.USER);
            t.enrolPasscode(bob, "246813", false);
            t.set(Setting.PRIVACY_MODE, "true");
            long lastSeq = t.lastEvent().seq();
            t.lock.battery(null, false);
            assertThat(t.state().powered()).isFalse();
            t.lock.holdSet(5, true);
            assertThat(t.lastPrompt()).isEqualTo("CONFIRM_FACTORY_RESET");
            assertThat(t.state().keypad().lit()).containsExactlyInAnyOrder("OK", "BACK");
            t.press("OK");
            assertThat(t.events()).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(LockEvent.FACTORY_RESET);
                assertThat(e.seq()).isGreaterThan(lastSeq);
            });
            assertThat(t.state().modes().privacy()).isFalse();
            t.lock.touch();
            assertThat(t.lastPrompt()).isEqualTo("CREATE_ADMIN");
            t.reboot();
            assertThat(t.lock.view().privacy()).isFalse();
            t.lock.touch();
            assertThat(t.lastPrompt()).isEqualTo("CREATE_ADMIN");
        }
    }

    @Test
    @DisplayName("D7: a shorter hold, or ↶ at the prompt, restores nothing")
    void factoryResetRefused() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.lock.battery(null, false);
            t.lock.holdSet(4, true);
            assertThat(t.state().powered()).isTrue();
            assertThat(t.promptIds()).doesNotContain("CONFIRM_FACTORY_RESET");
            t.lock.battery(null, false);
            t.lock.holdSet(5, true);
            t.press("BACK");
            t.settle();
            t.type(TestLock.ADMIN_PASSCODE);
            assertThat(t.unlocked()).isTrue();
        }
    }

    @Test
    @DisplayName("D8: 🔔 rings and is logged for the app")
    void doorbell() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.press("BELL");
            assertThat(t.lastPrompt()).isEqualTo("DOORBELL");
            assertThat(t.lastEvent().kind()).isEqualTo(LockEvent.DOORBELL);
        }
    }

    @Test
    @DisplayName("A3: holding SET 3 s shows a pairing QR for 5 minutes; not without an administrator")
    void pairingMode() throws Exception {
        try (TestLock t = new TestLock(dir)) {
            t.lock.holdSet(3, false);
            assertThat(t.state().screen().qr()).isNull();
            t.createAdministrator(TestLock.ADMIN_PASSCODE);
            t.lock.holdSet(3, false);
            assertThat(t.lastPrompt()).isEqualTo("PAIRING_MODE");
            String qr = t.state().screen().qr();
            io.keyward.protocol.pairing.PairingPayload p = io.keyward.protocol.pairing.PairingPayload.parse(qr);
            assertThat(p.serial()).isEqualTo("KW-TEST");
            assertThat(p.expires()).isEqualTo(t.state().time().plusSeconds(300));
            t.advance(299);
            assertThat(t.state().screen().qr()).isEqualTo(qr);
            t.advance(1);
            assertThat(t.state().screen().qr()).isNull();
        }
    }
}
