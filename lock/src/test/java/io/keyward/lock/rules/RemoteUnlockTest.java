package io.keyward.lock.rules;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.SignedCommand;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("SPEC C6, A3: remote unlock through the cloud, signed, with nonce and expiry")
class RemoteUnlockTest {

    private static final KeyPair CLOUD = CommandSigning.newKeyPair();
    private static final String UNLOCK = LockCommands.write(new LockCommand.RemoteUnlock("alice@example.com"));

    @TempDir
    Path dir;
    /** Where a test keeps a copy of the lock's disk, as a power cut would have left it. */
    @TempDir
    Path cut;


    private static TestLock pairedLock(Path dir, SignedReplies replies) throws Exception {
        TestLock t = TestLock.pairedWith(dir, CLOUD);
        assertThat(t.state().screen().qr()).isNull();
        t.lock.listen(replies);
        return t;
    }

    private static SignedCommand sign(TestLock t, String body) {
        return CommandSigning.sign(CLOUD.getPrivate(), "KW-TEST", body, t.state().time(), 10);
    }

    private static String send(TestLock t, SignedReplies replies, SignedCommand c) {
        t.lock.signedCommand(c);
        CommandReply r = replies.byId.get(c.id());
        return r.accepted() ? "OK" : r.reason();
    }

