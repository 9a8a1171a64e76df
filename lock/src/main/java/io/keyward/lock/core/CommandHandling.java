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
 * without being obeyed twice. In trust mode (issue 15) what opens a path to the door must come signed
 * by one of the owner's devices besides (docs/trust.md §2, §3): the cloud alone cannot open a door.
 */
final class CommandHandling {

    static final UnlockMethod REMOTE = UnlockMethod.REMOTE;             // C6
    static final UnlockMethod SYNCHRONIZED = UnlockMethod.SYNCHRONIZED; // F2
    static final String DEVICE_SIGNATURE_REQUIRED = "DEVICE_SIGNATURE_REQUIRED"; // issue 15, §3
    static final String DEVICE_LINK_REQUIRED = "DEVICE_LINK_REQUIRED";

    private final Effects fx;
    private final String serial;
    private final PowerAndBolt power;
    private final Commands commands;
    private final BluetoothRevocations revocations;
    private final SignedCommandCheck signedCommands;
    private final AppliedCommands appliedCommands = new AppliedCommands();
    private final RefusedCopies refusedCopies = new RefusedCopies();
    private final ObeyedDeviceCommands obeyedDeviceCommands;
    private final DeviceCommandCheck deviceCommands;
    private final GrantRevocations grantRevocations;
    private final OwnerDevices ownerDevices;
    private final DeviceBinding binding;
    private final SyncStatementCheck syncStatements;
    private final LinkedLocks linkedLocks;

    CommandHandling(Effects fx, String serial, PowerAndBolt power, Commands commands, BluetoothRevocations revocations,
                    DeviceBinding binding) {
        this.binding = binding;
        this.fx = fx;
        this.serial = serial;
        this.power = power;
        this.commands = commands;
        this.revocations = revocations;
        this.signedCommands = new SignedCommandCheck(fx.now()); // C6: no replay across a restart
        this.obeyedDeviceCommands = new ObeyedDeviceCommands(fx);
        this.deviceCommands = new DeviceCommandCheck(fx, serial, obeyedDeviceCommands);
        this.grantRevocations = new GrantRevocations(fx, serial);
        this.ownerDevices = new OwnerDevices(fx);
        this.syncStatements = new SyncStatementCheck(fx, obeyedDeviceCommands);
        this.linkedLocks = new LinkedLocks(fx, serial, commands);
    }

    /**
     * A command over the simulated app link (panel) or Bluetooth: everything but the unlocks, which must be
     * signed. In trust mode (issue 15, docs/trust.md §3) what needs a device's signature is refused here
     * too unless it arrives device-signed: the carrier is not trusted, the signature is.
     */
    CommandReply unsigned(LockCommand command) {
        if (command instanceof LockCommand.DeviceSigned d) {
            return deviceSigned(d, null);
        }
        if (command instanceof LockCommand.RemoteUnlock) {
            return notSigned(REMOTE, "remote unlock needs a signed command from the cloud");
        }
        if (command instanceof LockCommand.SyncUnlock) {
            return notSigned(SYNCHRONIZED, "synchronized unlock needs a signed command from the cloud");
        }
        if (DeviceSignatureRule.refusedUnsigned(command, fx.data().trustMode())) {
            return trustRefusal(command, null);
        }
        return manage(command, null); // nobody asked through the cloud: the panel, or an app over Bluetooth
    }

