package io.keyward.fuzz.link;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keyward.fuzz.FuzzCounts;
import io.keyward.fuzz.TestLocks;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.link.CameraMessages;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.SignedCommand;
import org.junit.jupiter.api.AfterAll;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of what the lock takes from its MQTT link (SPEC C6, H7; docs/link.md), as
 * CloudLink hands it on: the commands topic (LinkMessages.read as a SignedCommand, then the lock's
 * checks), acks and live-view requests. The invariant: a message is read or refused as Malformed
 * (logged and dropped); a command nobody signed is refused with a reason and changes nothing but the
 * lock's log (a COMMAND_REFUSED or REFUSED entry); nothing else escapes.
 */
class LockInboundFuzzTest {

    private static final KeyPair CLOUD = CommandSigning.newKeyPair();
    private static final SimulatedLock LOCK = TestLocks.paired("KW-FUZZ1", CLOUD);
    private static final List<CommandReply> REPLIES = new ArrayList<>();

    static {
        LOCK.listen(new SimulatedLock.LinkListener() {
            @Override
            public void recorded(io.keyward.lock.core.LockEvent event) {
            }

            @Override
            public void replied(String commandId, CommandReply reply) {
                synchronized (REPLIES) {
                    REPLIES.add(reply);
                }
            }
        });
    }

    @AfterAll
    static void counts() {
        FuzzCounts.print(LockInboundFuzzTest.class);
    }

    @FuzzTest(maxDuration = "60s")
    void commands(byte[] payload) {
        FuzzCounts.ran("LockInboundFuzzTest.commands");
        String before = TestLocks.digest(LOCK);
        long seq = TestLocks.lastSeq(LOCK);
        int replies = replies();
        try {
            LOCK.signedCommand(LinkMessages.read(payload, SignedCommand.class));
            // read as a SignedCommand but signed by nobody: refused with a reason, answered
            assertThat(replies()).as("one reply to a command that reads").isEqualTo(replies + 1);
            assertThat(lastReply().accepted()).as("a command nobody signed is refused").isFalse();
        } catch (LinkMessages.Malformed e) {
            LOCK.malformedCommand(e.getMessage()); // as CloudLink does
        }
        assertThat(TestLocks.digest(LOCK)).as("nothing changes").isEqualTo(before);
        assertThat(TestLocks.notRefusalsAfter(LOCK, seq)).as("only the refusal is logged").isEmpty();
    }

    @FuzzTest(maxDuration = "30s")
    void acks(byte[] payload) {
        FuzzCounts.ran("LockInboundFuzzTest.acks");
        String before = TestLocks.digest(LOCK);
        try {
            LinkMessages.Ack ack = LinkMessages.read(payload, LinkMessages.Ack.class);
            LOCK.eventAcknowledged(ack.first(), ack.seq());
        } catch (LinkMessages.Malformed e) {
            // logged and dropped by CloudLink
        }
        assertThat(TestLocks.digest(LOCK)).isEqualTo(before);
    }

    @FuzzTest(maxDuration = "30s")
    void liveRequests(byte[] payload) {
        FuzzCounts.ran("LockInboundFuzzTest.liveRequests");
        try {
            CameraMessages.LiveRequest request = CameraMessages.readRequest(payload);
            assertThat(request.seconds()).isBetween(0, CameraMessages.MAX_LIVE_SECONDS);
            assertThat(request.id()).isNotBlank().hasSizeLessThanOrEqualTo(64);
        } catch (LinkMessages.Malformed e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    private static int replies() {
        synchronized (REPLIES) {
            return REPLIES.size();
        }
    }

    private static CommandReply lastReply() {
        synchronized (REPLIES) {
            return REPLIES.get(REPLIES.size() - 1);
        }
    }
}
