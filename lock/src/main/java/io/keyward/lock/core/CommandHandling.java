package io.keyward.lock.core;

import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.event.UnlockMethod;
import io.keyward.protocol.link.SignedCommand;

import java.time.Duration;

/**
 * Commands from the app's links (B2, C6, D1, E3, F2, H6): over the unsigned panel link or Bluetooth
 * everything but the unlocks, which must come signed by the cloud; a signed command is obeyed only
 * when it is for this lock, signed, in time and new, and a copy of one obeyed gets the same answer
 * without being obeyed twice.
 */
final class CommandHandling {

    static final UnlockMethod REMOTE = UnlockMethod.REMOTE;             // C6
    static final UnlockMethod SYNCHRONIZED = UnlockMethod.SYNCHRONIZED; // F2

    private final Effects fx;
    private final String serial;
    private final PowerAndBolt power;
    private final Commands commands;
    private final BluetoothRevocations revocations;
    private final SignedCommandCheck signedCommands;
    private final AppliedCommands appliedCommands = new AppliedCommands();
    private final RefusedCopies refusedCopies = new RefusedCopies();
    private final DeviceBinding binding;

    CommandHandling(Effects fx, String serial, PowerAndBolt power, Commands commands, BluetoothRevocations revocations,
                    DeviceBinding binding) {
        this.binding = binding;
        this.fx = fx;
        this.serial = serial;
        this.power = power;
        this.commands = commands;
        this.revocations = revocations;
        this.signedCommands = new SignedCommandCheck(fx.now()); // C6: no replay across a restart
    }

    /** A command over the simulated app link (panel) or Bluetooth: everything but the unlocks, which must be signed. */
    CommandReply unsigned(LockCommand command) {
        if (command instanceof LockCommand.RemoteUnlock) {
            return notSigned(REMOTE, "remote unlock needs a signed command from the cloud");
        }
        if (command instanceof LockCommand.SyncUnlock) {
            return notSigned(SYNCHRONIZED, "synchronized unlock needs a signed command from the cloud");
        }
        return manage(command, null); // nobody asked through the cloud: the panel, or an app over Bluetooth
    }

    private CommandReply notSigned(UnlockMethod method, String message) {
        CommandReply refused = CommandReply.refused("NOT_SIGNED", message);
        fx.record(Event.unlock(method).refused(refused.reason()));
        return refused;
    }

    /** C6: a command from the cloud is obeyed only when it is for this lock, signed, in time and new. */
    void signed(SignedCommand c) {
        LockCommands.Asked asked = parseBody(c.body());
        LockCommand command = asked == null ? null : asked.command();
        String cloudKey = fx.data().cloud() == null ? null : fx.data().cloud().cloudPublicKey();
        String refusal = signedCommands.refusal(c, serial, cloudKey, fx.now());
        if (refusal == null && command == null) {
            refusal = "MALFORMED_COMMAND";
        }
        CommandReply earlier = "REPLAYED".equals(refusal) ? appliedCommands.earlier(c.id()) : null;
        if (earlier != null) {
            // a copy of a management command obeyed already (a broker's redelivery, a session taken
            // over): the same answer again, nothing obeyed and nothing logged (docs/link.md)
            fx.output(new Output.LinkReply(c.id(), earlier));
            return;
        }
        CommandReply reply;
        if (refusal != null) {
            reply = CommandReply.refused(refusal, "command refused: " + refusal.toLowerCase().replace('_', ' '));
            if (refusedCopies.firstTime(c.nonce(), refusal)) { // copies are refused again, logged once
                fx.record(refusedSigned(command, refusal, c.id()));
            }
        } else if (command instanceof LockCommand.RemoteUnlock r) {
            reply = remoteUnlock(r);
        } else if (command instanceof LockCommand.SyncUnlock u) {
            reply = syncUnlock(u);
        } else {
            reply = appliedCommands.replyTo(c.id(), () -> manage(command, asked.askedBy()));
        }
        fx.output(new Output.LinkReply(c.id(), reply));
    }

