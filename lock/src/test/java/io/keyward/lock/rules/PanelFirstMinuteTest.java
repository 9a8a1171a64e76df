package io.keyward.lock.rules;

import java.nio.file.Path;

import io.keyward.lock.panel.PanelState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14 item 1: what GET /state adds for the panel's first minute (A1, A3); the page's words are tested in the browser. */
@DisplayName("SPEC A1, A3: the panel's first minute in GET /state")
class PanelFirstMinuteTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("A1: administrator is false on a new lock and true once administrator no. 1 exists")
    void administrator() throws Exception {
        try (TestLock t = new TestLock(dir)) {
            assertThat(t.state().administrator()).isFalse();
            t.createAdministrator("135792");
            assertThat(t.state().administrator()).isTrue();
        }
    }

    @Test
    @DisplayName("A3: in pairing mode the screen says so (not 'Operation successful') and pairing counts the 5 minutes down; null after")
    void pairingMode() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            assertThat(t.state().pairing()).isNull();
            PanelState s = t.lock.holdSet(3, false);
            assertThat(s.screen().qr()).startsWith("keyward://pair");
            assertThat(s.screen().text()).isEqualTo("Pairing mode, please scan the QR code with the app")
                    .doesNotContain("Operation successful");
            assertThat(s.pairing().secondsLeft()).isEqualTo(300);
            assertThat(s.pairing().expiresAt()).isEqualTo(s.time().plusSeconds(300));
            assertThat(t.advance(60).pairing().secondsLeft()).isEqualTo(240);
            PanelState after = t.advance(240);
            assertThat(after.screen().qr()).isNull();
            assertThat(after.pairing()).isNull();
        }
    }
}
