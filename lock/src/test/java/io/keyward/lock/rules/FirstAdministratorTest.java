package io.keyward.lock.rules;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.panel.PanelState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("SPEC A1, A2, A6: first administrator and keypad")
class FirstAdministratorTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("A1: touching a new lock lights ✓ and ↶ and asks to create the administrator")
    void newLockOffersAdministrator() throws Exception {
        try (TestLock t = new TestLock(dir)) {
            PanelState s = t.lock.touch();
            assertThat(s.keypad().awake()).isTrue();
            assertThat(s.keypad().lit()).containsExactlyInAnyOrder("OK", "BACK");
            assertThat(t.lastPrompt()).isEqualTo("CREATE_ADMIN");
        }
    }

    @Test
    @DisplayName("A1: ✓, passcode, ✓, same passcode, ✓ creates administrator no. 1")
    void createsAdministratorOne() throws Exception {
        try (TestLock t = new TestLock(dir)) {
            t.lock.touch();
            t.press("OK");
            assertThat(t.lastPrompt()).isEqualTo("ENTER_PASSCODE");
            t.type("135792");
            assertThat(t.lastPrompt()).isEqualTo("ENTER_AGAIN");
            t.type("135792");
            assertThat(t.lastPrompt()).isEqualTo("OPERATION_SUCCESSFUL");
            assertThat(t.lastEvent(LockEvent.USER_ADDED).user()).isEqualTo(1);
            assertThat(t.lastEvent(LockEvent.CREDENTIAL_ADDED).credential()).isEqualTo("passcode-1");
            t.settle();
            t.type("135792");
            assertThat(t.unlocked()).isTrue();
        }
    }

    @Test
    @DisplayName("A1: a mismatch says why and starts the step again; nothing is stored")
    void mismatchStartsAgain() throws Exception {
        try (TestLock t = new TestLock(dir)) {
            t.lock.touch();
            t.press("OK");
            t.type("135792");
            t.type("135793");
            assertThat(t.promptIds()).contains("PASSCODES_DIFFERENT");
            assertThat(t.lastPrompt()).isEqualTo("ENTER_PASSCODE");
            assertThat(t.lock.view().lit()).contains("1");
            assertThat(t.events()).noneMatch(e -> e.kind().equals(LockEvent.USER_ADDED));
            t.type("246801");
            t.type("246801");
            assertThat(t.lastPrompt()).isEqualTo("OPERATION_SUCCESSFUL");
        }
    }

    @Test
    @DisplayName("A1 + A2: a passcode breaking the rules is refused, says why, and the step starts again")
    void ruleViolationRefused() throws Exception {
        try (TestLock t = new TestLock(dir)) {
            t.lock.touch();
            t.press("OK");
            for (String bad : new String[]{"111111", "123456", "654321", "3456789", "12345", "12345678901"}) {
                t.type(bad);
                assertThat(t.lastPrompt()).as(bad).isEqualTo("PASSCODE_NOT_ALLOWED");
                assertThat(t.state().screen().text()).startsWith("Not allowed");
            }
            assertThat(t.events()).noneMatch(e -> e.kind().equals(LockEvent.USER_ADDED));
            t.type("135792");
            assertThat(t.lastPrompt()).isEqualTo("ENTER_AGAIN");
        }
    }

    @Test
    @DisplayName("A1: without an administrator no electronic unlock is possible; the mechanical key still opens")
    void noElectronicUnlockWithoutAdministrator() throws Exception {
        try (TestLock t = new TestLock(dir)) {
            t.lock.finger("alice-thumb", 0.9);
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("NO_ADMINISTRATOR");
            t.lock.mechanicalKey("original");
            assertThat(t.unlocked()).isTrue();
        }
    }

    @Test
    @DisplayName("A6: 20 s after the last touch the keypad goes dark and half-typed input is discarded")
    void keypadTimeout() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.settle();
            t.press("1 3 5");
            assertThat(t.state().keypad().input()).isEqualTo("***");
            t.advance(19);
            assertThat(t.state().keypad().awake()).isTrue();
            t.advance(1);
            PanelState s = t.state();
            assertThat(s.keypad().awake()).isFalse();
            assertThat(s.keypad().lit()).isEmpty();
            assertThat(s.keypad().input()).isEmpty();
            t.type("792");
            assertThat(t.unlocked()).as("the discarded 135 must not join 792").isFalse();
        }
    }

    @Test
    @DisplayName("A6: the keypad timeout during administrator creation abandons it")
    void timeoutAbandonsCreation() throws Exception {
        try (TestLock t = new TestLock(dir)) {
            t.lock.touch();
            t.press("OK");
            t.type("135792");
            t.advance(20);
            t.lock.touch();
            assertThat(t.lastPrompt()).isEqualTo("CREATE_ADMIN");
            assertThat(t.events()).noneMatch(e -> e.kind().equals(LockEvent.USER_ADDED));
        }
    }
}