    private static Event refusedSigned(LockCommand command, String refusal, String id) {
        if (command instanceof LockCommand.RemoteUnlock) {
            return Event.unlock(REMOTE).refused(refusal);
        } else if (command instanceof LockCommand.SyncUnlock) {
            return Event.unlock(SYNCHRONIZED).refused(refusal);
        }
        return Event.refused(LockEvent.COMMAND_REFUSED, refusal).detail("signed command " + id);
    }

    /** The command and who asked for it in the app (the cloud names the account, SPEC B2), or null when malformed. */
    private static LockCommands.Asked parseBody(String body) {
        try {
            return body == null ? null : LockCommands.parseAsked(body);
        } catch (LockCommands.MalformedCommand e) {
            return null;
        }
    }

    /** C6 + D1 + D4: remote unlock works during lockout, not when switched off or in privacy mode. */
    private CommandReply remoteUnlock(LockCommand.RemoteUnlock r) {
        String refusal = !fx.data().flag(Setting.REMOTE_UNLOCK) ? "REMOTE_UNLOCK_OFF"
                : fx.data().flag(Setting.PRIVACY_MODE) ? "PRIVACY_MODE" : null;
        String who = r.account() == null ? null : "account " + r.account();
        if (refusal != null) {
            fx.record(Event.unlock(REMOTE).refused(refusal).detail(who));
            return CommandReply.refused(refusal, refusal.equals("PRIVACY_MODE")
                    ? "privacy mode is on" : "remote unlock is off in the lock's settings");
        }
        power.unlock(Event.unlock(REMOTE).ok().detail(who));
        return CommandReply.ok();
    }

    /**
     * F2: the linked lock was opened from outside. Refused when switched off or in privacy mode (D4);
     * otherwise opens and relocks after the synchronization duration, not the relock time (C8 still
     * applies once the door is opened: it then relocks when the door has closed again).
     */
    private CommandReply syncUnlock(LockCommand.SyncUnlock u) {
        String refusal = !fx.data().flag(Setting.SYNCHRONIZED_UNLOCK) ? "SYNCHRONIZED_UNLOCK_OFF"
                : fx.data().flag(Setting.PRIVACY_MODE) ? "PRIVACY_MODE" : null;
        String from = u.fromSerial() == null ? null : u.fromSerial().length() > 64 ? u.fromSerial().substring(0, 64) : u.fromSerial();
        if (refusal != null) {
            fx.record(Event.unlock(SYNCHRONIZED).refused(refusal).detail(from));
            return CommandReply.refused(refusal, refusal.equals("PRIVACY_MODE")
                    ? "privacy mode is on" : "synchronized unlock is off in the lock's settings");
        }
        power.unlock(Event.unlock(SYNCHRONIZED).ok().detail(from),
                Duration.ofSeconds(fx.data().seconds(Setting.SYNCHRONIZATION_SECONDS)));
        return CommandReply.ok();
    }

    /** B2: management; refused without an administrator on the lock, and every refusal is logged with who asked. */
    private CommandReply manage(LockCommand command, String askedBy) {
        if (command instanceof LockCommand.RevokeBluetoothKey r) {
            return revocations.command(r.revocation()); // E3: the cloud's signature is checked, not the link
        }
        CommandReply reply = command instanceof LockCommand.BindDevice b
                ? binding.bind(b) // issue 15: its proof is checked, not the link that carried it
                : fx.data().hasAdministrator()
                ? commands.execute(command, askedBy)
                : CommandReply.refused("NO_ADMINISTRATOR", "create the administrator on the lock first");
        if (!reply.accepted()) {
            fx.record(Event.refused(LockEvent.COMMAND_REFUSED, reply.reason())
                    .detail(command.getClass().getSimpleName() + ": " + reply.message()) // free text: detail, not alarm (C9)
                    .askedBy(askedBy));
        }
        return reply;
    }
}
