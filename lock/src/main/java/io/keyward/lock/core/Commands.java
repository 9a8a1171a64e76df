package io.keyward.lock.core;

import java.util.List;

import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommand.CredentialKind;
import io.keyward.protocol.command.Setting;

/**
 * The lock's side of management from the app (SPEC B1-B7, D1, H6): each command is checked
 * against the lock's state and either applied whole or refused with a reason, changing nothing.
 */
final class Commands {

    static final int MAX_NAME = 40;

    private final Effects fx;
    private final GuidedEnrolment enrolment;
    private final Unlocking unlocking;
    private final VisitorAccess visitors;
    private final HomeCommands home;
    /** The account that asked for the command being executed, from the app through the cloud; else null. */
    private String askedBy;

    Commands(Effects fx, GuidedEnrolment enrolment, Unlocking unlocking, VisitorAccess visitors, HomeCommands home) {
        this.fx = fx;
        this.enrolment = enrolment;
        this.unlocking = unlocking;
        this.visitors = visitors;
        this.home = home;
    }

    /** Executes the command; its events name askedBy, the account that asked in the app (null: none). */
    CommandReply execute(LockCommand command, String askedBy) {
        this.askedBy = askedBy; // the lock's actor runs one command at a time
        try {
            return execute(command);
        } finally {
            this.askedBy = null;
        }
    }

    private CommandReply execute(LockCommand command) {
        if (command instanceof LockCommand.AddUser c) {
            return addUser(c);
        } else if (command instanceof LockCommand.DeleteUser c) {
            return deleteUser(c);
        } else if (command instanceof LockCommand.SetValidity c) {
            return setValidity(c);
        } else if (command instanceof LockCommand.ReplacePasscode c) {
            return replacePasscode(c);
        } else if (command instanceof LockCommand.StartEnrolment c) {
            return startEnrolment(c);
        } else if (command instanceof LockCommand.CancelEnrolment) {
            return enrolment.end("CANCELLED") ? CommandReply.ok()
                    : CommandReply.refused("NO_ENROLMENT", "no guided enrolment is running");
        } else if (command instanceof LockCommand.DeleteCredential c) {
            return deleteCredential(c);
        } else if (command instanceof LockCommand.ChangeSetting c) {
            return changeSetting(c);
        } else if (command instanceof LockCommand.LiftLockout) {
            if (unlocking.liftLockout()) {
                fx.record(Event.ok(LockEvent.LOCKOUT_LIFTED).askedBy(askedBy));
            }
            return CommandReply.ok();
        } else if (command instanceof LockCommand.RevokeVisitorCode c) {
            return visitors.revokedBySync(c.code());
        } else if (command instanceof LockCommand.PairAccessory c) {
            return Accessories.pair(c, fx, askedBy);
        } else if (command instanceof LockCommand.RemoveAccessory c) {
            return Accessories.remove(c, fx, askedBy);
        } else if (command instanceof LockCommand.SetHomeMqtt c) {
            return home.configure(c);
        }
        return CommandReply.refused("UNKNOWN_COMMAND", "unknown command");
    }

