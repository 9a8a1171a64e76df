package io.keyward.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    @Test
    @DisplayName("F2 a linked lock follows face, fingerprint, passcode, visitor passcode, remote and Bluetooth unlocks, never the inside handle, the key, a remote controller, a synchronized unlock or (C12) an unlock from the home broker")
    void fromOutside() {
        assertThat(Arrays.stream(UnlockMethod.values()).filter(UnlockMethod::fromOutside))
                .containsExactlyInAnyOrder(UnlockMethod.FACE, UnlockMethod.FINGERPRINT, UnlockMethod.PASSCODE,
                        UnlockMethod.VISITOR_PASSCODE, UnlockMethod.REMOTE, UnlockMethod.BLUETOOTH);
    }

    @Test
    @DisplayName("C9 a wire string reads as its constant; null, another case or a newer lock's word reads as none")
    void wireStrings() {
        for (EventKind kind : EventKind.values()) {
            assertThat(EventKind.of(kind.name())).contains(kind);
        }
        for (UnlockMethod method : UnlockMethod.values()) {
            assertThat(UnlockMethod.of(method.name())).contains(method);
        }
        assertThat(EventKind.of(null)).isEmpty();
        assertThat(EventKind.of("unlock")).isEmpty();
        assertThat(EventKind.of("DOOR_LEFT_OPEN")).isEmpty();
        assertThat(UnlockMethod.of(null)).isEmpty();
        assertThat(UnlockMethod.of("remote")).isEmpty();
        assertThat(UnlockMethod.of("NFC")).isEmpty();
    }
}
