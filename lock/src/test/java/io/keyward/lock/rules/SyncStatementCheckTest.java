package io.keyward.lock.rules;

import io.keyward.lock.core.LockEvent;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.trust.DeviceSigner;
import io.keyward.protocol.trust.LockKey;
import io.keyward.protocol.trust.SyncStatement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, trust design §9: synchronized unlock (SPEC F2) on a lock in trust mode. The lock follows another
 * only on that lock's own signed statement (kwsu1), checked with the key an owner's device linked (LINK_LOCK);
 * the cloud relays but cannot make one. Each refusal, in the design's order, is answered and logged as
 * UNLOCK REFUSED SYNCHRONIZED, and opens nothing.
 */
@DisplayName("design §9, SPEC T8: signed synchronized-unlock links on a lock in trust mode (SPEC F2, issue 15)")
class SyncStatementCheckTest {

    private static final KeyPair CLOUD = CommandSigning.newKeyPair();
    private static final DeviceSigner OWNER = DeviceSigner.generate();
    /** Lock A, the one opened from outside: its identity key signs its statements. */
    private static final KeyPair LOCK_A = CommandSigning.newKeyPair();
    private static final String KEY_A = LockKey.encode(LOCK_A.getPublic());

    @TempDir
    Path dir;

    /** B ("KW-TEST"): paired, OWNER bound at its door, A linked by OWNER's signed LINK_LOCK. */
    private TrustDevices linkedB() throws Exception {
        TrustDevices b = new TrustDevices(TestLock.pairedWith(dir, CLOUD), CLOUD);
        b.bind(OWNER, "Alice's phone");
        assertThat(b.t.lock.reportedState().settings().get("SYNCHRONIZED_UNLOCK")).isEqualTo("false");
        assertThat(b.signed(OWNER, new LockCommand.LinkLock("KW-A", KEY_A))).isEqualTo("OK");
        return b;
    }

    private static String statement(KeyPair key, String from, Instant at) {
        return new SyncStatement(from, UUID.randomUUID().toString(), at, "PASSCODE").sign(key.getPrivate());
    }

    private static String sync(TrustDevices b, String fromSerial, String statement) {
        return b.cloudOnly(new LockCommand.SyncUnlock(fromSerial, statement));
    }

    /** The answer, the one UNLOCK event logged for it (REFUSED SYNCHRONIZED with that reason), and the bolt still locked. */
    private static void refused(TrustDevices b, String answer, String expected) {
        assertThat(answer).isEqualTo(expected);
        LockEvent e = b.t.lastEvent();
        assertThat(e.kind()).isEqualTo(LockEvent.UNLOCK);
        assertThat(e.method()).isEqualTo("SYNCHRONIZED");
        assertThat(e.result()).isEqualTo("REFUSED");
        assertThat(e.reason()).isEqualTo(expected);
        assertThat(b.t.unlocked()).isFalse();
    }

    @Test
    @DisplayName("§9 + F2: linked by the owner's device, A's fresh statement opens B, logged SYNCHRONIZED from A, relocked after 10 s")
    void linkedStatementOpens() throws Exception {
        try (TrustDevices b = linkedB()) {
            assertThat(b.t.lock.reportedState().settings().get("SYNCHRONIZED_UNLOCK"))
                    .as("LINK_LOCK switches synchronized unlock on").isEqualTo("true");
            assertThat(b.t.lastEvent(LockEvent.SETTING_CHANGED).detail()).startsWith("SYNCHRONIZED_UNLOCK=true, device ");
            assertThat(sync(b, "KW-A", statement(LOCK_A, "KW-A", b.now()))).isEqualTo("OK");
            assertThat(b.t.unlocked()).isTrue();
            LockEvent e = b.t.lastEvent(LockEvent.UNLOCK);
            assertThat(e.method()).isEqualTo("SYNCHRONIZED");
            assertThat(e.result()).isEqualTo("OK");
            assertThat(e.detail()).isEqualTo("KW-A");
            b.t.advance(10);
            assertThat(b.t.unlocked()).isFalse();
            // a statement made 4 s in B's future (clocks differ) and one 29 s old still open
            b.t.settle();
            assertThat(sync(b, "KW-A", statement(LOCK_A, "KW-A", b.now().plusSeconds(4)))).isEqualTo("OK");
            b.t.settle();
            assertThat(sync(b, "KW-A", statement(LOCK_A, "KW-A", b.now().minusSeconds(29)))).isEqualTo("OK");
        }
    }

