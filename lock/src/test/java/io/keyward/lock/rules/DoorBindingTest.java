package io.keyward.lock.rules;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.panel.PanelState;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.trust.BindPayload;
import io.keyward.protocol.trust.DeviceSigner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.keyward.lock.rules.BindingSteps.bind;
import static io.keyward.lock.rules.BindingSteps.doorQr;
import static io.keyward.lock.rules.BindingSteps.holdToBind;
import static io.keyward.lock.rules.BindingSteps.newPhone;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding a new phone at the door (issue 15, docs/trust.md §4): hold ✓ 3 s, an administrator's exact
 * non-duress passcode and ✓, then a bind QR for 5 minutes that binds once. A wrong passcode is a failed
 * verification (SPEC D1); ↶ and the 20 s keypad timeout (A6) cancel; the passcode never opens the door here.
 */
@DisplayName("issue 15, trust design §4: binding a phone at the door")
class DoorBindingTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("§4: hold ✓ 3 s, the administrator's passcode: a bind QR for 5 minutes, logged, the door stays locked; it binds once")
    void success() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            PanelState asked = holdToBind(t);
            assertThat(t.lastPrompt()).isEqualTo("ENTER_ADMIN_PASSCODE");
            assertThat(asked.screen().qr()).isNull();
            assertThat(asked.keypad().lit()).contains("1", "OK", "BACK");
            PanelState shown = t.type(TestLock.ADMIN_PASSCODE);
            assertThat(t.lastPrompt()).isEqualTo("SCAN_TO_BIND");
            assertThat(t.unlocked()).as("the passcode binds here, it does not open").isFalse();
            BindPayload qr = BindPayload.parse(shown.screen().qr());
            assertThat(qr.serial()).isEqualTo("KW-TEST");
            assertThat(qr.expires()).isEqualTo(shown.time().plusSeconds(300));
            assertThat(shown.screen().text()).isEqualTo("Please scan the QR code with the new phone to bind it");
            assertThat(shown.pairing()).as("not pairing mode").isNull();
            LockEvent logged = t.lastEvent(LockEvent.BIND_MODE);
            assertThat(logged.user()).isEqualTo(1);
            assertThat(logged.credential()).isEqualTo("passcode-1");

            assertThat(t.advance(30).screen().qr()).as("the QR outlives the keypad's 20 s").isEqualTo(shown.screen().qr());
            DeviceSigner bob = DeviceSigner.generate();
            assertThat(t.command(bind(bob, qr.bind(), "Bob's phone")).accepted()).isTrue();
            assertThat(t.state().screen().qr()).as("used: the QR leaves the screen").isNull();
            assertThat(t.state().devices()).extracting(PanelState.Device::how).containsExactly("DOOR");
            assertThat(t.command(bind(DeviceSigner.generate(), qr.bind(), "Eve's phone")).reason())
                    .isEqualTo("BAD_BIND_PROOF");
        }
    }

    @Test
    @DisplayName("§4: the door's QR and its secret end after 5 minutes")
    void expiresAfterFiveMinutes() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            String secret = doorQr(t);
            assertThat(t.advance(299).screen().qr()).isNotNull();
            assertThat(t.advance(1).screen().qr()).isNull();
            assertThat(newPhone(t, secret).reason()).isEqualTo("BAD_BIND_PROOF");
            assertThat(t.state().devices()).isEmpty();
        }
    }

    @Test
    @DisplayName("§4: bind secrets live in RAM: a power cut (battery out, no USB) takes the QR and its secret away")
    void powerCutForgets() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            String secret = doorQr(t);
            t.lock.battery(null, false);
            t.lock.battery(null, true);
            assertThat(t.state().powered()).isTrue();
            assertThat(t.state().screen().qr()).isNull();
            assertThat(newPhone(t, secret).reason()).isEqualTo("BAD_BIND_PROOF");
        }
    }

    @Test
    @DisplayName("§4: ✓ held under 3 s is a press of ✓; in Chinese the prompts are Chinese")
    void shortHoldAndChinese() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            t.lock.holdKey(Key.OK, 2.9);
            assertThat(t.promptIds()).doesNotContain("ENTER_ADMIN_PASSCODE");
            t.settle();
            t.set(Setting.LANGUAGE, "ZH");
            t.lock.holdKey(Key.OK, 3);
            assertThat(t.state().prompts().get(t.state().prompts().size() - 1).text()).isEqualTo("请输入管理员密码并按确认键");
            PanelState shown = t.type(TestLock.ADMIN_PASSCODE);
            assertThat(shown.screen().text()).isEqualTo("请用新手机的App扫描二维码完成绑定");
        }
    }

    @Test
    @DisplayName("§4, D1: a wrong passcode answers OPERATION_FAILED and counts; the 5th starts the lockout, then the flow is refused SYSTEM_LOCKED")
    void wrongPasscodesLockOut() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            holdToBind(t);
            for (int i = 1; i <= 4; i++) {
                t.type("975310");
                assertThat(t.lastPrompt()).isEqualTo("OPERATION_FAILED");
                assertThat(t.lastEvent().kind()).isEqualTo(LockEvent.COMMAND_REFUSED);
                assertThat(t.lastEvent().reason()).isEqualTo("WRONG_CREDENTIAL");
                assertThat(t.state().lockout().active()).isFalse();
            }
            t.type("975310");
            assertThat(t.state().lockout().active()).as("D1: the 5th failure within 5 minutes").isTrue();
            assertThat(t.lastPrompt()).isEqualTo("SYSTEM_LOCKED");
            assertThat(t.state().screen().qr()).isNull();

            t.lock.holdKey(Key.OK, 3);
            assertThat(t.lastPrompt()).as("the 6th: refused during the lockout").isEqualTo("SYSTEM_LOCKED");
            t.type(TestLock.ADMIN_PASSCODE);
            assertThat(t.state().screen().qr()).isNull();
            assertThat(t.unlocked()).isFalse();
            assertThat(t.promptIds()).doesNotContain("SCAN_TO_BIND");
        }
    }

    @Test
    @DisplayName("§4, D1: failures at the bind prompt and at the keypad count together")
    void failuresCountTogether() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            holdToBind(t);
            t.type("975310");
            t.type("975311");
            t.press("BACK");
            t.type("975312");
            t.type("975313");
            assertThat(t.state().lockout().active()).isFalse();
            t.type("975314");
            assertThat(t.state().lockout().active()).isTrue();
        }
    }

    @Test
    @DisplayName("§4: a user's passcode, a duress passcode (its silent alarm raised) and the administrator's inside more digits are refused")
    void onlyAnAdministratorsExactPasscode() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            int bob = t.addUser("Bob", LockUserRole.USER);
            t.enrolPasscode(bob, "246813", false);
            t.enrolPasscode(1, "802468", true);
            holdToBind(t);
            for (String code : new String[] {"246813", "802468", "9" + TestLock.ADMIN_PASSCODE}) {
                t.type(code);
                assertThat(t.lastPrompt()).as(code).isEqualTo("OPERATION_FAILED");
                assertThat(t.state().screen().qr()).as(code).isNull();
                assertThat(t.unlocked()).as(code).isFalse();
            }
            assertThat(t.events()).filteredOn(e -> "DURESS".equals(e.alarm())).hasSize(1);
            assertThat(t.state().prompts()).noneMatch(p -> p.text().contains("uress")); // B8: silent
            t.type(TestLock.ADMIN_PASSCODE);
            assertThat(t.lastPrompt()).isEqualTo("SCAN_TO_BIND");
        }
    }

    @Test
    @DisplayName("§4, A6: ↶ cancels the prompt, and so does the keypad's 20 s timeout: the passcode then opens as usual")
    void backAndTimeoutCancel() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            holdToBind(t);
            t.press("1 3 BACK");
            t.type(TestLock.ADMIN_PASSCODE);
            assertThat(t.state().screen().qr()).isNull();
            assertThat(t.unlocked()).isTrue();
            t.settle();

            t.lock.holdKey(Key.OK, 3);
            t.advance(21);
            t.type(TestLock.ADMIN_PASSCODE);
            assertThat(t.state().screen().qr()).isNull();
            assertThat(t.unlocked()).isTrue();
            assertThat(t.events()).noneMatch(e -> LockEvent.BIND_MODE.equals(e.kind()));
        }
    }

    @Test
    @DisplayName("§4, A1: without an administrator holding ✓ offers to create one, as on waking")
    void noAdministrator() throws Exception {
        try (TestLock t = new TestLock(dir)) {
            t.lock.holdKey(Key.OK, 3);
            assertThat(t.lastPrompt()).isEqualTo("CREATE_ADMIN");
            assertThat(t.promptIds()).doesNotContain("ENTER_ADMIN_PASSCODE");
            assertThat(t.state().screen().qr()).isNull();
        }
    }
}