    /**
     * A command over a Bluetooth session the lock opened on a device grant chain with an OWNER or MANAGER
     * leaf (issue 15, §3 "managing nearby"): the session's proof of the holder's key stands for the device
     * signature, so the commands of the table are obeyed, but REMOVE_DEVICE still needs an owner device's
     * kwdc1 and SYNC_UNLOCK a signed link. The caller checks the leaf's role.
     */
    CommandReply fromManagingDevice(LockCommand command) {
        DeviceSignatureRule.Need need = DeviceSignatureRule.of(command);
        if (command instanceof LockCommand.DeviceSigned d) {
            return deviceSigned(d, null);
        }
        if (need == DeviceSignatureRule.Need.OWNER_DEVICE || need == DeviceSignatureRule.Need.DEVICE_LINK
                || need == DeviceSignatureRule.Need.UNLOCKER) {
            return trustRefusal(command, null);
        }
        return manage(command, null);
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
        } else if (command instanceof LockCommand.DeviceSigned d) {
            reply = deviceSigned(d, c.id()); // issue 15: the device's signature inside the cloud's envelope
        } else if (command instanceof LockCommand.SyncUnlock u && fx.data().trustMode()) {
            reply = linkedSyncUnlock(u, asked.askedBy()); // issue 15, design §9: the linked lock's own word
        } else if (DeviceSignatureRule.refusedUnsigned(command, fx.data().trustMode())) {
            reply = trustRefusal(command, asked.askedBy()); // issue 15: the cloud alone cannot open a door
        } else if (command instanceof LockCommand.RemoteUnlock r) {
            reply = remoteUnlock(r, null);
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

    /**
     * C6 + D1 + D4: remote unlock works during lockout, not when switched off or in privacy mode.
     * device: the signing device when device-signed (issue 15), named in the log; else null.
     */
    private CommandReply remoteUnlock(LockCommand.RemoteUnlock r, String device) {
        String refusal = !fx.data().flag(Setting.REMOTE_UNLOCK) ? "REMOTE_UNLOCK_OFF"
                : fx.data().flag(Setting.PRIVACY_MODE) ? "PRIVACY_MODE" : null;
        String account = r.account() == null ? null : "account " + r.account();
        String who = device == null ? account : account == null ? device : account + ", " + device;
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
        String from = from(u);
        if (refusal != null) {
            fx.record(Event.unlock(SYNCHRONIZED).refused(refusal).detail(from));
            return CommandReply.refused(refusal, refusal.equals("PRIVACY_MODE")
                    ? "privacy mode is on" : "synchronized unlock is off in the lock's settings");
        }
        power.unlock(Event.unlock(SYNCHRONIZED).ok().detail(from),
                Duration.ofSeconds(fx.data().seconds(Setting.SYNCHRONIZATION_SECONDS)));
        return CommandReply.ok();
    }

    /**
     * Issue 15, design §9: in trust mode a SYNC_UNLOCK opens only with a statement the linked lock signed,
     * checked against the key an owner's device linked ({@link SyncStatementCheck}); each refusal is logged as
     * UNLOCK REFUSED SYNCHRONIZED with its reason. Then F2 as for any synchronized unlock.
     */
    private CommandReply linkedSyncUnlock(LockCommand.SyncUnlock u, String askedBy) {
        String refusal = syncStatements.refusal(u);
        if (DEVICE_LINK_REQUIRED.equals(refusal)) {
            return trustRefusal(u, askedBy);
        }
        if (refusal != null) {
            fx.record(Event.unlock(SYNCHRONIZED).refused(refusal).detail(from(u)));
            return CommandReply.refused(refusal, SyncStatementCheck.message(refusal));
        }
        return syncUnlock(u);
    }

    private static String from(LockCommand.SyncUnlock u) {
        return u.fromSerial() == null ? null : u.fromSerial().length() > 64 ? u.fromSerial().substring(0, 64) : u.fromSerial();
    }

    /**
     * Issue 15, §3: in trust mode a command that needs a device arrives without one: refused and logged
     * (UNLOCK REFUSED for a remote unlock, COMMAND_REFUSED otherwise). SYNC_UNLOCK is refused
     * DEVICE_LINK_REQUIRED: it needs the linked lock's own statement (design §9), no device signs one.
     */
    private CommandReply trustRefusal(LockCommand command, String askedBy) {
        if (command instanceof LockCommand.SyncUnlock) {
            fx.record(Event.unlock(SYNCHRONIZED).refused(DEVICE_LINK_REQUIRED).askedBy(askedBy));
            return CommandReply.refused(DEVICE_LINK_REQUIRED,
                    "synchronized unlock is off while only the owner's devices may open this lock");
        }
        String message = command instanceof LockCommand.RemoveDevice
                ? "removing an owner device needs the signature of another owner device"
                : "this command needs the signature of one of the owner's devices";
        if (command instanceof LockCommand.RemoteUnlock r) {
            fx.record(Event.unlock(REMOTE).refused(DEVICE_SIGNATURE_REQUIRED)
                    .detail(r.account() == null ? null : "account " + r.account()));
        } else {
            fx.record(Event.refused(LockEvent.COMMAND_REFUSED, DEVICE_SIGNATURE_REQUIRED)
                    .detail(command.getClass().getSimpleName() + ": " + message).askedBy(askedBy));
        }
        return CommandReply.refused(DEVICE_SIGNATURE_REQUIRED, message);
    }

    /**
     * Issue 15, §2 kwdc1: a command signed by an owner device or a grant holder. envelopeId: the cloud
     * envelope's id, which must be the command's id (null over the panel or Bluetooth: no envelope).
     * A copy of one obeyed (same command id) gets the earlier answer while the lock remembers it.
     */
    private CommandReply deviceSigned(LockCommand.DeviceSigned d, String envelopeId) {
        DeviceCommandCheck.Result result = deviceCommands.check(d, envelopeId);
        if (result.refusal() != null) {
            String id = result.commandId();
            CommandReply earlier = "REPLAYED".equals(result.refusal()) && id != null ? appliedCommands.earlier(id) : null;
            if (earlier != null) {
                return earlier; // a copy of one obeyed (the cloud resent it): the same answer, nothing obeyed or logged
            }
            return deviceRefusal(result);
        }
        DeviceCommandCheck.Verified v = result.verified();
        obeyedDeviceCommands.obeyed(v.commandId(), v.expiresAt());
        return appliedCommands.replyTo(v.commandId(), () -> obeyDevice(v));
    }

    private CommandReply deviceRefusal(DeviceCommandCheck.Result result) {
        String reason = result.refusal();
        String device = result.signerId() == null ? "an unknown device" : "device " + result.signerId();
        if (result.command() instanceof LockCommand.RemoteUnlock) {
            fx.record(Event.unlock(REMOTE).refused(reason).detail(device));
        } else if (result.command() instanceof LockCommand.SyncUnlock) {
            fx.record(Event.unlock(SYNCHRONIZED).refused(reason).detail(device));
        } else {
            String what = result.command() == null ? "device-signed command" : result.command().getClass().getSimpleName();
            fx.record(Event.refused(LockEvent.COMMAND_REFUSED, reason).detail(what + " from " + device));
        }
        return CommandReply.refused(reason, DeviceCommandCheck.message(reason));
    }

    /** The verified inner command, handled exactly as the same command is today, named with its device. */
    private CommandReply obeyDevice(DeviceCommandCheck.Verified v) {
        LockCommand command = v.command();
        String device = Event.DEVICE + v.signerId();
        if (command instanceof LockCommand.RemoteUnlock r) {
            return remoteUnlock(r, device);
        }
        if (command instanceof LockCommand.SyncUnlock) {
            return trustRefusal(command, v.askedBy());
        }
        if (command instanceof LockCommand.RemoveDevice r) {
            return ownerDevices.remove(r, v.signerId(), v.askedBy());
        }
        return manage(command, v.askedBy() == null ? device : v.askedBy() + ", " + device);
    }

    /** B2: management; refused without an administrator on the lock, and every refusal is logged with who asked. */
    private CommandReply manage(LockCommand command, String askedBy) {
        if (command instanceof LockCommand.RevokeBluetoothKey r) {
            return revocations.command(r.revocation()); // E3: the cloud's signature is checked, not the link
        }
        if (command instanceof LockCommand.RevokeGrant r) {
            // issue 15: an owner device's signature is checked, or a manager's with its chain and the grant (T7)
            return grantRevocations.command(r.revocation(), new io.keyward.protocol.trust.ManagerRevocation.Proof(r.chain(), r.grant()));
        }
        if (command instanceof LockCommand.RemoveDevice) {
            return trustRefusal(command, askedBy); // only ever obeyed device-signed by an owner device
        }
        CommandReply reply = command instanceof LockCommand.BindDevice b
                ? binding.bind(b) // issue 15: its proof is checked, not the link that carried it
                : command instanceof LockCommand.LinkLock l
                ? linkedLocks.link(l, askedBy) // issue 15, design §9: device-signed in trust mode (checked before)
                : command instanceof LockCommand.UnlinkLock l
                ? linkedLocks.unlink(l, askedBy)
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