    @Test
    @DisplayName("§9 + F2: a valid statement is still refused with synchronized unlock switched off, and in privacy mode (D4)")
    void f2StillApplies() throws Exception {
        try (TrustDevices b = linkedB()) {
            assertThat(b.signed(OWNER, new LockCommand.ChangeSetting(Setting.SYNCHRONIZED_UNLOCK, "false"))).isEqualTo("OK");
            refused(b, sync(b, "KW-A", statement(LOCK_A, "KW-A", b.now())), "SYNCHRONIZED_UNLOCK_OFF");
            assertThat(b.signed(OWNER, new LockCommand.ChangeSetting(Setting.SYNCHRONIZED_UNLOCK, "true"))).isEqualTo("OK");
            assertThat(b.signed(OWNER, new LockCommand.ChangeSetting(Setting.PRIVACY_MODE, "true"))).isEqualTo("OK");
            refused(b, sync(b, "KW-A", statement(LOCK_A, "KW-A", b.now())), "PRIVACY_MODE");
        }
    }

    @Test
    @DisplayName("§9 each refusal in order: no statement, malformed, not linked, wrong serial, forged, 30 s old, 6 s ahead, replayed")
    void refusalsInOrder() throws Exception {
        KeyPair stranger = CommandSigning.newKeyPair();
        try (TrustDevices b = linkedB()) {
            String before = b.t.dataWithoutEvents();
            Instant now = b.now();
            refused(b, sync(b, "KW-A", null), "DEVICE_LINK_REQUIRED");
            refused(b, sync(b, "KW-A", "kwsu1.not.astatement"), "MALFORMED");
            // not linked wins over forged: a lock B never linked, whoever signed it
            refused(b, sync(b, "KW-C", statement(stranger, "KW-C", now)), "NOT_LINKED");
            // A's genuine statement in a SYNC_UNLOCK naming another lock
            refused(b, sync(b, "KW-C", statement(LOCK_A, "KW-A", now)), "NOT_LINKED");
            // the cloud's own statement for A: another key (forged wins over expired)
            refused(b, sync(b, "KW-A", statement(stranger, "KW-A", now)), "FORGED");
            refused(b, sync(b, "KW-A", statement(stranger, "KW-A", now.minusSeconds(60))), "FORGED");
            refused(b, sync(b, "KW-A", statement(LOCK_A, "KW-A", now.minusSeconds(31))), "EXPIRED");
            refused(b, sync(b, "KW-A", statement(LOCK_A, "KW-A", now.minusSeconds(30))), "EXPIRED");
            refused(b, sync(b, "KW-A", statement(LOCK_A, "KW-A", now.plusSeconds(6))), "BAD_VALIDITY");
            assertThat(b.t.dataWithoutEvents()).as("refusals change nothing").isEqualTo(before);
            String once = statement(LOCK_A, "KW-A", b.now());
            assertThat(sync(b, "KW-A", once)).isEqualTo("OK");
            b.t.advance(12);
            assertThat(b.t.unlocked()).isFalse();
            // the same statement again, in a new envelope the cloud signed: opens nothing
            refused(b, sync(b, "KW-A", once), "REPLAYED");
        }
    }

    @Test
    @DisplayName("§9 LINK_LOCK in trust mode: cloud-signed or over the panel DEVICE_SIGNATURE_REQUIRED, a member's ROLE_NOT_ALLOWED; nothing linked")
    void linkNeedsOwnerOrManager() throws Exception {
        try (TrustDevices b = new TrustDevices(TestLock.pairedWith(dir, CLOUD), CLOUD)) {
            b.bind(OWNER, "Alice's phone");
            LockCommand link = new LockCommand.LinkLock("KW-A", KEY_A);
            assertThat(b.cloudOnly(link)).isEqualTo("DEVICE_SIGNATURE_REQUIRED");
            assertThat(b.t.lastEvent().kind()).isEqualTo(LockEvent.COMMAND_REFUSED);
            CommandReply panel = b.t.command(link);
            assertThat(panel.reason()).isEqualTo("DEVICE_SIGNATURE_REQUIRED");
            DeviceSigner member = DeviceSigner.generate();
            assertThat(b.signed(member, link, b.grant(OWNER, member, KeyRole.MEMBER))).isEqualTo("ROLE_NOT_ALLOWED");
            DeviceSigner manager = DeviceSigner.generate();
            assertThat(b.signed(manager, new LockCommand.LinkLock("KW-M", KEY_A), b.grant(OWNER, manager, KeyRole.MANAGER)))
                    .as("a manager may link").isEqualTo("OK");
            refused(b, sync(b, "KW-A", statement(LOCK_A, "KW-A", b.now())), "NOT_LINKED");
            // bad links are refused with their reason
            assertThat(b.signed(OWNER, new LockCommand.LinkLock("KW-A", "not-a-key"))).isEqualTo("BAD_LOCK_KEY");
            assertThat(b.signed(OWNER, new LockCommand.LinkLock("KW-TEST", KEY_A))).isEqualTo("BAD_SERIAL");
        }
    }

