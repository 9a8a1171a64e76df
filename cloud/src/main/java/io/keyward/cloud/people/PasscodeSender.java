package io.keyward.cloud.people;

import io.keyward.cloud.secrets.SecretBox;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockUserRole;
import org.springframework.stereotype.Component;

/**
 * The one place in the cloud that puts a person's passcode in a command for a lock (docs/people.md): the
 * code is opened from its seal here, inside ADD_USER (or REPLACE_PASSCODE, a code changed in place). The
 * command then goes to the lock's queue, which seals it again at rest and opens it only for the signed
 * message, or, for a lock in trust mode, waits as a signature request (sealed as well) until an owner's
 * device signs it (issue 15, docs/people.md "On a protected lock").
 */
@Component
class PasscodeSender {

    private final SecretBox box;

    PasscodeSender(SecretBox box) {
        this.box = box;
    }

    /** The person as a new lock user with their passcode and schedule. */
    LockCommand add(People.Person p, LockCommand.Validity validity) {
        return new LockCommand.AddUser(p.name(), LockUserRole.USER, validity, passcode(p));
    }

    /** The person's new code for their lock user (PUT .../passcode). */
    LockCommand replace(People.Person p, int lockUser) {
        return new LockCommand.ReplacePasscode(lockUser, passcode(p));
    }

    private String passcode(People.Person p) {
        if (p.passcodeSealed() == null) {
            throw new IllegalStateException("person " + p.id() + " has no sealed passcode to send");
        }
        return box.open(p.passcodeSealed(), PasscodeHashes.sealedIdentity(p.id()));
    }
}