    private CommandReply addUser(LockCommand.AddUser c) {
        String name = c.name() == null ? "" : c.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            return CommandReply.refused("BAD_NAME", "a name needs 1 to " + MAX_NAME + " printable characters");
        }
        if (c.role() == null) {
            return CommandReply.refused("BAD_ROLE", "role must be ADMINISTRATOR or USER");
        }
        String invalid = LockUser.checkValidity(c.validity());
        if (invalid != null) {
            return CommandReply.refused("BAD_VALIDITY", invalid);
        }
        LockData data = fx.data();
        if (data.users().size() >= Limits.USERS_PER_LOCK) {
            return CommandReply.refused("LOCK_FULL", "the lock already has " + Limits.USERS_PER_LOCK + " users");
        }
        int id = data.nextUserId();
        CommandReply noPasscode = c.passcode() == null ? null : passcodeRefusal(data, id, c.passcode(), data.credentials());
        if (noPasscode != null) {
            return noPasscode; // all or nothing: no user without the passcode asked for
        }
        fx.commit(new Change.UserAdded(new LockUser(id, name, c.role(), c.validity())));
        fx.record(Event.ok(LockEvent.USER_ADDED).by(id, null).detail(c.role().name()).askedBy(askedBy));
        if (c.passcode() != null) {
            String credential = Credential.idFor(CredentialKind.PASSCODE, data.nextCredentialNo(CredentialKind.PASSCODE));
            fx.commit(new Change.CredentialAdded(PasscodeBook.credential(data.secret(), credential, id, false, c.passcode())));
            fx.record(Event.ok(LockEvent.CREDENTIAL_ADDED).by(id, credential).askedBy(askedBy));
        }
        return CommandReply.okUser(id);
    }

    /**
     * Why a passcode given with ADD_USER cannot be set (docs/people.md): the A2 rules, a code equal to,
     * inside or around one on the lock (C3, anti-peeping), or no room; each PASSCODE_ + the rule's name.
     */
    private static CommandReply passcodeRefusal(LockData data, int user, String digits, List<Credential> others) {
        CommandReply refused = codeRefusal(data, digits, others);
        return refused != null ? refused : Limits.refusal(data, user, CredentialKind.PASSCODE, false);
    }

    /** The A2 rules, and C3 against the other codes on the lock: refused as PASSCODE_ + the rule's name. */
    private static CommandReply codeRefusal(LockData data, String digits, List<Credential> others) {
        PasscodeRules.Violation violation = PasscodeRules.check(digits);
        if (violation == null) {
            violation = PasscodeBook.checkAgainst(data.secret(), digits, others);
        }
        if (violation == null) {
            return null;
        }
        String reason = "PASSCODE_" + violation.name(); // each has its words in the cloud's RefusalReasons
        return CommandReply.refused(reason, "the passcode is not allowed: " + violation.name().toLowerCase().replace('_', ' '));
    }

    /**
     * A person's code changed in place (docs/people.md): the user's passcodes that are not duress ones are
     * replaced by this one, all or nothing, checked as ADD_USER's against every other code on the lock (the
     * ones it replaces do not count: the code may be near the old one). A user without one gets it if B7
     * leaves room.
     */
    private CommandReply replacePasscode(LockCommand.ReplacePasscode c) {
        LockData data = fx.data();
        if (data.user(c.user()).isEmpty()) {
            return unknownUser(c.user());
        }
        List<Credential> replaced = data.credentials().stream()
                .filter(x -> x.user() == c.user() && x.kind() == CredentialKind.PASSCODE && !x.duress()).toList();
        List<Credential> others = data.credentials().stream().filter(x -> !replaced.contains(x)).toList();
        CommandReply refused = replaced.isEmpty() ? passcodeRefusal(data, c.user(), c.passcode(), others)
                : codeRefusal(data, c.passcode(), others); // one for one: B7 room is unchanged
        if (refused != null) {
            return refused;
        }
        for (Credential old : replaced) {
            fx.commit(new Change.CredentialDeleted(old.id()));
            fx.record(Event.ok(LockEvent.CREDENTIAL_DELETED).by(c.user(), old.id()).askedBy(askedBy));
        }
        String credential = Credential.idFor(CredentialKind.PASSCODE, data.nextCredentialNo(CredentialKind.PASSCODE));
        fx.commit(new Change.CredentialAdded(PasscodeBook.credential(data.secret(), credential, c.user(), false, c.passcode())));
        fx.record(Event.ok(LockEvent.CREDENTIAL_ADDED).by(c.user(), credential).askedBy(askedBy));
        return CommandReply.ok();
    }

    private CommandReply deleteUser(LockCommand.DeleteUser c) {
        LockData data = fx.data();
        LockUser user = data.user(c.user()).orElse(null);
        if (user == null) {
            return unknownUser(c.user());
        }
        long admins = data.users().values().stream().filter(LockUser::isAdministrator).count();
        if (user.isAdministrator() && admins == 1) {
            return CommandReply.refused("LAST_ADMINISTRATOR", "the last administrator cannot be deleted"); // B6
        }
        fx.commit(new Change.UserDeleted(user.id()));
        fx.record(Event.ok(LockEvent.USER_DELETED).by(user.id(), null).askedBy(askedBy));
        return CommandReply.ok();
    }

    private CommandReply setValidity(LockCommand.SetValidity c) {
        if (fx.data().user(c.user()).isEmpty()) {
            return unknownUser(c.user());
        }
        String invalid = LockUser.checkValidity(c.validity());
        if (invalid != null) {
            return CommandReply.refused("BAD_VALIDITY", invalid);
        }
        fx.commit(new Change.ValiditySet(c.user(), c.validity()));
        fx.record(Event.ok(LockEvent.VALIDITY_CHANGED).by(c.user(), null).askedBy(askedBy));
        return CommandReply.ok();
    }

    private CommandReply startEnrolment(LockCommand.StartEnrolment c) {
        LockUser user = fx.data().user(c.user()).orElse(null);
        if (user == null) {
            return unknownUser(c.user());
        }
        if (c.kind() == null) {
            return CommandReply.refused("BAD_KIND", "kind must be FACE, FINGERPRINT or PASSCODE");
        }
        CommandReply full = Limits.refusal(fx.data(), user.id(), c.kind(), c.duress()); // B7: refused up front
        if (full != null) {
            return full;
        }
        String busy = enrolment.start(user, c.kind(), c.duress(), askedBy);
        return busy == null ? CommandReply.ok() : CommandReply.refused("BUSY", busy);
    }

    private CommandReply deleteCredential(LockCommand.DeleteCredential c) {
        Credential credential = fx.data().credential(c.credential()).orElse(null);
        if (credential == null || credential.user() != c.user()) {
            return CommandReply.refused("UNKNOWN_CREDENTIAL", "user " + c.user() + " has no credential " + c.credential());
        }
        fx.commit(new Change.CredentialDeleted(credential.id()));
        fx.record(Event.ok(LockEvent.CREDENTIAL_DELETED).by(c.user(), credential.id()).askedBy(askedBy));
        return CommandReply.ok();
    }

    private CommandReply changeSetting(LockCommand.ChangeSetting c) {
        if (c.setting() == null) {
            return CommandReply.refused("BAD_SETTING", "unknown setting");
        }
        try {
            changeSetting(c.setting(), Settings.normalize(c.setting(), c.value()));
            return CommandReply.ok();
        } catch (IllegalArgumentException e) {
            return CommandReply.refused("BAD_VALUE", e.getMessage());
        }
    }

    /** Stores and logs a setting's new value; the same value again changes and logs nothing. */
    void changeSetting(Setting setting, String value) {
        if (value.equals(fx.data().setting(setting))) {
            return;
        }
        fx.commit(new Change.SettingChanged(setting, value));
        fx.record(Event.ok(LockEvent.SETTING_CHANGED).detail(setting + "=" + value).askedBy(askedBy));
    }

    private static CommandReply unknownUser(int user) {
        return CommandReply.refused("UNKNOWN_USER", "no lock user " + user);
    }
}
