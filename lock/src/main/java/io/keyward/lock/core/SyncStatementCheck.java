package io.keyward.lock.core;

import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.trust.LockKey;
import io.keyward.protocol.trust.SyncStatement;

import java.security.PublicKey;

/**
 * Issue 15, trust design §9: the checks of a SYNC_UNLOCK on a lock in trust mode, after the cloud's envelope
 * (C6). The cloud alone cannot make one that opens: it must carry the linked lock's own signed statement that
 * it was just opened from outside. In order: no statement → DEVICE_LINK_REQUIRED; MALFORMED; NOT_LINKED (no
 * linked key for the statement's fromSerial, or it is not the command's fromSerial); FORGED; EXPIRED (30 s
 * old) / BAD_VALIDITY (more than 5 s ahead); REPLAYED / BUSY (the persisted memory of obeyed ids, shared with
 * device commands). F2's own rules (setting on, privacy mode) come after, as for any synchronized unlock.
 */
final class SyncStatementCheck {

    private final Effects fx;
    private final ObeyedDeviceCommands obeyed;

    SyncStatementCheck(Effects fx, ObeyedDeviceCommands obeyed) {
        this.fx = fx;
        this.obeyed = obeyed;
    }

    /** The refusal reason, or null when the statement may open; an accepted statement is remembered (one use). */
    String refusal(LockCommand.SyncUnlock u) {
        if (u.statement() == null) {
            return CommandHandling.DEVICE_LINK_REQUIRED;
        }
        Outcome<SyncStatement> read = SyncStatement.decode(u.statement());
        if (!read.isOk()) {
            return "MALFORMED";
        }
        SyncStatement claimed = read.value();
        String lockKey = fx.data().linkedLocks().get(claimed.fromSerial());
        PublicKey key = lockKey == null ? null : LockKey.decode(lockKey);
        if (key == null || !claimed.fromSerial().equals(u.fromSerial())) {
            return "NOT_LINKED";
        }
        Outcome<SyncStatement> checked = SyncStatement.verify(u.statement(), key);
        if (checked.isOk()) {
            checked = checked.value().admits(fx.now());
        }
        if (!checked.isOk()) {
            return checked.reason().code();
        }
        SyncStatement s = checked.value();
        String replayed = obeyed.refusal(s.statementId());
        if (replayed != null) {
            return replayed;
        }
        obeyed.obeyed(s.statementId(), s.expiresAt()); // stored with this step: a copy is REPLAYED, across restarts
        return null;
    }

    /** Short words for a refusal's reply (the reason code is what apps translate). */
    static String message(String reason) {
        return switch (reason) {
            case "MALFORMED" -> "the linked lock's statement does not read";
            case "NOT_LINKED" -> "no owner's device linked this lock to the lock that was opened";
            case "FORGED" -> "the statement is not signed by the linked lock";
            case "EXPIRED" -> "the linked lock was opened more than 30 seconds ago";
            case "BAD_VALIDITY" -> "the statement was made in the future";
            case "REPLAYED" -> "this statement has opened the lock already";
            case "BUSY" -> "the lock holds too many recent commands: try again later";
            default -> "synchronized unlock refused: " + reason.toLowerCase().replace('_', ' ');
        };
    }
}
