package io.keyward.lock.shell;

import io.keyward.lock.hardware.Key;
import io.keyward.lock.panel.PanelRefusal;
import io.keyward.lock.sim.SystemLockClock;
import io.keyward.lock.storage.FileRecordStore;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.Setting;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@DisplayName("SPEC C8 on the real clock: the shell's timers fire without anyone touching the lock")
class RealClockTest {

    @TempDir
    Path dir;

    private static List<Key> digitsThenOk(String digits) {
        List<Key> keys = new ArrayList<>();
        digits.chars().forEach(c -> keys.add(Key.fromPanelName(String.valueOf((char) c))));
        keys.add(Key.OK);
        return keys;
    }

    @Test
    @DisplayName("C8: an unlocked lock relocks by itself after the relock time (5 s)")
    void relocksOnItsOwn() throws Exception {
        SecureRandom random = new SecureRandom();
        try (SimulatedLock lock = SimulatedLock.open("KW-REAL", FileRecordStore.open(dir), SystemLockClock.INSTANCE, n -> {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        })) {
            lock.touch();
            lock.keys(List.of(Key.OK));
            lock.keys(digitsThenOk("135792"));
            lock.keys(digitsThenOk("135792"));
            assertThat(lock.command(new LockCommand.ChangeSetting(Setting.RELOCK_SECONDS, "5")).accepted()).isTrue();
            lock.keys(digitsThenOk("135792"));
            assertThat(lock.state().bolt()).isEqualTo("UNLOCKED");
            assertThatThrownBy(() -> lock.advanceClock(10)).isInstanceOf(PanelRefusal.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> lock.state().bolt().equals("LOCKED"));
            assertThat(lock.events(0).get(lock.events(0).size() - 1).detail()).isEqualTo("AUTO_RELOCK");
        }
    }
}
