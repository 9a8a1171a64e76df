package io.keyward.lock.core;

import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.trust.LockKey;

/**
 * LINK_LOCK and UNLINK_LOCK (issue 15, trust design §9): the locks this one follows (SPEC F2), each with the
 * Ed25519 identity key its sync statements must verify under. In trust mode LINK_LOCK arrives only
 * device-signed by an OWNER or MANAGER (the caller checked it, {@link DeviceSignatureRule}); it also switches
 * synchronized unlock on, so one signature on the owner's device is the whole link. UNLINK_LOCK only takes
 * access away: the cloud's envelope is enough. At most {@link #MAX_LINKS} linked locks.
 */
final class LinkedLocks {

    static final int MAX_LINKS = 4;
    private static final int MAX_SERIAL = 64;

    private final Effects fx;
    private final String serial;
    private final Commands commands;

    LinkedLocks(Effects fx, String serial, Commands commands) {
        this.fx = fx;
        this.serial = serial;
        this.commands = commands;
    }

    CommandReply link(LockCommand.LinkLock c, String askedBy) {
        CommandReply refused = !isSerial(c.serial()) ? CommandReply.refused("BAD_SERIAL", "the linked lock's serial does not read")
                : c.serial().equals(serial) ? CommandReply.refused("BAD_SERIAL", "a lock cannot be linked to itself")
                : !LockKey.isKey(c.lockKey()) ? CommandReply.refused("BAD_LOCK_KEY", "the linked lock's key is not an Ed25519 public key")
                : !fx.data().linkedLocks().containsKey(c.serial()) && fx.data().linkedLocks().size() >= MAX_LINKS
                ? CommandReply.refused("TOO_MANY_LINKS", "this lock follows " + MAX_LINKS + " locks already: unlink one first")
                : null;
        if (refused != null) {
            return refused; // logged as COMMAND_REFUSED by the caller, with who asked
        }
        if (!c.lockKey().equals(fx.data().linkedLocks().get(c.serial()))) {
            fx.commit(new Change.LockLinked(c.serial(), c.lockKey()));
            fx.record(Event.ok(LockEvent.SETTING_CHANGED).detail("linked lock " + c.serial()).askedBy(askedBy));
        }
        commands.execute(new LockCommand.ChangeSetting(Setting.SYNCHRONIZED_UNLOCK, "true"), askedBy);
        return CommandReply.ok();
    }

    CommandReply unlink(LockCommand.UnlinkLock c, String askedBy) {
        if (c.serial() == null || !fx.data().linkedLocks().containsKey(c.serial())) {
            return CommandReply.ok(); // nothing to forget: the same answer as after forgetting it (idempotent)
        }
        fx.commit(new Change.LockUnlinked(c.serial()));
        fx.record(Event.ok(LockEvent.SETTING_CHANGED).detail("unlinked lock " + c.serial()).askedBy(askedBy));
        return CommandReply.ok();
    }

    private static boolean isSerial(String s) {
        return s != null && !s.isEmpty() && s.length() <= MAX_SERIAL && s.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f);
    }
}
