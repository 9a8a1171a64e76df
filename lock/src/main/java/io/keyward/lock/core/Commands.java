package io.keyward.lock.core;

import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommand.CredentialKind;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.Setting;

/**
 * The lock's side of management from the app (SPEC B1-B7, D1, H6): each command is checked
 * against the lock's state and either applied whole or refused with a reason, changing nothing.
 */
final class Commands {

    static final int MAX_NAME = 40;

    /** What commands need of the lock core. */
    interface Host {
        LockData data();

        void commit(Change change);

        void event(String kind, Integer user, String credential, String detail);

        void changeSetting(Setting setting, String value);

        /** Returns why it cannot start, or null once started. */
        String startEnrolment(LockUser user, CredentialKind kind, boolean duress);

        boolean cancelEnrolment();

        boolean liftLockout();

        /** E1, E2: the visitor code (as events name it) is revoked by sync; the reply says whether it was. */
        CommandReply revokeVisitorCode(String code);

        /** A fresh random key for an accessory being paired (G1, G2), base64. */
        String newAccessorySecret();
    }

    private Commands() {
    }

    static CommandReply execute(LockCommand command, Host host) {
        if (command instanceof LockCommand.AddUser c) {
            return addUser(c, host);
        } else if (command instanceof LockCommand.DeleteUser c) {
            return deleteUser(c, host);
        } else if (command instanceof LockCommand.SetValidity c) {
            return setValidity(c, host);
        } else if (command instanceof LockCommand.StartEnrolment c) {
            return startEnrolment(c, host);
        } else if (command instanceof LockCommand.CancelEnrolment) {
            return host.cancelEnrolment() ? CommandReply.ok()
                    : CommandReply.refused("NO_ENROLMENT", "no guided enrolment is running");
        } else if (command instanceof LockCommand.DeleteCredential c) {
            return deleteCredential(c, host);
        } else if (command instanceof LockCommand.ChangeSetting c) {
            return changeSetting(c, host);
        } else if (command instanceof LockCommand.LiftLockout) {
            if (host.liftLockout()) {
                host.event(LockEvent.LOCKOUT_LIFTED, null, null, null);
            }
            return CommandReply.ok();
        } else if (command instanceof LockCommand.RevokeVisitorCode c) {
            return host.revokeVisitorCode(c.code());
        } else if (command instanceof LockCommand.PairAccessory c) {
            return Accessories.pair(c, host);
        } else if (command instanceof LockCommand.RemoveAccessory c) {
            return Accessories.remove(c, host);
        }
        return CommandReply.refused("UNKNOWN_COMMAND", "unknown command");
    }

    private static CommandReply addUser(LockCommand.AddUser c, Host host) {
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
        LockData data = host.data();
        if (data.users().size() >= Limits.USERS_PER_LOCK) {
            return CommandReply.refused("LOCK_FULL", "the lock already has " + Limits.USERS_PER_LOCK + " users");
        }
        int id = data.nextUserId();
        host.commit(new Change.UserAdded(new LockUser(id, name, c.role(), c.validity())));
        host.event(LockEvent.USER_ADDED, id, null, c.role().name());
        return CommandReply.okUser(id);
    }

    private static CommandReply deleteUser(LockCommand.DeleteUser c, Host host) {
        LockData data = host.data();
        LockUser user = data.user(c.user()).orElse(null);
        if (user == null) {
            return unknownUser(c.user());
        }
        long admins = data.users().values().stream().filter(LockUser::isAdministrator).count();
        if (user.isAdministrator() && admins == 1) {
            return CommandReply.refused("LAST_ADMINISTRATOR", "the last administrator cannot be deleted"); // B6
        }
        host.commit(new Change.UserDeleted(user.id()));
        host.event(LockEvent.USER_DELETED, user.id(), null, null);
        return CommandReply.ok();
    }

    private static CommandReply setValidity(LockCommand.SetValidity c, Host host) {
        if (host.data().user(c.user()).isEmpty()) {
            return unknownUser(c.user());
        }
        String invalid = LockUser.checkValidity(c.validity());
        if (invalid != null) {
            return CommandReply.refused("BAD_VALIDITY", invalid);
        }
        host.commit(new Change.ValiditySet(c.user(), c.validity()));
        host.event(LockEvent.VALIDITY_CHANGED, c.user(), null, null);
        return CommandReply.ok();
    }

    private static CommandReply startEnrolment(LockCommand.StartEnrolment c, Host host) {
        LockUser user = host.data().user(c.user()).orElse(null);
        if (user == null) {
            return unknownUser(c.user());
        }
        if (c.kind() == null) {
            return CommandReply.refused("BAD_KIND", "kind must be FACE, FINGERPRINT or PASSCODE");
        }
        CommandReply full = Limits.refusal(host.data(), user.id(), c.kind(), c.duress()); // B7: refused up front
        if (full != null) {
            return full;
        }
        String busy = host.startEnrolment(user, c.kind(), c.duress());
        return busy == null ? CommandReply.ok() : CommandReply.refused("BUSY", busy);
    }

    private static CommandReply deleteCredential(LockCommand.DeleteCredential c, Host host) {
        Credential credential = host.data().credential(c.credential()).orElse(null);
        if (credential == null || credential.user() != c.user()) {
            return CommandReply.refused("UNKNOWN_CREDENTIAL", "user " + c.user() + " has no credential " + c.credential());
        }
        host.commit(new Change.CredentialDeleted(credential.id()));
        host.event(LockEvent.CREDENTIAL_DELETED, c.user(), credential.id(), null);
        return CommandReply.ok();
    }

    private static CommandReply changeSetting(LockCommand.ChangeSetting c, Host host) {
        if (c.setting() == null) {
            return CommandReply.refused("BAD_SETTING", "unknown setting");
        }
        try {
            host.changeSetting(c.setting(), Settings.normalize(c.setting(), c.value()));
            return CommandReply.ok();
        } catch (IllegalArgumentException e) {
            return CommandReply.refused("BAD_VALUE", e.getMessage());
        }
    }

    private static CommandReply unknownUser(int user) {
        return CommandReply.refused("UNKNOWN_USER", "no lock user " + user);
    }
}
