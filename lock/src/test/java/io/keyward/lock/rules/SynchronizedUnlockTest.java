package io.keyward.lock.rules;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.panel.PanelPort;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.SignedCommand;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("SPEC F2: synchronized unlock, a signed command from the cloud when the linked lock opened")
class SynchronizedUnlockTest {

    private static final KeyPair CLOUD = CommandSigning.newKeyPair();
    private static final String SYNC = LockCommands.write(new LockCommand.SyncUnlock("KW-LINKED"));

    @TempDir
    Path dir;


    private static TestLock pairedLock(Path dir, SignedReplies replies) throws Exception {
        TestLock t = TestLock.pairedWith(dir, CLOUD);
        t.lock.listen(replies);
        return t;
    }

    private static String send(TestLock t, SignedReplies replies) {
        SignedCommand c = CommandSigning.sign(CLOUD.getPrivate(), "KW-TEST", SYNC, t.state().time(), 8);
        t.lock.signedCommand(c);
        CommandReply r = replies.byId.get(c.id());
        return r.accepted() ? "OK" : r.reason();
    }

    @Test
    @DisplayName("F2: a signed SYNC_UNLOCK opens, logged as SYNCHRONIZED with the other serial, and relocks after 10 s with the door shut")
    void opensAndRelocksAfterTenSeconds() throws Exception {
        SignedReplies replies = new SignedReplies();
        try (TestLock t = pairedLock(dir, replies)) {
            t.set(Setting.SYNCHRONIZED_UNLOCK, "true");
            assertThat(send(t, replies)).isEqualTo("OK");
            assertThat(t.unlocked()).isTrue();
            LockEvent e = t.lastEvent(LockEvent.UNLOCK);
            assertThat(e.method()).isEqualTo("SYNCHRONIZED");
            assertThat(e.result()).isEqualTo("OK");
            assertThat(e.detail()).isEqualTo("KW-LINKED");
            t.advance(9);
            assertThat(t.unlocked()).isTrue();
            t.advance(1);
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lastEvent(LockEvent.LOCK).detail()).isEqualTo("AUTO_RELOCK");
        }
    }

    @Test
    @DisplayName("F2 + C8: a door opened meanwhile keeps the lock open until it has closed again")
    void doorOpenedMeanwhile() throws Exception {
        SignedReplies replies = new SignedReplies();
        try (TestLock t = pairedLock(dir, replies)) {
            t.set(Setting.SYNCHRONIZED_UNLOCK, "true");
            assertThat(send(t, replies)).isEqualTo("OK");
            t.advance(3);
            t.lock.door(PanelPort.DoorPosition.OPEN);
            t.advance(60);
            assertThat(t.unlocked()).isTrue();
            t.lock.door(PanelPort.DoorPosition.CLOSED);
            assertThat(t.unlocked()).isFalse();
        }
    }

    @Test
    @DisplayName("F2: refused while the setting is off, in privacy mode (D4) and over the unsigned panel link")
    void refusals() throws Exception {
        SignedReplies replies = new SignedReplies();
        try (TestLock t = pairedLock(dir, replies)) {
            assertThat(send(t, replies)).isEqualTo("SYNCHRONIZED_UNLOCK_OFF");
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("SYNCHRONIZED_UNLOCK_OFF");

            t.set(Setting.SYNCHRONIZED_UNLOCK, "true");
            CommandReply unsigned = t.command(new LockCommand.SyncUnlock("KW-LINKED"));
            assertThat(unsigned.reason()).isEqualTo("NOT_SIGNED");
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lastEvent(LockEvent.UNLOCK).method()).isEqualTo("SYNCHRONIZED");

            t.set(Setting.PRIVACY_MODE, "true");
            assertThat(send(t, replies)).isEqualTo("PRIVACY_MODE");
            assertThat(t.unlocked()).isFalse();
        }
    }

    @Test
    @DisplayName("F2: a synchronization duration of 30 s relocks at 30 s, not at 10 s")
    void adjustableDuration() throws Exception {
        SignedReplies replies = new SignedReplies();
        try (TestLock t = pairedLock(dir, replies)) {
            t.set(Setting.SYNCHRONIZED_UNLOCK, "true");
            t.set(Setting.SYNCHRONIZATION_SECONDS, "30");
            assertThat(send(t, replies)).isEqualTo("OK");
            t.advance(10);
            assertThat(t.unlocked()).isTrue();
            t.advance(19);
            assertThat(t.unlocked()).isTrue();
            t.advance(1);
            assertThat(t.unlocked()).isFalse();
        }
    }
}