    @Test
    @DisplayName("§9 at most 4 linked locks: the 5th TOO_MANY_LINKS; a linked lock's key may be replaced; UNLINK_LOCK (cloud-signed) frees a place")
    void tooManyLinks() throws Exception {
        try (TrustDevices b = linkedB()) {
            for (String serial : new String[] {"KW-B2", "KW-B3", "KW-B4"}) {
                assertThat(b.signed(OWNER, new LockCommand.LinkLock(serial, KEY_A))).isEqualTo("OK");
            }
            KeyPair fifth = CommandSigning.newKeyPair();
            assertThat(b.signed(OWNER, new LockCommand.LinkLock("KW-B5", LockKey.encode(fifth.getPublic()))))
                    .isEqualTo("TOO_MANY_LINKS");
            assertThat(b.t.lastEvent().reason()).isEqualTo("TOO_MANY_LINKS");
            assertThat(b.signed(OWNER, new LockCommand.LinkLock("KW-B4", LockKey.encode(fifth.getPublic()))))
                    .as("a new key for a linked lock takes no new place").isEqualTo("OK");
            assertThat(sync(b, "KW-B4", statement(fifth, "KW-B4", b.now()))).isEqualTo("OK");
            b.t.settle();
            assertThat(b.cloudOnly(new LockCommand.UnlinkLock("KW-A"))).isEqualTo("OK");
            assertThat(b.t.lastEvent(LockEvent.SETTING_CHANGED).detail()).isEqualTo("unlinked lock KW-A");
            refused(b, sync(b, "KW-A", statement(LOCK_A, "KW-A", b.now())), "NOT_LINKED");
            assertThat(b.signed(OWNER, new LockCommand.LinkLock("KW-B5", LockKey.encode(fifth.getPublic())))).isEqualTo("OK");
        }
    }

    @Test
    @DisplayName("§9 links and used statements survive a restart (a statement used before it is REPLAYED after); a factory reset (D7) clears links")
    void restartAndReset() throws Exception {
        try (TrustDevices b = linkedB()) {
            String once = statement(LOCK_A, "KW-A", b.now());
            assertThat(sync(b, "KW-A", once)).isEqualTo("OK");
            b.restart(b.now().plusSeconds(12));
            assertThat(b.t.lock.canonicalData()).contains("lockLinked");
            refused(b, sync(b, "KW-A", once), "REPLAYED");
            assertThat(sync(b, "KW-A", statement(LOCK_A, "KW-A", b.now()))).isEqualTo("OK");
            b.t.settle();
            b.t.lock.battery(null, false);
            b.t.lock.holdSet(5, true); // D7: SET held while the battery goes back in, then ✓
            b.t.press("OK");
            assertThat(b.t.lock.cloud()).isNull();
            assertThat(b.t.lock.canonicalData()).doesNotContain("lockLinked");
        }
    }

    @Test
    @DisplayName("§9 a lock not in trust mode behaves as before (statement ignored); binding its first owner device forgets links the cloud alone made")
    void withoutTrustMode() throws Exception {
        try (TrustDevices b = new TrustDevices(TestLock.pairedWith(dir, CLOUD), CLOUD)) {
            b.t.set(Setting.SYNCHRONIZED_UNLOCK, "true");
            assertThat(sync(b, "KW-A", null)).isEqualTo("OK");
            b.t.settle();
            assertThat(sync(b, "KW-A", "kwsu1.ignored.here")).isEqualTo("OK");
            b.t.settle();
            assertThat(b.cloudOnly(new LockCommand.LinkLock("KW-A", KEY_A))).as("the cloud's envelope is enough").isEqualTo("OK");
            b.bind(OWNER, "Alice's phone");
            assertThat(b.t.lock.canonicalData()).doesNotContain("lockLinked");
            refused(b, sync(b, "KW-A", statement(LOCK_A, "KW-A", b.now())), "NOT_LINKED");
        }
    }
}