    @Test
    @DisplayName("C6: refused while Remote unlock is off; opens once it is on, logged as REMOTE with the account")
    void onlyWhenEnabled() throws Exception {
        SignedReplies replies = new SignedReplies();
        try (TestLock t = pairedLock(dir, replies)) {
            assertThat(send(t, replies, sign(t, UNLOCK))).isEqualTo("REMOTE_UNLOCK_OFF");
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lastEvent(LockEvent.UNLOCK).reason()).isEqualTo("REMOTE_UNLOCK_OFF");
            t.set(Setting.REMOTE_UNLOCK, "true");
            assertThat(send(t, replies, sign(t, UNLOCK))).isEqualTo("OK");
            assertThat(t.unlocked()).isTrue();
            LockEvent e = t.lastEvent(LockEvent.UNLOCK);
            assertThat(e.method()).isEqualTo("REMOTE");
            assertThat(e.detail()).contains("alice@example.com");
        }
    }

    @Test
    @DisplayName("C6: a replayed, late, forged, misdirected or long-lived command never opens, and each refusal is logged")
    void replayLateForged() throws Exception {
        SignedReplies replies = new SignedReplies();
        try (TestLock t = pairedLock(dir, replies)) {
            t.set(Setting.REMOTE_UNLOCK, "true");
            SignedCommand good = sign(t, UNLOCK);
            assertThat(send(t, replies, good)).isEqualTo("OK");
            assertThat(send(t, replies, good)).as("replayed at once").isEqualTo("REPLAYED");
            t.settle();
            SignedCommand fresh = sign(t, UNLOCK);
            t.advance(10);
            assertThat(send(t, replies, fresh)).as("late").isEqualTo("EXPIRED");

            KeyPair mallory = CommandSigning.newKeyPair();
            SignedCommand forged = CommandSigning.sign(mallory.getPrivate(), "KW-TEST", UNLOCK, t.state().time(), 10);
            assertThat(send(t, replies, forged)).as("forged").isEqualTo("FORGED");

            SignedCommand tampered = new SignedCommand(1, "KW-TEST", "x-1", t.state().time(), t.state().time().plusSeconds(10),
                    "nonce-1", UNLOCK, sign(t, LockCommands.write(new LockCommand.LiftLockout())).signature());
            assertThat(send(t, replies, tampered)).as("body swapped").isEqualTo("FORGED");

            SignedCommand otherLock = CommandSigning.sign(CLOUD.getPrivate(), "KW-OTHER", UNLOCK, t.state().time(), 10);
            assertThat(send(t, replies, otherLock)).isEqualTo("WRONG_LOCK");

            SignedCommand longLived = CommandSigning.sign(CLOUD.getPrivate(), "KW-TEST", UNLOCK, t.state().time(), 3600);
            assertThat(send(t, replies, longLived)).isEqualTo("BAD_VALIDITY");

            Instant future = t.state().time().plusSeconds(60);
            SignedCommand early = CommandSigning.sign(CLOUD.getPrivate(), "KW-TEST", UNLOCK, future, 10);
            assertThat(send(t, replies, early)).isEqualTo("BAD_VALIDITY");

            assertThat(t.unlocked()).isFalse();
            assertThat(t.events()).filteredOn(e -> "REMOTE".equals(e.method()) && "REFUSED".equals(e.result()))
                    .extracting(LockEvent::reason)
                    .containsExactly("REPLAYED", "EXPIRED", "FORGED", "FORGED", "WRONG_LOCK", "BAD_VALIDITY", "BAD_VALIDITY");
        }
    }

    @Test
    @DisplayName("D1 + D4: remote unlock keeps working during a lockout, but privacy mode refuses it")
    void lockoutAndPrivacy() throws Exception {
        SignedReplies replies = new SignedReplies();
        try (TestLock t = pairedLock(dir, replies)) {
            t.set(Setting.REMOTE_UNLOCK, "true");
            for (int i = 0; i < 5; i++) {
                t.type("97531864");
            }
            assertThat(t.state().lockout().active()).isTrue();
            assertThat(send(t, replies, sign(t, UNLOCK))).isEqualTo("OK");
            t.settle();
            t.set(Setting.PRIVACY_MODE, "true");
            assertThat(send(t, replies, sign(t, UNLOCK))).isEqualTo("PRIVACY_MODE");
        }
    }

    @Test
    @DisplayName("C6: remote unlock over the unsigned panel link is refused; signed management commands work")
    void unsignedRefused() throws Exception {
        SignedReplies replies = new SignedReplies();
        try (TestLock t = pairedLock(dir, replies)) {
            t.set(Setting.REMOTE_UNLOCK, "true");
            CommandReply r = t.command(new LockCommand.RemoteUnlock("mallory"));
            assertThat(r.reason()).isEqualTo("NOT_SIGNED");
            assertThat(t.unlocked()).isFalse();
            String add = LockCommands.write(new LockCommand.AddUser("Bob", LockUserRole.USER, null));
            assertThat(send(t, replies, sign(t, add))).isEqualTo("OK");
            assertThat(t.lastEvent().kind()).isEqualTo(LockEvent.USER_ADDED);
            SignedCommand garbage = CommandSigning.sign(CLOUD.getPrivate(), "KW-TEST", "{\"type\":\"FLY\"}", t.state().time(), 10);
            assertThat(send(t, replies, garbage)).isEqualTo("MALFORMED_COMMAND");
        }
    }

    @Test
    @DisplayName("D7: a lock reset at the door refuses commands signed for its old binding (NOT_PAIRED), and is off the network")
    void resetLockRefusesItsOldBinding() throws Exception {
        SignedReplies replies = new SignedReplies();
        try (TestLock t = pairedLock(dir, replies)) {
            t.set(Setting.REMOTE_UNLOCK, "true");
            assertThat(send(t, replies, sign(t, UNLOCK))).isEqualTo("OK");
            t.lock.handle(io.keyward.lock.panel.PanelPort.HandleAction.LIFT);
            t.lock.battery(null, false);
            t.lock.holdSet(5, true);
            t.press("OK");
            assertThat(t.lock.cloud()).isNull();
            assertThat(t.lock.networkOffline()).as("no login to use: off the network").isEqualTo("NOT_PAIRED");
            for (String body : List.of(UNLOCK, LockCommands.write(new LockCommand.AddUser("Mallory", LockUserRole.ADMINISTRATOR, null)))) {
                assertThat(send(t, replies, sign(t, body))).isEqualTo("NOT_PAIRED");
            }
            assertThat(t.unlocked()).isFalse();
            assertThat(t.lock.hasAdministrator()).isFalse();
        }
    }

    @Test
    @DisplayName("A3: a lock never paired refuses cloud commands; pairing only binds while the lock is in pairing mode")
    void pairingBindsOnlyInPairingMode() throws Exception {
        SignedReplies replies = new SignedReplies();
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.lock.listen(replies);
            assertThat(send(t, replies, sign(t, UNLOCK))).isEqualTo("NOT_PAIRED");
            t.lock.pairingCompleted(CommandSigning.encode(CLOUD.getPublic()), "tcp://127.0.0.1:0", "pw");
            assertThat(t.lock.cloud()).as("not in pairing mode").isNull();
            t.lock.holdSet(3, false);
            t.lock.pairingCompleted(CommandSigning.encode(CLOUD.getPublic()), "tcp://127.0.0.1:0", "pw");
            assertThat(t.lock.cloud()).isNotNull();
            t.reboot();
            assertThat(t.lock.cloud().brokerPassword()).isEqualTo("pw");
            t.lock.battery(null, false);
            t.lock.holdSet(5, true);
            t.press("OK");
            assertThat(t.lock.cloud()).as("D7: factory reset clears the binding").isNull();
        }
    }

    @Test
    @DisplayName("H5: events stay unacknowledged until the cloud acknowledges them, across restarts")
    void eventsKeptUntilAcknowledged() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            long last = t.lastEvent().seq();
            assertThat(t.lock.unacknowledgedEvents()).hasSize((int) last);
            for (long seq = 1; seq < last; seq++) {
                t.lock.eventAcknowledged(seq);
            }
            assertThat(t.lock.unacknowledgedEvents()).singleElement().satisfies(e -> assertThat(e.seq()).isEqualTo(last));
            t.lock.eventAcknowledged(last + 100); // beyond what the lock has: ignored
            t.reboot();
            assertThat(t.lock.unacknowledgedEvents()).hasSize(1);
            t.lock.eventAcknowledged(last);
            assertThat(t.lock.unacknowledgedEvents()).isEmpty();
        }
    }

    @Test
    @DisplayName("H5: an ack is for one event: one that never reached the cloud stays unacknowledged though later ones were")
    void acknowledgementsStopAtTheFirstGap() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            long last = t.lastEvent().seq();
            assertThat(last).isGreaterThanOrEqualTo(2);
            for (long seq = 2; seq <= last; seq++) {
                t.lock.eventAcknowledged(seq); // event 1 was lost on the way
            }
            assertThat(t.lock.unacknowledgedEvents()).extracting(e -> e.seq()).startsWith(1L);
            t.reboot(); // acks beyond the gap were in RAM: those events go again, the cloud keeps each once
            assertThat(t.lock.unacknowledgedEvents()).hasSize((int) last);
            t.lock.eventAcknowledged(1);
            assertThat(t.lock.unacknowledgedEvents()).hasSize((int) last - 1);
            for (long seq = 2; seq <= last; seq++) {
                t.lock.eventAcknowledged(seq);
            }
            assertThat(t.lock.unacknowledgedEvents()).isEmpty();
        }
    }

    @Test
    @DisplayName("H5: one ack for a run from..seq acknowledges each event of it, and only those: a gap before the run stays; "
            + "a run reaching past the lock's last event, or backwards, is ignored")
    void anAckOfARunAcknowledgesEachOfItsEvents() throws Exception {
        try (TestLock t = TestLock.withAdministrator(dir)) {
            t.addUser("Ann", LockUserRole.USER); // more events, so the run below is longer than one
            t.addUser("Ben", LockUserRole.USER);
            long last = t.lastEvent().seq();
            assertThat(last).isGreaterThanOrEqualTo(4);
            t.lock.eventAcknowledged(1, last + 100); // past what the lock has made: ignored
            t.lock.eventAcknowledged(last, 1); // backwards: ignored
            assertThat(t.lock.unacknowledgedEvents()).hasSize((int) last);
            t.lock.eventAcknowledged(2, last); // event 1 was lost on the way: the run starts after it
            assertThat(t.lock.unacknowledgedEvents()).as("the gap at 1 holds the run back (in RAM)")
                    .extracting(e -> e.seq()).startsWith(1L).hasSize((int) last);
            t.lock.eventAcknowledged(1, 1);
            assertThat(t.lock.unacknowledgedEvents()).as("1 closes the gap: the whole run was taken").isEmpty();
            t.reboot(); // the whole run is kept acknowledged in storage, not only in RAM
            assertThat(t.lock.unacknowledgedEvents()).isEmpty();
        }
    }

    @Test
    @DisplayName("C6, H5: the reply to a remote unlock leaves before its event, and only once the event is stored: "
            + "a power cut the moment the reply leaves keeps the unlock in the log")
    void replyLeavesFirstButOnlyAfterTheEventIsStored() throws Exception {
        SignedReplies replies = new SignedReplies();
        try (TestLock t = pairedLock(dir, replies)) {
            t.set(Setting.REMOTE_UNLOCK, "true");
            List<String> sent = new ArrayList<>();
            Path atReply = cut.resolve("disk-at-reply");
            t.lock.listen(new SimulatedLock.LinkListener() {
                @Override
                public void recorded(LockEvent event) {
                    sent.add("event " + event.kind() + " " + event.method());
                }

                @Override
                public void replied(String commandId, CommandReply reply) {
                    sent.add("reply " + (reply.accepted() ? "OK" : reply.reason()));
                    copyTree(dir, atReply); // the disk as a power cut at this instant would leave it
                }
            });
            t.lock.signedCommand(sign(t, UNLOCK));
            assertThat(t.unlocked()).isTrue();
            assertThat(sent).as("the reply first, then the event it made").containsExactly("reply OK", "event UNLOCK REMOTE");

            try (TestLock afterCut = new TestLock(atReply)) {
                LockEvent stored = afterCut.lastEvent(LockEvent.UNLOCK);
                assertThat(stored.method()).isEqualTo("REMOTE");
                assertThat(stored.detail()).contains("alice@example.com");
                assertThat(stored.seq()).isEqualTo(t.lastEvent(LockEvent.UNLOCK).seq());
                assertThat(afterCut.lock.unacknowledgedEvents()).as("still to be sent to the cloud on the next connection")
                        .extracting(LockEvent::seq).contains(stored.seq());
            }
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
